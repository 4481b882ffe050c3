import { onWorkerOrHere, type FromWorker } from './offThread';
import { stringify } from 'csv-stringify/sync';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import {
  consentLabel,
  DEFAULT_RETENTION_MONTHS,
  GUILD_LEFT_GRACE_DAYS,
  MAX_RETENTION_MONTHS,
  MIN_RETENTION_MONTHS,
  retentionCutoff,
  storesReports,
  teamsDueForDeletion,
  type Consent,
  type ConsentState,
} from '../domain/privacy';
import { localDateOf } from '../domain/time';
import type { DirectNotice, NoticeButton } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { AuditAction, AuditEntry, AuditRepository, ConsentRepository, PersonalDataRepository, Row } from '../repositories/privacy';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

const DAY_MS = 86_400_000;

/** What each table holds, in the athlete's words; a table without a label is shown by its name, so nothing stored is hidden. */
const WHAT_IS_STORED: Record<string, string> = {
  athletes: 'Squad membership (your display name, when you joined or left)',
  athlete_groups: 'Your training groups',
  consents: 'Your consent answer and when you gave it',
  assignments: 'Sessions assigned to you (date, exercises, coach note)',
  checkins: 'Check-ins: RPE, minutes, pain and pain area, notes, reasons for a missed session',
  programs: 'Programs you follow',
  excusals: 'Days you were excused (illness or injury)',
  pain_followups: 'Pain follow-up questions and your answers',
  session_adjustments: 'Sessions eased after pain, with the original plan',
  notifications: 'Reminders the bot sent you (when and what kind, not their text)',
  outbox: 'Messages to you, or to staff about you, with their text',
  audit_log: 'Coach actions about you (e.g. a session assigned, an excusal)',
  interactions_seen: 'Your recent commands and button presses (kept briefly, so each is answered once)',
  checkin_drafts: 'A check-in you started by DM and have not finished (deleted after 12 hours)',
  other_sessions: 'Other training you logged or were rated for (practice, match, conditioning): RPE, minutes, pain',
  readiness_answers: 'Readiness answers (sleep, fatigue, soreness, stress, mood)',
  nordic_logs: 'Nordic reps per set and lowering quality',
};

export interface StoredCategory {
  table: string;
  what: string;
  rows: number;
}

export interface PrivacySummary {
  team: Team;
  consent: Consent | null;
  consentLabel: string;
  categories: StoredCategory[];
  retentionMonths: number;
}

export interface PrivacyExport {
  summary: PrivacySummary;
  /** Every row about the athlete, by table. */
  json: string;
  /** The same rows, long format: table, row, field, value. */
  csv: string;
}

/** Custom-id prefix of the consent buttons (handled in src/discord/components/consent.ts). */
export const CONSENT_PREFIX = 'consent';
export interface ConsentAnswer {
  answer: 'agree' | 'decline' | 'withdraw';
  guildId: string;
}
export const consentIds = {
  agree: (guildId: string) => `${CONSENT_PREFIX}:agree:${guildId}`,
  decline: (guildId: string) => `${CONSENT_PREFIX}:decline:${guildId}`,
  withdraw: (guildId: string) => `${CONSENT_PREFIX}:withdraw:${guildId}`,
} as const;

/** A Discord id (server or user) as a custom id carries it. */
const SNOWFLAKE = /^\d{17,20}$/;

/** consent:<agree|decline|withdraw>:<guildId>, as welcome DMs sent long ago still carry it. */
export function parseConsentId(customId: string): ConsentAnswer | undefined {
  const m = /^consent:(agree|decline|withdraw):(\d+)$/.exec(customId);
  if (!m || !SNOWFLAKE.test(m[2]!)) return undefined;
  return { answer: m[1] as ConsentAnswer['answer'], guildId: m[2]! };
}

/** The erase confirmations (handled in src/discord/components/consent.ts). */
export const ERASE_PREFIX = 'erase';
/** The clicker's own data, or (coaches) an athlete's. */
export type EraseTarget = { kind: 'self'; guildId: string } | { kind: 'athlete'; guildId: string; athleteId: string };
export const eraseIds = {
  self: (guildId: string) => `${ERASE_PREFIX}:self:${guildId}`,
  athlete: (guildId: string, athleteId: string) => `${ERASE_PREFIX}:athlete:${guildId}:${athleteId}`,
} as const;

