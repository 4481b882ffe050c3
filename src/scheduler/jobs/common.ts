import type { App } from '../../app';
import type { Db } from '../../db/database';
import { addDays, zonedInstant, type LocalDate } from '../../domain/time';
import type { ExcusalLookup } from '../../repositories/excusals';
import type { Assignment } from '../../repositories/assignments';
import type { Team } from '../../repositories/teams';
import type { AthleteReminder, OwedMessage } from '../../outbox/messages';
import type { DueNotification, OweContext } from '../job';

export const MOBILITY_TEMPLATE = 'mobility-day';
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

/** The lightweight view of an assignment the due() computations need, without parsing prescriptions. */
export interface SessionCandidate {
  id: number;
  guildId: string;
  athleteId: string;
  templateId: string;
  sessionDate: LocalDate;
  plannedStartAt: Date;
  plannedMinutes: number;
  createdAt: Date;
  deliveredAt: Date | null;
  programId: number | null;
  checkin: { outcome: 'completed' | 'missed'; pain: number | null; loggedAt: Date } | null;
}

interface CandidateRow {
  id: number;
  guild_id: string;
  athlete_id: string;
  template_id: string;
  session_date: string;
  planned_start_at: string;
  planned_minutes: number;
  created_at: string;
  delivered_at: string | null;
  program_id: number | null;
  c_outcome: 'completed' | 'missed' | null;
  c_pain: number | null;
  c_logged_at: string | null;
}

/** Sessions of athletes still on their squad, dated from..to (local dates, inclusive), every team. */
export function sessionCandidates(db: Db, from: LocalDate, to: LocalDate): SessionCandidate[] {
  return db
    .prepare<[string, string], CandidateRow>(
      `SELECT a.id, a.guild_id, a.athlete_id, a.template_id, a.session_date, a.planned_start_at, a.planned_minutes,
              a.created_at, a.delivered_at, a.program_id, c.outcome AS c_outcome, c.pain AS c_pain, c.logged_at AS c_logged_at
       FROM assignments a
       JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
       LEFT JOIN checkins c ON c.assignment_id = a.id
       WHERE a.session_date BETWEEN ? AND ?`,
    )
    .all(from, to)
    .map((r) => ({
      id: r.id,
      guildId: r.guild_id,
      athleteId: r.athlete_id,
      templateId: r.template_id,
      sessionDate: r.session_date,
      plannedStartAt: new Date(r.planned_start_at),
      plannedMinutes: r.planned_minutes,
      createdAt: new Date(r.created_at),
      deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
      programId: r.program_id,
      checkin: r.c_outcome ? { outcome: r.c_outcome, pain: r.c_pain, loggedAt: new Date(r.c_logged_at!) } : null,
    }));
}

/**
 * Local dates that can hold something due in (since, now] in any zone (UTC-12 to UTC+14),
 * widened by `before` days for notifications due days after their session (nudges, follow-ups).
 */
export function dateWindow(since: Date, now: Date, before = 0, after = 0): { from: LocalDate; to: LocalDate } {
  return { from: addDays(since.toISOString().slice(0, 10), -2 - before), to: addDays(now.toISOString().slice(0, 10), 2 + after) };
}

export function teamsById(app: App): Map<string, Team> {
  return new Map(app.teams.all().map((t) => [t.guildId, t]));
}

export function excusalLookup(app: App, window: { from: LocalDate; to: LocalDate }): ExcusalLookup {
  return app.excusals.lookup(window.from, window.to);
}

export function endOf(c: { plannedStartAt: Date | string; plannedMinutes: number }): Date {
  return new Date(new Date(c.plannedStartAt).getTime() + c.plannedMinutes * MINUTE);
}

/** The assignment a notification is about, re-read at send time with the checks every athlete reminder shares. */
export function loadForSend(app: App, guildId: string, slot: string): { team: Team; assignment: Assignment } | { skip: string } {
  const id = assignmentIdOfSlot(slot);
  const team = app.teams.get(guildId);
  const assignment = id === undefined ? undefined : app.assignmentRepo.get(guildId, id);
  if (!team || !assignment) return { skip: 'assignment no longer exists' };
  if (!app.squad.get(guildId, assignment.athleteId)) return { skip: 'athlete left the squad' };
  return { team, assignment };
}

/**
 * A session still waiting for its athlete: it exists, they are on the squad, it isn't logged,
 * and they aren't excused on its day. Every reminder about a session re-checks this at send time.
 */
export function loadOpenSession(app: App, n: DueNotification): { team: Team; assignment: Assignment } | { skip: string } {
  const loaded = loadForSend(app, n.guildId, n.slot);
  if ('skip' in loaded) return loaded;
  const { team, assignment } = loaded;
  if (assignment.checkin) return { skip: 'already logged' };
  if (app.excusals.isExcused(team.guildId, assignment.athleteId, assignment.sessionDate)) return { skip: 'excused' };
  return loaded;
}

/** A reminder about a session, owed to its athlete; skipped at send time if the session was logged or excused meanwhile. */
export function remindAthlete(n: DueNotification, a: Assignment, reminder: AthleteReminder, fallbackWhat: string, ctx: OweContext): OwedMessage {
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
  return {
    guildId: n.guildId,
    purpose: n.kind,
    target: { to: 'athlete', athleteId: a.athleteId },
    body: { type: 'session', fallbackWhat },
    key: ctx.key,
    assignmentId: a.id,
    onlyIfOpen: true,
    expiresAt: ctx.expiresAt,
  };
}
