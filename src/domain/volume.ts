/**
 * Weekly hard sets per muscle (reference: Volume).
 *
 * Counting rule: a hard set is a working set taken close to failure (0-3 reps
 * in reserve); only items flagged `hard` count, so warm-up, activation,
 * mobility, assessment and finisher sets never do. Each hard set credits the
 * muscles the library lists for the exercise: 1 set for the prime mover, 0.5
 * for each synergist. This is the library's own rule (a common convention the
 * reference names), not a published finding; at most one prime mover per exercise.
 *
 * Band 10-20 hard sets per muscle per week, usually 10-16: both from seed 002, and
 * for ALL of a muscle's weekly training. Schoenfeld et al. 2017 (J Sports Sci
 * 35:1073) is a dose-response whose top group is "10+" sets, with no ceiling.
 * Both are defaults: pass a team's band.
 */
import { lookupIn, exercises as defaultLibrary } from './library/exercises';
import { MUSCLES, type Exercise, type Muscle, type PrescribedExercise } from './library/schema';

export interface SetBand {
  min: number;
  max: number;
}

/** Weekly hard sets per muscle for all training (seed 002; Schoenfeld et al. 2017 only gives "10+"). */
export const WEEKLY_HARD_SET_TARGET: Readonly<SetBand> = Object.freeze({ min: 10, max: 20 });
/** The seeds' usual aim (002: "around 10-16 hard sets per muscle"). */
export const SEEDS_USUAL_AIM: Readonly<SetBand> = Object.freeze({ min: 10, max: 16 });
/** A set counts as hard at 0-3 reps in reserve (reference: Volume). */
export const HARD_SET_MAX_RIR = 3;

export type VolumeBand = 'below' | 'within' | 'above';

export type HardSetItem = Pick<PrescribedExercise, 'exerciseId' | 'sets' | 'hard'>;

export function zeroPerMuscle(): Record<Muscle, number> {
  return Object.fromEntries(MUSCLES.map((m) => [m, 0])) as Record<Muscle, number>;
}

/**
 * Sum sets x credit over the hard items. Throws on a hard item whose exercise
 * is not in the library (its credit would be unknown).
 */
export function hardSetsPerMuscle(items: readonly HardSetItem[], library: readonly Exercise[] = defaultLibrary): Record<Muscle, number> {
  const lookup = lookupIn(library);
  const totals = zeroPerMuscle();
  for (const item of items) {
    if (!item.hard) continue;
    const ex = lookup(item.exerciseId);
    if (!ex) throw new Error(`hardSetsPerMuscle: unknown exercise "${item.exerciseId}"`);
    for (const muscle of MUSCLES) {
      const credit = ex.muscles[muscle];
      if (credit) totals[muscle] += item.sets * credit;
    }
  }
  return totals;
}

/** Add several per-muscle tallies (e.g. the sessions of one week). */
export function sumPerMuscle(tallies: readonly Record<Muscle, number>[]): Record<Muscle, number> {
  const totals = zeroPerMuscle();
  for (const tally of tallies) for (const muscle of MUSCLES) totals[muscle] += tally[muscle];
  return totals;
}

/** Where a weekly count sits against the band (inclusive at both ends). */
export function volumeBand(sets: number, band: SetBand = WEEKLY_HARD_SET_TARGET): VolumeBand {
  if (band.min > band.max) throw new Error(`volumeBand: band min ${band.min} exceeds max ${band.max}`);
  if (sets < band.min) return 'below';
  if (sets > band.max) return 'above';
  return 'within';
}

export function volumeBandsPerMuscle(totals: Record<Muscle, number>, band: SetBand = WEEKLY_HARD_SET_TARGET): Record<Muscle, VolumeBand> {
  return Object.fromEntries(MUSCLES.map((m) => [m, volumeBand(totals[m], band)])) as Record<Muscle, VolumeBand>;
}
