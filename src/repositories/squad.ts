import type { Db } from '../db/database';

export interface Athlete {
  guildId: string;
  userId: string;
  displayName: string;
  groups: string[];
  addedAt: string;
}

interface AthleteRow {
  guild_id: string;
  user_id: string;
  display_name: string;
  added_at: string;
  groups: string | null;
}

const SELECT_ATHLETES = `
  SELECT a.guild_id, a.user_id, a.display_name, a.added_at,
         (SELECT group_concat(g.group_name, char(31)) FROM athlete_groups g
           WHERE g.guild_id = a.guild_id AND g.user_id = a.user_id) AS groups
  FROM athletes a`;

/** An athlete's groups as `group_concat(group_name, char(31))` gives them, in name order. */
export function groupList(joined: string | null): string[] {
  return joined ? joined.split('\u001f').sort((a, b) => a.localeCompare(b)) : [];
}

function toAthlete(row: AthleteRow): Athlete {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    displayName: row.display_name,
    addedAt: row.added_at,
    groups: groupList(row.groups),
  };
}

/** Group names are compared without case (NOCASE column) or surrounding spaces: "Sprinters " is "sprinters". */
export function groupName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

export class SquadRepository {
  constructor(private readonly db: Db) {}

  /** Adds (or brings back) an athlete; with a group, adds them to it. Returns whether they were new to the squad. */
  add(guildId: string, userId: string, displayName: string, rawGroup: string | null, now: Date): { joined: boolean; athlete: Athlete } {
    const group = rawGroup === null ? null : groupName(rawGroup);
    return this.db.transaction(() => {
      const existing = this.db
        .prepare<[string, string], { removed_at: string | null }>('SELECT removed_at FROM athletes WHERE guild_id = ? AND user_id = ?')
        .get(guildId, userId);
      this.db
        .prepare(
          `INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name, removed_at = NULL,
             added_at = CASE WHEN athletes.removed_at IS NULL THEN athletes.added_at ELSE excluded.added_at END`,
        )
        .run(guildId, userId, displayName, now.toISOString());
      if (group) {
        // The group keeps the spelling it was first given ("Sprinters"), whatever the case typed later.
        const spelled =
          this.db
            .prepare<[string, string], { group_name: string }>(
              'SELECT group_name FROM athlete_groups WHERE guild_id = ? AND group_name = ? LIMIT 1',
            )
            .get(guildId, group)?.group_name ?? group;
        this.db
          .prepare('INSERT OR IGNORE INTO athlete_groups (guild_id, user_id, group_name) VALUES (?, ?, ?)')
          .run(guildId, userId, spelled);
      }
      return { joined: !existing || existing.removed_at !== null, athlete: this.get(guildId, userId)! };
    })();
  }

  /** Takes an athlete off the squad (their history stays); returns false if they were not on it. */
  remove(guildId: string, userId: string, now: Date): boolean {
    return this.db.transaction(() => {
      const result = this.db
        .prepare('UPDATE athletes SET removed_at = ? WHERE guild_id = ? AND user_id = ? AND removed_at IS NULL')
        .run(now.toISOString(), guildId, userId);
      this.db.prepare('DELETE FROM athlete_groups WHERE guild_id = ? AND user_id = ?').run(guildId, userId);
      return result.changes > 0;
    })();
  }

  get(guildId: string, userId: string): Athlete | undefined {
    const row = this.db
      .prepare<[string, string], AthleteRow>(`${SELECT_ATHLETES} WHERE a.guild_id = ? AND a.user_id = ? AND a.removed_at IS NULL`)
      .get(guildId, userId);
    return row && toAthlete(row);
  }

  list(guildId: string): Athlete[] {
    return this.db
      .prepare<[string], AthleteRow>(
        `${SELECT_ATHLETES} WHERE a.guild_id = ? AND a.removed_at IS NULL ORDER BY a.display_name COLLATE NOCASE`,
      )
      .all(guildId)
      .map(toAthlete);
  }

  inGroup(guildId: string, group: string): Athlete[] {
    return this.db
      .prepare<[string, string], AthleteRow>(
        `${SELECT_ATHLETES} WHERE a.guild_id = ? AND a.removed_at IS NULL
           AND EXISTS (SELECT 1 FROM athlete_groups g WHERE g.guild_id = a.guild_id AND g.user_id = a.user_id AND g.group_name = ?)
         ORDER BY a.display_name COLLATE NOCASE`,
      )
      .all(guildId, groupName(group))
      .map(toAthlete);
  }

  groups(guildId: string): string[] {
    return this.db
      .prepare<[string], { group_name: string }>(
        'SELECT DISTINCT group_name FROM athlete_groups WHERE guild_id = ? ORDER BY group_name COLLATE NOCASE',
      )
      .all(guildId)
      .map((r) => r.group_name);
  }

  /** Teams whose squad this user is on (a DM carries no server). */
  teamsOf(userId: string): string[] {
    return this.db
      .prepare<[string], { guild_id: string }>('SELECT guild_id FROM athletes WHERE user_id = ? AND removed_at IS NULL')
      .all(userId)
      .map((r) => r.guild_id);
  }
}
