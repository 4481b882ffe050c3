import type { Db } from '../db/database';
import { addDays, type LocalDate } from '../domain/time';

export const EXCUSAL_REASONS = ['illness', 'injury'] as const;
export type ExcusalReason = (typeof EXCUSAL_REASONS)[number];

/** An athlete excused (ill or injured) from fromDate to toDate, team-local and inclusive. */
export interface Excusal {
  id: number;
  guildId: string;
  athleteId: string;
  fromDate: LocalDate;
  toDate: LocalDate;
  reason: ExcusalReason | null;
  createdBy: string;
  createdAt: string;
}

export type NewExcusal = Omit<Excusal, 'id' | 'createdAt'>;

interface Row {
  id: number;
  guild_id: string;
  athlete_id: string;
  from_date: string;
  to_date: string;
  reason: ExcusalReason | null;
  created_by: string;
  created_at: string;
}

function toExcusal(r: Row): Excusal {
  return {
    id: r.id,
    guildId: r.guild_id,
    athleteId: r.athlete_id,
    fromDate: r.from_date,
    toDate: r.to_date,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Answers "is this athlete excused on this date?" from excusals loaded once. */
export interface ExcusalLookup {
  isExcused(guildId: string, athleteId: string, localDate: LocalDate): boolean;
}

export class ExcusalRepository {
  constructor(private readonly db: Db) {}

  add(e: NewExcusal, now: Date): Excusal {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO excusals (guild_id, athlete_id, from_date, to_date, reason, created_by, created_at)
           VALUES (@guildId, @athleteId, @fromDate, @toDate, @reason, @createdBy, @at)`,
        )
        .run({ ...e, at: now.toISOString() }).lastInsertRowid,
    );
    return toExcusal(this.db.prepare<[number], Row>('SELECT * FROM excusals WHERE id = ?').get(id)!);
  }

  /** No prompts, no reminders and no compliance penalty on this team-local date. */
  isExcused(guildId: string, athleteId: string, localDate: LocalDate): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM excusals WHERE guild_id = ? AND athlete_id = ? AND from_date <= ? AND to_date >= ? LIMIT 1')
        .get(guildId, athleteId, localDate, localDate) !== undefined
    );
  }

  /** A team's excusals that overlap from..to (inclusive), earliest first. */
  overlapping(guildId: string, from: LocalDate, to: LocalDate): Excusal[] {
    return this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM excusals WHERE guild_id = ? AND from_date <= ? AND to_date >= ? ORDER BY from_date, athlete_id, id',
      )
      .all(guildId, to, from)
      .map(toExcusal);
  }

  /**
   * For the digest's compliance: each athlete's excused dates within from..to (inclusive).
   * Sessions on these dates are neither prompted nor counted against the athlete.
   */
  excusedDays(guildId: string, from: LocalDate, to: LocalDate): Map<string, Set<LocalDate>> {
    const days = new Map<string, Set<LocalDate>>();
    for (const e of this.overlapping(guildId, from, to)) {
      const set = days.get(e.athleteId) ?? new Set<LocalDate>();
      for (let d = e.fromDate < from ? from : e.fromDate; d <= e.toDate && d <= to; d = addDays(d, 1)) set.add(d);
      days.set(e.athleteId, set);
    }
    return days;
  }

  /** An athlete's excusals, latest first. */
  forAthlete(guildId: string, athleteId: string): Excusal[] {
    return this.db
      .prepare<[string, string], Row>('SELECT * FROM excusals WHERE guild_id = ? AND athlete_id = ? ORDER BY from_date DESC, id DESC')
      .all(guildId, athleteId)
      .map(toExcusal);
  }

  /** Every team's excusals overlapping from..to, loaded once for a scheduler pass. */
  lookup(from: LocalDate, to: LocalDate): ExcusalLookup {
    const byAthlete = new Map<string, Excusal[]>();
    const rows = this.db.prepare<[string, string], Row>('SELECT * FROM excusals WHERE from_date <= ? AND to_date >= ?').all(to, from);
    for (const e of rows.map(toExcusal)) {
      const k = `${e.guildId}|${e.athleteId}`;
      byAthlete.set(k, [...(byAthlete.get(k) ?? []), e]);
    }
    return {
      isExcused: (guildId, athleteId, date) =>
        (byAthlete.get(`${guildId}|${athleteId}`) ?? []).some((e) => e.fromDate <= date && e.toDate >= date),
    };
  }
}
