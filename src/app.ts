import type { Clock } from './clock';
import type { Db } from './db/database';
import type { Logger } from './logger';
import { AssignmentRepository } from './repositories/assignments';
import { CheckinRepository } from './repositories/checkins';
import { SquadRepository } from './repositories/squad';
import { TeamRepository } from './repositories/teams';
import { AssignmentService } from './services/assignments';
import { CheckinService } from './services/checkins';
import type { Messenger } from './services/messenger';

/** Everything a command, a button or the scheduler needs, built once at start. */
export interface App {
  db: Db;
  clock: Clock;
  logger: Logger;
  messenger: Messenger;
  teams: TeamRepository;
  squad: SquadRepository;
  assignmentRepo: AssignmentRepository;
  checkinRepo: CheckinRepository;
  assignments: AssignmentService;
  checkins: CheckinService;
}

export function createApp(deps: { db: Db; clock: Clock; logger: Logger; messenger: Messenger }): App {
  const { db, clock, logger, messenger } = deps;
  const teams = new TeamRepository(db);
  const squad = new SquadRepository(db);
  const assignmentRepo = new AssignmentRepository(db);
  const checkinRepo = new CheckinRepository(db);
  return {
    db,
    clock,
    logger,
    messenger,
    teams,
    squad,
    assignmentRepo,
    checkinRepo,
    assignments: new AssignmentService({ squad, assignments: assignmentRepo, messenger, clock, logger }),
    checkins: new CheckinService({ teams, squad, assignments: assignmentRepo, checkins: checkinRepo, messenger, clock, logger }),
  };
}
