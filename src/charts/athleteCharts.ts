/**
 * Per-athlete trend chart of the weekly staff digest (pure: plain data -> PNG).
 *
 * Weekly session-RPE load as bars (left axis, AU) and the week's highest pain
 * score as a line with symbols (right axis, 0-10), with a dashed line at the
 * pain limit labelled "pain limit". Weeks over the limit get a bigger triangle
 * symbol and a bold value label, so they stand out without colour.
 *
 * With `acwr`, a second strip under the main panel shows the acute:chronic
 * workload ratio per week with the 0.8-1.3 band shaded, and the subtitle says
 * what ACWR is not (a load-change description, not an injury risk: see
 * ACWR_CAVEAT in src/domain/load.ts).
 */
import type { EChartsOption, SeriesOption } from 'echarts';
import { ACWR_ZONE_EDGES } from '../domain/load';
import { DEFAULT_PAIN_SETTINGS } from '../domain/pain';
import {
  COLORS,
  alignTo,
  axisLabelStyle,
  axisNameStyle,
  baseOption,
  labelStyle,
  legendOption,
  loadAxis,
  noDataBar,
  noDataOption,
  renderChart,
  titleOption,
  weekAxis,
  type ChartImage,
  type ChartSize,
} from './render';

export interface AthleteTrendData {
  name: string;
  /** ISO weeks 'YYYY-Www', oldest first. */
  weeks: readonly string[];
  /** Session-RPE load (AU) per week; null = nothing logged. */
  load: readonly (number | null)[];
  /** Highest pain score (0-10) reported that week; null = no check-in. */
  painMax: readonly (number | null)[];
  /** Acute:chronic workload ratio at the end of each week; null = not enough history. */
  acwr?: readonly (number | null)[];
  /** Default DEFAULT_PAIN_SETTINGS.painLimit (5). */
  painLimit?: number;
  /** Per week: still in progress (labelled so). */
  inProgress?: readonly boolean[];
  /** The status's load-change band (acwrLow-acwrHigh); default 0.8-1.5. */
  acwrBand?: { low: number; high: number };
  /** Default '<name>: load and pain'. */
  title?: string;
}

export const LOAD_SERIES = 'Weekly load (AU)';
export const PAIN_SERIES = 'Highest pain (0–10)';
export const ACWR_SERIES = 'ACWR (acute:chronic)';

