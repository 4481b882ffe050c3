import type { Outbox } from '../outbox/outbox';

/** Where a batch of owed DMs stands, as the coach who caused them is told. */
export interface DeliverySummary<T> {
  byDm: T[];
  /** DMs closed: pinged in the fallback channel instead (no health data). */
  fellBack: T[];
  /** Could not be told: closed DMs and no fallback channel, or Discord refused for good. */
  unreached: { item: T; why: string }[];
  /** Still being sent (Discord slow or failing): retried until the message expires. */
  pending: T[];
}

const DONE = new Set(['sent', 'fallback', 'skipped', 'expired', 'failed', 'uncertain']);

/** Where each item's message stands now. */
export function summarizeDeliveries<T>(outbox: Outbox, items: readonly { item: T; outboxId: number }[]): DeliverySummary<T> {
  const states = outbox.statuses(items.map((i) => i.outboxId));
  const summary: DeliverySummary<T> = { byDm: [], fellBack: [], unreached: [], pending: [] };
  for (const { item, outboxId } of items) {
    const state = states.get(outboxId);
    if (!state || state.status === 'pending' || state.status === 'sending') summary.pending.push(item);
    else if (state.status === 'sent') summary.byDm.push(item);
    else if (state.status === 'fallback') summary.fellBack.push(item);
    else summary.unreached.push({ item, why: state.detail ?? state.status });
  }
  return summary;
}

/**
 * Waits (in real time, polling the outbox) until every message is settled or `timeoutMs` passed,
 * so a coach's summary says what actually happened; what is still pending is said as such.
 */
export async function awaitDeliveries<T>(
  outbox: Outbox,
  items: readonly { item: T; outboxId: number }[],
  opts: { timeoutMs: number; pollMs?: number },
): Promise<DeliverySummary<T>> {
  // Nothing in this process delivers (a script, a test without a dispatcher): say where things stand now.
  if (!outbox.hasDeliverer()) return summarizeDeliveries(outbox, items);
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const states = outbox.statuses(items.map((i) => i.outboxId));
    const open = items.some((i) => !DONE.has(states.get(i.outboxId)?.status ?? 'pending'));
    if (!open || Date.now() >= deadline) return summarizeDeliveries(outbox, items);
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 100));
  }
}
