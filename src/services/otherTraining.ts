import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { CHECKIN_LIMITS, isWithin } from '../domain/checkin';
import { cr10Label } from '../domain/load';
import { isPainFlag } from '../domain/pain';
import {
  OTHER_SESSION_LABELS,
  otherSessionWord,
  otherSessionDate,
  parseOtherSessionReply,
  parseRpeAnswer,
  type OtherSessionType,
} from '../domain/otherTraining';
import { addDays, formatLocalDate, isValidLocalTime, localDateOf, parseSessionDate, zonedInstant } from '../domain/time';
import { HOUR_MS, type OwedMessage } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { OtherSession, OtherTrainingRepository, TeamSession } from '../repositories/otherTraining';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import { allTrainingIds } from './allTrainingIds';
import type { PrivacyService } from './privacy';
import { ok, refuse, type Outcome } from './results';

/** The RPE prompt goes about 30 minutes after the session (Foster et al. 2001); the rating stays valid later (Foster et al. 2021). */
const { rpe: RPE, minutes: MINUTES, pain: PAIN } = CHECKIN_LIMITS;

export const TEAM_RPE_PROMPT_DELAY_MS = 30 * 60_000;
// The one nudge, 12 h after the prompt while still unrated, is scheduled by dueTeamRpeNudges (src/domain/allTrainingSchedule.ts).
/** Prompts and nudges are worth sending for this long; after that the rating is asked no more. */
export const TEAM_RPE_MESSAGE_TTL_MS = 24 * HOUR_MS;
/** A team session may be logged this far back or ahead. */
export const TEAM_SESSION_MAX_DAYS = 14;

export const teamRpeKeys = {
  prompt: (s: Pick<OtherSession, 'id'>) => `team_rpe_prompt:${s.id}`,
  /** The same string as the scheduler's notification key for kind 'team_rpe_nudge' (notificationKey). */
  nudge: (s: Pick<OtherSession, 'id' | 'guildId' | 'athleteId'>) => `team_rpe_nudge|${s.guildId}|${s.athleteId}|other:${s.id}`,
};

export interface LoggedOtherSession {
  team: Team;
  session: OtherSession;
  /** Pain above the team's limit: staff were told (pain-monitoring model, Silbernagel et al. 2007). */
  painFlag: boolean;
}

/** RPE 0-10 as buttons (3 rows): one tap rates the session. */
function rpeButtons(guildId: string, otherSessionId: number) {
  return Array.from({ length: 11 }, (_, rpe) => ({
    customId: allTrainingIds.teamRpe(guildId, otherSessionId, rpe),
    label: String(rpe),
    style: rpe >= 7 ? ('danger' as const) : rpe >= 4 ? ('primary' as const) : ('secondary' as const),
  }));
}

export class OtherTrainingService {
  constructor(
    private readonly deps: {
      db: Db;
      outbox: Outbox;
      teams: TeamRepository;
      squad: SquadRepository;
      other: OtherTrainingRepository;
      clock: Clock;
      /** What athletes report is stored only with their consent (src/domain/privacy.ts). */
      privacy: Pick<PrivacyService, 'refusalToStore'>;
    },
  ) {}

  /** `/log other` and the DM "match 8 90": one session for today or up to 14 days back. */
  log(req: {
    team: Team;
    athleteId: string;
    type: OtherSessionType;
    rpe: number;
    minutes: number;
    date: string | null;
    pain: number | null;
    source: 'command' | 'dm_reply';
  }): Outcome<LoggedOtherSession> {
    const { team } = req;
    const now = this.deps.clock.now();
    if (!this.deps.squad.get(team.guildId, req.athleteId))
      return refuse("You're not on this team's squad yet: ask a coach to add you with `/squad add`.");
    const noConsent = this.deps.privacy.refusalToStore(team.guildId, req.athleteId);
    if (noConsent) return refuse(noConsent);
    if (!isWithin(RPE, req.rpe)) return refuse(`RPE goes from ${RPE.min} (rest) to ${RPE.max} (maximal); you gave ${req.rpe}.`);
    if (!isWithin(MINUTES, req.minutes)) return refuse(`Minutes must be from ${MINUTES.min} to ${MINUTES.max}; you gave ${req.minutes}.`);
    if (req.pain !== null && !isWithin(PAIN, req.pain)) return refuse(`Pain goes from ${PAIN.min} to ${PAIN.max}; you gave ${req.pain}.`);
    const date = otherSessionDate(req.date, localDateOf(now, team.timeZone));
    if (!date.ok) return refuse(date.message);
    const painFlag = req.pain !== null && isPainFlag(req.pain, team.painLimit);
    const session = this.deps.db.transaction(() => {
      const s = this.deps.other.log(
        {
          guildId: team.guildId,
          athleteId: req.athleteId,
          type: req.type,
          sessionDate: date.date,
          rpe: req.rpe,
          minutes: req.minutes,
          pain: req.pain,
          loggedBy: req.athleteId,
          source: req.source,
        },
        now,
      );
      if (painFlag) {
        this.deps.outbox.enqueue(
          {
            guildId: team.guildId,
            purpose: 'pain_flag',
            target: { to: 'staff' },
            key: `other_pain:${s.id}`,
            body: {
              type: 'staffNotice',
              notice: {
                title: 'Pain above the limit after other training',
                severity: 'alert',
                lines: [
                  `<@${s.athleteId}> logged ${otherSessionWord(s.type)} on ${formatLocalDate(s.sessionDate)} with pain ${req.pain}/10 (team limit ${team.painLimit}).`,
                  'Pain above 5 that has not settled by the next morning means a lighter, simpler next session (Silbernagel et al. 2007).',
                ],
              },
            },
            expiresAt: new Date(now.getTime() + 24 * HOUR_MS),
          },
          now,
        );
      }
      return s;
    })();
    return ok({ team, session, painFlag });
  }

