import type { Clock } from '../clock';
import type { Db } from '../db/database';
import {
  describeLowReadiness,
  parseReadinessReply,
  READINESS_BASELINE_DAYS,
  READINESS_ITEMS,
  READINESS_QUESTIONS,
  readinessTotal,
  scoreReadiness,
  type ReadinessAnswers,
  type ReadinessScore,
} from '../domain/readiness';
import { addDays, formatLocalDate, isValidLocalTime, localDateOf, type LocalDate } from '../domain/time';
import { HOUR_MS, type DirectNotice, type OwedMessage } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { ReadinessRepository, ReadinessSettings, ReadinessSource } from '../repositories/readiness';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import { allTrainingIds } from './allTrainingIds';
import type { PrivacyService } from './privacy';
import { ok, refuse, type Outcome } from './results';

/** The team line may be set between these (z-scores; the default -1.5 is a convention). */
export const READINESS_THRESHOLD_RANGE = { min: -3, max: -0.5 } as const;
/** A readiness prompt is worth answering for this long (it is about today's training). */
export const READINESS_PROMPT_TTL_MS = 12 * HOUR_MS;

export const readinessKeys = {
  /** The same string as the scheduler's notification key for kind 'readiness_check' (notificationKey), so job and service dedupe alike. */
  prompt: (guildId: string, athleteId: string, date: LocalDate) => `readiness_check|${guildId}|${athleteId}|${date}`,
  low: (guildId: string, athleteId: string, date: LocalDate) => `readiness_low:${guildId}:${athleteId}:${date}`,
};

export interface ReadinessResult {
  score: ReadinessScore;
  replaced: boolean;
  /** Staff were told (once per athlete and day, by its key). */
  staffNotified: boolean;
}

/** The question for item `index` (0-4) with its seven buttons; `soFar` holds the answers already tapped. */
export function readinessQuestion(guildId: string, date: LocalDate, soFar: readonly number[], intro?: string): DirectNotice {
  const item = READINESS_ITEMS[soFar.length]!;
  const q = READINESS_QUESTIONS[item];
  const step = `(${soFar.length + 1}/5) **${q.label}**: 1 = ${q.low} … 7 = ${q.high}`;
  return {
    text: intro ? `${intro}\n${step}` : step,
    buttons: Array.from({ length: 7 }, (_, i) => ({
      customId: allTrainingIds.readiness(guildId, date, soFar.join(''), i + 1),
      label: String(i + 1),
      style: 'secondary' as const,
    })),
  };
}

/** What the athlete is told after answering: their own total against their own usual. */
export function describeOwnReadiness(answers: ReadinessAnswers, score: ReadinessScore): string {
  const total = readinessTotal(answers);
  if (!score.scored) {
    return `Thanks: readiness ${total}/35. After ${score.needed} answers in ${READINESS_BASELINE_DAYS} days I'll compare each one with your own usual (${score.baselineAnswers} so far).`;
  }
  const usual = Math.round(score.total.mean * 10) / 10;
  const word = score.total.z <= -1 ? 'lower than' : score.total.z >= 1 ? 'higher than' : 'close to';
  return `Thanks: readiness ${total}/35, ${word} your usual ${usual}.`;
}

export class ReadinessService {
  constructor(
    private readonly deps: {
      db: Db;
      outbox: Outbox;
      teams: TeamRepository;
      squad: SquadRepository;
      readiness: ReadinessRepository;
      clock: Clock;
      /** What athletes report is stored only with their consent (src/domain/privacy.ts). */
      privacy: Pick<PrivacyService, 'refusalToStore'>;
    },
  ) {}

  settings(guildId: string): ReadinessSettings {
    return this.deps.readiness.settings(guildId);
  }

