import type { DeliverySummary } from '../../services/deliveries';
import { fitContent, listWithMore } from './pack';

/** Mentions within `max` characters: "<@a>, <@b> and 97 more". */
function people(ids: readonly string[], max: number): string {
  return listWithMore(
    ids.map((id) => `<@${id}>`),
    max,
    { more: (n) => `${n} more` },
  );
}

/**
 * What happened to a batch of DMs, said as it stands now (some may still be sending), each list
 * bounded so the whole summary fits one message whatever the squad's size.
 */
export function deliveryLines(summary: DeliverySummary<{ userId: string }>, what: string, savedNote: string): string[] {
  const lines: string[] = [];
  const ids = (items: readonly { userId: string }[]) => items.map((a) => a.userId);
  if (summary.byDm.length) lines.push(`📬 ${what} sent by DM to ${summary.byDm.length}: ${people(ids(summary.byDm), 350)}`);
  if (summary.pending.length) {
    lines.push(
      `⏳ Still sending to ${summary.pending.length} (Discord is slow): ${people(ids(summary.pending), 250)}. I keep retrying; \`/status\` shows anything that can't be delivered.`,
    );
  }
  if (summary.fellBack.length) {
    lines.push(
      `⚠️ DMs closed for ${summary.fellBack.length}; they get a ping in the fallback channel instead (no health data): ${people(ids(summary.fellBack), 300)}`,
    );
  }
  if (summary.unreached.length) {
    const why = [...new Set(summary.unreached.map((u) => u.why))].slice(0, 3).join('; ');
    lines.push(
      `❌ Could not reach ${summary.unreached.length} (${fitContent(why, 200)}): ${people(
        summary.unreached.map((u) => u.item.userId),
        300,
      )}. ${savedNote}`,
    );
  }
  return lines;
}
