/**
 * The chart work a worker thread does: plain data in, PNG bytes out. Errors are returned per
 * chart (a chart that fails is left out; the figures still go out), never thrown.
 */
import { athleteReadinessChart, type ReadinessChartData } from './allTrainingCharts';
import { athleteTrendChart, type AthleteTrendData } from './athleteCharts';
import { teamHardSetsChartPages, teamWeeklyLoadChart, type TeamHardSetsData, type TeamWeeklyLoadData } from './teamCharts';
import type { DigestFigures } from '../domain/digest';
import { digestFiguresOf, type DigestFiguresTask } from './digestFiguresTask';
import { exportOf, type ExportTask } from './exportTask';
import { privacyExportOf, type PrivacyExportTask } from './privacyExportTask';
import type { PrivacyExport } from '../services/privacy';
import type { CsvExport } from '../services/digest';
import type { Outcome } from '../services/results';

export type ChartTask =
  | { type: 'digest'; load?: TeamWeeklyLoadData; hardSets?: TeamHardSetsData }
  | { type: 'athleteTrend'; data: AthleteTrendData }
  | { type: 'readiness'; data: ReadinessChartData }
  // Not charts, but the same kind of work to keep off the bot's thread: see digestFiguresTask.ts, exportTask.ts, privacyExportTask.ts.
  | DigestFiguresTask
  | ExportTask
  | PrivacyExportTask;

export interface ChartResult {
  load?: Uint8Array;
  hardSets?: Uint8Array[];
  trend?: Uint8Array;
  readiness?: Uint8Array;
  figures?: DigestFigures;
  /** /export's files (their bytes arrive as Uint8Array: see asBuffer), or its refusal. */
  export?: Outcome<CsvExport>;
  privacyExport?: Outcome<PrivacyExport>;
  errors: { chart: string; message: string }[];
}

export function runChartTask(task: ChartTask): ChartResult {
  const result: ChartResult = { errors: [] };
  const attempt = (chart: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      result.errors.push({ chart, message: err instanceof Error ? err.message : String(err) });
    }
  };
  if (task.type === 'digest') {
    if (task.load) attempt('team load', () => (result.load = teamWeeklyLoadChart(task.load!).png));
    if (task.hardSets) attempt('hard sets', () => (result.hardSets = teamHardSetsChartPages(task.hardSets!).map((c) => c.png)));
  } else if (task.type === 'digestFigures') {
    attempt('digest figures', () => (result.figures = digestFiguresOf(task)));
  } else if (task.type === 'export') {
    attempt('export', () => (result.export = exportOf(task)));
  } else if (task.type === 'privacyExport') {
    attempt('privacy export', () => (result.privacyExport = privacyExportOf(task)));
  } else if (task.type === 'athleteTrend') {
    attempt('athlete trend', () => (result.trend = athleteTrendChart(task.data).png));
  } else {
    attempt('readiness', () => (result.readiness = athleteReadinessChart(task.data).png));
  }
  return result;
}
