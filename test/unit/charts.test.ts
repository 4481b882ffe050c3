import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EChartsOption, SeriesOption } from 'echarts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACWR_SERIES,
  CHART_HEIGHT,
  CHART_WIDTH,
  HARD_SETS_ATHLETES_PER_IMAGE,
  HARD_SETS_NAME_MAX_PX,
  LOAD_SERIES,
  NO_DATA_TEXT,
  PAIN_SERIES,
  athleteTrendChart,
  athleteTrendOption,
  chartFontFiles,
  measureTextWidth,
  renderSvg,
  splitAthletes,
  teamHardSetsChart,
  teamHardSetsChartPages,
  teamHardSetsOption,
  teamHardSetsSvg,
  teamWeeklyLoadChart,
  teamWeeklyLoadOption,
  type AthleteHardSets,
  type AthleteTrendData,
  type ChartImage,
  type TeamWeeklyLoadData,
} from '../../src/charts';
import { formatSets, labelStyle } from '../../src/charts/render';
import { hardSetsHeight } from '../../src/charts/teamCharts';

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

const WEEKS = ['2025-12-22', '2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];

const TEAM_LOAD: TeamWeeklyLoadData = {
  weeks: WEEKS,
  load: [10450, 11200, 9800, 12640, 13100, null, 7400, 11980],
  title: 'Team load, 8 weeks',
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

const BIG_SQUAD: AthleteHardSets[] = Array.from({ length: 40 }, (_, i) => ({
  name: `Athlete ${String(i + 1).padStart(2, '0')}`,
  glutes: (i * 7) % 26,
  hamstrings: 5 + ((i * 5) % 21),
  lowerBack: 4 + ((i * 3) % 15),
}));

const TREND: AthleteTrendData = {
  name: 'Ana Souza',
  weeks: WEEKS,
  inProgress: [false, false, false, false, false, false, false, true],
  load: [1450, 1600, 1380, 1720, 1900, null, 980, 1650],
  painMax: [2, 3, 2, 4, 6, null, 3, 7],
  acwr: [null, null, null, 1.08, 1.21, 0.85, 0.62, 1.42],
};

beforeAll(() => {
  mkdirSync(OUTPUT_DIR, { recursive: true });
});

const PHONE = 380;

/** Smallest text on the phone: the smallest font size scaled from the picture's width to 380 px. */
function smallestOnPhone(svg: string, width: number): number {
  return (Math.min(...fontSizes(svg)) * PHONE) / width;
}

// ---------------------------------------------------------------------------

describe('render basics', () => {
  it('uses the DejaVu TTF files from the npm package (no system fonts)', () => {
    const files = chartFontFiles();
    expect(files).toHaveLength(2);
    for (const f of files) expect(f).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSansCondensed(-Bold)?\.ttf$/);
  });

  it('measures text with resvg itself, from the same font files (no TrueType parsing of our own)', () => {
    // DejaVu Sans Condensed: 'i' 0.251 em, 'W' 0.894 em (advance widths / 2048 units).
    expect(measureTextWidth('i', 100)).toBeCloseTo(25.1, 0);
    expect(measureTextWidth('W', 100)).toBeCloseTo(89.4, 0);
    expect(measureTextWidth('WW', 22)).toBeCloseTo(2 * measureTextWidth('W', 22), 6);
    expect(measureTextWidth('Glutes', 22, true)).toBeGreaterThan(measureTextWidth('Glutes', 22));
    expect(measureTextWidth('', 22)).toBe(0);
    expect(measureTextWidth('国', 22)).toBe(22); // a glyph the font lacks counts as 1 em
  });

  it('draws for a phone: 760 px wide (2x a 380 px screen)', () => {
    expect({ CHART_WIDTH, CHART_HEIGHT }).toEqual({ CHART_WIDTH: 760, CHART_HEIGHT: 480 });
  });

  it('every text is at least 11 px once a phone shows the picture 380 px wide', () => {
    const cases: [string, number][] = [
      [renderSvg(teamWeeklyLoadOption(TEAM_LOAD)), CHART_WIDTH],
      [teamHardSetsSvg({ athletes: SQUAD, band: BAND }, { width: 760, height: 800 }), CHART_WIDTH],
      [renderSvg(athleteTrendOption(TREND), { width: 760, height: 960 }), 760],
    ];
    for (const [svg, width] of cases) {
      expect(fontSizes(svg).length).toBeGreaterThan(10);
      expect(smallestOnPhone(svg, width)).toBeGreaterThanOrEqual(11);
    }
  });
});

describe('teamWeeklyLoadChart', () => {
  it('renders a 760x480 PNG of weekly load bars, deterministically', () => {
    const a = teamWeeklyLoadChart(TEAM_LOAD);
    expectPng(a, 760, 480);
    expect(teamWeeklyLoadChart(TEAM_LOAD).png.equals(a.png)).toBe(true);
    save('team-load.png', a);
  });

  it('labels weeks with dates (their Monday), across a year boundary; one series, so no legend', () => {
    const option = teamWeeklyLoadOption(TEAM_LOAD);
    const svg = renderSvg(option);
    expect(texts(svg)).toEqual(expect.arrayContaining(['22 Dec', '29 Dec', '5 Jan', '9 Feb', 'Week starting (2025–2026)']));
    expect(seriesOf(option)).toHaveLength(1);
    expect(option.legend).toBeUndefined();
    expect(texts(svg)).toContain('no data'); // the missing week is not a zero
  });

  it('renders "No data for this week" for empty data instead of throwing', () => {
    const svg = renderSvg(teamWeeklyLoadOption({ ...TEAM_LOAD, load: TEAM_LOAD.load.map(() => null) }));
    expect(texts(svg)).toContain(NO_DATA_TEXT);
  });
});

describe('teamHardSetsChart (portrait)', () => {
  it('is portrait: taller than wide, one row per athlete with three muscle bars and a legend for them', () => {
    const image = teamHardSetsChart({ athletes: SQUAD, band: BAND });
    expect(image.width).toBe(760);
    expect(image.height).toBeGreaterThan(image.width);
    save('team-hard-sets.png', image);
    const option = teamHardSetsOption({ athletes: SQUAD, band: BAND });
    expect(seriesOf(option).map((s) => s.name)).toEqual(['Glutes', 'Hamstrings', 'Lower back']);
    const svg = teamHardSetsSvg({ athletes: SQUAD, band: BAND }, { width: image.width, height: image.height });
    expect(drawnItems(svg).size).toBe(3 * SQUAD.length);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Glutes', 'Hamstrings', 'Lower back', 'Ana Souza', '3.5', '19.5']));
  });

  it("draws each bar's number where ECharts' own label went, and none for a missing value", () => {
    const athletes = [
      ...SQUAD,
      { name: 'Zero', glutes: 0, hamstrings: Number.NaN, lowerBack: 41 },
      { name: 'Near the band', glutes: 9.7, hamstrings: 20.3, lowerBack: 10 },
    ];
    const size = { width: 760, height: hardSetsHeight(athletes.length) };
    // The same chart with ECharts drawing the numbers (label position 'right'), as it did before.
    const option = teamHardSetsOption({ athletes, band: BAND }, size);
    const withEChartsLabels = {
      ...option,
      series: seriesOf(option).map((s) => ({
        ...s,
        label: {
          show: true,
          position: 'right',
          ...labelStyle(),
          formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatSets(p.value) : ''),
        },
      })),
    } as EChartsOption;
    const numbers = (svg: string) =>
      [...svg.matchAll(/<text dominant-baseline="central" text-anchor="start"[^>]* transform="translate\([^)]*\)"[^>]*>[\d.]+<\/text>/g)]
        .map((m) => m[0])
        .sort();
    const ours = numbers(teamHardSetsSvg({ athletes, band: BAND }, size));
    expect(ours).toHaveLength(3 * athletes.length - 1);
    expect(ours).toEqual(numbers(renderSvg(withEChartsLabels, size)));
  });

  it("shades the team's band as context, as the status uses it", () => {
    const option = teamHardSetsOption({ athletes: SQUAD, band: { min: 12, max: 16 } });
    const first = seriesOf(option)[0]!;
    expect(first.markLine!.data.map((d) => d.xAxis)).toEqual([12, 16]);
    expect(texts(renderSvg(option, { width: 760, height: 900 })).join(' ')).toContain('Shaded: 12–16 a week for ALL training (context)');
  });

  it('cuts long names to fit the name column', () => {
    const long = [{ name: 'Bartholomew Fitzgerald-Worthington the Third', glutes: 10, hamstrings: 12, lowerBack: 4 }];
    const svg = renderSvg(teamHardSetsOption({ athletes: long }), { width: 760, height: 500 });
    const name = texts(svg).find((t) => t.startsWith('Bartholomew'))!;
    expect(name.endsWith('…')).toBe(true);
    expect(measureTextWidth(name, 22)).toBeLessThanOrEqual(HARD_SETS_NAME_MAX_PX);
  });

  it('splits 40 athletes into balanced portrait pages of at most 14, titled (1/3)...', () => {
    expect(splitAthletes(BIG_SQUAD).map((p) => p.length)).toEqual([14, 13, 13]);
    expect(HARD_SETS_ATHLETES_PER_IMAGE).toBe(14);
    const pages = teamHardSetsChartPages({ athletes: BIG_SQUAD, title: 'Hard sets' });
    expect(pages).toHaveLength(3);
    for (const p of pages) expect(p.height).toBeGreaterThan(p.width);
    save('team-hard-sets-page-1.png', pages[0]!);
  });

  it('renders "No data for this week" for an empty squad', () => {
    expect(texts(renderSvg(teamHardSetsOption({ athletes: [] })))).toContain(NO_DATA_TEXT);
  });
});

