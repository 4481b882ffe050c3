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
import { CorrectionService } from './services/corrections';
import { TeamSessionService } from './services/teamSessions';

/** Everything a command, a button or the scheduler needs, built once at start. */
export interface App {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Every message the bot owes, written in the same transaction as its cause; see src/outbox. */
  outbox: Outbox;
  /** What the scheduler's due() computations read, for every team at once. */
  schedule: ScheduleRepository;
  /** Interactions already handled (each is processed once). */
  interactions: InteractionLog;
  teams: TeamRepository;
  squad: SquadRepository;
  assignmentRepo: AssignmentRepository;
  checkinRepo: CheckinRepository;
  assignments: AssignmentService;
  checkins: CheckinService;
  /** The DM check-in conversation: drafts, questions, corrections. */
  checkinReplies: CheckinReplyService;
  /** Adding athletes, with their welcome DM. */
  squadService: SquadService;
  programRepo: ProgramRepository;
  programs: ProgramService;
  digestRepo: DigestRepository;
  /** Weekly staff digest, /athlete, /me and /export. */
  digest: DigestService;
  /** Illness / injury excusals: isExcused(guildId, athleteId, localDate), excusedDays(...) for compliance. */
  excusals: ExcusalRepository;
  /** Pain follow-ups, regressions of the next session and their undo. */
  pain: PainFollowupService;
  /** Reminder and digest times, pain limit and digest thresholds. */
  settings: SettingsService;
  /** What was delivered, what is waiting and what could not be (/status, the digest). */
  status: StatusService;
  /** All the training (issue 13): other sessions and team sessions, readiness, Nordic reps. */
  otherRepo: OtherTrainingRepository;
  otherTraining: OtherTrainingService;
  readinessRepo: ReadinessRepository;
  readiness: ReadinessService;
  nordicRepo: NordicLogRepository;
  nordic: NordicService;
  /** The team's own sessions and exercises (issue 12). */
  teamSessions: TeamSessionRepository;
  teamExercises: TeamExerciseRepository;
  /** Cancel, move, note and swap assignments; end or remove excusals; delete check-ins; /pending. */
  corrections: CorrectionRepository;
  /** Whiteboard drafts, team sessions and exercises, and the sessions a coach can pick. */
  sessions: TeamSessionService;
  /** Cancel, move, note, swap; excusals ended or removed; check-ins deleted; /pending and nudges. */
  fixes: CorrectionService;
  /** Consent, /privacy show|export|erase, the audit log, retention, the bot or a member leaving. */
  privacy: PrivacyService;
}

export function createApp(deps: { db: Db; clock: Clock; logger: Logger }): App {
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
  const excusals = new ExcusalRepository(db);
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
  });
  const assignments = new AssignmentService({ squad, assignments: assignmentRepo, db, outbox, clock, logger, sessions });
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
  const nordic = new NordicService({ db, outbox, teams, squad, assignments: assignmentRepo, nordic: nordicRepo, excusals, clock, privacy });
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
    interactions: new InteractionLog(db),
    schedule: new ScheduleRepository(db),
    teams,
    squad,
    assignmentRepo,
    checkinRepo,
    assignments,
    checkins,
    checkinReplies: new CheckinReplyService({ db, checkins, drafts: new CheckinDraftRepository(db), clock }),
    squadService: new SquadService({ db, squad, outbox }),
    programRepo,
    programs: new ProgramService({ squad, assignments, assignmentRepo, programs: programRepo, db, outbox, clock, logger }),
    digestRepo,
    digest: new DigestService({
      repo: digestRepo,
      clock,
      logger,
      allTraining: { other: otherRepo, readiness: readinessRepo, assignments: assignmentRepo, nordic },
      library: (guildId) => sessions.library(guildId),
      consent: (guildId) => privacy.consentLabels(guildId),
    }),
    excusals,
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
    fixes: new CorrectionService({ db, clock, outbox, corrections, assignments: assignmentRepo, excusals, teamSessions: sessions }),
    privacy,
  };
}
