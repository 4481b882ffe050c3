/**
 * Test harness for the scheduler: a fake Messenger that behaves like Discord towards nonces,
 * and builders for teams, programs and assigned sessions written straight to the database.
 */
import { createApp, type App } from '../../src/app';
import type { Clock } from '../../src/clock';
import type { Db } from '../../src/db/database';
import { deloadPrescription } from '../../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { addDays, zonedInstant } from '../../src/domain/time';
import { silentLogger } from '../../src/logger';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import type { DirectNotice, DirectResult, Messenger, NoticeButton, PostResult, SendOptions, StaffNotice } from '../../src/services/messenger';

export interface SentMessage {
  channel: 'dm' | 'fallback' | 'staff';
  /** User id for DMs, guild id for channel posts. */
  to: string;
  what: 'session' | 'notice' | 'text' | 'fallback' | 'staff';
  nonce: string | undefined;
  text: string;
  buttons: NoticeButton[];
  assignmentId?: number;
  staff?: StaffNotice;
  at: Date;
  messageId: string;
}

/**
 * Records what reaches Discord. Like Discord with enforce_nonce, a nonce repeated by the bot within
 * `dedupeMs` returns the first message and creates nothing (`calls` still counts the attempt).
 * `dedupeMs: 0` turns that off, so a double send shows up in `delivered`.
 */
