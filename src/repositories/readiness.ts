import type { Db } from '../db/database';
import type { ReadinessTeam } from '../domain/allTrainingSchedule';
import { READINESS_DEFAULT_THRESHOLD, type DatedReadiness, type ReadinessAnswers } from '../domain/readiness';
import type { LocalDate } from '../domain/time';

export interface ReadinessSettings {
  enabled: boolean;
  /** Total z-score below which staff are told (default -1.5). */
  threshold: number;
  /** Local HH:MM to ask on training days; null = with the session reminder. */
  askTime: string | null;
}

export const DEFAULT_READINESS_SETTINGS: ReadinessSettings = { enabled: false, threshold: READINESS_DEFAULT_THRESHOLD, askTime: null };

export type ReadinessSource = 'buttons' | 'dm_reply' | 'command';

export interface StoredReadiness extends DatedReadiness {
  athleteId: string;
  assignmentId: number | null;
  source: ReadinessSource;
  answeredAt: string;
}

interface Row {
  athlete_id: string;
  answer_date: string;
  sleep: number;
  fatigue: number;
  soreness: number;
  stress: number;
  mood: number;
  assignment_id: number | null;
  source: ReadinessSource;
  answered_at: string;
}

const toStored = (r: Row): StoredReadiness => ({
  athleteId: r.athlete_id,
  localDate: r.answer_date,
  answers: { sleep: r.sleep, fatigue: r.fatigue, soreness: r.soreness, stress: r.stress, mood: r.mood },
  assignmentId: r.assignment_id,
  source: r.source,
  answeredAt: r.answered_at,
});

export class ReadinessRepository {
  constructor(private readonly db: Db) {}

  settings(guildId: string): ReadinessSettings {
    const row = this.db
      .prepare<[string], { enabled: number; threshold: number; ask_time: string | null }>(
        'SELECT enabled, threshold, ask_time FROM readiness_settings WHERE guild_id = ?',
      )
      .get(guildId);
    return row ? { enabled: row.enabled === 1, threshold: row.threshold, askTime: row.ask_time } : { ...DEFAULT_READINESS_SETTINGS };
  }

  saveSettings(guildId: string, changes: Partial<ReadinessSettings>, now: Date): ReadinessSettings {
    const next = { ...this.settings(guildId), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    this.db
      .prepare(
        `INSERT INTO readiness_settings (guild_id, enabled, threshold, ask_time, updated_at) VALUES (@guildId, @enabled, @threshold, @askTime, @at)
         ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled, threshold = excluded.threshold, ask_time = excluded.ask_time, updated_at = excluded.updated_at`,
      )
      .run({ guildId, enabled: next.enabled ? 1 : 0, threshold: next.threshold, askTime: next.askTime, at: now.toISOString() });
    return next;
  }

  /** Teams with the check turned on (the readiness job walks these). */
  enabledTeams(): string[] {
    return this.db
      .prepare<[], { guild_id: string }>('SELECT guild_id FROM readiness_settings WHERE enabled = 1 ORDER BY guild_id')
      .all()
      .map((r) => r.guild_id);
  }

  /** One answer per athlete per local day: answering again the same day replaces it. */
  saveAnswer(
    entry: {
      guildId: string;
      athleteId: string;
      localDate: LocalDate;
      answers: ReadinessAnswers;
      assignmentId: number | null;
      source: ReadinessSource;
    },
    now: Date,
  ): { replaced: boolean } {
    return this.db.transaction(() => {
      const replaced =
        this.db
          .prepare('SELECT 1 FROM readiness_answers WHERE guild_id = ? AND athlete_id = ? AND answer_date = ?')
          .get(entry.guildId, entry.athleteId, entry.localDate) !== undefined;
      this.db
        .prepare(
          `INSERT INTO readiness_answers (guild_id, athlete_id, answer_date, sleep, fatigue, soreness, stress, mood, assignment_id, source, answered_at)
           VALUES (@guildId, @athleteId, @localDate, @sleep, @fatigue, @soreness, @stress, @mood, @assignmentId, @source, @at)
           ON CONFLICT (guild_id, athlete_id, answer_date) DO UPDATE SET
             sleep = excluded.sleep, fatigue = excluded.fatigue, soreness = excluded.soreness, stress = excluded.stress, mood = excluded.mood,
             assignment_id = COALESCE(excluded.assignment_id, assignment_id), source = excluded.source, answered_at = excluded.answered_at`,
        )
        .run({ ...entry, ...entry.answers, at: now.toISOString() });
      return { replaced };
    })();
  }

  /** An athlete's answers dated from..to (inclusive), earliest first. */
  forAthlete(guildId: string, athleteId: string, from: LocalDate, to: LocalDate): StoredReadiness[] {
    return this.db
      .prepare<[string, string, string, string], Row>(
        'SELECT * FROM readiness_answers WHERE guild_id = ? AND athlete_id = ? AND answer_date BETWEEN ? AND ? ORDER BY answer_date',
      )
      .all(guildId, athleteId, from, to)
      .map(toStored);
  }

  /** The team's answers dated from..to (inclusive), for the digest and charts. */
  forTeam(guildId: string, from: LocalDate, to: LocalDate): StoredReadiness[] {
    return this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM readiness_answers WHERE guild_id = ? AND answer_date BETWEEN ? AND ? ORDER BY athlete_id, answer_date',
      )
      .all(guildId, from, to)
      .map(toStored);
  }

  /** Teams with the check on, as the readiness due() reads them. */
  teamsAsking(): ReadinessTeam[] {
    return this.db
      .prepare<[], { guild_id: string; time_zone: string; reminder_time: string; ask_time: string | null }>(
        `SELECT t.guild_id, t.time_zone, t.reminder_time, r.ask_time FROM readiness_settings r JOIN teams t ON t.guild_id = r.guild_id WHERE r.enabled = 1 ORDER BY t.guild_id`,
      )
      .all()
      .map((r) => ({ guildId: r.guild_id, timeZone: r.time_zone, reminderTime: r.reminder_time, enabled: true, askTime: r.ask_time }));
  }
}
