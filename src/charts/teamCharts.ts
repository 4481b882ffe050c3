/**
 * Team charts of the weekly staff digest (pure: plain data -> ECharts option -> PNG).
 *
 * - teamWeeklyLoadChart: bars of weekly session-RPE load (AU), team total or
 *   mean per athlete (the legend and subtitle say which).
 * - teamHardSetsChart / teamHardSetsChartPages: weekly hard sets per muscle
 *   per athlete against the target band (default 10-20).
 *
 * Hard-sets layout (why not one big grouped-bar chart): three panels side by
 * side, one per muscle (glutes, hamstrings, lower back), athletes as rows of
 * horizontal bars sharing the same rows and the same x scale. Each panel shades
 * the band (markArea) and draws labelled lines at its edges (markLine). A bar's
 * status is shown three ways, so it reads without colour vision:
 *   colour (orange below, blue within, vermillion above) + pattern (diagonal
 *   stripes below, dots above, plain within) + a text label ("8 below",
 *   "23 above"; in-band bars show just the number).
 * Horizontal bars keep the names horizontal and readable at 22 px. One
 * 1200x675 picture holds up to HARD_SETS_ATHLETES_PER_IMAGE (12) athletes;
 * with more, `teamHardSetsChartPages` splits the squad into balanced pages of
 * 1200x675 (40 athletes -> 4 pictures of 10, titled "(1/4)" ...), which is what
 * the digest should attach; `teamHardSetsChart` instead keeps one picture and
 * grows its height (HARD_SETS_ROW_PX per athlete), which is fine for export
 * but needs zooming on a phone.
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import { WEEKLY_HARD_SET_TARGET, volumeBand, type SetBand, type VolumeBand } from '../domain/volume';
import {
  BASE_TEXT_STYLE,
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
  legendOption,
  loadAxis,
  measureTextWidth,
  niceCeil,
  noDataBar,
  noDataOption,
  renderChart,
  titleOption,
  truncateToWidth,
  weekAxis,
  type ChartImage,
  type ChartSize,
} from './render';

// ---------------------------------------------------------------------------
// 1. Weekly load

export type TeamLoadBasis = 'total' | 'meanPerAthlete';

export interface TeamWeeklyLoadData {
  /** ISO weeks 'YYYY-Www', oldest first. */
  weeks: readonly string[];
  /** Session-RPE load (AU) per week, aligned with `weeks`; null = no data that week. */
  load: readonly (number | null)[];
  title: string;
  /** What `load` is: the team total (default) or the mean per athlete. */
  basis?: TeamLoadBasis;
}

const LOAD_SERIES_NAME: Record<TeamLoadBasis, string> = {
  total: 'Team total load (AU)',
  meanPerAthlete: 'Mean load per athlete (AU)',
};

const LOAD_SUBTITLE: Record<TeamLoadBasis, string> = {
  total: 'Session-RPE load (RPE × minutes): all sessions of all athletes, per week',
  meanPerAthlete: 'Session-RPE load (RPE × minutes): each athlete’s weekly total, averaged',
};

/** Bar value labels are drawn when there are at most this many weeks. */
const MAX_WEEKS_WITH_VALUE_LABELS = 12;

