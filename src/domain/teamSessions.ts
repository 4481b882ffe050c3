/**
 * Team sessions as assignments: the snapshot of a team session (whose exercises may be the
 * team's own), and one exercise swapped for one athlete. Hard sets follow the library's rule
 * (reference: Volume): after a swap an item stays hard only if it was hard, its new exercise is
 * a strength exercise and its reps in reserve are still 0-3.
 */
import { lookupIn } from './library/exercises';
import { WORKING_ROLES } from './library/templates';
import { prescriptionSchema, type Exercise, type PrescribedItem, type Prescription, type SessionTemplate } from './library/schema';
import { HARD_SET_MAX_RIR } from './volume';

/**
 * Snapshot a session (built-in or the team's) with names and cues copied in, looked up in the
 * team's library; the same shape `toPrescription` gives a built-in template.
 */
export function prescriptionOf(template: SessionTemplate, library: readonly Exercise[]): Prescription {
  const lookup = lookupIn(library);
  return prescriptionSchema.parse({
    templateId: template.id,
    title: template.name,
    estimatedMinutes: template.estimatedMinutes,
    exercises: template.exercises.map((item) => {
      const ex = lookup(item.exerciseId);
      if (!ex) throw new Error(`prescriptionOf: exercise "${item.exerciseId}" of "${template.id}" is not in the team's library`);
      return { ...item, name: ex.name, cues: [...ex.cues] };
    }),
  });
}

const measure = (unit: string): string => unit.replace(/_each_side$/, '');

export type SwapResult = { ok: true; prescription: Prescription; swapped: number } | { ok: false; message: string };

/**
 * One athlete's session with `fromId` replaced by `to` ("Ben: ball curl instead of Nordic").
 * Sets, reps, RIR and tempo carry over when both are measured alike; otherwise the new
 * exercise's usual dose is used and RIR/tempo dropped (as a regression does).
 */
export function swapInPrescription(p: Prescription, fromId: string, to: Exercise): SwapResult {
  if (fromId === to.id) return { ok: false, message: 'That is the same exercise: pick a different one to swap in.' };
  const hits = p.exercises.filter((item) => item.exerciseId === fromId);
  if (hits.length === 0) return { ok: false, message: 'That exercise is not in this session.' };
  if (p.exercises.some((item) => item.exerciseId === to.id)) {
    return { ok: false, message: `**${to.name}** is already in this session: swap in something else.` };
  }
  const exercises = p.exercises.map((item): PrescribedItem => {
    if (item.exerciseId !== fromId) return item;
    const same = measure(item.unit) === measure(to.dose.unit);
    const sided = item.unit.endsWith('_each_side') === to.dose.unit.endsWith('_each_side');
    const keepEffort = same && measure(to.dose.unit) === 'reps';
    const out: PrescribedItem = {
      ...item,
      exerciseId: to.id,
      name: to.name,
      cues: [...to.cues],
      unit: to.dose.unit,
      reps: same && sided ? { ...item.reps } : { ...to.dose.reps },
      note: `In place of ${item.name}.`,
    };
    if (!keepEffort) {
      delete out.rir;
      delete out.tempo;
    }
    out.hard =
      item.hard && WORKING_ROLES.includes(item.role) && to.kind === 'strength' && out.rir !== undefined && out.rir.min <= HARD_SET_MAX_RIR;
    return out;
  });
  return { ok: true, prescription: prescriptionSchema.parse({ ...p, exercises }), swapped: hits.length };
}
