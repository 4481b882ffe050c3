import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeriesOption } from 'echarts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACWR_SERIES,
  CHART_HEIGHT,
  CHART_WIDTH,
  HARD_SETS_ATHLETES_PER_IMAGE,
  HARD_SETS_NAME_MAX_PX,
  HARD_SETS_ROW_PX,
  LOAD_SERIES,
  NO_DATA_TEXT,
  PAIN_SERIES,
  athleteTrendChart,
  athleteTrendOption,
  chartFontFiles,
  hardSetsHeight,
  measureTextWidth,
  renderSvg,
  splitAthletes,
  teamHardSetsChart,
  teamHardSetsChartPages,
  teamHardSetsOption,
  teamWeeklyLoadChart,
  teamWeeklyLoadOption,
  type AthleteHardSets,
  type AthleteTrendData,
  type ChartImage,
  type TeamWeeklyLoadData,
} from '../../src/charts';

// Sample pictures for a human to look at (test/output is git-ignored).
const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'output');

function save(name: string, image: ChartImage): void {
  writeFileSync(join(OUTPUT_DIR, name), image.png);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width/height read from the PNG bytes (IHDR must be the first chunk). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.readUInt32BE(8)).toBe(13); // IHDR length
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function expectPng(image: ChartImage, width: number, height: number): void {
  expect(pngSize(image.png)).toEqual({ width, height });
  expect(image.width).toBe(width);
  expect(image.height).toBe(height);
}

/** The fields of a series option the tests read (ECharts' own union types are too wide to narrow). */
interface LooseSeries {
  type?: string;
  name?: string;
  yAxisIndex?: number;
  data: unknown[];
  markArea?: unknown;
  markLine?: { data: { xAxis?: number; yAxis?: number }[]; label?: { formatter?: string } };
}

function seriesOf(option: { series?: unknown }): LooseSeries[] {
  const s = option.series as SeriesOption | SeriesOption[] | undefined;
  return (Array.isArray(s) ? s : s ? [s] : []) as unknown as LooseSeries[];
}

/** Distinct "series:dataIndex" of the graphic elements ECharts drew for the series. */
function drawnItems(svg: string): Set<string> {
  const items = new Set<string>();
  for (const m of svg.matchAll(/<(?:path|polygon|rect)\b[^>]*>/g)) {
    const tag = m[0];
    if (!tag.includes('ecmeta_ssr_type="chart"')) continue;
    const s = /ecmeta_series_index="(\d+)"/.exec(tag);
    const d = /ecmeta_data_index="(\d+)"/.exec(tag);
    if (s && d) items.add(`${s[1]}:${d[1]}`);
  }
  return items;
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
}

// ---------------------------------------------------------------------------
// Fixed data

const WEEKS = ['2025-W40', '2025-W41', '2025-W42', '2025-W43', '2025-W44', '2025-W45', '2025-W46', '2025-W47'];

const TEAM_LOAD: TeamWeeklyLoadData = {
  weeks: WEEKS,
  load: [10450, 11200, 9800, 12640, 13100, null, 7400, 11980],
  title: 'Team load, last 8 weeks',
};

const SQUAD: AthleteHardSets[] = [
  { name: 'Ana Souza', glutes: 12, hamstrings: 16, lowerBack: 6 },
  { name: 'Ben Okafor', glutes: 8, hamstrings: 11, lowerBack: 10 },
  { name: 'Chloé Martin', glutes: 22, hamstrings: 25, lowerBack: 12 },
  { name: 'Dmitri Ivanov', glutes: 15, hamstrings: 9, lowerBack: 3.5 },
  { name: 'Eva Lindqvist', glutes: 10, hamstrings: 20, lowerBack: 8 },
  { name: 'Farah Haddad', glutes: 19.5, hamstrings: 14, lowerBack: 11 },
  { name: 'Gus Mendoza', glutes: 4, hamstrings: 6, lowerBack: 2 },
  { name: 'Hana Sato', glutes: 14, hamstrings: 21, lowerBack: 10 },
];
const BAND = { min: 10, max: 20 };

