/**
 * The digest's reads: a handful of set-based queries per digest, whatever the squad size.
 *
 *  1. thresholds(guildId)      — the team's status thresholds (teams row, 0004 columns);
 *  2. roster(guildId)          — every athlete of the team with their groups;
 *  3. sessions(guildId, from, to) — ALL assignments of the team in the date window with their
 *     check-in, excusal (excusals, 0003) and next-morning pain follow-up (pain_followups, 0003),
 *     in ONE query (index assignments_by_date; check-ins and follow-ups by their UNIQUE
 *     assignment_id; excusals by excusals_by_athlete);
 *  4. historyStarts(guildId, upTo) — each athlete's first logged session, for the
 *     'not enough history' rule: per athlete, the first row of assignments_by_athlete_date that
 *     has a check-in (firstRatedOther: the same for other training), not the whole history;
 *  5. dailyLoads(guildId, upTo, _, from) — each athlete's daily session-RPE load from `from`, for
 *     the EWMA, which continues each athlete's stored state (ewmaStates, migration 0015) so the
 *     digest reads weeks, not years; an athlete whose state is gone is read whole, once
 *     (dailyLoadsOf), and their state stored again.
 *
 * Every query filters on guild_id; the athlete-scoped variants also filter on athlete_id,
 * so /me and /athlete never read another athlete's rows.
 */
import type { Db } from '../db/database';
import type { DigestAthlete, DigestSessionRow, PainFollowupState } from '../domain/digest';
import type { DatedLoad, EwmaState } from '../domain/load';
import { otherSessionLoad } from '../domain/otherTraining';
import { PrescriptionStore } from './prescriptions';
import { groupList } from './squad';
import { memoize } from '../memoize';
import type { PainArea } from '../domain/pain';
import { DEFAULT_STATUS_THRESHOLDS, statusThresholdsSchema, type StatusThresholds } from '../domain/status';
import type { LocalDate } from '../domain/time';
import type { ExportRow } from '../csv/export';

interface SessionRowRaw {
  /** NULL outside the weeks whose hard sets are needed (see `sessions`). */
  id: number;
  athlete_id: string;
  session_date: string;
  title: string;
  planned_minutes: number;
  prescription_id: number | null;
  outcome: 'completed' | 'missed' | null;
  rpe: number | null;
  minutes: number | null;
  pain: number | null;
  pain_area: PainArea | null;
  load_au: number | null;
  followup_asked: string | null;
  followup_answer: 'settled' | 'not_settled' | null;
  deload: 0 | 1;
}

/** The export's columns beside the digest's (the digest never reads notes or times it does not show). */
interface ExportRowRaw extends SessionRowRaw {
  template_id: string;
  program_week: number | null;
  planned_start_at: string;
  missed_reason: string | null;
  note: string | null;
  logged_at: string | null;
  source: string | null;
  display_name: string | null;
  groups: string | null;
}

/**
 * @prescriptionsFrom: prescriptions are named only for sessions from that date on (their JSON comes
 * from the store's cache, once per distinct prescription). Excusals are read once per query, not
 * probed per row (`excusalsOf`).
 */
const SESSION_COLUMNS = `
  a.id, a.athlete_id, a.session_date, a.title, a.planned_minutes,
  CASE WHEN a.session_date >= @prescriptionsFrom THEN a.prescription_id END AS prescription_id,
  c.outcome, c.rpe, c.minutes, c.pain, c.pain_area, c.load_au,
  f.asked_at AS followup_asked, f.answer AS followup_answer,
  COALESCE(a.adjustment = 'deload', 0) AS deload`;

const SESSION_FROM = `
  FROM assignments a
  LEFT JOIN checkins c ON c.assignment_id = a.id AND c.guild_id = a.guild_id
  LEFT JOIN pain_followups f ON f.assignment_id = a.id AND f.guild_id = a.guild_id`;

/** Everything before any real date: "the whole history". */
const HISTORY_START: LocalDate = '0000-01-01';