/** erase:self:<guildId> | erase:athlete:<guildId>:<athleteId>. */
export function parseEraseId(customId: string): EraseTarget | undefined {
  const self = /^erase:self:(\d+)$/.exec(customId);
  if (self) return SNOWFLAKE.test(self[1]!) ? { kind: 'self', guildId: self[1]! } : undefined;
  const athlete = /^erase:athlete:(\d+):(\d+)$/.exec(customId);
  if (!athlete || !SNOWFLAKE.test(athlete[1]!) || !SNOWFLAKE.test(athlete[2]!)) return undefined;
  return { kind: 'athlete', guildId: athlete[1]!, athleteId: athlete[2]! };
}

export function consentButtons(guildId: string): NoticeButton[] {
  return [
    { customId: consentIds.agree(guildId), label: 'I agree', style: 'success' },
    { customId: consentIds.decline(guildId), label: 'No thanks', style: 'secondary' },
  ];
}

/**
 * The consent part of the welcome DM (issue 9 puts it in the welcome message): what is stored,
 * who sees it, how long, and how to get or erase it; with "I agree" / "No thanks".
 */
export function consentNotice(
  team: Pick<Team, 'guildId' | 'retentionMonths'>,
  o: { teamName?: string; readiness?: boolean } = {},
): DirectNotice {
  const stored = ['your RPE (how hard a session felt)', 'minutes trained', 'pain (0-10) and where', 'your notes'];
  if (o.readiness) stored.push('your readiness answers');
  return {
    text: [
      `**Your data${o.teamName ? ` with ${o.teamName}` : ''}**`,
      `When you log a session, Backline stores ${stored.join(', ')}.`,
      "Who sees it: you, and your team's staff (coaches) in their private channel. Nobody else.",
      `How long: ${team.retentionMonths} months, then it is deleted. If the bot leaves the server, everything is deleted 30 days later.`,
      'Your rights: `/privacy show` lists what is stored, `/privacy export` sends you all of it, `/privacy erase` deletes it. You can withdraw consent at any time with `/privacy consent`.',
      "Without your consent you still get sessions and reminders, but nothing you report is stored and your coach won't see it.",
    ].join('\n'),
    buttons: consentButtons(team.guildId),
  };
}

export class PrivacyService {
  constructor(
    private readonly deps: {
      db: Db;
      teams: TeamRepository;
      squad: SquadRepository;
      consents: ConsentRepository;
      audit: AuditRepository;
      data: PersonalDataRepository;
      outbox: Outbox;
      clock: Clock;
      logger: Logger;
      /** `export` done off the bot's thread (createApp: on a chart worker, for a database file), or why it could not be. */
      offThread?: { privacyExport(guildId: string, userId: string): Promise<FromWorker<Outcome<PrivacyExport>>> };
    },
  ) {}

  /** The athlete's answer, or null (not answered): check-ins are stored only with "given". */
  consentOf(guildId: string, athleteId: string): Consent | null {
    return this.deps.consents.get(guildId, athleteId);
  }

  /** For the digest and /athlete: each athlete's consent, in staff's words ("no consent"). */
  consentLabels(guildId: string): Map<string, { stored: boolean; label: string }> {
    const answers = this.deps.consents.forTeam(guildId);
    return new Map(
      this.deps.squad
        .list(guildId)
        .map((a) => [
          a.userId,
          { stored: storesReports(answers.get(a.userId) ?? null), label: consentLabel(answers.get(a.userId) ?? null) },
        ]),
    );
  }

  /**
   * Why a check-in can't be stored, kindly, or null if it can. The session itself stays: the
   * athlete still gets sessions and reminders.
   */
  refusalToStore(guildId: string, athleteId: string): string | null {
    const consent = this.consentOf(guildId, athleteId);
    if (storesReports(consent)) return null;
    const why =
      consent?.state === 'withdrawn'
        ? 'You withdrew your consent'
        : consent?.state === 'declined'
          ? 'You chose not to share your data'
          : "You haven't agreed to share your data yet";
    return `${why}, so Backline doesn't store check-ins for you and your coach won't see this one. You still get your sessions. To share from now on, run \`/privacy consent\` and choose "I agree".`;
  }

