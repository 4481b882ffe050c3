import type { Db } from '../db/database';
import type { DateOrder } from '../domain/time';

export interface Team {
  guildId: string;
  timeZone: string;
  coachRoleId: string;
  staffChannelId: string;
  fallbackChannelId: string | null;
  reminderTime: string;
  sessionTime: string;
  digestWeekday: number;
  digestTime: string;
  painLimit: number;
  /** How the team's coaches write numeric dates: 26/11 or 11/26. */
  dateOrder: DateOrder;
  /** When /setup first ran (UTC instant). */
  createdAt: string;
  /** Check-ins, free text and finished messages older than this are deleted (default 24). */
  retentionMonths: number;
  /** When the bot was removed from the server (nothing is sent; data deleted 30 days later), else null. */
  leftAt: string | null;
}

export type TeamSetup = Pick<Team, 'guildId' | 'timeZone' | 'coachRoleId' | 'staffChannelId' | 'fallbackChannelId'>;

interface TeamRow {
  guild_id: string;
  time_zone: string;
  coach_role_id: string;
  staff_channel_id: string;
  fallback_channel_id: string | null;
  reminder_time: string;
  session_time: string;
  digest_weekday: number;
  digest_time: string;
  pain_limit: number;
  date_order: DateOrder;
  created_at: string;
  retention_months: number;
  left_at: string | null;
}

/** The columns a Team holds (not the digest's thresholds): every interaction reads its team, and each column read costs. */
const TEAM_COLUMNS = `guild_id, time_zone, coach_role_id, staff_channel_id, fallback_channel_id, reminder_time, session_time, digest_weekday,
  digest_time, pain_limit, date_order, created_at, retention_months, left_at`;

export function toTeam(row: TeamRow): Team {
  return {
    guildId: row.guild_id,
    timeZone: row.time_zone,
    coachRoleId: row.coach_role_id,
    staffChannelId: row.staff_channel_id,
    fallbackChannelId: row.fallback_channel_id,
    reminderTime: row.reminder_time,
    sessionTime: row.session_time,
    digestWeekday: row.digest_weekday,
    digestTime: row.digest_time,
    painLimit: row.pain_limit,
    dateOrder: row.date_order,
    createdAt: row.created_at,
    retentionMonths: row.retention_months,
    leftAt: row.left_at,
  };
}

export class TeamRepository {
  constructor(private readonly db: Db) {}

  get(guildId: string): Team | undefined {
    const row = this.db.prepare<[string], TeamRow>(`SELECT ${TEAM_COLUMNS} FROM teams WHERE guild_id = ?`).get(guildId);
    return row && toTeam(row);
  }

  all(): Team[] {
    return this.db.prepare<[], TeamRow>(`SELECT ${TEAM_COLUMNS} FROM teams ORDER BY guild_id`).all().map(toTeam);
  }

  /** Creates the team or updates its set-up; other settings keep their values. */
  save(setup: TeamSetup, now: Date): Team {
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, fallback_channel_id, created_at, updated_at)
         VALUES (@guildId, @timeZone, @coachRoleId, @staffChannelId, @fallbackChannelId, @at, @at)
         ON CONFLICT (guild_id) DO UPDATE SET
           time_zone = excluded.time_zone, coach_role_id = excluded.coach_role_id,
           staff_channel_id = excluded.staff_channel_id, fallback_channel_id = excluded.fallback_channel_id,
           updated_at = excluded.updated_at`,
      )
      .run({ ...setup, at });
    return this.get(setup.guildId)!;
  }

  /** The bot was removed from the server (GUILD_DELETE); false if the team was unknown or already marked. */
  markLeft(guildId: string, now: Date): boolean {
    return (
      this.db.prepare('UPDATE teams SET left_at = ? WHERE guild_id = ? AND left_at IS NULL').run(now.toISOString(), guildId).changes === 1
    );
  }

  /** The bot is back in the server before its data was deleted. */
  markBack(guildId: string): boolean {
    return this.db.prepare('UPDATE teams SET left_at = NULL WHERE guild_id = ? AND left_at IS NOT NULL').run(guildId).changes === 1;
  }

  setRetention(guildId: string, months: number, now: Date): void {
    this.db.prepare('UPDATE teams SET retention_months = ?, updated_at = ? WHERE guild_id = ?').run(months, now.toISOString(), guildId);
  }

  updateSettings(
    guildId: string,
    settings: Partial<Pick<Team, 'reminderTime' | 'sessionTime' | 'digestWeekday' | 'digestTime' | 'painLimit' | 'dateOrder'>>,
    now: Date,
  ): void {
    const columns: Record<string, string> = {
      reminderTime: 'reminder_time',
      sessionTime: 'session_time',
      digestWeekday: 'digest_weekday',
      digestTime: 'digest_time',
      painLimit: 'pain_limit',
      dateOrder: 'date_order',
    };
    const entries = Object.entries(settings).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${columns[key]} = @${key}`).join(', ');
    this.db
      .prepare(`UPDATE teams SET ${sets}, updated_at = @at WHERE guild_id = @guildId`)
      .run({ ...Object.fromEntries(entries), at: now.toISOString(), guildId });
  }
}