function byAthlete(rows: readonly { athlete_id: string; session_date: string; load: number }[]): Map<string, DatedLoad[]> {
  const out = new Map<string, DatedLoad[]>();
  for (const r of rows) {
    const list = out.get(r.athlete_id);
    if (list) list.push({ localDate: r.session_date, load: r.load });
    else out.set(r.athlete_id, [{ localDate: r.session_date, load: r.load }]);
  }
  return out;
}

function followupState(row: SessionRowRaw): PainFollowupState | null {
  if (row.followup_asked === null) return null;
  return row.followup_answer ?? 'pending';
}

/** The excusals overlapping a window, per athlete: [from, to] pairs (team-local dates, inclusive). */
type Excusals = Map<string, [LocalDate, LocalDate][]>;

function isExcused(excusals: Excusals, athleteId: string, date: LocalDate): boolean {
  return excusals.get(athleteId)?.some(([from, to]) => from <= date && to >= date) ?? false;
}

function toSessionRow(row: SessionRowRaw, prescriptions: PrescriptionStore, guildId: string, excusals: Excusals): DigestSessionRow {
  return {
    assignmentId: row.id,
    athleteId: row.athlete_id,
    sessionDate: row.session_date,
    title: row.title,
    prescriptionJson: row.prescription_id === null ? null : prescriptions.json(guildId, row.prescription_id),
    outcome: row.outcome,
    rpe: row.rpe,
    minutes: row.minutes,
    pain: row.pain,
    painArea: row.pain_area,
    loadAu: row.load_au,
    plannedMinutes: row.planned_minutes,
    deload: row.deload === 1,
    excused: isExcused(excusals, row.athlete_id, row.session_date),
    painFollowup: followupState(row),
  };
}

interface ThresholdRow {
  pain_limit: number;
  hold_to_hard_set_band: 0 | 1;
  monotony_alert: number;
  strain_alert: number;
  acwr_low: number;
  acwr_high: number;
  compliance_red: number;
  hard_set_min: number;
  hard_set_max: number;
}

export type ThresholdSettings = Partial<StatusThresholds>;

const THRESHOLD_COLUMNS: Record<Exclude<keyof StatusThresholds, 'painLimit'>, string> = {
  monotonyAlert: 'monotony_alert',
  strainAlert: 'strain_alert',
  acwrLow: 'acwr_low',
  acwrHigh: 'acwr_high',
  complianceRed: 'compliance_red',
  hardSetMin: 'hard_set_min',
  hardSetMax: 'hard_set_max',
  holdToHardSetBand: 'hold_to_hard_set_band',
};

export class DigestRepository {
  private readonly prescriptions: PrescriptionStore;

  constructor(private readonly db: Db) {
    this.prescriptions = new PrescriptionStore(db);
  }

  /** The team's (or one athlete's) excusals overlapping from..to: ONE query. */
  private excusalsOf(guildId: string, from: LocalDate, to: LocalDate, athleteId: string | null = null): Excusals {
    const rows = this.db
      .prepare<
        [{ guildId: string; from: string; to: string; athleteId: string | null }],
        { athlete_id: string; from_date: string; to_date: string }
      >(
        `SELECT athlete_id, from_date, to_date FROM excusals
         WHERE guild_id = @guildId AND to_date >= @from AND from_date <= @to AND (@athleteId IS NULL OR athlete_id = @athleteId)`,
      )
      .all({ guildId, from, to, athleteId });
    const out: Excusals = new Map();
    for (const r of rows) out.set(r.athlete_id, [...(out.get(r.athlete_id) ?? []), [r.from_date, r.to_date]]);
    return out;
  }

  private toRows(
    guildId: string,
    from: LocalDate,
    to: LocalDate,
    rows: SessionRowRaw[],
    athleteId: string | null = null,
  ): DigestSessionRow[] {
    const excusals = this.excusalsOf(guildId, from, to, athleteId);
    return rows.map((r) => toSessionRow(r, this.prescriptions, guildId, excusals));
  }