  /** "I agree", "No thanks" or withdrawing; recorded and audited in one transaction. */
  setConsent(guildId: string, athleteId: string, state: ConsentState): Outcome<{ team: Team; before: Consent | null; message: string }> {
    const team = this.deps.teams.get(guildId);
    if (!team || !this.deps.squad.get(guildId, athleteId))
      return refuse("You're not on this team's squad, so there is nothing to agree to here.");
    const now = this.deps.clock.now();
    const before = this.deps.db.transaction(() => {
      const previous = this.deps.consents.set(guildId, athleteId, state, now);
      if (previous?.state !== state) this.deps.audit.record({ guildId, actorId: null, action: 'consent', athleteId, detail: state }, now);
      return previous;
    })();
    const message =
      state === 'given'
        ? 'Thanks. Your check-ins will be stored and your coaches will see them. You can withdraw at any time with `/privacy consent`.'
        : state === 'declined'
          ? "Understood: nothing you report will be stored. You'll still get your sessions and reminders. You can change your mind with `/privacy consent`."
          : 'Consent withdrawn: nothing you report from now on will be stored. What was stored before stays until you erase it with `/privacy erase` or it ages out.';
    return ok({ team, before, message });
  }

  /** What is stored about this person in this team (athletes see their own). */
  show(guildId: string, userId: string): Outcome<PrivacySummary> {
    const team = this.deps.teams.get(guildId);
    if (!team) return refuse("Backline isn't set up on this server yet, so nothing is stored about you here.");
    const counts = this.deps.data.countsAbout(guildId, userId);
    const consent = this.consentOf(guildId, userId);
    return ok({
      team,
      consent,
      consentLabel: consentLabel(consent),
      retentionMonths: team.retentionMonths,
      categories: Object.entries(counts).map(([table, rows]) => ({ table, what: WHAT_IS_STORED[table] ?? table, rows })),
    });
  }

  /** All of it, as JSON and CSV; the same tables and rows `show` counts. */
  export(guildId: string, userId: string): Outcome<PrivacyExport> {
    return this.deps.db.transaction((): Outcome<PrivacyExport> => {
      const summary = this.show(guildId, userId);
      if (!summary.ok) return summary;
      const rows = this.deps.data.rowsAbout(guildId, userId);
      const json = JSON.stringify({ team: guildId, person: userId, exportedAt: this.deps.clock.now().toISOString(), data: rows }, null, 2);
      return ok({ summary: summary.value, json, csv: longCsv(rows) });
    })();
  }

  /** /privacy export: `export`, made off the bot's thread when the app can (190 ms at five years of history), or here if the worker fails. */
  exportData(guildId: string, userId: string): Promise<Outcome<PrivacyExport>> {
    const { offThread, logger } = this.deps;
    return onWorkerOrHere(
      offThread && (() => offThread.privacyExport(guildId, userId)),
      () => this.export(guildId, userId),
      (errors) => logger.warn({ guildId, errors }, 'data export failed on the worker; made in-process'),
    );
  }

