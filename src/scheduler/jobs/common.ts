import type { Runtime } from '../../app';
import { addDays, zonedInstant, type LocalDate } from '../../domain/time';
import type { Assignment } from '../../repositories/assignments';
import type { Team } from '../../repositories/teams';
import { sessionCardOwed, type AthleteReminder, type OwedMessage } from '../../outbox/messages';
import type { DecideReads, DueNotification, OweContext } from '../job';

export { MOBILITY_TEMPLATE } from '../../domain/sessionIds';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const instantCache = new Map<string, number>();

/**
 * zonedInstant, memoised: every tick recomputes the same few local times, and the zone
 * arithmetic (Intl) dominates a tick's cost. Zone rules don't change while the process runs.
 */
export function localTimeAt(date: LocalDate, time: string, zone: string): Date {
  const key = `${date}|${time}|${zone}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    if (instantCache.size > 50_000) instantCache.clear();
    ms = zonedInstant(date, time, zone).getTime();
    instantCache.set(key, ms);
  }
  return new Date(ms);
}

/** The slot of a notification about one assignment. */
export const assignmentSlot = (id: number): string => `assignment:${id}`;

export function assignmentIdOfSlot(slot: string): number | undefined {
  const m = /^assignment:(\d+)$/.exec(slot);
  return m ? Number(m[1]) : undefined;
}

export type { SessionCandidate } from '../../repositories/schedule';

/**
 * Local dates that can hold something due in (since, now] in any zone (UTC-12 to UTC+14),
 * widened by `before` days for notifications due days after their session (nudges, follow-ups).
 */
export function dateWindow(since: Date, now: Date, before = 0, after = 0): { from: LocalDate; to: LocalDate } {
  return { from: addDays(since.toISOString().slice(0, 10), -2 - before), to: addDays(now.toISOString().slice(0, 10), 2 + after) };
}

export function endOf(c: { plannedStartAt: Date | string; plannedMinutes: number }): Date {
  return new Date(new Date(c.plannedStartAt).getTime() + c.plannedMinutes * MINUTE);
}

/** The assignment a notification is about, re-read at send time with the checks every athlete reminder shares. */
export function loadForSend(
  app: Runtime,
  guildId: string,
  slot: string,
  reads: DecideReads = directReads(app),
): { team: Team; assignment: Assignment } | { skip: string } {
  const id = assignmentIdOfSlot(slot);
  const team = reads.team(guildId);
  const assignment = id === undefined ? undefined : app.assignmentRepo.get(guildId, id);
  if (!team || !assignment) return { skip: 'assignment no longer exists' };
  if (team.leftAt) return { skip: 'the bot left the server' };
  if (!reads.onSquad(guildId, assignment.athleteId)) return { skip: 'athlete left the squad' };
  return { team, assignment };
}

/** The re-checks read one at a time (a decision outside a batch). */
export function directReads(app: Runtime): DecideReads {
  return {
    team: (guildId) => app.teams.get(guildId),
    onSquad: (guildId, athleteId) => app.squad.get(guildId, athleteId) !== undefined,
    isExcused: (guildId, athleteId, date) => app.excusals.isExcused(guildId, athleteId, date),
  };
}

/**
 * A session still waiting for its athlete: it exists, they are on the squad, it isn't logged,
 * and they aren't excused on its day. Every reminder about a session re-checks this at send time.
 */
export function loadOpenSession(
  app: Runtime,
  n: DueNotification,
  reads: DecideReads = directReads(app),
): { team: Team; assignment: Assignment } | { skip: string } {
  const loaded = loadForSend(app, n.guildId, n.slot, reads);
  if ('skip' in loaded) return loaded;
  const { team, assignment } = loaded;
  if (assignment.checkin) return { skip: 'already logged' };
  if (reads.isExcused(team.guildId, assignment.athleteId, assignment.sessionDate)) return { skip: 'excused' };
  return loaded;
}

/** A reminder about a session, owed to its athlete; skipped at send time if the session was logged or excused meanwhile. */
export function remindAthlete(
  n: DueNotification,
  a: Assignment,
  reminder: AthleteReminder,
  fallbackWhat: string,
  ctx: OweContext,
): OwedMessage {
  return {
    guildId: n.guildId,
    purpose: n.kind,
    target: { to: 'athlete', athleteId: a.athleteId },
    body: { type: 'reminder', fallbackWhat, ...reminder },
    key: ctx.key,
    assignmentId: a.id,
    onlyIfOpen: true,
    expiresAt: ctx.expiresAt,
  };
}

/** The session card itself (embed with Log / Couldn't train), owed to its athlete; delivery marks the session delivered. */
export function sessionCard(n: DueNotification, a: Assignment, fallbackWhat: string, ctx: OweContext): OwedMessage {
  return sessionCardOwed(a, { purpose: n.kind, key: ctx.key, fallbackWhat, onlyIfOpen: true, expiresAt: ctx.expiresAt });
}
