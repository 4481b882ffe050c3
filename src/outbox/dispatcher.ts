/**
 * Sends what the outbox holds, until Discord confirms it or it expires.
 *
 *   claim    a pending row becomes 'sending' under this process's lease (one conditional UPDATE)
 *   send     rendered by the Courier, with the row's stable nonce and enforce_nonce: a resend after
 *            an unknown outcome inside Discord's nonce window returns the first message instead
 *   settle   sent / fallback / skipped / failed, or back to pending with backoff (transient errors)
 *
 * Nothing is marked sent before Discord confirmed it. A process killed mid-send leaves a 'sending'
 * row: when its lease runs out it is resent with the same nonce while Discord still dedupes it,
 * otherwise it becomes 'uncertain'. Uncertain and expired messages are logged at warn and shown to
 * the coaches (/status and the weekly digest).
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../app';
import type { Clock } from '../clock';
import { FALLBACK_WHAT } from './fallback';
import type { Courier, DeliveryResult, OutboxEntry } from './messages';
import type { Foreground } from '../foreground';

/** How long a claim is held; a crashed process's claims are picked up after this. */
export const DEFAULT_LEASE_MS = 30_000;
/**
 * How long after a first attempt a resend still reuses the nonce safely. Discord dedupes a repeated
 * nonce with enforce_nonce "in the past few minutes" without a number; two minutes stays inside it.
 */
export const DEFAULT_NONCE_WINDOW_MS = 120_000;
/** Backoff after a transient failure: 5 s, 10 s, 20 s ... capped at 10 minutes (or Discord's retry_after). */
export function backoffMs(attempts: number, retryAfterMs?: number): number {
  const exp = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
  return Math.max(exp, retryAfterMs ?? 0);
}

export interface DispatcherHooks {
  /** After the claim is stored, before anything is sent (a throw aborts like a crash). */
  afterClaim?(entry: OutboxEntry): void | Promise<void>;
  /** After Discord answered, before the outcome is stored. */
  afterSend?(entry: OutboxEntry, result: DeliveryResult): void | Promise<void>;
}

export interface DispatcherOptions {
  app: Runtime;
  courier: Courier;
  clock?: Clock;
  owner?: string;
  leaseMs?: number;
  nonceWindowMs?: number;
  /** At most this many messages per drain pass before yielding to other work. */
  batch?: number;
  hooks?: DispatcherHooks;
  /** The bot's interactions and DM replies in flight: each pass of deliveries starts after them (src/foreground.ts). */
  foreground?: Foreground;
}

export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
  fellBack: number;
  skipped: number;
  /** Rows that became uncertain or expired this pass. */
  settledBadly: OutboxEntry[];
}

/** Thrown out of drain() when a hook aborts it (a simulated crash). */
export class DispatchAborted extends Error {
  override name = 'DispatchAborted';
}