export function teamWeeklyLoadOption(data: TeamWeeklyLoadData): EChartsOption {
  const basis = data.basis ?? 'total';
  const load = alignTo(data.load, data.weeks.length);
  if (data.weeks.length === 0 || load.every((v) => v === null)) return noDataOption(data.title);

  const axis = weekAxis(data.weeks);
  const showValues = data.weeks.length <= MAX_WEEKS_WITH_VALUE_LABELS;
  return {
    ...baseOption(),
    title: titleOption(data.title, LOAD_SUBTITLE[basis]),
    legend: legendOption([LOAD_SERIES_NAME[basis]]),
    grid: { left: 150, right: 40, top: 150, bottom: 110 },
    xAxis: {
      type: 'category',
      data: axis.labels,
      name: axis.name,
      ...axisNameStyle(58),
      axisLabel: { ...axisLabelStyle(), interval: data.weeks.length <= 16 ? 0 : 'auto' },
      axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
      axisTick: { show: false },
    },
    yAxis: loadAxis(),
    series: [
      {
        type: 'bar',
        name: LOAD_SERIES_NAME[basis],
        data: load.map((v) => v ?? noDataBar()),
        itemStyle: { color: COLORS.blue },
        barMaxWidth: 90,
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

/** Weekly team load bars. Default size 1200x675. */
export function teamWeeklyLoadChart(data: TeamWeeklyLoadData, size?: ChartSize): ChartImage {
  return renderChart(teamWeeklyLoadOption(data), size);
}

// ---------------------------------------------------------------------------
// 2. Hard sets per muscle per athlete

export interface AthleteHardSets {
  name: string;
  glutes: number;
  hamstrings: number;
  lowerBack: number;
}

export interface TeamHardSetsData {
  athletes: readonly AthleteHardSets[];
  /** Target band (inclusive); default 10-20 (WEEKLY_HARD_SET_TARGET). */
  band?: SetBand;
  /** Default 'Hard sets per muscle this week'. */
  title?: string;
}

/** Athletes that fit one 1200x675 picture. */
export const HARD_SETS_ATHLETES_PER_IMAGE = 12;
/** Row height when `teamHardSetsChart` grows the picture for a bigger squad. */
export const HARD_SETS_ROW_PX = 36;

const HARD_SETS_TITLE = 'Hard sets per muscle this week';

export const HARD_SET_MUSCLES = [
  { key: 'glutes', label: 'Glutes' },
  { key: 'hamstrings', label: 'Hamstrings' },
  { key: 'lowerBack', label: 'Lower back' },
] as const;

const STATUS_ORDER: readonly VolumeBand[] = ['below', 'within', 'above'];

/** Status cues: colour + pattern (decal) + label word. */
const STATUS_STYLE: Record<VolumeBand, { color: string; decal: object | undefined; word: string }> = {
  // Diagonal dark stripes.
  below: {
    color: COLORS.orange,
    decal: { symbol: 'rect', symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [4, 4], rotation: -Math.PI / 4, color: 'rgba(0, 0, 0, 0.55)' },
    word: 'below',
  },
  within: { color: COLORS.blue, decal: undefined, word: '' },
  // White dots.
  above: {
    color: COLORS.vermillion,
    decal: { symbol: 'circle', symbolSize: 0.7, dashArrayX: [[6, 6], [0, 6, 6, 0]], dashArrayY: [6, 0], color: 'rgba(255, 255, 255, 0.9)' },
    word: 'above',
  },
};

function statusSeriesName(status: VolumeBand, band: SetBand): string {
  switch (status) {
    case 'below':
      return `Below ${formatSets(band.min)}`;
    case 'within':
      return `Within ${formatSets(band.min)}–${formatSets(band.max)}`;
    case 'above':
      return `Above ${formatSets(band.max)}`;
  }
}

/** Widest athlete name on the axis (px); longer names end with '…'. */
export const HARD_SETS_NAME_MAX_PX = 200;

/** Height of the hard-sets picture for a squad: 675 up to 12 athletes, then 270 + 36 px per athlete. */
export function hardSetsHeight(athleteCount: number): number {
  return athleteCount <= HARD_SETS_ATHLETES_PER_IMAGE ? CHART_HEIGHT : HARD_SETS_GRID_TOP + HARD_SETS_GRID_BOTTOM + athleteCount * HARD_SETS_ROW_PX;
}

const HARD_SETS_GRID_TOP = 178;
const HARD_SETS_GRID_BOTTOM = 92;

/**
 * Layout of the hard-sets chart: athlete names measured in the chart font and
 * cut to HARD_SETS_NAME_MAX_PX, a name column just wide enough for them, then
 * three equal panels (same width, same x scale, so bars compare across panels).
 */
function hardSetsLayout(athleteNames: readonly string[], width: number): {
  names: string[];
  panels: { left: number; width: number }[];
} {
  const names = athleteNames.map((n) => truncateToWidth(n, HARD_SETS_NAME_MAX_PX, FONT_SIZE.axis));
  const widest = Math.max(0, ...names.map((n) => measureTextWidth(n, FONT_SIZE.axis)));
  const nameColumn = Math.ceil(Math.max(60, widest) + 8 /* label margin */ + 20 /* left padding */);
  const gap = 50;
  const right = 24;
  const panelWidth = Math.floor((width - nameColumn - right - 2 * gap) / 3);
  const panels = [0, 1, 2].map((i) => ({ left: nameColumn + i * (panelWidth + gap), width: panelWidth }));
  return { names, panels };
}

export function teamHardSetsOption(data: TeamHardSetsData, size: ChartSize = {}): EChartsOption {
  const title = data.title ?? HARD_SETS_TITLE;
  const band = data.band ?? WEEKLY_HARD_SET_TARGET;
  if (!(Number.isFinite(band.min) && Number.isFinite(band.max)) || band.min > band.max) {
    throw new RangeError(`teamHardSetsOption: invalid band ${String(band.min)}-${String(band.max)}`);
  }
  if (data.athletes.length === 0) return noDataOption(title);

  const layout = hardSetsLayout(
    data.athletes.map((a) => a.name),
    size.width ?? CHART_WIDTH,
  );
  const names = layout.names;

  // One x scale for all panels, with room right of the longest bar for its label.
  let maxValue: number = band.max;
  for (const a of data.athletes) for (const m of HARD_SET_MUSCLES) maxValue = Math.max(maxValue, setsOrNull(a[m.key]) ?? 0);
  const raw = maxValue * 1.45;
  const xInterval = raw <= 40 ? 10 : raw <= 80 ? 20 : niceCeil(raw / 4);
  const xMax = Math.ceil(raw / xInterval) * xInterval;

  const grids = layout.panels.map((p) => ({ left: p.left, width: p.width, top: HARD_SETS_GRID_TOP, bottom: HARD_SETS_GRID_BOTTOM }));
  const xAxes = layout.panels.map((_, i) => ({
    type: 'value' as const,
    gridIndex: i,
    min: 0,
    max: xMax,
    interval: xInterval,
    axisLabel: { ...axisLabelStyle() },
    splitLine: { lineStyle: { color: COLORS.grid } },
    axisLine: { show: true, lineStyle: { color: COLORS.axis, width: 2 } },
    // The axis name goes under the middle panel only.
    ...(i === 1 ? { name: 'Hard sets per week', ...axisNameStyle(50) } : {}),
  }));
  const yAxes = layout.panels.map((_, i) => ({
    type: 'category' as const,
    gridIndex: i,
    data: names,
    inverse: true, // first athlete on top
    axisLabel: { ...axisLabelStyle(), show: i === 0, interval: 0 },
    axisTick: { show: false },
    axisLine: { show: true, lineStyle: { color: COLORS.axis, width: 2 } },
  }));

  const series: SeriesOption[] = [];
  HARD_SET_MUSCLES.forEach((muscle, panel) => {
    const values = data.athletes.map((a) => setsOrNull(a[muscle.key]));
    for (const status of STATUS_ORDER) {
      const style = STATUS_STYLE[status];
      series.push({
        type: 'bar',
        name: statusSeriesName(status, band),
        id: `${muscle.key}-${status}`,
        xAxisIndex: panel,
        yAxisIndex: panel,
        stack: muscle.key, // each athlete has a value in exactly one status series
        data: values.map((v) => (v !== null && volumeBand(v, band) === status ? v : '-')),
        barWidth: '70%',
        barMaxWidth: 34,
        itemStyle: { color: style.color, borderColor: COLORS.axis, borderWidth: 1, ...(style.decal ? { decal: style.decal } : {}) },
        label: {
          show: true,
          position: 'right',
          ...labelStyle(),
          fontWeight: status === 'within' ? 'normal' : 'bold',
          backgroundColor: 'rgba(255, 255, 255, 0.85)',
          padding: [1, 3],
          formatter: (p: { value?: unknown }) =>
            typeof p.value === 'number' ? `${formatSets(p.value)}${style.word ? ` ${style.word}` : ''}` : '',
        },
        ...(status === 'within' ? { markArea: bandArea(band), markLine: bandLines(band) } : {}),
      });
    }
  });

  const panelTitles = HARD_SET_MUSCLES.map((m, i) => {
    const p = layout.panels[i]!;
    return {
      text: m.label,
      left: p.left + p.width / 2,
      top: HARD_SETS_GRID_TOP - 78,
      textAlign: 'center' as const,
      textStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.legend, fontWeight: 'bold' as const },
    };
  });

  return {
    ...baseOption(),
    title: [titleOption(title), ...panelTitles],
    legend: { ...legendOption(STATUS_ORDER.map((s) => statusSeriesName(s, band))), top: 62 },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
  };
}

/** A set count to draw: finite and >= 0, else null (no bar). */
function setsOrNull(v: number): number | null {
  const x = finiteOrNull(v);
  return x !== null && x >= 0 ? x : null;
}

function bandArea(band: SetBand): object {
  return {
    silent: true,
    itemStyle: { color: COLORS.band },
    data: [[{ xAxis: band.min }, { xAxis: band.max }]],
  };
}

/**
 * Dashed lines at the band edges, labelled above the panel ("min 10" ends at
 * its line, "max 20" starts at its line, so the two never overlap). The y axis
 * is inverted (first athlete on top), so the line "start" is the top.
 */
function bandLines(band: SetBand): object {
  const label = { show: true, position: 'start', distance: 8, ...labelStyle(), color: COLORS.bandEdge, fontWeight: 'bold' };
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: COLORS.bandEdge, type: 'dashed', width: 2 },
    data: [
      { xAxis: band.min, label: { ...label, align: 'right', formatter: `min ${formatSets(band.min)}` } },
      { xAxis: band.max, label: { ...label, align: 'left', formatter: `max ${formatSets(band.max)}` } },
    ],
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

/**
 * One picture for the whole squad: 1200x675 up to 12 athletes, taller beyond
 * (height = 270 + 36 px per athlete) unless `size.height` is given.
 */
export function teamHardSetsChart(data: TeamHardSetsData, size: ChartSize = {}): ChartImage {
  return renderChart(teamHardSetsOption(data, size), {
    width: size.width ?? CHART_WIDTH,
    height: size.height ?? hardSetsHeight(data.athletes.length),
  });
}

/**
 * The squad split into 1200x675 pictures of at most 12 athletes each (balanced),
 * titled "... (1/4)". One picture (no suffix) when the squad fits.
 */
export function teamHardSetsChartPages(data: TeamHardSetsData, size: ChartSize = {}): ChartImage[] {
  const pages = splitAthletes(data.athletes);
  const title = data.title ?? HARD_SETS_TITLE;
  const fixed = { width: size.width ?? CHART_WIDTH, height: size.height ?? CHART_HEIGHT };
  return pages.map((athletes, i) =>
    renderChart(teamHardSetsOption({ ...data, athletes, title: pages.length > 1 ? `${title} (${i + 1}/${pages.length})` : title }, fixed), fixed),
  );
}