  /** The team's status thresholds; defaults (DEFAULT_STATUS_THRESHOLDS) for an unknown team. */
  thresholds(guildId: string): StatusThresholds {
    const row = this.db
      .prepare<[string], ThresholdRow>(
        `SELECT pain_limit, monotony_alert, strain_alert, acwr_low, acwr_high, compliance_red, hard_set_min, hard_set_max, hold_to_hard_set_band
         FROM teams WHERE guild_id = ?`,
      )
      .get(guildId);
    if (!row) return { ...DEFAULT_STATUS_THRESHOLDS };
    return statusThresholdsSchema.parse({
      painLimit: row.pain_limit,
      monotonyAlert: row.monotony_alert,
      strainAlert: row.strain_alert,
      acwrLow: row.acwr_low,
      acwrHigh: row.acwr_high,
      complianceRed: row.compliance_red,
      hardSetMin: row.hard_set_min,
      hardSetMax: row.hard_set_max,
      holdToHardSetBand: row.hold_to_hard_set_band === 1,
    });
  }

  /**
   * Changes some thresholds (validated together with the others; the pain limit lives in
   * teams.pain_limit and is changed with the team's other settings). For the lead to wire
   * into a settings command.
   */
  updateThresholds(guildId: string, changes: Omit<ThresholdSettings, 'painLimit'>, now: Date): StatusThresholds {
    const merged = statusThresholdsSchema.parse({ ...this.thresholds(guildId), ...changes });
    const keys = Object.keys(changes).filter(
      (k): k is keyof typeof THRESHOLD_COLUMNS => k in THRESHOLD_COLUMNS && changes[k as keyof typeof changes] !== undefined,
    );
    if (keys.length === 0) return merged;
    const sets = keys.map((k) => `${THRESHOLD_COLUMNS[k]} = @${k}`).join(', ');
    this.db.prepare(`UPDATE teams SET ${sets}, updated_at = @at WHERE guild_id = @guildId`).run({
      ...Object.fromEntries(keys.map((k) => [k, typeof merged[k] === 'boolean' ? (merged[k] ? 1 : 0) : merged[k]])),
      at: now.toISOString(),
      guildId,
    });
    return merged;
  }

  /**
   * Whether a week has anything to report, without computing it (the scheduler decides this in its
   * tick): an athlete still on the squad, and a session assigned in the week and not cancelled.
   */
  weekToReport(guildId: string, from: LocalDate, to: LocalDate): { squad: boolean; assigned: boolean } {
    const row = this.db
      .prepare<{ guildId: string; from: LocalDate; to: LocalDate }, { squad: number; assigned: number }>(
        `SELECT EXISTS (SELECT 1 FROM athletes WHERE guild_id = @guildId AND removed_at IS NULL) AS squad,
                EXISTS (SELECT 1 FROM assignments WHERE guild_id = @guildId AND session_date BETWEEN @from AND @to
                          AND cancelled_at IS NULL) AS assigned`,
      )
      .get({ guildId, from, to })!;
    return { squad: row.squad === 1, assigned: row.assigned === 1 };
  }

  /** Every athlete of the team (those who left too, flagged inactive), with their groups. */
  roster(guildId: string): DigestAthlete[] {
    return this.db
      .prepare<[string], { user_id: string; display_name: string; removed_at: string | null; groups: string | null }>(
        `SELECT a.user_id, a.display_name, a.removed_at,
                (SELECT group_concat(g.group_name, char(31)) FROM athlete_groups g
                  WHERE g.guild_id = a.guild_id AND g.user_id = a.user_id) AS groups
         FROM athletes a WHERE a.guild_id = ?`,
      )
      .all(guildId)
      .map((r) => ({
        userId: r.user_id,
        displayName: r.display_name,
        active: r.removed_at === null,
        groups: groupList(r.groups),
      }));
  }

