/**
 * Team charts of the weekly staff digest (pure: plain data -> ECharts option -> PNG), drawn
 * for a phone (760 px wide = 2x a ~380 px screen; text >= 22 px, i.e. >= 11 px on the phone).
 *
 * - teamWeeklyLoadChart: bars of weekly session-RPE load (AU), team total or mean per
 *   athlete (the subtitle says which; one series, so no legend), weeks labelled by date.
 * - teamHardSetsChart / teamHardSetsChartPages: weekly hard sets done per athlete, portrait:
 *   one row per athlete with three horizontal bars (glutes, hamstrings, lower back; a legend,
 *   since there are three series), names horizontal and readable. Seed 002's band (the team's
 *   hardSetMin-hardSetMax) is shaded as CONTEXT, as the status uses it: it covers all of a
 *   muscle's training, not only these sessions (a team can choose to be held to it).
 *   Each bar carries its number, so nothing is read from colour alone.
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import { WEEKLY_HARD_SET_TARGET, type SetBand } from '../domain/volume';
import { stackedLoadSeries, typesPresent, type LoadByType } from './allTrainingCharts';
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  COLORS,
  FONT_SIZE,
  alignTo,
  axisLabelStyle,
  axisNameStyle,
  baseOption,
  finiteOrNull,
  formatInt,
  formatSets,
  labelStyle,
  labelText,
  legendOption,
  loadAxis,
  measureTextWidth,
  niceCeil,
  noDataBar,
  noDataOption,
  renderChart,
  renderSvg,
  svgToPng,
  titleOption,
  truncateToWidth,
  weekAxis,
  type ChartImage,
  type ChartOverlay,
  type ChartSize,
} from './render';

// ---------------------------------------------------------------------------
// 1. Weekly load

export type TeamLoadBasis = 'total' | 'meanPerAthlete';

export interface TeamWeeklyLoadData {
  /** Mondays of the weeks ('YYYY-MM-DD'), oldest first. */
  weeks: readonly string[];
  /** Session-RPE load (AU) per week, aligned with `weeks`; null = no data that week. */
  load: readonly (number | null)[];
  title: string;
  /** What `load` is: the team total (default) or the mean per athlete. */
  basis?: TeamLoadBasis;
  /** `load` split by type (issue 13): stacked bars with a legend when other training appears. */
  byType?: readonly (LoadByType | null)[];
}

const LOAD_SUBTITLE: Record<TeamLoadBasis, string> = {
  total: 'RPE × minutes, all athletes, per week',
  meanPerAthlete: 'RPE × minutes, mean per athlete, per week',
};

/** Bar value labels are drawn when there are at most this many weeks. */
const MAX_WEEKS_WITH_VALUE_LABELS = 8;

export function teamWeeklyLoadOption(data: TeamWeeklyLoadData): EChartsOption {
  const basis = data.basis ?? 'total';
  const load = alignTo(data.load, data.weeks.length);
  if (data.weeks.length === 0 || load.every((v) => v === null)) return noDataOption(data.title);

  const axis = weekAxis(data.weeks);
  const showValues = data.weeks.length <= MAX_WEEKS_WITH_VALUE_LABELS;
  const byType = data.weeks.map((_, i) => (load[i] === null ? null : (data.byType?.[i] ?? null)));
  const stack = typesPresent(byType).some((t) => t !== 'assigned') ? stackedLoadSeries(byType, {}, showValues) : null;
  const legend = stack !== null && stack.names.length >= 2;
  return {
    ...baseOption(),
    title: titleOption(
      data.title,
      stack && !legend ? `${LOAD_SUBTITLE[basis]}, all ${stack.names[0]!.toLowerCase()}` : LOAD_SUBTITLE[basis],
    ),
    ...(legend ? { legend: legendOption(stack.names) } : {}),
    grid: { left: 100, right: 24, top: legend ? 160 : 120, bottom: 96 },
    xAxis: {
      type: 'category',
      data: axis.labels,
      name: axis.name,
      ...axisNameStyle(62),
      axisLabel: { ...axisLabelStyle(), interval: 'auto', rotate: data.weeks.length > 6 ? 30 : 0 },
      axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
      axisTick: { show: false },
    },
    yAxis: loadAxis(),
    series: stack
      ? stack.series
      : [
          {
            type: 'bar',
            name: 'Load (AU)',
            data: load.map((v) => v ?? noDataBar()),
            itemStyle: { color: COLORS.blue },
            barMaxWidth: 60,
            label: {
              show: showValues,
              position: 'top',
              ...labelStyle(),
              formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? formatInt(p.value) : ''),
            },
            labelLayout: { hideOverlap: true },
          },
        ],
  };
}

