import type { Db } from '../db/database';
import type { OtherSessionLoad, OtherSessionType } from '../domain/otherTraining';
import type { LocalDate } from '../domain/time';

export type OtherSessionSource = 'command' | 'dm_reply' | 'team_session';

/** Training the bot did not assign: logged by the athlete, or a team session waiting for (or with) their RPE. */
export interface OtherSession {
  id: number;
  guildId: string;
  athleteId: string;
  type: OtherSessionType;
  sessionDate: LocalDate;
  /** Null only for a team session the athlete has not rated yet. */
  rpe: number | null;
  minutes: number;
  pain: number | null;
  loadAu: number | null;
  teamSessionId: number | null;
  source: OtherSessionSource;
  loggedBy: string;
  createdAt: string;
  ratedAt: string | null;
}

export interface TeamSession {
  id: number;
  guildId: string;
  type: OtherSessionType;
  sessionDate: LocalDate;
  endsAt: string;
  minutes: number;
  groupName: string | null;
  createdBy: string;
  createdAt: string;
}

export type NewOtherSession = Pick<OtherSession, 'guildId' | 'athleteId' | 'type' | 'sessionDate' | 'minutes' | 'pain' | 'loggedBy'> & {
  rpe: number;
  source: Exclude<OtherSessionSource, 'team_session'>;
};
export type NewTeamSession = Omit<TeamSession, 'id' | 'createdAt' | 'endsAt'> & { endsAt: Date };

interface Row {
  id: number;
  guild_id: string;
  athlete_id: string;
  type: OtherSessionType;
  session_date: string;
  rpe: number | null;
  minutes: number;
  pain: number | null;
  load_au: number | null;
  team_session_id: number | null;
  source: OtherSessionSource;
  logged_by: string;
  created_at: string;
  rated_at: string | null;
}

interface TeamRow {
  id: number;
  guild_id: string;
  type: OtherSessionType;
  session_date: string;
  ends_at: string;
  minutes: number;
  group_name: string | null;
  created_by: string;
  created_at: string;
}

const toSession = (r: Row): OtherSession => ({
  id: r.id,
  guildId: r.guild_id,
  athleteId: r.athlete_id,
  type: r.type,
  sessionDate: r.session_date,
  rpe: r.rpe,
  minutes: r.minutes,
  pain: r.pain,
  loadAu: r.load_au,
  teamSessionId: r.team_session_id,
  source: r.source,
  loggedBy: r.logged_by,
  createdAt: r.created_at,
  ratedAt: r.rated_at,
});

