/**
 * Per-athlete trend chart (pure: plain data -> PNG), drawn for a phone: 760 px wide, text
 * >= 22 px (>= 11 px at ~380 px), three panels one above the other, each with its own axis:
 *
 *  1. weekly session-RPE load (AU) as bars;
 *  2. the rolling 7:28 ACWR per week, with the band the status uses (acwrLow-acwrHigh,
 *     default 0.8-1.5: Gabbett 2016 edges) shaded, so the picture and the status agree. The
 *     subtitle says what ACWR is not (a load-change description, never an injury risk:
 *     ACWR_CAVEAT in src/domain/load.ts);
 *  3. the week's highest pain (0-10) with the pain limit as a labelled dashed line: pain has
 *     its own panel, so the limit can never be read as a load threshold.
 *
 * Weeks are labelled by their Monday's date ('9 Mar'); the week in progress gets '*'. Each
 * panel has one series and says what it is in its own heading, so there is no legend, except
 * when the athlete also logged other training (issue 13): the load bars are then stacked by
 * type (gym, practice, match, ...; allTrainingCharts.ts) with a legend for 2+ types, and the
 * panels move down to make room for it.
 */
import type { EChartsOption } from 'echarts';
import { DEFAULT_PAIN_SETTINGS, isPainFlag } from '../domain/pain';
import { DEFAULT_STATUS_THRESHOLDS } from '../domain/status';
import { stackedLoadSeries, typesPresent, LOAD_TYPE_NAMES, type LoadByType } from './allTrainingCharts';
import {
  BASE_TEXT_STYLE,
  COLORS,
  FONT_SIZE,
  alignTo,
  axisLabelStyle,
  axisNameStyle,
  baseOption,
  formatInt,
  labelStyle,
  legendOption,
  loadAxis,
  noDataBar,
  noDataOption,
  renderChart,
  fitTitle,
  titleOption,
  weekAxis,
  type ChartImage,
  type ChartSize,
} from './render';

export interface AthleteTrendData {
  name: string;
  /** Mondays of the weeks ('YYYY-MM-DD'), oldest first. */
  weeks: readonly string[];
  /** Per week: still in progress (labelled so). */
  inProgress?: readonly boolean[];
  /** Session-RPE load (AU) per week; null = nothing logged. */
  load: readonly (number | null)[];
  /** The same load split by type (issue 13); stacked when any other training appears. */
  loadByType?: readonly (LoadByType | null)[];
  /** Highest pain score (0-10) reported that week; null = no check-in. */
  painMax: readonly (number | null)[];
  /** Rolling 7:28 ACWR at the end of each week; null = not enough history. */
  acwr?: readonly (number | null)[];
  /** The status's load-change band; default 0.8-1.5 (DEFAULT_STATUS_THRESHOLDS). */
  acwrBand?: { low: number; high: number };
  /** Default DEFAULT_PAIN_SETTINGS.painLimit (5). */
  painLimit?: number;
  /** Default '<name>: week by week'. */
  title?: string;
}

export const LOAD_SERIES = 'Weekly load (AU)';
export const PAIN_SERIES = 'Highest pain (0–10)';
export const ACWR_SERIES = 'ACWR (acute:chronic)';

/** Default picture size: portrait, for three stacked panels. */
const ATHLETE_CHART_SIZE = { width: 760, height: 960 } as const;
/** Room for the load-type legend above the panels. */
const LEGEND_ROOM = 48;

const LEFT = 110;
const RIGHT = 30;
/** Panel tops and heights (px). */
const PANELS = [
  { top: 150, height: 230 },
  { top: 450, height: 170 },
  { top: 690, height: 150 },
] as const;

function panelHeading(text: string, panel: number, offset = 0): object {
  return {
    text,
    left: LEFT - 86,
    top: PANELS[panel]!.top + offset - 56,
    textStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.legend, fontWeight: 'bold' },
  };
}