  /** Coach setting: on/off, the alert line, and the time (HH:MM on training days, or "reminder" for the session reminder's time). */
  updateSettings(team: Team, changes: { enabled?: boolean; threshold?: number; time?: string }): Outcome<ReadinessSettings> {
    const next: Partial<ReadinessSettings> = { enabled: changes.enabled };
    if (changes.threshold !== undefined) {
      const t = changes.threshold;
      if (!Number.isFinite(t) || t < READINESS_THRESHOLD_RANGE.min || t > READINESS_THRESHOLD_RANGE.max) {
        return refuse(
          `The line is a z-score from ${READINESS_THRESHOLD_RANGE.min} to ${READINESS_THRESHOLD_RANGE.max} (default -1.5: well below the athlete's own normal).`,
        );
      }
      next.threshold = t;
    }
    if (changes.time !== undefined) {
      const time = changes.time.trim().toLowerCase();
      if (time === 'reminder') next.askTime = null;
      else if (isValidLocalTime(time)) next.askTime = time;
      else
        return refuse(
          `"${changes.time}" isn't a time I can read: use 24-hour HH:MM (e.g. 07:30), or \`reminder\` to ask with the session reminder.`,
        );
    }
    return ok(this.deps.readiness.saveSettings(team.guildId, next, this.deps.clock.now()));
  }

  /** The check before a session, keyed per athlete and day so it goes once however often it is enqueued. */
  promptMessage(team: Team, athleteId: string, date: LocalDate, assignmentId: number | null, notBefore: Date): OwedMessage {
    const intro = `Readiness check before training on ${formatLocalDate(date)}: five taps, 7 is always the good end. Or reply with all five at once, e.g. \`5 4 3 5 6\` (sleep, fatigue, soreness, stress, mood).`;
    return {
      guildId: team.guildId,
      purpose: 'readiness_check',
      target: { to: 'athlete', athleteId },
      key: readinessKeys.prompt(team.guildId, athleteId, date),
      body: { type: 'notice', notice: readinessQuestion(team.guildId, date, [], intro), fallbackWhat: 'a readiness check' },
      ...(assignmentId === null ? {} : { assignmentId }),
      notBefore,
      expiresAt: new Date(notBefore.getTime() + READINESS_PROMPT_TTL_MS),
    };
  }

  /** For the scheduled check (see dueReadinessChecks): enqueued only if the team still asks and the athlete hasn't answered today. */
  enqueuePrompt(guildId: string, athleteId: string, date: LocalDate, assignmentId: number | null): boolean {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(() => {
      const team = this.deps.teams.get(guildId);
      if (!team || !this.deps.readiness.settings(guildId).enabled || !this.deps.squad.get(guildId, athleteId)) return false;
      if (this.deps.readiness.forAthlete(guildId, athleteId, date, date).length > 0) return false;
      return this.deps.outbox.enqueue(this.promptMessage(team, athleteId, date, assignmentId, now), now).created;
    })();
  }

