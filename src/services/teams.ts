import type { Team, TeamRepository, TeamSetup } from '../repositories/teams';

/** The teams Backline serves: what commands, buttons and the scheduler read of a server's setup. */
export class TeamService {
  constructor(private readonly teams: TeamRepository) {}

  get(guildId: string): Team | undefined {
    return this.teams.get(guildId);
  }

  all(): Team[] {
    return this.teams.all();
  }

  /** /setup: creates the team or changes its zone, coach role and channels. */
  save(setup: TeamSetup, now: Date): Team {
    return this.teams.save(setup, now);
  }
}
