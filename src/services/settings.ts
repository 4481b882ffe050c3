import { ZodError } from 'zod';
import type { Db } from '../db/database';
import type { StatusThresholds } from '../domain/status';
import type { DateOrder } from '../domain/time';
import { parseLocalTime } from '../domain/when';
import { PAIN_LIMIT_SETTING } from '../domain/pain';
import type { DigestRepository, ThresholdSettings } from '../repositories/digest';
import type { Team, TeamRepository } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

export interface TeamSettingsChange {
  reminderTime?: string | null;
  sessionTime?: string | null;
  digestWeekday?: number | null;
  digestTime?: string | null;
  painLimit?: number | null;
  dateOrder?: DateOrder | null;
  thresholds?: Omit<ThresholdSettings, 'painLimit'>;
}

export interface TeamSettingsView {
  team: Team;
  thresholds: StatusThresholds;
}

/** A team's times and monitoring thresholds: changed together, in one transaction, or not at all. */
export class SettingsService {
  constructor(private readonly deps: { db: Db; teams: TeamRepository; digestRepo: DigestRepository }) {}

  view(team: Team): TeamSettingsView {
    return { team: this.deps.teams.get(team.guildId) ?? team, thresholds: this.deps.digestRepo.thresholds(team.guildId) };
  }

  update(team: Team, typed: TeamSettingsChange, now: Date): Outcome<TeamSettingsView> {
    // Times as coaches type them ("7am", "17.30"); stored as 24-hour HH:MM in the team's zone.
    const change: TeamSettingsChange = { ...typed };
    for (const [label, key] of [
      ['reminder_time', 'reminderTime'],
      ['session_time', 'sessionTime'],
      ['digest_time', 'digestTime'],
    ] as const) {
      const value = typed[key];
      if (value == null) continue;
      const parsed = parseLocalTime(value);
      if (!parsed.ok) return refuse(`${label}: ${parsed.message}`);
      change[key] = parsed.value;
    }
    const { min, max } = PAIN_LIMIT_SETTING;
    if (change.painLimit != null && (!Number.isInteger(change.painLimit) || change.painLimit < min || change.painLimit > max)) {
      return refuse(`The pain limit must be a whole number from ${min} to ${max} (the usual line is 5), so nothing was changed.`);
    }
    const thresholds = Object.fromEntries(Object.entries(change.thresholds ?? {}).filter(([, v]) => v != null)) as Omit<
      ThresholdSettings,
      'painLimit'
    >;
    try {
      this.deps.db.transaction(() => {
        this.deps.teams.updateSettings(
          team.guildId,
          {
            reminderTime: change.reminderTime ?? undefined,
            sessionTime: change.sessionTime ?? undefined,
            digestWeekday: change.digestWeekday ?? undefined,
            digestTime: change.digestTime ?? undefined,
            painLimit: change.painLimit ?? undefined,
            dateOrder: change.dateOrder ?? undefined,
          },
          now,
        );
        this.deps.digestRepo.updateThresholds(team.guildId, thresholds, now);
      })();
    } catch (error) {
      if (error instanceof ZodError || (error instanceof Error && /CHECK constraint/.test(error.message))) {
        return refuse(
          "Those values don't fit together, so nothing was changed: the hard-set minimum must not exceed the maximum, the ACWR low line must be below the high line, and alert lines must be above 0.",
        );
      }
      throw error;
    }
    return ok(this.view(team));
  }
}