  /**
   * Deletes every row about `athleteId` in this team in one transaction and tells the staff
   * channel, without content. `by` is the coach erasing a removed athlete, or null for the athlete.
   */
  erase(guildId: string, athleteId: string, by: { coachId: string } | null): Outcome<{ rows: number }> {
    const team = this.deps.teams.get(guildId);
    if (!team) return refuse("Backline isn't set up on this server, so nothing is stored here.");
    if (by && this.deps.squad.get(guildId, athleteId)) {
      return refuse(
        `<@${athleteId}> is still on the squad. Remove them with \`/squad remove\` first, or ask them to run \`/privacy erase\` themselves.`,
      );
    }
    const now = this.deps.clock.now();
    const rows = this.deps.db.transaction(() => {
      const deleted = Object.values(this.deps.data.eraseAbout(guildId, athleteId)).reduce((a, b) => a + b, 0);
      if (deleted === 0) return 0;
      // The record of an erasure names nobody erased: it would be data about them.
      this.deps.audit.record(
        {
          guildId,
          actorId: by?.coachId ?? null,
          action: 'erase',
          athleteId: null,
          detail: by ? "a former athlete's data" : "an athlete's own request",
        },
        now,
      );
      this.deps.outbox.enqueue(
        {
          guildId,
          purpose: 'erasure',
          target: { to: 'staff' },
          body: {
            type: 'staffNotice',
            notice: {
              title: 'Athlete data erased',
              lines: [
                by
                  ? `<@${by.coachId}> erased a former athlete's data.`
                  : "An athlete erased their data at their request. They're no longer on the squad.",
              ],
              severity: 'info',
            },
          },
          expiresAt: new Date(now.getTime() + 7 * DAY_MS),
        },
        now,
      );
      return deleted;
    })();
    if (rows === 0) return refuse(by ? 'Nothing is stored about that person in this team.' : 'Nothing is stored about you in this team.');
    this.deps.logger.info({ guildId, rows, byCoach: by !== null }, 'personal data erased');
    return ok({ rows });
  }

  /** A coach action, for /audit. Call inside the action's transaction. */
  recordCoachAction(
    guildId: string,
    coachId: string,
    action: Exclude<AuditAction, 'consent'>,
    athleteId: string | null,
    detail: string | null,
  ): void {
    this.deps.audit.record({ guildId, actorId: coachId, action, athleteId, detail }, this.deps.clock.now());
  }

  /** Coach actions of the last `days` days, optionally about one athlete, newest first. */
  auditLog(guildId: string, o: { athleteId?: string; days: number }): AuditEntry[] {
    const since = new Date(this.deps.clock.now().getTime() - o.days * DAY_MS);
    return this.deps.audit.list(guildId, { since, ...(o.athleteId ? { athleteId: o.athleteId } : {}) });
  }