  /**
   * A DM that starts with a session type ("match 8 90", "practice rpe 6 75 min"). Returns
   * undefined when the message is not about another session, so the DM path tries its other readers.
   */
  logFromDm(userId: string, text: string): Outcome<LoggedOtherSession> | undefined {
    const parsed = parseOtherSessionReply(text);
    if (parsed.kind === 'not_other') return undefined;
    if (parsed.kind === 'invalid') return refuse(parsed.message);
    const teams = this.deps.squad.teamsOf(userId).flatMap((id) => this.deps.teams.get(id) ?? []);
    if (teams.length === 0) return refuse("You're not on a Backline squad yet: ask your coach to add you.");
    if (teams.length > 1) return refuse('You train with more than one team here: log it with `/log other` in the server it belongs to.');
    const v = parsed.values;
    return this.log({
      team: teams[0]!,
      athleteId: userId,
      type: v.type,
      rpe: v.rpe,
      minutes: v.minutes,
      date: v.when,
      pain: v.pain,
      source: 'dm_reply',
    });
  }

  /**
   * `/teamsession`: a practice, match or conditioning session for a group (or the squad). Each
   * athlete in it gets an unrated session and, in the same transaction, an RPE prompt due 30
   * minutes after it ends (one per athlete by its key). The nudge is the scheduled part.
   */
  logTeamSession(req: {
    team: Team;
    coachId: string;
    type: OtherSessionType;
    group: string | null;
    date: string | null;
    start: string | null;
    minutes: number;
  }): Outcome<{ teamSession: TeamSession; sessions: OtherSession[]; promptAt: Date }> {
    const { team } = req;
    const now = this.deps.clock.now();
    const today = localDateOf(now, team.timeZone);
    const date = parseSessionDate(req.date, today, { maxPastDays: TEAM_SESSION_MAX_DAYS, maxFutureDays: TEAM_SESSION_MAX_DAYS });
    if (!date.ok) return refuse(date.message);
    const start = req.start?.trim() || team.sessionTime;
    if (!isValidLocalTime(start)) return refuse(`Start "${start}" isn't a time I can read: use 24-hour HH:MM, e.g. 18:30.`);
    if (!isWithin(MINUTES, req.minutes)) return refuse(`Minutes must be from ${MINUTES.min} to ${MINUTES.max}; you gave ${req.minutes}.`);
    const athletes = req.group ? this.deps.squad.inGroup(team.guildId, req.group) : this.deps.squad.list(team.guildId);
    if (athletes.length === 0) {
      return refuse(
        req.group
          ? `No athletes in the group "${req.group}". Check the name with \`/squad list\`.`
          : 'The squad is empty: add athletes with `/squad add` first.',
      );
    }
    const endsAt = new Date(zonedInstant(date.value, start, team.timeZone).getTime() + req.minutes * 60_000);
    const promptAt = new Date(endsAt.getTime() + TEAM_RPE_PROMPT_DELAY_MS);
    const result = this.deps.db.transaction(() => {
      const created = this.deps.other.createTeamSession(
        {
          guildId: team.guildId,
          type: req.type,
          sessionDate: date.value,
          endsAt,
          minutes: req.minutes,
          groupName: req.group,
          createdBy: req.coachId,
        },
        athletes.map((a) => a.userId),
        now,
      );
      for (const s of created.sessions) this.deps.outbox.enqueue(this.rpeMessage(s, 'prompt', promptAt), now);
      return created;
    })();
    return ok({ ...result, promptAt });
  }

