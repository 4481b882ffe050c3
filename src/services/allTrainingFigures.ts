/**
 * The figures issue 13 adds to the digest, /me, /athlete and the charts, read from storage and
 * computed by the pure domain: load of ALL training by type with Foster's monotony and strain
 * and the coupled rolling ACWR (src/domain/otherTraining.ts, load.ts), readiness against the
 * athlete's own baseline (readiness.ts) and Nordic compliance (nordic.ts). Rendering is the
 * caller's: `allTrainingLines` gives phone-width text lines for an embed field.
 */
import { ACWR_HISTORY_DAYS, describeAcwr, rollingAcwr, type DatedLoad, type MonotonyAndStrain } from '../domain/load';
import { describeNordicTally, type NordicCompliance } from '../domain/nordic';
import {
  allTrainingDailyLoads,
  otherSessionWord,
  OTHER_SESSION_TYPES,
  weekOfAllTraining,
  type WeekLoadByType,
} from '../domain/otherTraining';
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
  /**
   * Set by a caller that knows more than this week's window (issue 8's rules): the week is still
   * in progress (no weekly ratio until Sunday), or there are fewer than 28 days of history.
   * Shown instead of the ratio; `inProgress` also labels the load as the week so far.
   */
  acwrNote?: string;
  inProgress?: boolean;
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
  const parts = [
    f.byType.assigned > 0 ? `gym ${f.byType.assigned}` : null,
    ...OTHER_SESSION_TYPES.map((t) => (f.byType[t] > 0 ? `${otherSessionWord(t)} ${f.byType[t]}` : null)),
  ].filter(Boolean);
  const lines = [
    `Load (all training${f.inProgress ? ', week so far' : ''}): ${f.byType.total} AU${parts.length ? `: ${parts.join(', ')}` : ''}`,
  ];
  if (f.unrated > 0) lines.push(`${f.unrated} team session${f.unrated === 1 ? '' : 's'} still waiting for an RPE`);
  lines.push(
    f.monotony.monotony === null
      ? // With no load at all there is nothing to vary: say so rather than "the same load every day".
        f.byType.total === 0
        ? 'Monotony: no training logged yet'
        : 'Monotony: not defined (same load every day)'
      : `Monotony ${f.monotony.monotony.toFixed(2)} · strain ${Math.round(f.monotony.strain!)} (Foster 1998)`,
  );
  lines.push(f.acwrNote ?? describeAcwr(f.acwrRatio));
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

