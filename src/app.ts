import type { Clock } from './clock';
import type { Db } from './db/database';
import type { Logger } from './logger';
import { Outbox } from './outbox/outbox';
import { InteractionLog } from './repositories/interactions';
import { ScheduleRepository } from './repositories/schedule';
import { AssignmentRepository } from './repositories/assignments';
import { CheckinDraftRepository } from './repositories/checkinDrafts';
import { CheckinRepository } from './repositories/checkins';
import { NordicLogRepository } from './repositories/nordic';
import { OtherTrainingRepository } from './repositories/otherTraining';
import { ReadinessRepository } from './repositories/readiness';
import { DigestRepository } from './repositories/digest';
import { ExcusalRepository } from './repositories/excusals';
import { PainFollowupRepository, SessionAdjustmentRepository } from './repositories/painFollowups';
import { ProgramRepository } from './repositories/programs';
import { AuditRepository, ConsentRepository, PersonalDataRepository } from './repositories/privacy';
import { SquadRepository } from './repositories/squad';
import { TeamRepository } from './repositories/teams';
import { CorrectionRepository } from './repositories/corrections';
import { TeamExerciseRepository, TeamSessionRepository } from './repositories/teamLibrary';
import { AssignmentService } from './services/assignments';
import { CheckinReplyService } from './services/checkinReplies';
import { CheckinService } from './services/checkins';
import { DigestService } from './services/digest';
import { NordicService } from './services/nordic';
import { OtherTrainingService } from './services/otherTraining';
import { ReadinessService } from './services/readiness';
import { PainFollowupService } from './services/painFollowups';
import { PrivacyService } from './services/privacy';
import { ProgramService } from './services/programs';
import { SettingsService } from './services/settings';
import { StatusService } from './services/status';
import { SentLog } from './scheduler/sentLog';
import { SquadService } from './services/squad';
import { TeamService } from './services/teams';
import { ExcusalService } from './services/excusals';
import { CorrectionService } from './services/corrections';
import { TeamSessionService } from './services/teamSessions';
import { heavyReadsOnWorker } from './charts/pool';

/**
 * What commands, buttons, forms and autocomplete see: services only. They decide and validate; the
 * repositories behind them own the SQL, so no handler reads or writes a table itself.
 */
export interface App {
  clock: Clock;
  logger: Logger;
  /** Each server's setup: zone, coach role, channels. */
  teams: TeamService;
  /** Who is in the squad and their groups; adding athletes, with their welcome DM. */
  squad: SquadService;
  assignments: AssignmentService;
  checkins: CheckinService;
  /** The DM check-in conversation: drafts, questions, corrections. */
  checkinReplies: CheckinReplyService;
  programs: ProgramService;
  /** Weekly staff digest, /athlete, /me and /export. */
  digest: DigestService;
  /** Illness / injury excusals: /excuse, and who is excused on a day. */
  excusals: ExcusalService;
  /** Pain follow-ups, regressions of the next session and their undo. */
  pain: PainFollowupService;
  /** Reminder and digest times, pain limit and digest thresholds. */
  settings: SettingsService;
  /** What was delivered, what is waiting and what could not be (/status, the digest). */
  status: StatusService;
  /** All the training (issue 13): other sessions and team sessions, readiness, Nordic reps. */
  otherTraining: OtherTrainingService;
  readiness: ReadinessService;
  nordic: NordicService;
  /** Whiteboard drafts, team sessions and exercises, and the sessions a coach can pick. */
  sessions: TeamSessionService;
  /** Cancel, move, note, swap; excusals ended or removed; check-ins deleted; /pending and nudges. */
  fixes: CorrectionService;
  /** Consent, /privacy show|export|erase, the audit log, retention, the bot or a member leaving. */
  privacy: PrivacyService;
}

/**
 * The whole process, built once at start: the services, and the stores the shell's own machinery
 * reads (the scheduler's tick, the outbox dispatcher and courier, the interaction router). Handlers
 * get it typed as `App`, so a repository is out of their reach.
 */
export interface Runtime extends App {
  db: Db;
  /** Every message the bot owes, written in the same transaction as its cause; see src/outbox. */
  outbox: Outbox;
  /** What the scheduler's due() computations read, for every team at once. */
  schedule: ScheduleRepository;
  /** Interactions already handled (each is processed once). */
  interactions: InteractionLog;
  teamRepo: TeamRepository;
  squadRepo: SquadRepository;
  assignmentRepo: AssignmentRepository;
  checkinRepo: CheckinRepository;
  programRepo: ProgramRepository;
  digestRepo: DigestRepository;
  excusalRepo: ExcusalRepository;
  otherRepo: OtherTrainingRepository;
  readinessRepo: ReadinessRepository;
  nordicRepo: NordicLogRepository;
  /** The team's own sessions and exercises (issue 12). */
  teamSessions: TeamSessionRepository;
  teamExercises: TeamExerciseRepository;
  /** Cancel, move, note and swap assignments; end or remove excusals; delete check-ins; /pending. */
  corrections: CorrectionRepository;
}

