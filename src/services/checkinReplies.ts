import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { CheckinValues } from '../domain/checkin';
import {
  CHECKIN_FIELDS,
  looksLikeCorrection,
  understandCorrection,
  understandReply,
  type CheckinDraft,
  type CheckinField,
  type UnderstoodCheckin,
} from '../domain/checkinReply';
import { formatLocalDate } from '../domain/time';
import type { Assignment } from '../repositories/assignments';
import type { CheckinDraftRepository } from '../repositories/checkinDrafts';
import type { CheckinService, LoggedCheckin } from './checkins';

/** What the bot answers an athlete's DM with; the Discord layer renders it. */
export type DmReplyResult =
  /** Every value known: stored (the draft is gone). */
  | { kind: 'logged'; logged: LoggedCheckin }
  /** A logged check-in corrected: what it was and what it is now. */
  | { kind: 'corrected'; before: CheckinValues; logged: LoggedCheckin; crossed: 'above' | 'below' | null }
  /** Something missing or ambiguous, asked back; the draft holds the rest. `choices` can be buttons. */
  | { kind: 'question'; text: string; choices: CheckinField[]; assignment: Assignment }
  /** Every value known, but more than one session is waiting: the athlete picks. Nothing stored yet. */
  | { kind: 'pick'; values: UnderstoodCheckin; sessions: Assignment[] }
  /** Anything else: a refusal, a named invalid value, or how to log. Nothing changed. */
  | { kind: 'message'; text: string };

const HOW = 'Reply with your effort (RPE 0-10), pain (0-10) and minutes, e.g. `rpe 7, pain 2, 45 min` or `7 2 45`.';

/**
 * The DM check-in conversation: each reply is read against what the athlete already said about
 * the session (a draft kept 12 hours), nothing is stored until every value is known, and a
 * correction ("pain was 4") changes a logged check-in inside the log window.
 */
export class CheckinReplyService {
  constructor(
    private readonly deps: {
      db: Db;
      checkins: CheckinService;
      drafts: CheckinDraftRepository;
      clock: Clock;
    },
  ) {}

  reply(userId: string, text: string): DmReplyResult {
    const { drafts, checkins, clock } = this.deps;
    const now = clock.now();
    const stored = drafts.get(userId, now);
    const candidates = checkins.replyCandidates(userId);

    if (stored) {
      const session = candidates.find((a) => a.id === stored.assignmentId);
      const awaitingPick = CHECKIN_FIELDS.every((f) => stored.draft.known[f] !== undefined);
      if (!session || awaitingPick) {
        // A complete draft waits for the athlete to pick the session; a new message starts afresh.
        // Or: logged another way meanwhile, or no longer loggable. The conversation is over.
        drafts.delete(stored.guildId, userId);
      } else {
        const outcome = understandReply(text, stored.draft, { plannedMinutes: session.plannedMinutes });
        if (outcome.kind === 'complete')
          return this.complete(userId, outcome.values, [session, ...candidates.filter((a) => a.id !== session.id)], true);
        if (outcome.kind === 'question') {
          drafts.save({ guildId: session.guildId, athleteId: userId, assignmentId: session.id }, outcome.draft, now);
          return { kind: 'question', text: outcome.question, choices: outcome.choices, assignment: session };
        }
        if (outcome.kind === 'invalid') return { kind: 'message', text: outcome.message };
        return {
          kind: 'message',
          text: `I'm still logging **${session.title}** (${formatLocalDate(session.sessionDate)}) with you: ${this.stillMissing(stored.draft, session.plannedMinutes)}`,
        };
      }
    }

    const alone = candidates.length > 0 ? understandReply(text, null, { plannedMinutes: candidates[0]!.plannedMinutes }) : null;
    if (candidates.length === 0 || (looksLikeCorrection(text) && alone?.kind !== 'complete')) {
      const corrected = this.correction(userId, text);
      if (corrected) return corrected;
      if (candidates.length === 0) {
        return {
          kind: 'message',
          text: "I don't have a session waiting for you to log. Run `/today` in your team's server to see your sessions.",
        };
      }
    }
    const latest = candidates[0]!;
    const outcome = alone!;
    if (outcome.kind === 'complete') return this.complete(userId, outcome.values, candidates, false);
    if (outcome.kind === 'question') {
      this.deps.drafts.save({ guildId: latest.guildId, athleteId: userId, assignmentId: latest.id }, outcome.draft, now);
      const about = candidates.length > 1 ? ` (for **${latest.title}**, ${formatLocalDate(latest.sessionDate)})` : '';
      return { kind: 'question', text: `${outcome.question}${about}`, choices: outcome.choices, assignment: latest };
    }
    if (outcome.kind === 'invalid') return { kind: 'message', text: outcome.message };
    return {
      kind: 'message',
      text: `To log **${latest.title}** (${formatLocalDate(latest.sessionDate)}), ${HOW.charAt(0).toLowerCase()}${HOW.slice(1)} Or tap **Log session** on the session message.`,
    };
  }