  setRetention(guildId: string, coachId: string, months: number): Outcome<{ months: number }> {
    if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS || months > MAX_RETENTION_MONTHS) {
      return refuse(
        `Keep data for ${MIN_RETENTION_MONTHS} to ${MAX_RETENTION_MONTHS} months (the default is ${DEFAULT_RETENTION_MONTHS}).`,
      );
    }
    const now = this.deps.clock.now();
    this.deps.db.transaction(() => {
      this.deps.teams.setRetention(guildId, months, now);
      this.deps.audit.record({ guildId, actorId: coachId, action: 'settings', athleteId: null, detail: `retention ${months} months` }, now);
    })();
    return ok({ months });
  }

  /**
   * GUILD_DELETE: every reminder stops at once (left_at is set, which the scheduler's team
   * lookups filter on, and nothing still queued in the outbox is sent) and the data is
   * deleted 30 days later unless the bot comes back.
   */
  botLeft(guildId: string): boolean {
    const now = this.deps.clock.now();
    return this.deps.db.transaction(() => {
      if (!this.deps.teams.markLeft(guildId, now)) return false;
      this.deps.db
        .prepare(
          `UPDATE outbox SET status = 'skipped', finished_at = ?, detail = 'the bot left the server' WHERE guild_id = ? AND status = 'pending'`,
        )
        .run(now.toISOString(), guildId);
      return true;
    })();
  }

  /** GUILD_CREATE for a team whose data is still kept: it resumes. */
  botBack(guildId: string): boolean {
    return this.deps.teams.markBack(guildId);
  }

  /** The scheduler's daily pass: deletes teams whose 30 days ran out. Returns their ids. */
  deleteLeftTeams(): string[] {
    const due = this.teamsToDelete();
    for (const guildId of due) {
      const rows = this.deps.data.deleteTeam(guildId);
      this.deps.logger.info({ guildId, rows, afterDays: GUILD_LEFT_GRACE_DAYS }, 'team data deleted after the bot left');
    }
    return due;
  }

  /** Teams whose data is due for deletion: the bot left them 30 days ago or more. */
  teamsToDelete(): string[] {
    return teamsDueForDeletion(
      this.deps.teams.all().map((t) => ({ guildId: t.guildId, leftAt: t.leftAt ? new Date(t.leftAt) : null })),
      this.deps.clock.now(),
    );
  }

  /** Up to `maxRows` of a left team's rows deleted (the scheduler's slices); 0 when nothing is left. */
  deleteTeamBatch(guildId: string, maxRows: number): number {
    return this.deps.data.deleteTeam(guildId, maxRows);
  }

  /** Up to `maxRows` rows of one team's data past its retention deleted (the scheduler's slices), per table; empty when none is left. */
  retentionBatch(guildId: string, maxRows: number): Record<string, number> {
    const team = this.deps.teams.get(guildId);
    if (!team) return {};
    return this.deps.data.applyRetention(team.guildId, retentionCutoff(this.deps.clock.now(), team.retentionMonths), maxRows);
  }

  /** Every team's data older than its retention setting deleted, each team in one transaction (the scheduler goes in slices). */
  applyRetention(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const guildId of this.retentionTeams()) {
      const deleted = this.retentionBatch(guildId, Number.POSITIVE_INFINITY);
      if (Object.keys(deleted).length === 0) continue;
      this.deps.logger.info({ guildId, deleted }, 'retention: old data deleted');
      out[guildId] = deleted;
    }
    return out;
  }

  /** Teams retention is applied to, one at a time (the scheduler gives the event loop back between them). */
  retentionTeams(): string[] {
    return this.deps.teams.all().map((t) => t.guildId);
  }

  /**
   * Discord says the member is gone (GUILD_MEMBER_REMOVE, or Unknown Member on a fetch or send):
   * off the squad, future sessions and programs stopped, coaches told. History follows retention.
   */
  memberLeft(guildId: string, userId: string): Outcome<{ cancelled: number }> {
    const team = this.deps.teams.get(guildId);
    if (!team || !this.deps.squad.get(guildId, userId)) return refuse('Not on the squad.');
    const now = this.deps.clock.now();
    const today = localDateOf(now, team.timeZone);
    const cancelled = this.deps.db.transaction(() => {
      this.deps.squad.remove(guildId, userId, now);
      const removed = this.deps.db
        .prepare(
          `DELETE FROM assignments AS a WHERE a.guild_id = @guildId AND a.athlete_id = @userId AND (a.session_date > @today OR a.planned_start_at > @now)
             AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.assignment_id = a.id)`,
        )
        .run({ guildId, userId, today, now: now.toISOString() }).changes;
      this.deps.db
        .prepare('UPDATE programs SET stopped_at = ? WHERE guild_id = ? AND athlete_id = ? AND stopped_at IS NULL')
        .run(now.toISOString(), guildId, userId);
      this.deps.db
        .prepare(
          `UPDATE outbox SET status = 'skipped', finished_at = ?, detail = 'the athlete left the server' WHERE guild_id = ? AND athlete_id = ? AND status = 'pending'`,
        )
        .run(now.toISOString(), guildId, userId);
      this.deps.outbox.enqueue(
        {
          guildId,
          purpose: 'member_left',
          target: { to: 'coaches' },
          body: {
            type: 'coachNote',
            text: `<@${userId}> left the server, so they're off the squad${removed ? ` and their ${removed} upcoming session${removed === 1 ? ' was' : 's were'} cancelled` : ''}. Their history is kept for ${team.retentionMonths} months; \`/privacy erase-athlete\` deletes it now.`,
          },
          key: `member_left:${guildId}:${userId}:${now.toISOString()}`,
          expiresAt: new Date(now.getTime() + 7 * DAY_MS),
        },
        now,
      );
      return removed;
    })();
    return ok({ cancelled });
  }
}

/** Long-format CSV (table, row, field, value): one file for tables of any shape. */
function longCsv(data: Record<string, Row[]>): string {
  const records: string[][] = [['table', 'row', 'field', 'value']];
  for (const [table, rows] of Object.entries(data)) {
    rows.forEach((row, i) => {
      for (const [field, value] of Object.entries(row))
        records.push([
          table,
          String(i + 1),
          field,
          value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
        ]);
    });
  }
  return stringify(records);
}