/** 40 athletes, deterministic values spread over below / within / above. */
const BIG_SQUAD: AthleteHardSets[] = Array.from({ length: 40 }, (_, i) => ({
  name: `Athlete ${String(i + 1).padStart(2, '0')}`,
  glutes: (i * 7) % 26,
  hamstrings: 5 + ((i * 5) % 21),
  lowerBack: 4 + ((i * 3) % 15),
}));

const TREND: AthleteTrendData = {
  name: 'Ana Souza',
  weeks: WEEKS,
  load: [1450, 1600, 1380, 1720, 1900, null, 980, 1650],
  painMax: [2, 3, 2, 4, 6, null, 3, 7],
};
const TREND_ACWR: AthleteTrendData = { ...TREND, acwr: [null, null, null, 1.08, 1.21, 0.85, 0.62, 1.42] };

beforeAll(() => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
});

// ---------------------------------------------------------------------------

describe('render basics', () => {
  it('uses the DejaVu TTF files from the npm package (no system fonts)', () => {
    const files = chartFontFiles();
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSansCondensed(-Bold)?\.ttf$/);
  });

  it('measures text with the DejaVu metrics (what resvg will draw)', () => {
    // DejaVu Sans Condensed: 'i' 0.251 em, 'W' 0.894 em (advance widths / 2048 units).
    expect(measureTextWidth('i', 100)).toBeCloseTo(25.1, 0);
    expect(measureTextWidth('W', 100)).toBeCloseTo(89.4, 0);
    expect(measureTextWidth('WW', 22)).toBeCloseTo(2 * measureTextWidth('W', 22), 6);
    expect(measureTextWidth('Glutes', 22, true)).toBeGreaterThan(measureTextWidth('Glutes', 22));
    expect(measureTextWidth('', 22)).toBe(0);
  });

  it('states the default size: 1200x675', () => {
    expect({ CHART_WIDTH, CHART_HEIGHT }).toEqual({ CHART_WIDTH: 1200, CHART_HEIGHT: 675 });
  });

  it('never writes text smaller than 22 px', () => {
    const svgs = [
      renderSvg(teamWeeklyLoadOption(TEAM_LOAD)),
      renderSvg(teamHardSetsOption({ athletes: SQUAD, band: BAND })),
      renderSvg(athleteTrendOption(TREND_ACWR)),
    ];
    for (const svg of svgs) {
      const sizes = fontSizes(svg);
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(22);
    }
  });
});

