// `npm run bench -- --quick` as a test, so the bench cannot rot: it must run end to end and print
// every figure with its floor. No timing is asserted (the machine decides those).
import { describe, expect, it } from 'vitest';
import { formatTable, runFleetBench } from '../bench/fleet.bench';

describe('npm run bench --quick', () => {
  it('measures every figure of the table, each with a number, and prints the table', async () => {
    const lines: string[] = [];
    const rows = await runFleetBench({ quick: true, log: (l) => lines.push(l) });
    const figures = rows.map((r) => r.figure).join('\n');
    for (const expected of [
      /quiet tick, 1 team/,
      /busy tick, \d+ session deliveries/,
      /\/today sent during the busy tick/,
      /^\/today, service tier/m,
      /^\/checkin \(and the check-in form submit\), service tier/m,
      /^DM reply "7 2 45" with \d+ teams in the file, service tier/m,
      /^\/today, end to end$/m,
      /^\/checkin, end to end$/m,
      /^check-in form submit, end to end$/m,
      /^DM reply "7 2 45", end to end/m,
      /^\/today while \d+ teams' digests render .*end to end$/m,
      /^\/today at the top of a minute .*end to end$/m,
      /check-ins per second/,
      /digest figures/,
      /hard-sets chart page/,
      /digests with charts, all due together/,
      /start to commands registered/,
      /memory idle/,
    ]) {
      expect(figures).toMatch(expected);
    }
    // The busy tick really delivers: one session per athlete of the quick fleet (3 x 40), less the excused.
    expect(Number(/busy tick, (\d+) session deliveries/.exec(figures)![1])).toBeGreaterThan(100);
    for (const r of rows) {
      expect(Number.isFinite(r.median), r.figure).toBe(true);
      expect(r.median, r.figure).toBeGreaterThanOrEqual(0);
    }
    const table = formatTable(rows);
    expect(table[0]).toBe('| figure | median | p99 | floor | ratio | CPU: figure / floor | CPU ratio | target | met |');
    expect(table).toHaveLength(rows.length + 2);
  }, 240_000);
});
