// Issue 14: charts render on worker threads, the same PNGs as in-process, and the event loop stays free meanwhile.
import { afterAll, describe, expect, it } from 'vitest';
import { ChartPool } from '../../src/charts/pool';
import { runChartTask, type ChartTask } from '../../src/charts/tasks';

const pool = new ChartPool(1);
afterAll(() => pool.close());

const task: ChartTask = {
  type: 'digest',
  load: { weeks: ['2026-10-05', '2026-10-12', '2026-10-19'], load: [1200, 1850, null], title: 'Team load, 3 weeks', basis: 'total' },
  hardSets: {
    athletes: [
      { name: 'Ana', hamstrings: 12, glutes: 9, lowerBack: 4 },
      { name: 'Ben', hamstrings: 6, glutes: 14, lowerBack: 2 },
    ],
    band: { min: 10, max: 20 },
    title: 'Hard sets',
  },
};

describe('the chart pool', () => {
  it('renders on a worker the same PNG bytes as in-process, while timers keep firing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const [a, b] = await Promise.all([pool.render(task), pool.render(task)]);
    clearInterval(timer);
    const local = runChartTask(task);
    expect(a.errors).toEqual([]);
    expect(Buffer.from(a.load!).equals(local.load!)).toBe(true);
    expect(a.hardSets!.map((p) => Buffer.from(p).toString('base64'))).toEqual(
      local.hardSets!.map((p) => Buffer.from(p).toString('base64')),
    );
    expect(Buffer.from(b.load!).equals(local.load!)).toBe(true);
    expect(pool.threads).toBe(1);
    // The loop was free while the worker rendered (the timer ran), not blocked for the whole render.
    expect(ticks).toBeGreaterThan(2);
  }, 120_000);

  it('returns a failed chart as an error and still the others', async () => {
    const bad = {
      type: 'digest',
      load: { weeks: ['2026-10-05'], load: [100], title: 'ok', basis: 'total' },
      hardSets: { athletes: null },
    } as unknown as ChartTask;
    const r = await pool.render(bad);
    expect(r.load).toBeDefined();
    expect(r.errors.map((e) => e.chart)).toEqual(['hard sets']);
  }, 120_000);
});