export function athleteTrendOption(data: AthleteTrendData): EChartsOption {
  const title = data.title ?? `${data.name}: load and pain`;
  const n = data.weeks.length;
  const load = alignTo(data.load, n);
  const pain = alignTo(data.painMax, n).map((v) => (v === null ? null : Math.min(10, Math.max(0, v))));
  const acwr = data.acwr ? alignTo(data.acwr, n).map((v) => (v === null || v < 0 ? null : v)) : undefined;
  const hasAcwr = acwr !== undefined && acwr.some((v) => v !== null);
  if (n === 0 || (load.every((v) => v === null) && pain.every((v) => v === null))) return noDataOption(title);

  const painLimit = data.painLimit ?? DEFAULT_PAIN_SETTINGS.painLimit;
  const axis = weekAxis(data.weeks);

  // Vertical layout: header (title, subtitle, legend) then one or two panels.
  // A pain label at 10 sits ~50 px above the grid: keep it clear of the legend.
  const top = 180;
  const bottom = 100;
  const stripHeight = 110;
  const stripGap = 40;
  const mainBottom = hasAcwr ? bottom + stripHeight + stripGap : bottom;

  const grids: object[] = [{ left: 150, right: 130, top, bottom: mainBottom }];
  const xAxes: object[] = [
    {
      type: 'category',
      gridIndex: 0,
      data: axis.labels,
      axisLabel: { ...axisLabelStyle(), show: !hasAcwr, interval: n <= 16 ? 0 : 'auto' },
      axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
      axisTick: { show: false },
      ...(hasAcwr ? {} : { name: axis.name, ...axisNameStyle(58) }),
    },
  ];
  const yAxes: object[] = [
    { ...loadAxis(), gridIndex: 0 },
    {
      type: 'value',
      gridIndex: 0,
      min: 0,
      max: 10,
      interval: 2,
      position: 'right',
      name: 'Pain (0–10)',
      ...axisNameStyle(60),
      nameRotate: -90,
      axisLabel: { ...axisLabelStyle() },
      axisLine: { show: true, lineStyle: { color: COLORS.vermillion, width: 2 } },
      splitLine: { show: false },
    },
  ];

  const series: SeriesOption[] = [
    {
      type: 'bar',
      name: LOAD_SERIES,
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: load.map((v) => v ?? noDataBar()),
      itemStyle: { color: COLORS.skyBlue, borderColor: COLORS.blue, borderWidth: 2 },
      barMaxWidth: 80,
    },
    {
      type: 'line',
      name: PAIN_SERIES,
      xAxisIndex: 0,
      yAxisIndex: 1,
      z: 5,
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 16,
      lineStyle: { color: COLORS.vermillion, width: 4 },
      itemStyle: { color: COLORS.vermillion, borderColor: COLORS.background, borderWidth: 2 },
      data: pain.map((v) => {
        if (v === null) return '-';
        const over = v > painLimit;
        return {
          value: v,
          ...(over ? { symbol: 'triangle', symbolSize: 26 } : {}),
          label: { fontWeight: over ? 'bold' : 'normal' },
        };
      }),
      label: {
        show: true,
        position: 'top',
        distance: 10,
        ...labelStyle(),
        backgroundColor: 'rgba(255, 255, 255, 0.85)',
        padding: [1, 4],
      },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { color: COLORS.limit, type: 'dashed', width: 3 },
        label: {
          show: true,
          position: 'insideEndTop',
          ...labelStyle(),
          color: COLORS.limit,
          fontWeight: 'bold',
          formatter: 'pain limit',
          backgroundColor: 'rgba(255, 255, 255, 0.9)',
          padding: [1, 4],
        },
        data: [{ yAxis: painLimit }],
      },
    },
  ];

  const legendNames = [LOAD_SERIES, PAIN_SERIES];

  if (hasAcwr && acwr) {
    // 0-2 usually (ticks 0, 1, 2); beyond 2 an even ceiling with 3 ticks.
    const maxRatio = Math.max(2, ...acwr.map((v) => v ?? 0));
    const acwrMax = maxRatio <= 2 ? 2 : 2 * Math.ceil(maxRatio / 2);
    grids.push({ left: 150, right: 130, height: stripHeight, bottom });
    xAxes.push({
      type: 'category',
      gridIndex: 1,
      data: axis.labels,
      name: axis.name,
      ...axisNameStyle(58),
      axisLabel: { ...axisLabelStyle(), interval: n <= 16 ? 0 : 'auto' },
      axisLine: { lineStyle: { color: COLORS.axis, width: 2 } },
      axisTick: { show: false },
    });
    yAxes.push({
      type: 'value',
      gridIndex: 1,
      min: 0,
      max: acwrMax,
      interval: acwrMax / 2,
      name: 'ACWR',
      ...axisNameStyle(105),
      nameRotate: 90,
      axisLabel: { ...axisLabelStyle() },
      splitLine: { lineStyle: { color: COLORS.grid } },
    });
    series.push({
      type: 'line',
      name: ACWR_SERIES,
      xAxisIndex: 1,
      yAxisIndex: 2,
      connectNulls: false,
      symbol: 'diamond',
      symbolSize: 18,
      lineStyle: { color: COLORS.text, width: 3 },
      itemStyle: { color: COLORS.text },
      data: acwr.map((v) => (v === null ? '-' : Math.round(v * 100) / 100)),
      label: { show: true, position: 'top', ...labelStyle(), backgroundColor: 'rgba(255, 255, 255, 0.85)', padding: [1, 4] },
      markArea: {
        silent: true,
        itemStyle: { color: COLORS.band },
        label: { show: false },
        data: [[{ yAxis: ACWR_ZONE_EDGES.low }, { yAxis: ACWR_ZONE_EDGES.moderateMax }]],
      },
    });
    legendNames.push(ACWR_SERIES);
  }

  return {
    ...baseOption(),
    title: titleOption(
      title,
      hasAcwr ? 'ACWR shows how fast load changed (shaded: 0.8–1.3); it is not an injury risk' : 'Weekly session-RPE load and the highest pain score reported',
    ),
    legend: legendOption(legendNames),
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
  } as EChartsOption;
}

/** Load bars + pain line (+ ACWR strip) for one athlete. Default size 1200x675. */
export function athleteTrendChart(data: AthleteTrendData, size?: ChartSize): ChartImage {
  return renderChart(athleteTrendOption(data), size);
}