export class NonceMessenger implements Messenger {
  readonly calls: SentMessage[] = [];
  readonly delivered: SentMessage[] = [];
  readonly closedDms = new Set<string>();
  private readonly byNonce = new Map<string, SentMessage>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly opts: { dedupeMs?: number; yieldToOthers?: boolean } = {},
  ) {}

  private async deliver(m: Omit<SentMessage, 'at' | 'messageId'>): Promise<SentMessage> {
    // Let another scheduler's tick run in between, as a real network call would.
    if (this.opts.yieldToOthers) await new Promise((resolve) => setImmediate(resolve));
    const at = this.clock.now();
    const dedupeMs = this.opts.dedupeMs ?? 5 * 60_000;
    const previous = m.nonce ? this.byNonce.get(m.nonce) : undefined;
    const entry: SentMessage = { ...m, at, messageId: previous && dedupeMs > 0 && at.getTime() - previous.at.getTime() <= dedupeMs ? previous.messageId : String(this.nextId++) };
    this.calls.push(entry);
    if (previous && entry.messageId === previous.messageId) return previous;
    this.delivered.push(entry);
    if (m.nonce) this.byNonce.set(m.nonce, entry);
    return entry;
  }

  async sendSession(_team: Team, a: Assignment, options?: SendOptions): Promise<DirectResult> {
    if (this.closedDms.has(a.athleteId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    const m = await this.deliver({ channel: 'dm', to: a.athleteId, what: 'session', nonce: options?.nonce, text: a.title, buttons: [], assignmentId: a.id });
    return { ok: true, channelId: `dm-${a.athleteId}`, messageId: m.messageId };
  }

  async sendDirectText(userId: string, text: string): Promise<DirectResult> {
    if (this.closedDms.has(userId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    const m = await this.deliver({ channel: 'dm', to: userId, what: 'text', nonce: undefined, text, buttons: [] });
    return { ok: true, channelId: `dm-${userId}`, messageId: m.messageId };
  }

  async sendNotice(userId: string, notice: DirectNotice, options?: SendOptions): Promise<DirectResult> {
    if (this.closedDms.has(userId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    const m = await this.deliver({ channel: 'dm', to: userId, what: 'notice', nonce: options?.nonce, text: notice.text, buttons: notice.buttons ?? [] });
    return { ok: true, channelId: `dm-${userId}`, messageId: m.messageId };
  }

  async postFallbackNotice(team: Team, athleteIds: string[], what: string, options?: SendOptions): Promise<PostResult> {
    if (!team.fallbackChannelId) return { ok: false, detail: 'no fallback channel is set' };
    const m = await this.deliver({ channel: 'fallback', to: team.guildId, what: 'fallback', nonce: options?.nonce, text: `${athleteIds.join(',')}: ${what}`, buttons: [] });
    return { ok: true, messageId: m.messageId };
  }

  async postStaffNotice(team: Team, notice: StaffNotice, options?: SendOptions): Promise<PostResult> {
    const text = [notice.title, ...notice.lines].join('\n');
    const m = await this.deliver({ channel: 'staff', to: team.guildId, what: 'staff', nonce: options?.nonce, text, buttons: notice.buttons ?? [], staff: notice });
    return { ok: true, messageId: m.messageId };
  }

  /** Delivered messages to one user (DMs) or one guild (channel posts). */
  to(id: string): SentMessage[] {
    return this.delivered.filter((m) => m.to === id);
  }
}

export function makeApp(db: Db, clock: Clock, messenger: Messenger): App {
  return createApp({ db, clock, logger: silentLogger, messenger });
}

export function seedTeam(
  app: App,
  t: { guildId: string; timeZone: string; reminderTime?: string; sessionTime?: string; fallback?: boolean; painLimit?: number },
  now: Date,
): Team {
  app.teams.save(
    { guildId: t.guildId, timeZone: t.timeZone, coachRoleId: `role-${t.guildId}`, staffChannelId: `staff-${t.guildId}`, fallbackChannelId: t.fallback === false ? null : `fallback-${t.guildId}` },
    now,
  );
  app.teams.updateSettings(t.guildId, { reminderTime: t.reminderTime ?? '08:00', sessionTime: t.sessionTime ?? '17:00', painLimit: t.painLimit ?? 5 }, now);
  return app.teams.get(t.guildId)!;
}

export function addAthlete(app: App, guildId: string, userId: string, now: Date): void {
  app.squad.add(guildId, userId, `Athlete ${userId.slice(-4)}`, null, now);
}

export interface ProgramSpec {
  team: Team;
  athleteId: string;
  /** A Monday: week 1 starts here (weeks are ISO weeks, as in src/domain/programs.ts). */
  startMonday: string;
  weeks: number;
  /** ISO weekdays of training sessions. */
  trainingDays: number[];
  mobilityDay: number | null;
  deloadWeeks: number[];
  minutes?: number;
  createdAt: Date;
}

/** A program-like run: a programs row and its sessions as assignments (undelivered, as programs leave them). */
export function addProgram(app: App, spec: ProgramSpec): Assignment[] {
  const { team } = spec;
  const programId = Number(
    app.db
      .prepare(
        `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, mobility_day, started_by, created_at)
         VALUES (?, ?, 'glute-ham-block', ?, ?, ?, 'coach', ?)`,
      )
      .run(team.guildId, spec.athleteId, spec.startMonday, spec.trainingDays.join(','), spec.mobilityDay, spec.createdAt.toISOString()).lastInsertRowid,
  );
  const strength = toPrescription(requireTemplate('glute-ham-emphasis'));
  const mobility = toPrescription(requireTemplate('mobility-day'));
  const rows = [];
  for (let week = 1; week <= spec.weeks; week++) {
    const monday = addDays(spec.startMonday, (week - 1) * 7);
    const deload = spec.deloadWeeks.includes(week);
    for (let day = 1; day <= 7; day++) {
      const date = addDays(monday, day - 1);
      const training = spec.trainingDays.includes(day);
      if (!training && spec.mobilityDay !== day) continue;
      const prescription = training ? (deload ? deloadPrescription(strength) : strength) : mobility;
      rows.push({
        guildId: team.guildId,
        athleteId: spec.athleteId,
        templateId: prescription.templateId,
        title: training ? `Glute-ham block · week ${week}${deload ? ' (deload)' : ''}` : 'Mobility',
        sessionDate: date,
        plannedStartAt: zonedInstant(date, team.sessionTime, team.timeZone),
        plannedMinutes: training ? (spec.minutes ?? 60) : 10,
        prescription,
        note: null,
        assignedBy: 'coach',
        programId,
        programWeek: week,
      });
    }
  }
  return app.assignmentRepo.createMany(rows, spec.createdAt);
}

/** An /assign session made (and DMed) at `createdAt`. */
export function addAssigned(app: App, team: Team, athleteId: string, date: string, createdAt: Date, opts: { time?: string; templateId?: string; minutes?: number } = {}): Assignment {
  const p = toPrescription(requireTemplate(opts.templateId ?? 'glute-ham-emphasis'));
  const [a] = app.assignmentRepo.createMany(
    [
      {
        guildId: team.guildId,
        athleteId,
        templateId: p.templateId,
        title: p.title,
        sessionDate: date,
        plannedStartAt: zonedInstant(date, opts.time ?? team.sessionTime, team.timeZone),
        plannedMinutes: opts.minutes ?? 60,
        prescription: p,
        note: null,
        assignedBy: 'coach',
      },
    ],
    createdAt,
  );
  app.assignmentRepo.markDelivered(team.guildId, a!.id, 'dm', createdAt, { channelId: `dm-${athleteId}`, messageId: `assign-${a!.id}` });
  return app.assignmentRepo.get(team.guildId, a!.id)!;
}

/** Deterministic PRNG (mulberry32) for seeded simulations. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
