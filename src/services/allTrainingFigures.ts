/**
 * The figures issue 13 adds to the digest, /me, /athlete and the charts, read from storage and
 * computed by the pure domain: load of ALL training by type with Foster's monotony and strain
 * and the coupled rolling ACWR (src/domain/otherTraining.ts, load.ts), readiness against the
 * athlete's own baseline (readiness.ts) and Nordic compliance (nordic.ts). Rendering is the
 * caller's: `allTrainingLines` gives phone-width text lines for an embed field.
 */
import { ACWR_HISTORY_DAYS, describeAcwr, rollingAcwr, type DatedLoad, type MonotonyAndStrain } from '../domain/load';
import { describeNordicTally, type NordicCompliance } from '../domain/nordic';
import { allTrainingDailyLoads, OTHER_SESSION_LABELS, OTHER_SESSION_TYPES, weekOfAllTraining, type WeekLoadByType } from '../domain/otherTraining';
import { READINESS_BASELINE_DAYS, readinessTotal, scoreReadiness, type ReadinessScore } from '../domain/readiness';
import { addDays, type LocalDate } from '../domain/time';
import type { AssignmentRepository } from '../repositories/assignments';
import { ratedLoads, type OtherTrainingRepository } from '../repositories/otherTraining';
import type { ReadinessRepository } from '../repositories/readiness';

export interface AthleteAllTraining {
  weekStart: LocalDate;
  byType: WeekLoadByType;
  /** The 7 daily loads of all training, Monday first (the chart's bars, stacked by type from byType). */
  daily: number[];
  monotony: MonotonyAndStrain;
  /** Coupled rolling ACWR of all training at the end of the week (null ratio before 28 days). */
  acwrRatio: number | null;
  /** Team sessions still waiting for this athlete's RPE (they add no load until rated). */
  unrated: number;
  /** Readiness totals of the week, by date (the readiness chart's points, 5-35). */
  readiness: { localDate: LocalDate; total: number }[];
  /** The latest answer of the week scored against the 28 days before it. */
  latestReadiness: (ReadinessScore & { localDate: LocalDate }) | null;
}

export function athleteAllTraining(
  deps: { assignments: AssignmentRepository; other: OtherTrainingRepository; readiness: ReadinessRepository },
  req: { guildId: string; athleteId: string; weekStart: LocalDate; threshold: number },
): AthleteAllTraining {
  const weekEnd = addDays(req.weekStart, 6);
  const from = addDays(weekEnd, -(ACWR_HISTORY_DAYS - 1));
  const assigned: DatedLoad[] = deps.assignments
    .forAthlete(req.guildId, req.athleteId, from, weekEnd)
    .flatMap((a) => (a.checkin?.loadAu != null ? [{ localDate: a.sessionDate, load: a.checkin.loadAu }] : []));
  const otherSessions = deps.other.forAthlete(req.guildId, req.athleteId, from, weekEnd);
  const other = ratedLoads(otherSessions);
  const week = weekOfAllTraining(assigned, other, req.weekStart);
  const acwr = rollingAcwr(allTrainingDailyLoads(assigned, other, from, weekEnd), { mode: 'coupled' });
  const answers = deps.readiness.forAthlete(req.guildId, req.athleteId, addDays(req.weekStart, -READINESS_BASELINE_DAYS), weekEnd);
  const inWeek = answers.filter((a) => a.localDate >= req.weekStart);
  const latest = inWeek.at(-1);
  return {
    weekStart: req.weekStart,
    byType: week.byType,
    daily: week.daily,
    monotony: week.monotony,
    acwrRatio: acwr.ratio,
    unrated: otherSessions.filter((s) => s.rpe === null && s.sessionDate >= req.weekStart).length,
    readiness: inWeek.map((a) => ({ localDate: a.localDate, total: readinessTotal(a.answers) })),
    latestReadiness: latest ? { ...scoreReadiness(latest, answers, req.threshold), localDate: latest.localDate } : null,
  };
}

const round = (n: number, d = 1) => String(Math.round(n * 10 ** d) / 10 ** d);

/**
 * Text for /me and /athlete (and one athlete's digest line), each line under ~60 characters:
 *   Load (all training): 1880 AU: gym 710, practice 450, match 720
 *   Monotony 1.04 · strain 1953 (Foster 1998)
 *   load this week is 1.98x the 4-week average: a sharp rise
 *   Readiness: 17/35, below their usual 25 (z -1.6)
 *   Nordic: 62 % of planned reps ... above the 50 % line
 */
export function allTrainingLines(f: AthleteAllTraining, nordic?: NordicCompliance): string[] {
  const parts = [f.byType.assigned > 0 ? `gym ${f.byType.assigned}` : null, ...OTHER_SESSION_TYPES.map((t) => (f.byType[t] > 0 ? `${OTHER_SESSION_LABELS[t].toLowerCase()} ${f.byType[t]}` : null))].filter(Boolean);
  const lines = [`Load (all training): ${f.byType.total} AU${parts.length ? `: ${parts.join(', ')}` : ''}`];
  if (f.unrated > 0) lines.push(`${f.unrated} team session${f.unrated === 1 ? '' : 's'} still waiting for an RPE`);
  lines.push(f.monotony.monotony === null ? 'Monotony: not defined (same load every day)' : `Monotony ${f.monotony.monotony.toFixed(2)} · strain ${Math.round(f.monotony.strain!)} (Foster 1998)`);
  lines.push(describeAcwr(f.acwrRatio));
  const r = f.latestReadiness;
  if (r) {
    const total = f.readiness.at(-1)!.total;
    lines.push(
      r.scored
        ? `Readiness: ${total}/35, ${r.total.z < -1 ? 'below' : r.total.z > 1 ? 'above' : 'near'} the usual ${round(r.total.mean)} (z ${round(r.total.z)})`
        : `Readiness: ${total}/35 (baseline builds: ${r.baselineAnswers} of ${r.needed} answers)`,
    );
  }
  if (nordic) lines.push(`Nordic: ${describeNordicTally(nordic.protocol)}`);
  return lines;
}
