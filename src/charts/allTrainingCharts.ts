/**
 * Issue 13's chart parts (pure: plain data -> ECharts option -> PNG), drawn for a phone like
 * the others (760 px wide, text >= 22 px, i.e. >= 11 px at ~380 px):
 *
 * - load bars stacked by where the load came from (assigned gym sessions, practice, match,
 *   conditioning, other training: session-RPE counts all of it, Foster et al. 2001), each type
 *   a colour-blind-safe Okabe-Ito colour, with a legend only when two or more types appear;
 *   the week's total is written above the stack, so nothing is read from colour alone;
 * - the readiness chart: the Hooper-style total (5 items on 1-7: 5-35; Hooper and Mackinnon
 *   1995, McLean et al. 2010) per answered day, with the athlete's own mean of the last 28 days
 *   as a dashed line (their baseline: readiness is read against the athlete's own normal).
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import {
  COLORS,
  FONT_SIZE,
  BASE_TEXT_STYLE,
  axisLabelStyle,
  axisNameStyle,
  baseOption,
  formatInt,
  labelStyle,
  noDataOption,
  renderChart,
  titleOption,
  type ChartImage,
  type ChartSize,
} from './render';

/** A week's (or day's) load by type, AU. */
export interface LoadByType {
  assigned: number;
  practice: number;
  match: number;
  conditioning: number;
  other: number;
}

const LOAD_TYPES = ['assigned', 'practice', 'match', 'conditioning', 'other'] as const satisfies readonly (keyof LoadByType)[];

export const LOAD_TYPE_NAMES: Record<keyof LoadByType, string> = {
  assigned: 'Gym',
  practice: 'Practice',
  match: 'Match',
  conditioning: 'Conditioning',
  other: 'Other',
};

const LOAD_TYPE_COLORS: Record<keyof LoadByType, string> = {
  assigned: COLORS.blue,
  practice: COLORS.orange,
  match: COLORS.vermillion,
  conditioning: COLORS.green,
  other: COLORS.purple,
};

/** The types with any load in `weeks`, in the fixed order (gym first). */
export function typesPresent(weeks: readonly (LoadByType | null)[]): (keyof LoadByType)[] {
  return LOAD_TYPES.filter((t) => weeks.some((w) => w !== null && w[t] > 0));
}

/**
 * Stacked bar series, one per type present, plus the total written above each stack (an
 * invisible series carrying the labels). `showValues`: write the totals.
 */
export function stackedLoadSeries(
  weeks: readonly (LoadByType | null)[],
  axes: { xAxisIndex?: number; yAxisIndex?: number } = {},
  showValues = true,
): { series: SeriesOption[]; names: string[] } {
  const types = typesPresent(weeks);
  const totals = weeks.map((w) => (w === null ? null : LOAD_TYPES.reduce((n, t) => n + w[t], 0)));
  const series: SeriesOption[] = types.map((t) => ({
    type: 'bar',
    name: LOAD_TYPE_NAMES[t],
    stack: 'load',
    ...axes,
    data: weeks.map((w) => (w === null ? 0 : w[t])),
    itemStyle: { color: LOAD_TYPE_COLORS[t], borderColor: COLORS.background, borderWidth: 1 },
    barMaxWidth: 60,
  }));
  series.push({
    type: 'bar',
    name: 'total',
    stack: 'load',
    ...axes,
    // A zero-height bar on top of the stack, labelled with the total.
    data: totals.map((v) => ({ value: 0, label: { formatter: v === null ? 'no data' : v > 0 ? formatInt(v) : '' } })),
    itemStyle: { color: 'transparent' },
    label: { show: showValues, position: 'top', ...labelStyle() },
    barMaxWidth: 60,
  });
  return { series, names: types.map((t) => LOAD_TYPE_NAMES[t]) };
}

// ---------------------------------------------------------------------------
// Readiness

export interface ReadinessChartData {
  name: string;
  /** Answered days ('YYYY-MM-DD'), oldest first, with their total (5-35). */
  points: readonly { localDate: string; total: number }[];
  /** The athlete's own mean total over the last 28 days; null without answers. */
  baselineMean: number | null;
  title?: string;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (d: string) => `${Number(d.slice(8, 10))} ${SHORT_MONTHS[Number(d.slice(5, 7)) - 1]}`;

export function readinessOption(data: ReadinessChartData): EChartsOption {
  const title = data.title ?? `${data.name}: readiness`;
  if (data.points.length === 0) return noDataOption(title, 'No readiness answers yet');
  const mean = data.baselineMean === null ? null : Math.round(data.baselineMean * 10) / 10;
  const n = data.points.length;
  return {
    ...baseOption(),
    title: titleOption(
      title,
      mean === null ? 'Total of 5 answers (5–35, higher = readier)' : `Total (5–35); dashed: usual ${mean} (28-day mean)`,
    ),
    grid: { left: 90, right: 30, top: 120, bottom: n > 6 ? 110 : 80 },
    xAxis: {
      type: 'category',
      data: data.points.map((p) => dayLabel(p.localDate)),
      name: 'Day answered',
      ...axisNameStyle(n > 6 ? 80 : 48),
      axisLabel: { ...axisLabelStyle(), interval: 'auto', rotate: n > 6 ? 30 : 0 },
      axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 5,
      max: 35,
      interval: 10,
      axisLabel: { ...axisLabelStyle() },
      splitLine: { lineStyle: { color: COLORS.grid } },
    },
    series: [
      {
        type: 'line',
        name: 'Readiness total',
        data: data.points.map((p) => p.total),
        symbol: 'circle',
        symbolSize: 14,
        lineStyle: { color: COLORS.blue, width: 3 },
        itemStyle: { color: COLORS.blue, borderColor: COLORS.background, borderWidth: 2 },
        label: { show: n <= 14, position: 'top', ...labelStyle(), backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 3] },
        ...(mean === null
          ? {}
          : {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: COLORS.text, type: 'dashed', width: 3 },
                label: { show: false },
                data: [{ yAxis: mean }],
              },
            }),
      },
    ],
    textStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.min },
  };
}

/** Readiness totals per answered day with the athlete's own mean. Default size 760x480. */
export function athleteReadinessChart(data: ReadinessChartData, size?: ChartSize): ChartImage {
  return renderChart(readinessOption(data), size);
}