/** A name list that stays phone-readable with 40 athletes: the first `max`, then "+N more". */
export function nameList(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} +${names.length - max} more`;
}

export interface TeamAllTrainingWeek {
  /** Other sessions of the week by type (rated only) and how many still wait for an RPE. */
  otherByType: Omit<WeekLoadByType, 'assigned'>;
  otherSessions: number;
  unrated: number;
  /** Team Nordic compliance over the protocol so far (reps done / planned), null without Nordic athletes. */
  nordicTeam: number | null;
  /** Athletes below the 50 % line, lowest first, with their compliance. */
  nordicBelow: { athleteId: string; displayName: string; compliance: number }[];
  /** Readiness answers this week and the athlete-days below the team's line. */
  readinessAnswers: number;
  readinessLow: { athleteId: string; displayName: string; localDate: LocalDate; z: number }[];
}

/** The team's week for the digest: other training, Nordic compliance and readiness lows. */
export function teamAllTrainingWeek(
  deps: { other: Pick<OtherTrainingRepository, 'forTeam'>; readiness: Pick<ReadinessRepository, 'forTeam'> },
  req: {
    guildId: string;
    weekStart: LocalDate;
    threshold: number;
    names: ReadonlyMap<string, string>;
    nordic: readonly { athleteId: string; displayName: string; compliance: NordicCompliance }[];
    /** Only these athletes (a group's digest); all of the team's when absent. */
    athleteIds?: ReadonlySet<string>;
  },
): TeamAllTrainingWeek {
  const weekEnd = addDays(req.weekStart, 6);
  const wanted = (id: string) => req.athleteIds === undefined || req.athleteIds.has(id);
  const sessions = deps.other.forTeam(req.guildId, req.weekStart, weekEnd).filter((s) => wanted(s.athleteId));
  const otherByType = { practice: 0, match: 0, conditioning: 0, other: 0, total: 0 };
  for (const s of sessions) {
    if (s.loadAu === null) continue;
    otherByType[s.type] += s.loadAu;
    otherByType.total += s.loadAu;
  }
  let planned = 0;
  let done = 0;
  for (const n of req.nordic) {
    planned += n.compliance.protocol.plannedReps;
    done += n.compliance.protocol.doneReps;
  }
  const nordicBelow = req.nordic
    .flatMap((n) =>
      n.compliance.protocol.aboveLine === false
        ? [{ athleteId: n.athleteId, displayName: n.displayName, compliance: n.compliance.protocol.compliance! }]
        : [],
    )
    .sort((a, b) => a.compliance - b.compliance);
  const answers = deps.readiness
    .forTeam(req.guildId, addDays(req.weekStart, -READINESS_BASELINE_DAYS), weekEnd)
    .filter((a) => wanted(a.athleteId));
  const byAthlete = new Map<string, typeof answers>();
  for (const a of answers) byAthlete.set(a.athleteId, [...(byAthlete.get(a.athleteId) ?? []), a]);
  const readinessLow: TeamAllTrainingWeek['readinessLow'] = [];
  let readinessAnswers = 0;
  for (const [athleteId, list] of byAthlete) {
    for (const a of list.filter((x) => x.localDate >= req.weekStart)) {
      readinessAnswers += 1;
      const s = scoreReadiness(a, list, req.threshold);
      if (s.scored && s.low)
        readinessLow.push({ athleteId, displayName: req.names.get(athleteId) ?? athleteId, localDate: a.localDate, z: s.total.z });
    }
  }
  readinessLow.sort((a, b) => a.localDate.localeCompare(b.localDate) || a.z - b.z);
  return {
    otherByType,
    otherSessions: sessions.length,
    unrated: sessions.filter((s) => s.rpe === null).length,
    nordicTeam: planned > 0 ? done / planned : null,
    nordicBelow,
    readinessAnswers,
    readinessLow,
  };
}

/**
 * The digest's lines for it (each under ~100 characters, names capped at 8 + "+N more", so the
 * field stays inside Discord's 1024-character embed field with 40 athletes):
 *   Other training: 14 sessions, 8400 AU (practice 4200, match 3600, conditioning 600); 3 RPEs missing
 *   Nordic: team 68 % of planned reps; below the 50 % line: Ben 12 %, Ana 42 %
 *   Readiness: 31 answers; below their own normal: Cal Tue 24, Dee Thu 26
 */
export function teamAllTrainingLines(w: TeamAllTrainingWeek, weekday: (date: LocalDate) => string): string[] {
  const lines: string[] = [];
  if (w.otherSessions > 0) {
    const parts = OTHER_SESSION_TYPES.filter((t) => w.otherByType[t] > 0).map((t) => `${otherSessionWord(t)} ${w.otherByType[t]}`);
    lines.push(
      `Other training: ${w.otherSessions} session${w.otherSessions === 1 ? '' : 's'}, ${w.otherByType.total} AU${parts.length ? ` (${parts.join(', ')})` : ''}${w.unrated ? `; ${w.unrated} RPE${w.unrated === 1 ? '' : 's'} missing` : ''}`,
    );
  }
  if (w.nordicTeam !== null) {
    const below = w.nordicBelow.map((b) => `${b.displayName} ${Math.round(b.compliance * 100)} %`);
    lines.push(
      `Nordic: team ${Math.round(w.nordicTeam * 100)} % of planned reps; ${below.length ? `below the 50 % line: ${nameList(below)}` : 'everyone above the 50 % line'} (Ripley et al. 2021)`,
    );
  }
  if (w.readinessAnswers > 0) {
    const low = w.readinessLow.map((l) => `${l.displayName} ${weekday(l.localDate)}`);
    lines.push(
      `Readiness: ${w.readinessAnswers} answer${w.readinessAnswers === 1 ? '' : 's'}; ${low.length ? `below their own normal: ${nameList(low)}` : 'nobody well below their own normal'}`,
    );
  }
  return lines;
}
