import type { OutboxEntry } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { SentLog } from '../scheduler/sentLog';

/** What the coaches see in /status: is the bot keeping up, and what did not reach whom. */
export interface DeliveryStatus {
  lastTickAt: Date | null;
  /** Messages waiting to be sent now or later (retries included). */
  waiting: number;
  /** Of those, being retried after a failure. */
  retrying: OutboxEntry[];
  /** Failed, expired or uncertain since `since`, newest first. */
  problems: OutboxEntry[];
  /** Athletes whose DMs were closed when the bot last tried (pinged in the fallback channel instead). */
  closedDms: string[];
}

export const BAD_STATUSES = ['failed', 'expired', 'uncertain'] as const;

export class StatusService {
  constructor(private readonly deps: { outbox: Outbox; sentLog: SentLog }) {}

  forTeam(guildId: string, since: Date): DeliveryStatus {
    const { outbox, sentLog } = this.deps;
    const open = outbox.list(guildId, { statuses: ['pending', 'sending'] });
    const recent = outbox.list(guildId, { since });
    const closed = new Set<string>();
    const reached = new Set<string>();
    // Newest first: an athlete's latest DM attempt decides whether their DMs are closed now.
    for (const e of recent) {
      if (e.target !== 'athlete' || !e.athleteId || closed.has(e.athleteId) || reached.has(e.athleteId)) continue;
      if (e.status === 'fallback' || e.detail?.startsWith('DMs closed')) closed.add(e.athleteId);
      else if (e.status === 'sent') reached.add(e.athleteId);
    }
    return {
      lastTickAt: sentLog.lastTickAt(),
      waiting: open.length,
      retrying: open.filter((e) => e.attempts > 0),
      problems: recent.filter((e) => (BAD_STATUSES as readonly string[]).includes(e.status)),
      closedDms: [...closed],
    };
  }

  /** Messages of a team's week that could not be delivered (for the weekly digest). */
  undelivered(guildId: string, from: Date, to: Date): OutboxEntry[] {
    return this.deps.outbox.list(guildId, { since: from, statuses: BAD_STATUSES }).filter((e) => e.createdAt < to);
  }
}
