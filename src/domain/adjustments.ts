/**
 * Pure adjustments of a prescription snapshot. Inputs are never mutated; the
 * result is a new, schema-valid Prescription.
 *
 * After either adjustment an item stays `hard` only if it was hard, its
 * (possibly new) exercise is a strength exercise, and its reps in reserve
 * still reach the 0-3 band of a hard set (reference: Volume). So a set pushed
 * to 4-5 RIR, or swapped for a bridge hold, no longer counts as a hard set.
 */
import { HARD_SET_MAX_RIR } from './volume';
import { exercises as defaultLibrary, lookupIn } from './library/exercises';
import {
  prescriptionSchema,
  type Exercise,
  type PrescribedItem,
  type Prescription,
  type RepUnit,
  type SessionRole,
} from './library/schema';

/** Reps in reserve added by a regression or a deload. */
export const EXTRA_RIR = 2;
/** RIR is capped here: beyond ~5 reps in reserve the estimate means little and the set is far from hard anyway. */
export const RIR_CAP = 5;
/** Roles whose sets a deload cuts; warm-up, mobility and assessment items stay as they are. */
export const DELOAD_ROLES: readonly SessionRole[] = ['main', 'secondary', 'accessory', 'finisher'];

type Range = { min: number; max: number };

function raiseRir(rir: Range): Range {
  return { min: Math.min(rir.min + EXTRA_RIR, RIR_CAP), max: Math.min(rir.max + EXTRA_RIR, RIR_CAP) };
}

/** 'reps_each_side' -> 'reps', 'seconds_each_side' -> 'seconds'. */
function measureOf(unit: RepUnit): string {
  return unit.replace(/_each_side$/, '');
}

function stillHard(item: PrescribedItem, exercise: Exercise | undefined): boolean {
  if (!item.hard) return false;
  if (exercise && exercise.kind !== 'strength') return false;
  return !item.rir || item.rir.min <= HARD_SET_MAX_RIR;
}

/** Drop keys whose value is undefined, so snapshots stay clean in JSON. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The pain-monitoring rule's response (Silbernagel et al. 2007, Am J Sports
 * Med 35:897; seed 000: "revert to a simpler variation ... with a lighter
 * load"): every exercise with a regression is swapped for it (name and cues
 * from the library; when the regression is measured differently, e.g. reps ->
 * a hold in seconds, its usual dose is used and RIR/tempo dropped), and every
 * item gets lighter: RIR +2 (capped at 5) and one set fewer where sets > 2.
 * Exercises at the bottom of their ladder stay, lighter.
 */
export function regressPrescription(p: Prescription, library: readonly Exercise[] = defaultLibrary): Prescription {
  const lookup = lookupIn(library);
  const exercises = p.exercises.map((item): PrescribedItem => {
    const current = lookup(item.exerciseId);
    const next = current?.regressionId ? lookup(current.regressionId) : undefined;
    let out: PrescribedItem = { ...item };
    if (next) {
      const sameMeasure = measureOf(item.unit) === measureOf(next.dose.unit);
      const countsReps = measureOf(next.dose.unit) === 'reps';
      out = {
        ...out,
        exerciseId: next.id,
        name: next.name,
        cues: [...next.cues],
        unit: next.dose.unit,
        reps: sameMeasure ? { ...item.reps } : { ...next.dose.reps },
        rir: sameMeasure && countsReps ? item.rir : undefined,
        tempo: sameMeasure && countsReps ? item.tempo : undefined,
        note: `Simpler variation in place of ${item.name}.`,
      };
    }
    out = {
      ...out,
      sets: out.sets > 2 ? out.sets - 1 : out.sets,
      rir: out.rir ? raiseRir(out.rir) : undefined,
    };
    out.hard = stillHard(out, next ?? current);
    return withoutUndefined(out);
  });
  return prescriptionSchema.parse({ ...p, exercises, adjustment: 'regressed' });
}

/**
 * Deload (Rogerson et al. 2024, Sports Med Open 10:26): same exercises and
 * frequency, less volume and effort. Working sets (roles main, secondary,
 * accessory, finisher) are halved rounding up — ceil(sets / 2) — so no item
 * drops below 1 set: 4 -> 2 and 2 -> 1 are -50 %, 3 -> 2 and 5 -> 3 are
 * -33 % / -40 %, 1 stays 1; a typical session loses about 40-50 % of its
 * sets. Every item with RIR gets +2 (capped at 5). Warm-up, mobility and
 * assessment items are unchanged.
 */
export function deloadPrescription(p: Prescription, library: readonly Exercise[] = defaultLibrary): Prescription {
  const lookup = lookupIn(library);
  const exercises = p.exercises.map((item): PrescribedItem => {
    const out: PrescribedItem = {
      ...item,
      sets: DELOAD_ROLES.includes(item.role) ? Math.ceil(item.sets / 2) : item.sets,
      rir: item.rir ? raiseRir(item.rir) : undefined,
    };
    out.hard = stillHard(out, lookup(item.exerciseId));
    return withoutUndefined(out);
  });
  return prescriptionSchema.parse({ ...p, exercises, adjustment: 'deload' });
}