  /** One athlete of the team (also if they left), or undefined. */
  athlete(guildId: string, userId: string): DigestAthlete | undefined {
    const row = this.db
      .prepare<[string, string], { user_id: string; display_name: string; removed_at: string | null; groups: string | null }>(
        `SELECT a.user_id, a.display_name, a.removed_at,
                (SELECT group_concat(g.group_name, char(31)) FROM athlete_groups g
                  WHERE g.guild_id = a.guild_id AND g.user_id = a.user_id) AS groups
         FROM athletes a WHERE a.guild_id = ? AND a.user_id = ?`,
      )
      .get(guildId, userId);
    return (
      row && {
        userId: row.user_id,
        displayName: row.display_name,
        active: row.removed_at === null,
        groups: groupList(row.groups),
      }
    );
  }

  /**
   * The team's sessions dated from..to (team-local, inclusive) with check-ins, excusals and
   * follow-ups: ONE query. Prescriptions are read only from `prescriptionsFrom` on (the
   * weeks whose hard sets are shown); earlier rows, needed for load only, carry null.
   */
  sessions(guildId: string, from: LocalDate, to: LocalDate, prescriptionsFrom: LocalDate = from): DigestSessionRow[] {
    const rows = this.db
      .prepare<[{ guildId: string; from: string; to: string; prescriptionsFrom: string }], SessionRowRaw>(
        `SELECT ${SESSION_COLUMNS} ${SESSION_FROM}
         WHERE a.guild_id = @guildId AND a.session_date BETWEEN @from AND @to AND a.cancelled_at IS NULL
         ORDER BY a.session_date, a.planned_start_at, a.id`,
      )
      .all({ guildId, from, to, prescriptionsFrom });
    return this.toRows(guildId, from, to, rows);
  }

  /** One athlete's sessions dated from..to: ONE query, scoped to the team AND the athlete. */
  athleteSessions(
    guildId: string,
    athleteId: string,
    from: LocalDate,
    to: LocalDate,
    prescriptionsFrom: LocalDate = from,
  ): DigestSessionRow[] {
    const rows = this.db
      .prepare<[{ guildId: string; athleteId: string; from: string; to: string; prescriptionsFrom: string }], SessionRowRaw>(
        `SELECT ${SESSION_COLUMNS} ${SESSION_FROM}
         WHERE a.guild_id = @guildId AND a.athlete_id = @athleteId AND a.session_date BETWEEN @from AND @to AND a.cancelled_at IS NULL
         ORDER BY a.session_date, a.planned_start_at, a.id`,
      )
      .all({ guildId, athleteId, from, to, prescriptionsFrom });
    return this.toRows(guildId, from, to, rows, athleteId);
  }

  /**
   * Each athlete's first session with a check-in, up to `upTo`: the start of their load
   * history for the 'not enough history' rule.
   */
  historyStarts(guildId: string, upTo: LocalDate): Map<string, LocalDate> {
    // Per athlete, from the start of their history by index until the first session with a check-in.
    return this.firstDates(
      guildId,
      upTo,
      `SELECT a.session_date FROM assignments a JOIN checkins c ON c.assignment_id = a.id
       WHERE a.guild_id = ath.guild_id AND a.athlete_id = ath.user_id AND a.session_date <= @upTo
       ORDER BY a.session_date LIMIT 1`,
    );
  }

  /** Each athlete's first RATED other session up to `upTo` (other training starts the load history too). */
  firstRatedOther(guildId: string, upTo: LocalDate): Map<string, LocalDate> {
    return this.firstDates(
      guildId,
      upTo,
      `SELECT o.session_date FROM other_sessions o
       WHERE o.guild_id = ath.guild_id AND o.athlete_id = ath.user_id AND o.rpe IS NOT NULL AND o.session_date <= @upTo
       ORDER BY o.session_date LIMIT 1`,
    );
  }

  /** `first` (a subquery on the athlete `ath`) for each athlete of the team; those with none are left out. */
  private firstDates(guildId: string, upTo: LocalDate, first: string): Map<string, LocalDate> {
    const rows = this.db
      .prepare<[{ guildId: string; upTo: string }], { athlete_id: string; first: string | null }>(
        `SELECT ath.user_id AS athlete_id, (${first}) AS first FROM athletes ath WHERE ath.guild_id = @guildId`,
      )
      .all({ guildId, upTo });
    return new Map(rows.flatMap((r) => (r.first === null ? [] : [[r.athlete_id, r.first] as const])));
  }

