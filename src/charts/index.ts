/**
 * PNG charts for the weekly staff digest: pure functions from plain data to a
 * PNG (default 1200x675 px), no database, no Discord. See render.ts for why
 * ECharts SSR + resvg with the bundled DejaVu font.
 */
export {
  CHART_FONT_FAMILY,
  CHART_HEIGHT,
  CHART_WIDTH,
  NO_DATA_TEXT,
  chartFontFiles,
  measureTextWidth,
  renderChart,
  renderSvg,
  svgToPng,
  type ChartImage,
  type ChartSize,
} from './render';
export {
  HARD_SETS_ATHLETES_PER_IMAGE,
  HARD_SETS_NAME_MAX_PX,
  HARD_SETS_ROW_PX,
  HARD_SET_MUSCLES,
  hardSetsHeight,
  splitAthletes,
  teamHardSetsChart,
  teamHardSetsChartPages,
  teamHardSetsOption,
  teamHardSetsSvg,
  teamWeeklyLoadChart,
  teamWeeklyLoadOption,
  type AthleteHardSets,
  type TeamHardSetsData,
  type TeamLoadBasis,
  type TeamWeeklyLoadData,
} from './teamCharts';
export { ACWR_SERIES, LOAD_SERIES, PAIN_SERIES, athleteTrendChart, athleteTrendOption, type AthleteTrendData } from './athleteCharts';
export { athleteReadinessChart, readinessOption, type LoadByType, type ReadinessChartData } from './allTrainingCharts';