  /** The prompt or the nudge asking one athlete for a team session's RPE (keyed: each goes once). */
  rpeMessage(s: OtherSession, which: 'prompt' | 'nudge', notBefore: Date): OwedMessage {
    const what = `${otherSessionWord(s.type)} on ${formatLocalDate(s.sessionDate)} (${s.minutes} min)`;
    const text =
      which === 'prompt'
        ? `How hard was ${what}? Tap your RPE: 0 = rest, 3 = moderate, 5 = hard, 7 = very hard, 10 = maximal. Or reply with the number.`
        : `Still missing your RPE for ${what}: one tap below (0 = rest, 10 = maximal), or reply with the number.`;
    return {
      guildId: s.guildId,
      purpose: which === 'prompt' ? 'team_rpe_prompt' : 'team_rpe_nudge',
      target: { to: 'athlete', athleteId: s.athleteId },
      key: which === 'prompt' ? teamRpeKeys.prompt(s) : teamRpeKeys.nudge(s),
      body: { type: 'notice', notice: { text, buttons: rpeButtons(s.guildId, s.id) }, fallbackWhat: 'an RPE to give for a team session' },
      notBefore,
      expiresAt: new Date(notBefore.getTime() + TEAM_RPE_MESSAGE_TTL_MS),
    };
  }

  /** The scheduled nudge (see dueTeamRpeNudges): enqueued only while the session is still unrated. */
  enqueueNudge(guildId: string, otherSessionId: number): boolean {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(() => {
      const s = this.deps.other.get(guildId, otherSessionId);
      if (!s || s.rpe !== null || !this.deps.squad.get(guildId, s.athleteId)) return false;
      return this.deps.outbox.enqueue(this.rpeMessage(s, 'nudge', now), now).created;
    })();
  }

  /** The athlete's RPE for a team session, from a button. */
  rate(guildId: string, athleteId: string, otherSessionId: number, rpe: number): Outcome<OtherSession> {
    const now = this.deps.clock.now();
    const s = this.deps.other.get(guildId, otherSessionId);
    if (!s || s.athleteId !== athleteId) return refuse('This session is not yours to rate.');
    const noConsent = this.deps.privacy.refusalToStore(guildId, athleteId);
    if (noConsent) return refuse(noConsent);
    if (!isWithin(RPE, rpe)) return refuse(`RPE goes from ${RPE.min} (rest) to ${RPE.max} (maximal).`);
    const team = this.deps.teams.get(guildId);
    if (!team || s.sessionDate < addDays(localDateOf(now, team.timeZone), -TEAM_SESSION_MAX_DAYS))
      return refuse('This session is too long ago to rate now.');
    return ok(this.deps.other.rate(guildId, athleteId, otherSessionId, rpe, now)!);
  }

  /** A bare "7" by DM while a team session waits for this athlete's RPE (the latest one); undefined if none waits. */
  rateFromDm(userId: string, text: string): Outcome<OtherSession> | undefined {
    const now = this.deps.clock.now();
    const waiting = this.deps.other.awaitingRatingForUser(userId, addDays(localDateOf(now, 'UTC'), -TEAM_SESSION_MAX_DAYS - 1));
    const open = waiting.filter((s) => {
      const ts = s.teamSessionId === null ? undefined : this.deps.other.teamSession(s.guildId, s.teamSessionId);
      return ts !== undefined && new Date(ts.endsAt) <= now;
    });
    if (open.length === 0) return undefined;
    const parsed = parseRpeAnswer(text);
    if (!parsed.ok) return undefined;
    const s = open[0]!;
    return this.rate(s.guildId, userId, s.id, parsed.rpe);
  }
}

/** The athlete-facing confirmation, e.g. "Match on Sat 28 Nov logged: RPE 8 (between Very hard and Maximal) x 90 min = 720 AU." */
export function describeLoggedOther(s: OtherSession): string {
  const rpe = s.rpe ?? 0;
  return `${OTHER_SESSION_LABELS[s.type]} on ${formatLocalDate(s.sessionDate)} logged: RPE ${rpe} (${cr10Label(rpe)}) x ${s.minutes} min = ${rpe * s.minutes} AU. It counts in your weekly load; it never counts as hard sets.`;
}