  /** Each athlete's stored EWMA state (migration 0015; the triggers delete it when its history changes). */
  ewmaStates(guildId: string): Map<string, EwmaState> {
    const rows = this.db
      .prepare<[string], { athlete_id: string; start_date: string; through_date: string; acute: number; chronic: number }>(
        'SELECT athlete_id, start_date, through_date, acute, chronic FROM ewma_states WHERE guild_id = ?',
      )
      .all(guildId);
    return new Map(rows.map((r) => [r.athlete_id, { start: r.start_date, through: r.through_date, acute: r.acute, chronic: r.chronic }]));
  }

  /**
   * Stores (replaces) athletes' EWMA states in one transaction, a row each: the doubles are bound as
   * parameters, never through text, so they come back to the last bit.
   */
  saveEwmaStates(guildId: string, states: ReadonlyMap<string, EwmaState>): void {
    if (states.size === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO ewma_states (guild_id, athlete_id, start_date, through_date, acute, chronic) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (guild_id, athlete_id) DO UPDATE SET start_date = excluded.start_date, through_date = excluded.through_date,
         acute = excluded.acute, chronic = excluded.chronic`,
    );
    this.db.transaction(() => {
      for (const [athleteId, s] of states) upsert.run(guildId, athleteId, s.start, s.through, s.acute, s.chronic);
    })();
  }

  /**
   * Daily session-RPE loads (completed sessions, summed per local date) of every athlete of
   * the team, or of one athlete, over their whole history up to `upTo`: ONE grouped query.
   */
  dailyLoads(guildId: string, upTo: LocalDate, athleteId?: string, from: LocalDate = HISTORY_START): Map<string, DatedLoad[]> {
    // Two statements, not `(@athleteId IS NULL OR ...)`: with the OR, one athlete's history (/me, /athlete)
    // was read through the team's date index, every athlete's rows (16 ms at 5 years instead of 1).
    const rows = this.db
      .prepare<
        [{ guildId: string; from: string; upTo: string; athleteId: string | null }],
        { athlete_id: string; session_date: string; load: number }
      >(
        `SELECT a.athlete_id, a.session_date, SUM(c.load_au) AS load
         FROM assignments a JOIN checkins c ON c.assignment_id = a.id AND c.guild_id = a.guild_id
         WHERE a.guild_id = @guildId ${athleteId === undefined ? '' : 'AND a.athlete_id = @athleteId'}
           AND a.session_date BETWEEN @from AND @upTo AND c.outcome = 'completed' AND c.load_au IS NOT NULL
         GROUP BY a.athlete_id, a.session_date
         ORDER BY a.athlete_id, a.session_date`,
      )
      .all({ guildId, from, upTo, athleteId: athleteId ?? null });
    return byAthlete(rows);
  }

  /** `dailyLoads` of some athletes only (those whose EWMA state must be rebuilt), by index per athlete. */
  dailyLoadsOf(guildId: string, athleteIds: readonly string[], upTo: LocalDate): Map<string, DatedLoad[]> {
    if (athleteIds.length === 0) return new Map();
    const rows = this.db
      .prepare<[{ guildId: string; ids: string; upTo: string }], { athlete_id: string; session_date: string; load: number }>(
        `SELECT a.athlete_id, a.session_date, SUM(c.load_au) AS load
         FROM assignments a JOIN checkins c ON c.assignment_id = a.id AND c.guild_id = a.guild_id
         WHERE a.guild_id = @guildId AND a.athlete_id IN (SELECT value FROM json_each(@ids))
           AND a.session_date <= @upTo AND c.outcome = 'completed' AND c.load_au IS NOT NULL
         GROUP BY a.athlete_id, a.session_date
         ORDER BY a.athlete_id, a.session_date`,
      )
      .all({ guildId, ids: JSON.stringify(athleteIds), upTo });
    return byAthlete(rows);
  }

  /** Loads of some athletes' RATED other sessions up to `upTo` (Foster et al. 2001: RPE x minutes). */
  ratedOtherLoadsOf(
    guildId: string,
    athleteIds: readonly string[],
    upTo: LocalDate,
    from: LocalDate = HISTORY_START,
  ): Map<string, DatedLoad[]> {
    if (athleteIds.length === 0) return new Map();
    const rows = this.db
      .prepare<
        [{ guildId: string; ids: string; from: string; upTo: string }],
        { athlete_id: string; session_date: string; rpe: number; minutes: number }
      >(
        `SELECT athlete_id, session_date, rpe, minutes FROM other_sessions
         WHERE guild_id = @guildId AND athlete_id IN (SELECT value FROM json_each(@ids)) AND rpe IS NOT NULL
           AND session_date BETWEEN @from AND @upTo
         ORDER BY athlete_id, session_date, id`,
      )
      .all({ guildId, ids: JSON.stringify(athleteIds), from, upTo });
    return byAthlete(rows.map((r) => ({ athlete_id: r.athlete_id, session_date: r.session_date, load: otherSessionLoad(r) })));
  }

  /** The date of the athlete's first assignment (any kind), or undefined: where /me and /athlete start. */
  firstAssignment(guildId: string, athleteId: string): LocalDate | undefined {
    const row = this.db
      .prepare<[string, string], { first: string | null }>(
        'SELECT MIN(a.session_date) AS first FROM assignments a WHERE a.guild_id = ? AND a.athlete_id = ?',
      )
      .get(guildId, athleteId);
    return row?.first ?? undefined;
  }

  historyStart(guildId: string, athleteId: string, upTo: LocalDate): LocalDate | undefined {
    const row = this.db
      .prepare<[string, string, string], { first: string | null }>(
        `SELECT MIN(a.session_date) AS first
         FROM assignments a JOIN checkins c ON c.assignment_id = a.id
         WHERE a.guild_id = ? AND a.athlete_id = ? AND a.session_date <= ?`,
      )
      .get(guildId, athleteId, upTo);
    return row?.first ?? undefined;
  }

  /** Rows of the CSV export: one per assignment dated from..to, with athlete names and groups. ONE query. */
  exportRows(guildId: string, from: LocalDate, to: LocalDate): ExportRow[] {
    const excusals = this.excusalsOf(guildId, from, to);
    // Sorted once per athlete's list, not per row (a year of a 200-athlete squad is 31,000 rows).
    const groupsOf = memoize(groupList);
    return this.db
      .prepare<[{ guildId: string; from: string; to: string; prescriptionsFrom: string }], ExportRowRaw>(
        `SELECT ${SESSION_COLUMNS}, a.template_id, a.program_week, a.planned_start_at, c.missed_reason, c.note, c.logged_at, c.source,
                ath.display_name,
                (SELECT group_concat(g.group_name, char(31)) FROM athlete_groups g
                  WHERE g.guild_id = a.guild_id AND g.user_id = a.athlete_id) AS groups
         ${SESSION_FROM}
         LEFT JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id
         WHERE a.guild_id = @guildId AND a.session_date BETWEEN @from AND @to AND a.cancelled_at IS NULL
         ORDER BY a.session_date, a.planned_start_at, ath.display_name COLLATE NOCASE, a.id`,
      )
      .all({ guildId, from, to, prescriptionsFrom: from })
      .map((r) => ({
        ...toSessionRow(r, this.prescriptions, guildId, excusals),
        athleteName: r.display_name ?? r.athlete_id,
        groups: groupsOf(r.groups),
        templateId: r.template_id,
        programWeek: r.program_week,
        plannedStartAt: r.planned_start_at,
        plannedMinutes: r.planned_minutes,
        missedReason: r.missed_reason,
        note: r.note,
        loggedAt: r.logged_at,
        source: r.source,
      }));
  }
}
