/** Timing helpers for `npm run bench`: interleaved samples, median and p99, and interactions timed while other work runs. */
import { performance } from 'node:perf_hooks';

export interface Stats {
  runs: number;
  median: number;
  p99: number;
  max: number;
  /** Median CPU time (ms, this process, all threads) of the same runs, where measured: on a loaded machine wall time is mostly waiting for a core. */
  cpu?: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { runs: 0, median: NaN, p99: NaN, max: NaN };
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { runs: s.length, median: at(0.5), p99: at(0.99), max: s.at(-1)! };
}

type Work = () => unknown;

async function timeOnce(fn: Work): Promise<{ ms: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  if (r instanceof Promise) await r;
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000 };
}

function withCpu(wall: number[], cpu: number[]): Stats {
  return { ...stats(wall), cpu: stats(cpu).median };
}

/**
 * The figure and its floor, alternately (A, floor, A, floor ...), so machine load hits both alike.
 * `each` runs before every sample of either (resetting state), untimed.
 */
export async function interleaved(o: {
  runs: number;
  warmup?: number;
  work: Work;
  floor: Work;
  before?: () => unknown;
}): Promise<{ work: Stats; floor: Stats }> {
  const work: number[] = [];
  const floor: number[] = [];
  const workCpu: number[] = [];
  const floorCpu: number[] = [];
  const one = async (fn: Work, into: number[] | undefined, cpuInto?: number[]) => {
    const b = o.before?.();
    if (b instanceof Promise) await b;
    const t = await timeOnce(fn);
    into?.push(t.ms);
    cpuInto?.push(t.cpu);
    // Let timers and I/O run between samples, as between two ticks.
    await new Promise((resolve) => setImmediate(resolve));
  };
  for (let i = 0; i < (o.warmup ?? 1); i++) {
    await one(o.work, undefined);
    await one(o.floor, undefined);
  }
  for (let i = 0; i < o.runs; i++) {
    await one(o.work, work, workCpu);
    await one(o.floor, floor, floorCpu);
  }
  return { work: withCpu(work, workCpu), floor: withCpu(floor, floorCpu) };
}

/**
 * Runs `background` and, while it runs, sends `interaction` every `everyMs` as a user would at
 * the top of a minute: each one's latency counts from when it was due to be sent, so time spent
 * waiting behind the background work counts. Also reports the longest event-loop block.
 */
export async function whileRunning(
  background: () => Promise<unknown>,
  interaction: Work,
  everyMs = 5,
): Promise<{ latencies: number[]; backgroundMs: number; longestBlockMs: number; longestBlockCpuMs: number }> {
  const latencies: number[] = [];
  let done = false;
  // The longest gap between two turns of a timer chain: the longest time the loop was blocked.
  let longest = 0;
  let last = performance.now();
  // The most CPU the process used between two turns: on a loaded machine the wall-clock gap is
  // mostly waiting for a core, this is what the blocking work itself cost.
  const cpuNow = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  let longestCpu = 0;
  let lastCpu = cpuNow();
  const watch = setInterval(() => {
    const at = performance.now();
    longest = Math.max(longest, at - last);
    last = at;
    const cpu = cpuNow();
    longestCpu = Math.max(longestCpu, cpu - lastCpu);
    lastCpu = cpu;
  }, 1);
  const t0 = performance.now();
  let next = t0;
  const pinger = (async () => {
    while (!done) {
      const due = next;
      next += everyMs;
      const wait = due - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      if (done && latencies.length > 0) break;
      const r = interaction();
      if (r instanceof Promise) await r;
      latencies.push(performance.now() - due);
      // A user does not resend while their last interaction is still in flight.
      if (performance.now() > next) next = performance.now();
    }
  })();
  await background();
  const backgroundMs = performance.now() - t0;
  done = true;
  await pinger;
  clearInterval(watch);
  longest = Math.max(longest, performance.now() - last);
  longestCpu = Math.max(longestCpu, cpuNow() - lastCpu);
  // A 1 ms interval fires every ~1 ms when the loop is free: what exceeds that was blocked.
  return { latencies, backgroundMs, longestBlockMs: Math.max(0, longest - 1), longestBlockCpuMs: longestCpu };
}