export class Dispatcher {
  readonly owner: string;
  private readonly app: Runtime;
  private readonly courier: Courier;
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly nonceWindowMs: number;
  private readonly batch: number;
  private readonly hooks: DispatcherHooks;
  private readonly foreground: Foreground | undefined;
  private running: Promise<DispatchReport> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.app = options.app;
    this.courier = options.courier;
    this.clock = options.clock ?? options.app.clock;
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.nonceWindowMs = options.nonceWindowMs ?? DEFAULT_NONCE_WINDOW_MS;
    this.batch = options.batch ?? 50;
    this.hooks = options.hooks ?? {};
    this.foreground = options.foreground;
  }

  /** Sends right after each commit that owes something, and looks again every few seconds for retries. */
  start(pollMs = 5_000): void {
    if (this.stopped || this.unsubscribe) return;
    this.unsubscribe = this.app.outbox.onEnqueued(() => this.kick());
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Asks for a drain soon; drains never overlap (a kick during one runs one more pass after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.drain().catch((err: unknown) => this.app.logger.error({ err: errorSummary(err) }, 'outbox dispatch failed'));
  }

  /** Sends everything due at `now` (default: the clock), pass after pass, until nothing more is due. */
  drain(now?: Date): Promise<DispatchReport> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.drain(now));
    }
    const run = (async () => {
      const total: DispatchReport = { sent: 0, retried: 0, failed: 0, fellBack: 0, skipped: 0, settledBadly: [] };
      try {
        do {
          this.again = false;
          // An interaction in flight answers first (src/foreground.ts): once per pass, not per delivery.
          await this.foreground?.turn();
          const pass = await this.pass(now ?? this.clock.now());
          total.sent += pass.sent;
          total.retried += pass.retried;
          total.failed += pass.failed;
          total.fellBack += pass.fellBack;
          total.skipped += pass.skipped;
          total.settledBadly.push(...pass.settledBadly);
          if (pass.handled >= this.batch) this.again = true;
          // Let interactions in between batches.
          if (this.again) await new Promise((resolve) => setImmediate(resolve));
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      const handled = total.sent + total.retried + total.failed + total.fellBack + total.skipped + total.settledBadly.length;
      if (handled > 0) {
        const { settledBadly, ...counts } = total;
        this.app.logger.info(
          {
            ...counts,
            expired: settledBadly.filter((e) => e.status === 'expired').length,
            uncertain: settledBadly.filter((e) => e.status === 'uncertain').length,
          },
          'deliveries',
        );
      }
      return total;
    })();
    this.running = run;
    return run;
  }

  private async pass(now: Date): Promise<DispatchReport & { handled: number }> {
    const report = { sent: 0, retried: 0, failed: 0, fellBack: 0, skipped: 0, settledBadly: [] as OutboxEntry[], handled: 0 };
    const badly = this.app.outbox.reap(now, new Date(now.getTime() - this.nonceWindowMs));
    for (const e of badly) {
      this.app.logger.warn(
        { guildId: e.guildId, outboxId: e.id, purpose: e.purpose, status: e.status, detail: e.detail },
        `message ${e.status}`,
      );
    }
    report.settledBadly = badly;
    for (const due of this.app.outbox.due(now, this.batch)) {
      if (this.stopped) break;
      report.handled++;
      const outcome = await this.process(due.id);
      if (outcome) report[outcome]++;
    }
    return report;
  }

  private async process(id: number): Promise<'sent' | 'retried' | 'failed' | 'fellBack' | 'skipped' | null> {
    const { outbox } = this.app;
    const entry = outbox.claim(id, this.owner, this.clock.now(), this.leaseMs);
    if (!entry) return null;
    await this.hook(() => this.hooks.afterClaim?.(entry));
    const stale = this.stillOwed(entry);
    if (stale) {
      // An earlier attempt may have arrived: then it is not "skipped" but unknown.
      const maybe = entry.maybeSentAt !== null;
      outbox.finish(entry.id, this.owner, maybe ? 'uncertain' : 'skipped', this.clock.now(), {
        detail: maybe ? `no longer needed (${stale}); an earlier attempt may have arrived` : stale,
      });
      return maybe ? null : 'skipped';
    }
    // A message that may exist already, past the window in which Discord dedupes a resend: look first.
    if (entry.maybeSentAt && entry.maybeSentAt.getTime() <= this.clock.now().getTime() - this.nonceWindowMs) {
      const existing = await this.courier.findExisting(entry).catch(() => 'unknown' as const);
      if (existing === 'unknown') {
        outbox.finish(entry.id, this.owner, 'uncertain', this.clock.now(), {
          detail: `${entry.detail ?? 'Discord did not answer'}; it may or may not have arrived, and resending could double it`,
        });
        this.app.logger.warn({ guildId: entry.guildId, outboxId: entry.id, purpose: entry.purpose }, 'message uncertain');
        return null;
      }
      if (existing !== 'absent') return this.settle(entry, { status: 'sent', ...existing });
      outbox.clearMaybeSent(entry.id, this.owner);
    }
    let result: DeliveryResult;
    try {
      result = await this.courier.deliver(entry, {
        partSent: (partsSent, r) => {
          outbox.partSent(entry.id, this.owner, partsSent, r);
          outbox.extendLease(entry.id, this.owner, new Date(this.clock.now().getTime() + this.leaseMs));
        },
      });
    } catch (err) {
      result = { status: 'retry', why: errorSummary(err), maybeSent: true };
    }
    await this.hook(() => this.hooks.afterSend?.(entry, result));
    return this.settle(entry, result);
  }

  /** Why a message is no longer owed, re-checked at send time; undefined if it still is. */
  private stillOwed(entry: OutboxEntry): string | undefined {
    const { app } = this;
    const team = app.teams.get(entry.guildId);
    if (!team) return 'the team is no longer set up';
    // Removed from the server (GUILD_DELETE): nothing more goes out for the team, even to athletes still reachable by DM.
    if (team.leftAt) return 'the bot left the server';
    if (entry.assignmentId === null || (!entry.onlyIfOpen && entry.body.type !== 'session')) return undefined;
    const a = app.assignmentRepo.get(entry.guildId, entry.assignmentId);
    if (!a) return 'the session no longer exists';
    if (entry.target === 'athlete' && !app.squad.get(entry.guildId, a.athleteId)) return 'the athlete left the squad';
    if (a.cancelledAt) return 'cancelled by a coach';
    if (!entry.onlyIfOpen) return undefined;
    if (a.checkin) return 'already logged';
    if (app.excusals.isExcused(entry.guildId, a.athleteId, a.sessionDate)) return 'excused';
    return undefined;
  }

  private settle(entry: OutboxEntry, result: DeliveryResult): 'sent' | 'retried' | 'failed' | 'fellBack' | 'skipped' | null {
    const { app, owner } = this;
    const { outbox, logger } = app;
    const now = this.clock.now();
    const log = { guildId: entry.guildId, outboxId: entry.id, purpose: entry.purpose, attempt: entry.attempts };
    return app.db.transaction(() => {
      switch (result.status) {
        case 'sent': {
          if (!outbox.finish(entry.id, owner, 'sent', now, { channelId: result.channelId, messageId: result.messageId })) return null;
          if (entry.body.type === 'session' && entry.assignmentId !== null) {
            app.assignmentRepo.markDelivered(entry.guildId, entry.assignmentId, 'dm', now, {
              channelId: result.channelId,
              messageId: result.messageId,
            });
          }
          return 'sent';
        }
        case 'retry': {
          const at = new Date(now.getTime() + backoffMs(entry.attempts, result.retryAfterMs));
          if (!outbox.retryAt(entry.id, owner, at, result.why, result.maybeSent ?? false)) return null;
          logger.info({ ...log, why: result.why, retryAt: at.toISOString() }, 'delivery failed; will retry');
          return 'retried';
        }
        case 'skipped':
          return outbox.finish(entry.id, owner, 'skipped', now, { detail: result.why }) ? 'skipped' : null;
        case 'dms_closed':
          return this.fallBack(entry, now) ? 'fellBack' : null;
        case 'unreachable': {
          if (!outbox.finish(entry.id, owner, 'failed', now, { detail: result.why })) return null;
          logger.warn({ ...log, why: result.why }, 'channel unreachable');
          if (entry.target !== 'coaches') this.tellCoachesUnreachable(entry, result.why, now);
          return 'failed';
        }
        case 'failed': {
          if (!outbox.finish(entry.id, owner, 'failed', now, { detail: result.why })) return null;
          logger.warn({ ...log, why: result.why }, 'delivery refused by Discord');
          return 'failed';
        }
      }
    })();
  }

  /** Closed DMs are final: one ping without health data in the fallback channel, queued like any message. */
  private fallBack(entry: OutboxEntry, now: Date): boolean {
    const { app, owner } = this;
    const team = app.teams.get(entry.guildId);
    // A message not worth a public ping (fallbackWhat ''), e.g. the welcome: recorded, and /status lists the closed DMs.
    const wantsPing = !('fallbackWhat' in entry.body) || entry.body.fallbackWhat !== '';
    const hasFallback = Boolean(team?.fallbackChannelId) && wantsPing;
    if (
      !app.outbox.finish(entry.id, owner, hasFallback ? 'fallback' : 'failed', now, {
        detail: hasFallback
          ? 'DMs closed'
          : wantsPing
            ? 'DMs closed and no fallback channel is set'
            : 'DMs closed; not worth a ping in the fallback channel',
      })
    )
      return false;
    const what = 'fallbackWhat' in entry.body ? entry.body.fallbackWhat : FALLBACK_WHAT.reminder;
    if (hasFallback)
      app.outbox.enqueue(
        {
          guildId: entry.guildId,
          purpose: 'fallback_ping',
          target: { to: 'fallback' },
          body: { type: 'fallbackPing', athleteIds: [entry.athleteId!], what },
          key: `fallback:${entry.id}`,
          expiresAt: entry.expiresAt,
        },
        now,
      );
    if (entry.body.type === 'session' && entry.assignmentId !== null)
      app.assignmentRepo.markDelivered(entry.guildId, entry.assignmentId, 'fallback', now);
    if (entry.ifDmsClosed) {
      app.outbox.enqueue(
        {
          guildId: entry.guildId,
          purpose: entry.ifDmsClosed.report,
          target: { to: 'staff' },
          aboutAthleteId: entry.athleteId!,
          body: { type: 'staffReport', ...entry.ifDmsClosed },
          key: `dms_closed:${entry.id}`,
          ...(entry.assignmentId !== null ? { assignmentId: entry.assignmentId } : {}),
          expiresAt: new Date(now.getTime() + 48 * 3_600_000),
        },
        now,
      );
    }
    return true;
  }

  /** The staff or fallback channel is gone or closed to the bot: one note a day to the coaches wherever they can be reached. */
  private tellCoachesUnreachable(entry: OutboxEntry, why: string, now: Date): void {
    const team = this.app.teams.get(entry.guildId);
    if (!team) return;
    const channel = entry.target === 'staff' ? team.staffChannelId : team.fallbackChannelId;
    const day = now.toISOString().slice(0, 10);
    this.app.outbox.enqueue(
      {
        guildId: entry.guildId,
        purpose: 'coach_note',
        target: { to: 'coaches' },
        body: {
          type: 'coachNote',
          text: `I couldn't post in <#${channel}> (${why}), so some messages for staff were not delivered. Check that the channel exists and that I can view it and send messages there, or pick another with \`/setup\`. \`/status\` lists what was missed.`,
        },
        key: `coach_note:unreachable:${entry.target}:${day}`,
        expiresAt: new Date(now.getTime() + 24 * 3_600_000),
      },
      now,
    );
  }

  private async hook(run: () => void | Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      throw new DispatchAborted(errorSummary(err));
    }
  }
}

/** An error as one short line: never a request body, a URL with a token, or health data. */
export function errorSummary(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown; status?: unknown; message?: unknown };
    const parts = [typeof e.name === 'string' ? e.name : 'Error'];
    if (typeof e.status === 'number' || typeof e.status === 'string') parts.push(`status ${e.status}`);
    if (typeof e.code === 'number' || typeof e.code === 'string') parts.push(`code ${e.code}`);
    if (typeof e.message === 'string')
      parts.push(
        e.message
          .split('\n')[0]!
          .replace(/https?:\/\/\S+/g, '<url>')
          .slice(0, 200),
      );
    return parts.join(': ');
  }
  return String(err).slice(0, 200);
}