describe('athleteTrendChart', () => {
  it('renders a portrait PNG, deterministically', () => {
    const a = athleteTrendChart(TREND);
    expectPng(a, 760, 960);
    expect(athleteTrendChart(TREND).png.equals(a.png)).toBe(true);
    save('athlete-trend.png', a);
  });

  it('puts load, ACWR and pain each on its own axis and panel; the pain limit is on the pain axis only', () => {
    const option = athleteTrendOption(TREND);
    const series = seriesOf(option);
    expect(series.map((s) => [s.name, s.yAxisIndex])).toEqual([
      [LOAD_SERIES, 0],
      [ACWR_SERIES, 1],
      [PAIN_SERIES, 2],
    ]);
    expect((option.grid as unknown[]).length).toBe(3);
    expect(series[2]!.markLine!.data).toEqual([{ yAxis: 5 }]);
    expect(series[0]!.markLine).toBeUndefined();
    expect(option.legend).toBeUndefined(); // one series per panel, each panel says what it is
  });

  it("marks a week's pain only when it is above the limit, not at it (the one rule, isPainFlag)", () => {
    const marked = (painLimit: number) =>
      (seriesOf(athleteTrendOption({ ...TREND, painLimit }))[2]!.data as ({ value: number; symbol?: string } | string)[])
        .filter((p): p is { value: number; symbol?: string } => typeof p === 'object' && p.symbol === 'triangle')
        .map((p) => p.value);
    expect(marked(5)).toEqual([6, 7]);
    expect(marked(6)).toEqual([7]);
    expect(marked(7)).toEqual([]);
  });

  it("shades the status's ACWR band (0.8-1.5 by default, or the team's), not 0.8-1.3", () => {
    const band = (o: ReturnType<typeof athleteTrendOption>) => JSON.stringify(seriesOf(o)[1]!.markArea);
    expect(band(athleteTrendOption(TREND))).toContain('"yAxis":0.8');
    expect(band(athleteTrendOption(TREND))).toContain('"yAxis":1.5');
    expect(band(athleteTrendOption({ ...TREND, acwrBand: { low: 0.7, high: 1.4 } }))).toContain('"yAxis":1.4');
    expect(texts(renderSvg(athleteTrendOption(TREND), { width: 760, height: 960 })).join(' ')).toContain('shaded 0.8–1.5: no flag');
  });

  it('labels weeks with dates and marks the week in progress', () => {
    const t = texts(renderSvg(athleteTrendOption(TREND), { width: 760, height: 960 }));
    expect(t).toEqual(expect.arrayContaining(['22 Dec', '9 Feb*', 'Week starting (2025–2026) · * in progress']));
  });

  it("keeps the title's descenders clear of the subtitle on a phone, whatever the name's length", () => {
    // Where ECharts puts a text: its translate plus its y, at its vertical centre (dominant-baseline central).
    const line = (svg: string, pattern: RegExp) => {
      const tag = [...svg.matchAll(/<text\b[^>]*>[^<]*<\/text>/g)].map((m) => m[0]).find((t) => pattern.test(t))!;
      const [, x, ty] = /translate\(([\d.]+) ([\d.]+)\)/.exec(tag)!;
      const text = />([^<]*)</.exec(tag)![1]!;
      return {
        x: Number(x),
        centre: Number(ty) + Number(/ y="([\d.-]+)"/.exec(tag)?.[1] ?? 0),
        size: Number(/font-size:([\d.]+)px/.exec(tag)![1]),
        text,
      };
    };
    // DejaVu's ink, measured on the PNG: about 0.55 em below the centre (y, g) and 0.45 em above it (L, parentheses).
    for (const name of ['Ana Souza', 'Maximiliana Wolfeschlegelsteinha', 'W'.repeat(32)]) {
      const svg = renderSvg(athleteTrendOption({ ...TREND, name }), { width: 760, height: 960 });
      const title = line(svg, /week by week/);
      const subtitle = line(svg, /not an injury risk/);
      const gapOnPhone = ((subtitle.centre - 0.45 * subtitle.size - (title.centre + 0.55 * title.size)) * PHONE) / 760;
      expect(gapOnPhone, name).toBeGreaterThanOrEqual(4);
      // The title stays inside the picture: smaller for a long name, then the name is cut, never ": week by week".
      expect(title.text, name).toMatch(/: week by week$/);
      expect(title.x + measureTextWidth(title.text, title.size, true), name).toBeLessThanOrEqual(760 - 24);
      expect(title.size).toBeGreaterThanOrEqual(22);
    }
    save('athlete-trend-long-name.png', athleteTrendChart({ ...TREND, name: 'W'.repeat(32) }));
  });

  it('renders "No data for this week" for empty data, and tolerates ragged arrays', () => {
    expect(texts(renderSvg(athleteTrendOption({ ...TREND, load: [], painMax: [] })))).toContain(NO_DATA_TEXT);
    expect(() => athleteTrendChart({ ...TREND, load: [1, 2], painMax: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], acwr: [1] })).not.toThrow();
  });
});