/** Weekly team load bars. Default size 760x480. */
export function teamWeeklyLoadChart(data: TeamWeeklyLoadData, size?: ChartSize): ChartImage {
  return renderChart(teamWeeklyLoadOption(data), size);
}

// ---------------------------------------------------------------------------
// 2. Hard sets per muscle per athlete (portrait)

export interface AthleteHardSets {
  name: string;
  glutes: number;
  hamstrings: number;
  lowerBack: number;
}

export interface TeamHardSetsData {
  athletes: readonly AthleteHardSets[];
  /** Context band (inclusive); default seed 002's 10-20 (WEEKLY_HARD_SET_TARGET). */
  band?: SetBand;
  /** Default 'Hard sets done this week'. */
  title?: string;
}

/** Athletes per picture: 14 rows keep a page about one and a half phone screens tall. */
export const HARD_SETS_ATHLETES_PER_IMAGE = 14;
/** Height of one athlete's row (three bars). */
export const HARD_SETS_ROW_PX = 64;
/** Widest athlete name on the axis (px); longer names end with '…'. */
export const HARD_SETS_NAME_MAX_PX = 230;

const HARD_SETS_TITLE = 'Hard sets done this week';
const GRID_TOP = 170;
const GRID_BOTTOM = 80;

export const HARD_SET_MUSCLES = [
  { key: 'glutes', label: 'Glutes', color: COLORS.blue },
  { key: 'hamstrings', label: 'Hamstrings', color: COLORS.orange },
  { key: 'lowerBack', label: 'Lower back', color: COLORS.green },
] as const;

/** Height of the hard-sets picture for `athleteCount` rows. */
export function hardSetsHeight(athleteCount: number): number {
  return GRID_TOP + GRID_BOTTOM + Math.max(1, athleteCount) * HARD_SETS_ROW_PX;
}

/** A set count to draw: finite and >= 0, else null (no bar). */
function setsOrNull(v: number): number | null {
  const x = finiteOrNull(v);
  return x !== null && x >= 0 ? x : null;
}

export function teamHardSetsOption(data: TeamHardSetsData, size: ChartSize = {}): EChartsOption {
  const title = data.title ?? HARD_SETS_TITLE;
  const band = data.band ?? WEEKLY_HARD_SET_TARGET;
  if (!(Number.isFinite(band.min) && Number.isFinite(band.max)) || band.min > band.max) {
    throw new RangeError(`teamHardSetsOption: invalid band ${String(band.min)}-${String(band.max)}`);
  }
  if (data.athletes.length === 0) return noDataOption(title);
  const width = size.width ?? CHART_WIDTH;

  const names = data.athletes.map((a) => truncateToWidth(a.name, HARD_SETS_NAME_MAX_PX, FONT_SIZE.axis));
  const nameColumn = Math.ceil(Math.max(60, ...names.map((n) => measureTextWidth(n, FONT_SIZE.axis))) + 28);

  let maxValue: number = band.max;
  for (const a of data.athletes) for (const m of HARD_SET_MUSCLES) maxValue = Math.max(maxValue, setsOrNull(a[m.key]) ?? 0);
  const raw = maxValue * 1.2;
  const xInterval = raw <= 30 ? 10 : niceCeil(raw / 3);
  const xMax = Math.ceil(raw / xInterval) * xInterval;

  const series: SeriesOption[] = HARD_SET_MUSCLES.map((m, i) => ({
    type: 'bar',
    name: m.label,
    data: data.athletes.map((a) => setsOrNull(a[m.key]) ?? '-'),
    barWidth: 16,
    barGap: '15%',
    itemStyle: { color: m.color, borderColor: COLORS.axis, borderWidth: 1 },
    // Each bar's number is drawn by hardSetsValueLabels, not by ECharts (see there).
    label: { show: false },
    // The band once, under every bar: context, not a verdict (see the header).
    ...(i === 0
      ? {
          markArea: { silent: true, itemStyle: { color: COLORS.band }, data: [[{ xAxis: band.min }, { xAxis: band.max }]] },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: COLORS.bandEdge, type: 'dashed', width: 2 },
            label: { show: false },
            data: [{ xAxis: band.min }, { xAxis: band.max }],
          },
        }
      : {}),
  }));

  return {
    ...baseOption(),
    title: titleOption(title, `Shaded: ${formatSets(band.min)}–${formatSets(band.max)} a week for ALL training (context)`),
    legend: { ...legendOption(HARD_SET_MUSCLES.map((m) => m.label)), top: 104 },
    grid: { left: nameColumn, right: 40, top: GRID_TOP, bottom: GRID_BOTTOM },
    xAxis: {
      type: 'value',
      min: 0,
      max: xMax,
      interval: xInterval,
      name: 'Hard sets',
      ...axisNameStyle(44),
      axisLabel: { ...axisLabelStyle() },
      splitLine: { lineStyle: { color: COLORS.grid } },
      axisLine: { show: true, lineStyle: { color: COLORS.axis, width: 2 } },
    },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true, // first athlete on top
      axisLabel: { ...axisLabelStyle(), interval: 0, width: width },
      axisTick: { show: false },
      axisLine: { show: true, lineStyle: { color: COLORS.axis, width: 2 } },
    },
    series,
  };
}