export function createApp(deps: { db: Db; clock: Clock; logger: Logger }): Runtime {
  const { db, clock, logger } = deps;
  const outbox = new Outbox(db);
  const teams = new TeamRepository(db);
  const squad = new SquadRepository(db);
  const assignmentRepo = new AssignmentRepository(db);
  const checkinRepo = new CheckinRepository(db);
  const programRepo = new ProgramRepository(db, assignmentRepo);
  const digestRepo = new DigestRepository(db);
  const otherRepo = new OtherTrainingRepository(db);
  const readinessRepo = new ReadinessRepository(db);
  const nordicRepo = new NordicLogRepository(db);
  const teamSessions = new TeamSessionRepository(db);
  const teamExercises = new TeamExerciseRepository(db);
  const corrections = new CorrectionRepository(db);
  const sessions = new TeamSessionService({ sessions: teamSessions, exercises: teamExercises, clock });
  const excusalRepo = new ExcusalRepository(db);
  const interactions = new InteractionLog(db);
  // Another connection cannot see an in-memory database: its heavy reads are done here.
  const heavyReads = db.memory ? undefined : heavyReadsOnWorker(db.name, clock);
  const privacy = new PrivacyService({
    db,
    teams,
    squad,
    consents: new ConsentRepository(db),
    audit: new AuditRepository(db),
    data: new PersonalDataRepository(db),
    outbox,
    clock,
    logger,
    offThread: heavyReads,
  });
  const assignments = new AssignmentService({ squad, assignments: assignmentRepo, db, outbox, clock, logger, sessions, interactions });
  const pain = new PainFollowupService({
    db,
    teams,
    squad,
    assignments: assignmentRepo,
    followups: new PainFollowupRepository(db),
    adjustments: new SessionAdjustmentRepository(db),
    outbox,
    clock,
    logger,
  });
  const nordic = new NordicService({
    db,
    outbox,
    teams,
    squad,
    assignments: assignmentRepo,
    nordic: nordicRepo,
    excusals: excusalRepo,
    clock,
    privacy,
  });
  // A completed Nordic session asks for the reps done, in the check-in's transaction.
  const checkins = new CheckinService({
    teams,
    squad,
    assignments: assignmentRepo,
    checkins: checkinRepo,
    privacy,
    db,
    outbox,
    clock,
    logger,
    onCompleted: (a) => nordic.enqueueRepsQuestion(a),
  });
  return {
    db,
    clock,
    logger,
    outbox,
    interactions,
    schedule: new ScheduleRepository(db),
    teams: new TeamService(teams),
    teamRepo: teams,
    squad: new SquadService({ db, squad, outbox }),
    squadRepo: squad,
    assignmentRepo,
    checkinRepo,
    assignments,
    checkins,
    checkinReplies: new CheckinReplyService({ db, checkins, drafts: new CheckinDraftRepository(db), clock }),
    programRepo,
    programs: new ProgramService({ squad, assignments, assignmentRepo, programs: programRepo, sessions, db, outbox, clock, logger }),
    digestRepo,
    digest: new DigestService({
      repo: digestRepo,
      clock,
      logger,
      allTraining: { other: otherRepo, readiness: readinessRepo, assignments: assignmentRepo, nordic },
      library: (guildId) => sessions.library(guildId),
      consent: (guildId) => privacy.consentLabels(guildId),
      offThread: heavyReads,
    }),
    excusals: new ExcusalService({ excusals: excusalRepo, squad }),
    excusalRepo,
    pain,
    settings: new SettingsService({ db, teams, digestRepo }),
    status: new StatusService({ outbox, sentLog: new SentLog(db) }),
    otherRepo,
    otherTraining: new OtherTrainingService({ db, outbox, teams, squad, other: otherRepo, clock, privacy }),
    readinessRepo,
    readiness: new ReadinessService({ db, outbox, teams, squad, readiness: readinessRepo, clock, privacy }),
    nordicRepo,
    nordic,
    teamSessions,
    teamExercises,
    corrections,
    sessions,
    fixes: new CorrectionService({
      db,
      clock,
      outbox,
      corrections,
      assignments: assignmentRepo,
      excusals: excusalRepo,
      teamSessions: sessions,
    }),
    privacy,
  };
}
