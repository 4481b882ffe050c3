/**
 * CPU time of one hard-sets chart page (14 athletes, the bench's data shape): median of N runs as
 * `npm run bench` times it, then in a tight loop after 3 warm-up runs, and with names never seen before.
 * `npx tsx bench/chartCpu.ts [runs] [src dir]`: the src dir (default this checkout's) lets the same
 * script time another version, e.g. `git archive main src | tar -x -C /tmp/base` with a node_modules
 * link beside it, so that before and after can be run in turn on a busy machine.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { interleaved } from './measure';
import type * as Render from '../src/charts/render';
import type * as TeamCharts from '../src/charts/teamCharts';

const runs = Number(process.argv[2] ?? 20);
const src = process.argv[3] ?? join(import.meta.dirname, '..', 'src');
const { svgToPng } = (await import(pathToFileURL(join(src, 'charts', 'render.ts')).href)) as typeof Render;
const { teamHardSetsChartPages } = (await import(pathToFileURL(join(src, 'charts', 'teamCharts.ts')).href)) as typeof TeamCharts;

const muscles = (i: number) => ({ glutes: (i * 7) % 23, hamstrings: (i * 5 + 3) % 19, lowerBack: (i * 3 + 1) % 13 });
const data = {
  athletes: Array.from({ length: 14 }, (_, i) => ({ name: `Athlete ${String(i + 1).padStart(3, '0')}`, ...muscles(i) })),
  band: { min: 10, max: 20 },
  title: 'Hard sets',
};
// Names never seen before on every run (a new team each time).
const FIRST = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Charlotte',
  'Mateo',
  'Yusuf',
  'Zoë',
  'Björn',
  'Tomás',
  'Fatima',
  'Kwame',
  'Priya',
  'Wei',
  'Ágnes',
  'Dmitri',
];
const LAST = [
  'Smith',
  'García',
  'Nguyen',
  'Okafor',
  'Kowalski',
  'Haddad',
  'Johansson',
  'Rossi',
  'Yamamoto',
  'Van Dyke',
  'Fitzgerald',
  'Tavares',
  'Ødegaard',
  'Quispe',
  'Xavier',
  'Lefebvre',
];
let seed = 7;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
const fresh = () => ({
  ...data,
  athletes: data.athletes.map((a) => ({ ...a, name: `${FIRST[rnd(FIRST.length)]} ${LAST[rnd(LAST.length)]}-${rnd(1000)}` })),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(fn: () => unknown): string {
  const cpus: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const c = process.cpuUsage(c0);
    if (i < 3) continue;
    walls.push(performance.now() - t0);
    cpus.push((c.user + c.system) / 1000);
  }
  return `cpu ${median(cpus).toFixed(1)} ms, wall ${median(walls).toFixed(1)} ms`;
}

const page = teamHardSetsChartPages(data)[0]!;
const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}"><text x="10" y="30" font-size="22">Hard sets</text></svg>`;
// As `npm run bench` times it: one warm-up, then page and floor in turn, the loop let run between.
const bench = await interleaved({ runs, work: () => teamHardSetsChartPages(data), floor: () => svgToPng(blank) });
console.log(
  `page, as the bench: cpu ${bench.work.cpu!.toFixed(1)} ms, wall ${bench.work.median.toFixed(1)} ms (floor cpu ${bench.floor.cpu!.toFixed(1)} ms)`,
);
console.log(`page:             ${time(() => teamHardSetsChartPages(data))}`);
console.log(`page, new names:  ${time(() => teamHardSetsChartPages(fresh()))}`);
console.log(`floor:            ${time(() => svgToPng(blank))}`);