  private stillMissing(draft: CheckinDraft, plannedMinutes: number): string {
    if (draft.pending) return `was ${draft.pending.value} your effort (RPE) or your pain? Reply \`rpe\` or \`pain\`.`;
    const names = { rpe: 'effort (RPE, 0-10)', pain: 'pain (0-10)', minutes: `minutes (planned: ${plannedMinutes})` };
    const missing = CHECKIN_FIELDS.filter((f) => draft.known[f] === undefined);
    return `I still need your ${missing.map((f) => names[f]).join(' and ')}. Nothing is saved until I have them.`;
  }

  private complete(userId: string, values: UnderstoodCheckin, sessions: Assignment[], fromDraft: boolean): DmReplyResult {
    if (sessions.length > 1 && !fromDraft) {
      // Kept until the athlete picks, so the area's side and their note are stored with the values.
      const d = sessions[0]!;
      this.deps.drafts.save(
        { guildId: d.guildId, athleteId: userId, assignmentId: d.id },
        {
          known: { rpe: values.rpe, pain: values.pain, minutes: values.minutes },
          area: values.painArea,
          side: values.painSide,
          note: values.note,
          pending: null,
          asked: [],
        },
        this.deps.clock.now(),
      );
      return { kind: 'pick', values, sessions: sessions.slice(0, 5) };
    }
    const session = sessions[0]!;
    const logged = this.deps.db.transaction(() => {
      const result = this.deps.checkins.logCompleted(userId, session.id, values, 'dm_reply');
      if (result.ok) this.deps.drafts.delete(session.guildId, userId);
      return result;
    })();
    if (!logged.ok) return { kind: 'message', text: logged.message };
    return { kind: 'logged', logged: logged.value };
  }

  /**
   * The athlete picked which waiting session their complete reply was about: logged from the
   * draft (values, area with side, note). Undefined when there is no complete draft to use.
   */
  logPicked(userId: string, assignmentId: number): DmReplyResult | undefined {
    const stored = this.deps.drafts.get(userId, this.deps.clock.now());
    const k = stored?.draft.known;
    if (!stored || k?.rpe === undefined || k.pain === undefined || k.minutes === undefined) return undefined;
    const session = this.deps.checkins.replyCandidates(userId).find((a) => a.id === assignmentId);
    if (!session) return undefined;
    const d = stored.draft;
    const values: UnderstoodCheckin = {
      rpe: k.rpe,
      pain: k.pain,
      minutes: k.minutes,
      painArea: k.pain > 0 ? d.area : null,
      painSide: k.pain > 0 && d.area ? d.side : null,
      note: d.note,
    };
    return this.complete(userId, values, [session], true);
  }

  private correction(userId: string, text: string): DmReplyResult | undefined {
    const understood = understandCorrection(text);
    if (understood.kind === 'none') return undefined;
    const target = this.deps.checkins.correctable(userId)[0];
    if (!target) return undefined;
    if (understood.kind !== 'changes') return { kind: 'message', text: `${understood.message} Nothing was changed.` };
    const result = this.deps.checkins.correct(userId, target.assignment.id, understood.changes, 'dm_reply');
    if (!result.ok) return { kind: 'message', text: result.message };
    return { kind: 'corrected', ...result.value };
  }
}