describe('teamWeeklyLoadChart', () => {
  it('renders a 1200x675 PNG of weekly load bars', () => {
    const image = teamWeeklyLoadChart(TEAM_LOAD);
    expectPng(image, 1200, 675);
    save('team-weekly-load.png', image);
  });

  it('has one bar series with a bar per week, a legend that says total or mean, and axis names with units', () => {
    const option = teamWeeklyLoadOption(TEAM_LOAD);
    const series = seriesOf(option);
    expect(series.map((s) => s.type)).toEqual(['bar']);
    expect(series[0]!.name).toBe('Team total load (AU)');
    expect(seriesOf(teamWeeklyLoadOption({ ...TEAM_LOAD, basis: 'meanPerAthlete' }))[0]!.name).toBe('Mean load per athlete (AU)');

    const svg = renderSvg(option);
    // One drawn bar per week (the missing week is a zero-height bar labelled "no data").
    expect(drawnItems(svg)).toEqual(new Set(WEEKS.map((_, i) => `0:${i}`)));
    const t = texts(svg);
    expect(t).toContain('Team total load (AU)');
    expect(t).toContain('Load (AU)');
    expect(t).toContain('ISO week, 2025');
    expect(t).toContain('W40');
    expect(t).toContain('12,640');
    expect(t).toContain('no data');
  });

  it('labels weeks across a year boundary', () => {
    const option = teamWeeklyLoadOption({ weeks: ['2025-W52', '2026-W01'], load: [100, 200], title: 'x' });
    const svg = renderSvg(option);
    expect(texts(svg)).toEqual(expect.arrayContaining(['W52', 'W01', 'ISO week, 2025–2026']));
  });

  it('is deterministic: same input, byte-identical PNG', () => {
    const a = teamWeeklyLoadChart(TEAM_LOAD);
    const b = teamWeeklyLoadChart({ ...TEAM_LOAD, weeks: [...TEAM_LOAD.weeks], load: [...TEAM_LOAD.load] });
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('renders "No data for this week" for empty data instead of throwing', () => {
    for (const data of [
      { weeks: [], load: [], title: 'Team load' },
      { weeks: ['2025-W40'], load: [null], title: 'Team load' },
      { weeks: ['2025-W40'], load: [Number.NaN], title: 'Team load' },
    ]) {
      const option = teamWeeklyLoadOption(data);
      expect(seriesOf(option)).toHaveLength(0);
      expect(texts(renderSvg(option))).toContain(NO_DATA_TEXT);
      expectPng(teamWeeklyLoadChart(data), 1200, 675);
    }
    save('team-weekly-load-empty.png', teamWeeklyLoadChart({ weeks: [], load: [], title: 'Team load' }));
  });

  it('honours a custom size', () => {
    expectPng(teamWeeklyLoadChart(TEAM_LOAD, { width: 800, height: 450 }), 800, 450);
  });
});

describe('teamHardSetsChart', () => {
  it('renders a 1200x675 PNG', () => {
    const image = teamHardSetsChart({ athletes: SQUAD, band: BAND });
    expectPng(image, 1200, 675);
    save('team-hard-sets.png', image);
  });

  it('has 3 muscle panels x 3 status series (below / within / above), a 3-entry legend, the band and its labelled edges', () => {
    const option = teamHardSetsOption({ athletes: SQUAD, band: BAND });
    const series = seriesOf(option);
    expect(series).toHaveLength(9);
    expect(series.every((s) => s.type === 'bar')).toBe(true);
    expect(series.map((s) => s.name)).toEqual(Array(3).fill(['Below 10', 'Within 10–20', 'Above 20']).flat());
    expect((option.legend as { data: string[] }).data).toEqual(['Below 10', 'Within 10–20', 'Above 20']);
    // Band shading + lines at 10 and 20 on each panel.
    const banded = series.filter((s) => s.markArea);
    expect(banded).toHaveLength(3);
    for (const s of banded) expect(s.markLine!.data.map((d) => d.xAxis)).toEqual([10, 20]);

    // Each athlete lands in exactly one status series per muscle.
    const data = series.map((s) => s.data);
    for (let panel = 0; panel < 3; panel++) {
      for (let a = 0; a < SQUAD.length; a++) {
        const hits = [0, 1, 2].filter((k) => data[panel * 3 + k]![a] !== '-');
        expect(hits).toHaveLength(1);
      }
    }
    // Glutes: Ben 8 -> below, Chloé 22 -> above, Eva 10 -> within (inclusive edge).
    expect(data[0]![1]).toBe(8);
    expect(data[2]![2]).toBe(22);
    expect(data[1]![4]).toBe(10);

    const svg = renderSvg(option);
    // One bar per athlete and muscle: 8 x 3 = 24 drawn items in bar series.
    const bars = [...drawnItems(svg)];
    const expected = new Set<string>();
    data.forEach((d, si) => d.forEach((v, di) => v !== '-' && expected.add(`${si}:${di}`)));
    expect(expected.size).toBe(24);
    for (const k of expected) expect(bars).toContain(k);
    const t = texts(svg);
    for (const label of ['Below 10', 'Within 10–20', 'Above 20', 'Glutes', 'Hamstrings', 'Lower back', 'min 10', 'max 20', 'Hard sets per week']) {
      expect(t).toContain(label);
    }
    // Status is also a word on the bar, not only a colour.
    expect(t).toContain('8 below');
    expect(t).toContain('22 above');
    expect(t).toContain('3.5 below');
    // Out-of-band bars carry a pattern (decal): two <pattern> defs (below, above).
    expect(svg.match(/<pattern\b/g)?.length).toBe(2);
  });

  it('cuts long names to fit the name column', () => {
    const long = 'Maximilian Alexander Featherstonehaugh-Worthington';
    const option = teamHardSetsOption({ athletes: [{ ...SQUAD[0]!, name: long }, SQUAD[1]!] });
    const names = (option.yAxis as { data: string[] }[])[0]!.data;
    expect(names[0]).toMatch(/^Maximilian .*…$/);
    expect(measureTextWidth(names[0]!, 22)).toBeLessThanOrEqual(HARD_SETS_NAME_MAX_PX);
    expect(names[1]).toBe('Ben Okafor');
  });

  it('defaults the band to 10-20 and follows a team band', () => {
    const names = (o: object) => seriesOf(o).map((s) => s.name);
    expect(names(teamHardSetsOption({ athletes: SQUAD })).slice(0, 3)).toEqual(['Below 10', 'Within 10–20', 'Above 20']);
    expect(names(teamHardSetsOption({ athletes: SQUAD, band: { min: 10, max: 16 } })).slice(0, 3)).toEqual(['Below 10', 'Within 10–16', 'Above 16']);
    expect(() => teamHardSetsOption({ athletes: SQUAD, band: { min: 20, max: 10 } })).toThrow(RangeError);
  });

  it('handles 40 athletes: balanced 1200x675 pages, or one taller picture', () => {
    expect(splitAthletes(BIG_SQUAD).map((p) => p.length)).toEqual([10, 10, 10, 10]);
    expect(splitAthletes(SQUAD).map((p) => p.length)).toEqual([8]);
    expect(splitAthletes(Array(13).fill(0)).map((p) => p.length)).toEqual([7, 6]);
    expect(splitAthletes([])).toEqual([[]]);

    const pages = teamHardSetsChartPages({ athletes: BIG_SQUAD, band: BAND });
    expect(pages).toHaveLength(4);
    pages.forEach((page, i) => {
      expectPng(page, 1200, 675);
      save(`team-hard-sets-40-page${i + 1}.png`, page);
    });
    const option = teamHardSetsOption({ athletes: BIG_SQUAD.slice(0, 10), title: 'Hard sets (1/4)' });
    expect(texts(renderSvg(option))).toContain('Hard sets (1/4)');

    const tall = teamHardSetsChart({ athletes: BIG_SQUAD, band: BAND });
    expect(hardSetsHeight(40)).toBe(178 + 92 + 40 * HARD_SETS_ROW_PX);
    expectPng(tall, 1200, hardSetsHeight(40));
    save('team-hard-sets-40-tall.png', tall);

    // Up to the per-image limit the picture keeps the default size.
    const full = BIG_SQUAD.slice(0, HARD_SETS_ATHLETES_PER_IMAGE);
    expectPng(teamHardSetsChart({ athletes: full, band: BAND }), 1200, 675);
    expect(teamHardSetsChartPages({ athletes: SQUAD, band: BAND })).toHaveLength(1);
  });

  it('is deterministic: same input, byte-identical PNG', () => {
    const a = teamHardSetsChart({ athletes: SQUAD, band: BAND });
    const b = teamHardSetsChart({ athletes: SQUAD.map((x) => ({ ...x })), band: { ...BAND } });
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('renders "No data for this week" for an empty squad', () => {
    const option = teamHardSetsOption({ athletes: [], band: BAND });
    expect(seriesOf(option)).toHaveLength(0);
    expect(texts(renderSvg(option))).toContain(NO_DATA_TEXT);
    expectPng(teamHardSetsChart({ athletes: [], band: BAND }), 1200, 675);
    const pages = teamHardSetsChartPages({ athletes: [], band: BAND });
    expect(pages).toHaveLength(1);
    expectPng(pages[0]!, 1200, 675);
  });
});

describe('athleteTrendChart', () => {
  it('renders a 1200x675 PNG (with and without ACWR)', () => {
    const image = athleteTrendChart(TREND);
    expectPng(image, 1200, 675);
    save('athlete-trend.png', image);
    const withAcwr = athleteTrendChart(TREND_ACWR);
    expectPng(withAcwr, 1200, 675);
    save('athlete-trend-acwr.png', withAcwr);
  });

  it('has load bars on the left axis and a pain line on the 0-10 right axis with a "pain limit" line at 5', () => {
    const option = athleteTrendOption(TREND);
    const series = seriesOf(option);
    expect(series.map((s) => [s.type, s.name, s.yAxisIndex])).toEqual([
      ['bar', LOAD_SERIES, 0],
      ['line', PAIN_SERIES, 1],
    ]);
    expect(series[1]!.markLine!.data).toEqual([{ yAxis: 5 }]);
    expect(series[1]!.markLine!.label?.formatter).toBe('pain limit');
    const yAxes = option.yAxis as { name: string; min?: number; max?: number }[];
    expect(yAxes[1]).toMatchObject({ min: 0, max: 10 });

    const svg = renderSvg(option);
    const t = texts(svg);
    for (const label of [LOAD_SERIES, PAIN_SERIES, 'pain limit', 'Load (AU)', 'Pain (0–10)', 'ISO week, 2025', 'no data']) expect(t).toContain(label);
    // One bar per week, and a pain symbol for each week with a score (7 of 8).
    const items = drawnItems(svg);
    expect([...items].filter((k) => k.startsWith('0:'))).toHaveLength(8);
    expect([...items].filter((k) => k.startsWith('1:'))).toHaveLength(7);
  });

  it('adds an ACWR strip (third series, own axis) when acwr is given, and follows a custom pain limit', () => {
    const option = athleteTrendOption({ ...TREND_ACWR, painLimit: 4 });
    const series = seriesOf(option);
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['bar', LOAD_SERIES],
      ['line', PAIN_SERIES],
      ['line', ACWR_SERIES],
    ]);
    expect(series[1]!.markLine!.data).toEqual([{ yAxis: 4 }]);
    const t = texts(renderSvg(option));
    expect(t).toContain(ACWR_SERIES);
    expect(t).toContain('1.42');
    // An ACWR series of nulls only adds nothing.
    expect(seriesOf(athleteTrendOption({ ...TREND, acwr: [null, null] }))).toHaveLength(2);
  });

  it('is deterministic: same input, byte-identical PNG', () => {
    const a = athleteTrendChart(TREND_ACWR);
    const b = athleteTrendChart(structuredClone(TREND_ACWR));
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('renders "No data for this week" for empty data instead of throwing', () => {
    for (const data of [
      { name: 'Ana', weeks: [], load: [], painMax: [] },
      { name: 'Ana', weeks: ['2025-W40'], load: [null], painMax: [null], acwr: [null] },
    ]) {
      const option = athleteTrendOption(data);
      expect(seriesOf(option)).toHaveLength(0);
      expect(texts(renderSvg(option))).toContain(NO_DATA_TEXT);
      expectPng(athleteTrendChart(data), 1200, 675);
    }
    save('athlete-trend-empty.png', athleteTrendChart({ name: 'Ana Souza', weeks: [], load: [], painMax: [] }));
  });

  it('tolerates ragged arrays (missing entries are gaps, extra ones are dropped)', () => {
    const image = athleteTrendChart({ name: 'Ben', weeks: WEEKS.slice(0, 4), load: [1200, 1300], painMax: [1, 2, 3, 4, 5, 6] });
    expectPng(image, 1200, 675);
  });
});