export function athleteTrendOption(data: AthleteTrendData): EChartsOption {
  // A long name is drawn smaller, then cut, so ": week by week" and the picture's edge both stay.
  const title = data.title
    ? fitTitle(data.title, '', ATHLETE_CHART_SIZE.width)
    : fitTitle(data.name, ': week by week', ATHLETE_CHART_SIZE.width);
  const n = data.weeks.length;
  const load = alignTo(data.load, n);
  const pain = alignTo(data.painMax, n).map((v) => (v === null ? null : Math.min(10, Math.max(0, v))));
  const acwr = alignTo(data.acwr, n).map((v) => (v === null || v < 0 ? null : Math.round(v * 100) / 100));
  if (n === 0 || (load.every((v) => v === null) && pain.every((v) => v === null))) return noDataOption(title);
  const byType = Array.from({ length: n }, (_, i) => data.loadByType?.[i] ?? null);
  const types = typesPresent(byType);
  const stacked = types.some((t) => t !== 'assigned');
  const stack = stacked ? stackedLoadSeries(byType, { xAxisIndex: 0, yAxisIndex: 0 }, n <= 8) : null;
  const offset = stack && stack.names.length >= 2 ? LEGEND_ROOM : 0;
  const onlyType = stack && stack.names.length === 1 ? `, all ${LOAD_TYPE_NAMES[types[0]!].toLowerCase()}` : '';

  const painLimit = data.painLimit ?? DEFAULT_PAIN_SETTINGS.painLimit;
  const band = data.acwrBand ?? { low: DEFAULT_STATUS_THRESHOLDS.acwrLow, high: DEFAULT_STATUS_THRESHOLDS.acwrHigh };
  const axis = weekAxis(data.weeks, data.inProgress ?? []);
  const maxRatio = Math.max(2, band.high + 0.5, ...acwr.map((v) => v ?? 0));
  const acwrMax = Math.ceil(maxRatio * 2) / 2;

  const xAxis = (gridIndex: number, last: boolean) => ({
    type: 'category',
    gridIndex,
    data: axis.labels,
    // Dates under the bottom panel only: the three panels share the weeks, one above the other.
    axisLabel: { ...axisLabelStyle(), show: last, interval: 'auto', rotate: n > 6 ? 30 : 0 },
    axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
    axisTick: { show: false },
    ...(last ? { name: axis.name, ...axisNameStyle(n > 6 ? 70 : 48) } : {}),
  });

  return {
    ...baseOption(),
    title: [
      titleOption(title, 'Load change (ACWR) is not an injury risk'),
      panelHeading(`Weekly load (AU, RPE × minutes${onlyType})`, 0, offset),
      panelHeading(`Load change, ACWR 7:28 (shaded ${band.low}–${band.high}: no flag)`, 1, offset),
      panelHeading(`Highest pain (0–10), limit ${painLimit}`, 2, offset),
    ],
    ...(offset ? { legend: { ...legendOption(stack!.names), top: 96 } } : {}),
    grid: PANELS.map((p) => ({ left: LEFT, right: RIGHT, top: p.top + offset, height: p.height })),
    xAxis: [xAxis(0, false), xAxis(1, false), xAxis(2, true)],
    yAxis: [
      { ...loadAxis(), gridIndex: 0, name: '', nameGap: 0 },
      {
        type: 'value',
        gridIndex: 1,
        min: 0,
        max: acwrMax,
        interval: acwrMax / 2,
        axisLabel: { ...axisLabelStyle() },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      {
        type: 'value',
        gridIndex: 2,
        min: 0,
        max: 10,
        interval: 5,
        axisLabel: { ...axisLabelStyle() },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
    ],
    series: [
      ...(stack
        ? stack.series
        : [
            {
              type: 'bar',
              name: LOAD_SERIES,
              xAxisIndex: 0,
              yAxisIndex: 0,
              data: load.map((v) => v ?? noDataBar()),
              itemStyle: { color: COLORS.skyBlue, borderColor: COLORS.blue, borderWidth: 2 },
              barMaxWidth: 60,
              label: {
                show: n <= 8,
                position: 'top',
                ...labelStyle(),
                formatter: (p: { value?: unknown }) => (typeof p.value === 'number' && p.value > 0 ? formatInt(p.value) : ''),
              },
            },
          ]),
      {
        type: 'line',
        name: ACWR_SERIES,
        xAxisIndex: 1,
        yAxisIndex: 1,
        connectNulls: false,
        symbol: 'diamond',
        symbolSize: 16,
        lineStyle: { color: COLORS.text, width: 3 },
        itemStyle: { color: COLORS.text },
        data: acwr.map((v) => (v === null ? '-' : v)),
        label: { show: n <= 8, position: 'top', ...labelStyle(), backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 3] },
        markArea: {
          silent: true,
          itemStyle: { color: COLORS.band },
          label: { show: false },
          data: [[{ yAxis: band.low }, { yAxis: band.high }]],
        },
      },
      {
        type: 'line',
        name: PAIN_SERIES,
        xAxisIndex: 2,
        yAxisIndex: 2,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 14,
        lineStyle: { color: COLORS.vermillion, width: 3 },
        itemStyle: { color: COLORS.vermillion, borderColor: COLORS.background, borderWidth: 2 },
        data: pain.map((v) => {
          if (v === null) return '-';
          const over = isPainFlag(v, painLimit);
          return { value: v, ...(over ? { symbol: 'triangle', symbolSize: 22 } : {}), label: { fontWeight: over ? 'bold' : 'normal' } };
        }),
        label: { show: true, position: 'top', distance: 6, ...labelStyle(), backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 3] },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: COLORS.limit, type: 'dashed', width: 3 },
          label: { show: false },
          data: [{ yAxis: painLimit }],
        },
      },
    ],
  } as EChartsOption;
}

/** Load, ACWR and pain panels for one athlete. Default size 760x960 (portrait). */
export function athleteTrendChart(data: AthleteTrendData, size?: ChartSize): ChartImage {
  const legend = typesPresent(data.loadByType ?? []).length >= 2 && typesPresent(data.loadByType ?? []).some((t) => t !== 'assigned');
  return renderChart(
    athleteTrendOption(data),
    size ?? { ...ATHLETE_CHART_SIZE, height: ATHLETE_CHART_SIZE.height + (legend ? LEGEND_ROOM : 0) },
  );
}