const toTeamSession = (r: TeamRow): TeamSession => ({
  id: r.id,
  guildId: r.guild_id,
  type: r.type,
  sessionDate: r.session_date,
  endsAt: r.ends_at,
  minutes: r.minutes,
  groupName: r.group_name,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The rated sessions as the load domain reads them (src/domain/otherTraining.ts). */
export function ratedLoads(sessions: readonly OtherSession[]): OtherSessionLoad[] {
  return sessions.flatMap((s) =>
    s.rpe === null ? [] : [{ localDate: s.sessionDate, type: s.type, rpe: s.rpe, minutes: s.minutes, pain: s.pain }],
  );
}

export class OtherTrainingRepository {
  constructor(private readonly db: Db) {}

  log(entry: NewOtherSession, now: Date): OtherSession {
    const at = now.toISOString();
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, pain, source, logged_by, created_at, rated_at)
         VALUES (@guildId, @athleteId, @type, @sessionDate, @rpe, @minutes, @pain, @source, @loggedBy, @at, @at)`,
      )
      .run({ ...entry, at });
    return this.get(entry.guildId, Number(lastInsertRowid))!;
  }

  get(guildId: string, id: number): OtherSession | undefined {
    const row = this.db.prepare<[string, number], Row>('SELECT * FROM other_sessions WHERE guild_id = ? AND id = ?').get(guildId, id);
    return row && toSession(row);
  }

  /** A team session and one unrated row per athlete in it, in one transaction. */
  createTeamSession(
    session: NewTeamSession,
    athleteIds: readonly string[],
    now: Date,
  ): { teamSession: TeamSession; sessions: OtherSession[] } {
    const at = now.toISOString();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO team_sessions (guild_id, type, session_date, ends_at, minutes, group_name, created_by, created_at)
           VALUES (@guildId, @type, @sessionDate, @endsAt, @minutes, @groupName, @createdBy, @at)`,
        )
        .run({ ...session, endsAt: session.endsAt.toISOString(), at });
      const teamSessionId = Number(lastInsertRowid);
      const insert = this.db.prepare(
        `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, pain, team_session_id, source, logged_by, created_at)
         VALUES (?, ?, ?, ?, NULL, ?, NULL, ?, 'team_session', ?, ?)`,
      );
      for (const athleteId of athleteIds) {
        insert.run(session.guildId, athleteId, session.type, session.sessionDate, session.minutes, teamSessionId, session.createdBy, at);
      }
      return {
        teamSession: this.teamSession(session.guildId, teamSessionId)!,
        sessions: this.forTeamSession(session.guildId, teamSessionId),
      };
    })();
  }

  teamSession(guildId: string, id: number): TeamSession | undefined {
    const row = this.db.prepare<[string, number], TeamRow>('SELECT * FROM team_sessions WHERE guild_id = ? AND id = ?').get(guildId, id);
    return row && toTeamSession(row);
  }

  forTeamSession(guildId: string, teamSessionId: number): OtherSession[] {
    return this.db
      .prepare<[string, number], Row>('SELECT * FROM other_sessions WHERE guild_id = ? AND team_session_id = ? ORDER BY athlete_id')
      .all(guildId, teamSessionId)
      .map(toSession);
  }

  /** The athlete's RPE for a team session (rating again corrects it). Undefined if it isn't theirs. */
  rate(guildId: string, athleteId: string, id: number, rpe: number, now: Date): OtherSession | undefined {
    const changed = this.db
      .prepare('UPDATE other_sessions SET rpe = ?, rated_at = ? WHERE guild_id = ? AND athlete_id = ? AND id = ?')
      .run(rpe, now.toISOString(), guildId, athleteId, id).changes;
    return changed === 1 ? this.get(guildId, id) : undefined;
  }

  /** A user's team sessions still waiting for their RPE, in any team, latest first (a DM carries no server). */
  awaitingRatingForUser(athleteId: string, fromDate: LocalDate): OtherSession[] {
    return this.db
      .prepare<[string, string], Row>(
        `SELECT * FROM other_sessions WHERE athlete_id = ? AND rpe IS NULL AND session_date >= ? ORDER BY session_date DESC, id DESC`,
      )
      .all(athleteId, fromDate)
      .map(toSession);
  }

  /** An athlete's other sessions dated from..to (inclusive), earliest first. */
  forAthlete(guildId: string, athleteId: string, from: LocalDate, to: LocalDate): OtherSession[] {
    return this.db
      .prepare<[string, string, string, string], Row>(
        'SELECT * FROM other_sessions WHERE guild_id = ? AND athlete_id = ? AND session_date BETWEEN ? AND ? ORDER BY session_date, id',
      )
      .all(guildId, athleteId, from, to)
      .map(toSession);
  }

  /** The team's other sessions dated from..to (inclusive), for the digest, charts and CSV. */
  forTeam(guildId: string, from: LocalDate, to: LocalDate): OtherSession[] {
    return this.db
      .prepare<[string, string, string], Row>(
        'SELECT * FROM other_sessions WHERE guild_id = ? AND session_date BETWEEN ? AND ? ORDER BY session_date, athlete_id, id',
      )
      .all(guildId, from, to)
      .map(toSession);
  }

  /** Team sessions (all teams) that ended in [from, to): the RPE prompt job's candidates. */
  teamSessionsEndedBetween(from: Date, to: Date): TeamSession[] {
    return this.db
      .prepare<[string, string], TeamRow>('SELECT * FROM team_sessions WHERE ends_at >= ? AND ends_at < ? ORDER BY ends_at, id')
      .all(from.toISOString(), to.toISOString())
      .map(toTeamSession);
  }
}
