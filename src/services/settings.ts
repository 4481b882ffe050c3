import { ZodError } from 'zod';
import type { Db } from '../db/database';
import type { StatusThresholds } from '../domain/status';
import { PAIN_LIMIT_SETTING } from '../domain/pain';
import { isValidLocalTime } from '../domain/time';
import type { DigestRepository, ThresholdSettings } from '../repositories/digest';
import type { Team, TeamRepository } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

export interface TeamSettingsChange {
  reminderTime?: string | null;
  sessionTime?: string | null;
  digestWeekday?: number | null;
  digestTime?: string | null;
  painLimit?: number | null;
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

  update(team: Team, change: TeamSettingsChange, now: Date): Outcome<TeamSettingsView> {
    for (const [label, value] of [
      ['reminder_time', change.reminderTime],
      ['session_time', change.sessionTime],
      ['digest_time', change.digestTime],
    ] as const) {
      if (value != null && !isValidLocalTime(value)) return refuse(`${label} "${value}" isn't a time I can read. Use 24-hour HH:MM, e.g. 07:30.`);
    }
    const { min, max } = PAIN_LIMIT_SETTING;
    if (change.painLimit != null && (!Number.isInteger(change.painLimit) || change.painLimit < min || change.painLimit > max)) {
      return refuse(`The pain limit must be a whole number from ${min} to ${max} (the usual line is 5), so nothing was changed.`);
    }
    const thresholds = Object.fromEntries(Object.entries(change.thresholds ?? {}).filter(([, v]) => v != null)) as Omit<ThresholdSettings, 'painLimit'>;
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
          },
          now,
        );
        this.deps.digestRepo.updateThresholds(team.guildId, thresholds, now);
      })();
    } catch (error) {
      if (error instanceof ZodError || (error instanceof Error && /CHECK constraint/.test(error.message))) {
        return refuse(
          'Those values don\'t fit together, so nothing was changed: the hard-set minimum must not exceed the maximum, the ACWR low line must be below the high line, and alert lines must be above 0.',
        );
      }
      throw error;
    }
    return ok(this.view(team));
  }
}