  /** Stores an answer, scores it against the athlete's own 28 days, and tells staff (once a day) when it is below the team's line. */
  answer(req: {
    guildId: string;
    athleteId: string;
    date: LocalDate;
    answers: ReadinessAnswers;
    source: ReadinessSource;
    assignmentId?: number | null;
  }): Outcome<ReadinessResult> {
    const now = this.deps.clock.now();
    const team = this.deps.teams.get(req.guildId);
    if (!team || !this.deps.squad.get(req.guildId, req.athleteId))
      return refuse("You're not on this team's squad, so I can't record this. Ask your coach if that's a mistake.");
    const noConsent = this.deps.privacy.refusalToStore(req.guildId, req.athleteId);
    if (noConsent) return refuse(noConsent);
    const today = localDateOf(now, team.timeZone);
    if (req.date > today || req.date < addDays(today, -1))
      return refuse('That readiness check has passed: answer the next one when it comes.');
    const settings = this.deps.readiness.settings(team.guildId);
    return ok(
      this.deps.db.transaction((): ReadinessResult => {
        const { replaced } = this.deps.readiness.saveAnswer(
          {
            guildId: team.guildId,
            athleteId: req.athleteId,
            localDate: req.date,
            answers: req.answers,
            assignmentId: req.assignmentId ?? null,
            source: req.source,
          },
          now,
        );
        const history = this.deps.readiness.forAthlete(
          team.guildId,
          req.athleteId,
          addDays(req.date, -READINESS_BASELINE_DAYS),
          addDays(req.date, -1),
        );
        const score = scoreReadiness({ localDate: req.date, answers: req.answers }, history, settings.threshold);
        let staffNotified = false;
        if (score.scored && score.low) {
          staffNotified = this.deps.outbox.enqueue(
            {
              guildId: team.guildId,
              purpose: 'readiness_low',
              target: { to: 'staff' },
              key: readinessKeys.low(team.guildId, req.athleteId, req.date),
              body: {
                type: 'staffNotice',
                notice: {
                  title: `Readiness below normal: ${formatLocalDate(req.date)}`,
                  severity: 'warning',
                  lines: [`<@${req.athleteId}>`, ...describeLowReadiness(score)],
                },
              },
              expiresAt: new Date(now.getTime() + 24 * HOUR_MS),
            },
            now,
          ).created;
        }
        return { score, replaced, staffNotified };
      })(),
    );
  }

  /** One button tap: the next question, or the whole answer stored. */
  tap(
    athleteId: string,
    tap: { guildId: string; date: LocalDate; soFar: number[]; value: number },
  ): Outcome<{ next: DirectNotice } | { done: ReadinessResult; answers: ReadinessAnswers }> {
    const soFar = [...tap.soFar, tap.value];
    if (!this.deps.squad.get(tap.guildId, athleteId)) return refuse("You're not on this team's squad, so I can't record this.");
    if (soFar.length < READINESS_ITEMS.length) return ok({ next: readinessQuestion(tap.guildId, tap.date, soFar) });
    const answers = Object.fromEntries(READINESS_ITEMS.map((k, i) => [k, soFar[i]!])) as ReadinessAnswers;
    const result = this.answer({ guildId: tap.guildId, athleteId, date: tap.date, answers, source: 'buttons' });
    return result.ok ? ok({ done: result.value, answers }) : result;
  }

  /**
   * A DM like "5 4 3 5 6" from an athlete whose team asks readiness. Undefined when the message
   * isn't five numbers or no team of theirs asks, so the DM path tries its other readers.
   */
  answerFromDm(userId: string, text: string): Outcome<ReadinessResult & { answers: ReadinessAnswers }> | undefined {
    const parsed = parseReadinessReply(text);
    if (!parsed.ok && 'notReadiness' in parsed) return undefined;
    // Up to three numbers is a check-in reply ("7 2 45") or a team-session RPE ("7"): not ours.
    if (
      text
        .trim()
        .split(/[\s,;/]+/)
        .filter(Boolean).length <= 3
    )
      return undefined;
    const now = this.deps.clock.now();
    const teams = this.deps.squad
      .teamsOf(userId)
      .flatMap((id) => this.deps.teams.get(id) ?? [])
      .filter((t) => this.deps.readiness.settings(t.guildId).enabled);
    if (teams.length === 0) return undefined;
    // Five numbers could be something else; only read them as readiness when a check was sent today.
    const asked = teams.filter(
      (t) => this.deps.outbox.existingKeys([readinessKeys.prompt(t.guildId, userId, localDateOf(now, t.timeZone))]).size > 0,
    );
    if (asked.length === 0) return undefined;
    if (!parsed.ok) return refuse(parsed.message);
    if (asked.length > 1) return refuse('Two of your teams asked for readiness today: answer with the buttons on each message.');
    const team = asked[0]!;
    const result = this.answer({
      guildId: team.guildId,
      athleteId: userId,
      date: localDateOf(now, team.timeZone),
      answers: parsed.answers,
      source: 'dm_reply',
    });
    return result.ok ? ok({ ...result.value, answers: parsed.answers }) : result;
  }
}