/** Split a squad into balanced pages of at most `perPage` athletes (order kept). */
export function splitAthletes<T>(athletes: readonly T[], perPage: number = HARD_SETS_ATHLETES_PER_IMAGE): T[][] {
  if (!Number.isInteger(perPage) || perPage < 1) throw new RangeError(`perPage must be a positive integer, got ${String(perPage)}`);
  if (athletes.length === 0) return [[]];
  const pages = Math.ceil(athletes.length / perPage);
  const base = Math.floor(athletes.length / pages);
  const extra = athletes.length % pages;
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < pages; i++) {
    const n = base + (i < extra ? 1 : 0);
    out.push(athletes.slice(start, start + n));
    start += n;
  }
  return out;
}

/** What hardSetsValueLabels reads of ECharts' model (not in its published types): each bar as drawn. */
interface DrawnBars {
  getModel(): {
    getSeriesByIndex(index: number):
      | {
          getData(): {
            getItemGraphicEl(
              index: number,
            ):
              | { getBoundingRect(): { x: number; y: number; width: number; height: number }; getComputedTransform(): number[] | null }
              | undefined;
          };
        }
      | undefined;
  };
}

/** Space between a bar's end and its number, as ECharts leaves it (label distance 5). */
const VALUE_LABEL_GAP = 5;

/**
 * Each bar's number at its right end, where ECharts' `label: { position: 'right' }` put it: from the
 * bar as ECharts drew it (its box, border included), 5 px to the right, vertically centred
 * (test/unit/charts.test.ts checks they land exactly where ECharts' did). Why not ECharts' labels:
 * its label machinery (styles, states, layout) cost ~13 ms of a 14-athlete page until the JIT had
 * warmed up (~3 ms after), for 42 plain numbers. Drawn last, a number near the band's edge now sits
 * over its dashed line rather than under it.
 */
export function hardSetsValueLabels(athletes: readonly AthleteHardSets[]): ChartOverlay {
  return (chart) => {
    const model = (chart as unknown as DrawnBars).getModel();
    let out = '';
    HARD_SET_MUSCLES.forEach((m, s) => {
      const bars = model.getSeriesByIndex(s)?.getData();
      athletes.forEach((a, i) => {
        const value = setsOrNull(a[m.key]);
        const bar = value === null ? undefined : bars?.getItemGraphicEl(i);
        if (value === null || !bar) return;
        const box = bar.getBoundingRect();
        const [x, y] = [box.x + box.width + VALUE_LABEL_GAP, box.y + box.height / 2];
        const t = bar.getComputedTransform() ?? [1, 0, 0, 1, 0, 0];
        out += labelText(formatSets(value), t[0]! * x + t[2]! * y + t[4]!, t[1]! * x + t[3]! * y + t[5]!);
      });
    });
    return out;
  };
}

/** The hard-sets picture as SVG, its bars' numbers included (`size` as the PNG will be). */
export function teamHardSetsSvg(data: TeamHardSetsData, size: ChartSize = {}): string {
  const option = teamHardSetsOption(data, size);
  return renderSvg(option, size, data.athletes.length > 0 ? hardSetsValueLabels(data.athletes) : undefined);
}

/** One portrait picture for the whole squad (height grows with the squad unless given). */
export function teamHardSetsChart(data: TeamHardSetsData, size: ChartSize = {}): ChartImage {
  return svgToPng(
    teamHardSetsSvg(data, {
      width: size.width ?? CHART_WIDTH,
      height: size.height ?? Math.max(CHART_HEIGHT, hardSetsHeight(data.athletes.length)),
    }),
  );
}

/**
 * The squad split into balanced portrait pages of at most HARD_SETS_ATHLETES_PER_IMAGE
 * athletes, titled "... (1/3)"; one picture (no suffix) when the squad fits.
 */
export function teamHardSetsChartPages(data: TeamHardSetsData, size: ChartSize = {}): ChartImage[] {
  const pages = splitAthletes(data.athletes);
  const title = data.title ?? HARD_SETS_TITLE;
  return pages.map((athletes, i) =>
    teamHardSetsChart({ ...data, athletes, title: pages.length > 1 ? `${title} (${i + 1}/${pages.length})` : title }, size),
  );
}
