/**
 * A chart worker thread (see pool.ts): renders ChartTasks off the bot's event loop. The fonts and
 * the text-measurement tables are loaded once, when the worker starts, not per chart.
 */
import { parentPort } from 'node:worker_threads';
import { chartFontFiles, measureTextWidth } from './render';
import { runChartTask, type ChartTask } from './tasks';

// Found once per worker; the advance of each character is measured once and kept (render.ts).
chartFontFiles();
measureTextWidth('0123456789', 22);

parentPort!.on('message', (message: { id: number; task: ChartTask }) => {
  parentPort!.postMessage({ id: message.id, result: runChartTask(message.task) });
});
parentPort!.postMessage({ ready: true });
