import type { APIEmbedField } from 'discord.js';
import { allTrainingLines } from '../../services/allTrainingFigures';
import type { AthleteAllTrainingNow } from '../../services/digest';
import type { ReadinessChartData } from '../../charts/allTrainingCharts';
import { asBuffer, chartPool } from '../../charts/pool';

/** Discord's limit for one embed field's value. */
const FIELD_MAX = 1024;

/**
 * One embed field for issue 13's figures, to append to the digest, /me or /athlete embeds:
 * the lines of allTrainingLines (one athlete) or teamAllTrainingLines (the team). Undefined
 * when there is nothing to say. Cut at a line boundary to stay within 1024 characters.
 */
export function allTrainingField(lines: readonly string[], name = 'All training this week'): APIEmbedField | undefined {
  if (lines.length === 0) return undefined;
  let value = '';
  for (const line of lines) {
    const next = value ? `${value}\n${line}` : line;
    if (next.length > FIELD_MAX) break;
    value = next;
  }
  return { name, value: value || lines[0]!.slice(0, FIELD_MAX) };
}

/**
 * /me and /athlete's issue-13 parts: the all-training field (load by type, monotony and strain,
 * ACWR of all training, readiness against the athlete's own baseline, Nordic compliance) and
 * the readiness chart, rendered on a chart worker thread like the other charts. Nothing when
 * the figures are unavailable.
 */
export async function athleteAllTrainingParts(
  all: AthleteAllTrainingNow | null,
  opts: { name: string; audience: 'coach' | 'athlete'; onError?: (err: unknown, chart: string) => void },
): Promise<{ allTraining?: APIEmbedField; readinessChart: Buffer | null }> {
  if (!all) return { readinessChart: null };
  const field = allTrainingField(
    allTrainingLines(all.figures, all.nordic),
    opts.audience === 'athlete' ? 'Your training this week (all of it)' : 'All training this week',
  );
  const chart = await readinessChart(
    {
      name: opts.name,
      points: all.readiness.points,
      baselineMean: all.readiness.baselineMean,
      ...(opts.audience === 'athlete' ? { title: 'Your readiness' } : {}),
    },
    opts.onError,
  );
  return { ...(field ? { allTraining: field } : {}), readinessChart: chart };
}

/** The readiness chart of one athlete (totals per answered day, their own mean); null without answers or if it fails. */
async function readinessChart(
  data: ReadinessChartData,
  onError: (err: unknown, chart: string) => void = () => undefined,
): Promise<Buffer | null> {
  if (data.points.length === 0) return null;
  const result = await chartPool().render({ type: 'readiness', data });
  for (const e of result.errors) onError(new Error(e.message), e.chart);
  return result.readiness ? asBuffer(result.readiness) : null;
}
