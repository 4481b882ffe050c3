import { describe, expect, it } from 'vitest';
import { regressPrescription } from '../../src/domain/adjustments';
import { exercises, requireExercise, templates, toPrescription } from '../../src/domain/library';
import { expandProgram, PROGRAMS } from '../../src/domain/programs';
import type { Exercise, Prescription } from '../../src/domain/library/schema';

/**
 * Every regression is lighter than what it replaces, with less spinal load (seed 000: "revert
 * to a simpler variation at a lighter load"; seed 002: spare the lower back), and every
 * progression is harder: walked over the whole library, then over every built-in session.
 */
const byId = new Map(exercises.map((e) => [e.id, e]));

function lighter(regression: Exercise, original: Exercise): string[] {
  const problems: string[] = [];
  if (regression.demand >= original.demand) problems.push(`demand ${regression.demand} is not below ${original.demand}`);
  if (regression.spinalLoad > original.spinalLoad) problems.push(`spinal load ${regression.spinalLoad} is above ${original.spinalLoad}`);
  if (original.spinalLoad >= 2 && regression.spinalLoad >= original.spinalLoad)
    problems.push(`spinal load ${regression.spinalLoad} is not below ${original.spinalLoad}`);
  return problems;
}

describe('the regression and progression ladders', () => {
  const regressions = exercises.filter((e) => e.regressionId !== null);
  const progressions = exercises.filter((e) => e.progressionId !== null);

  it('has ladders to walk', () => {
    expect(regressions.length).toBeGreaterThan(20);
    expect(progressions.length).toBeGreaterThan(15);
  });

  it.each(regressions.map((e) => [e.id, e.regressionId!]))('%s regresses to %s: lighter, with no more spinal load', (id, to) => {
    expect(lighter(byId.get(to)!, byId.get(id)!)).toEqual([]);
  });

  it.each(progressions.map((e) => [e.id, e.progressionId!]))('%s progresses to %s: harder, and regresses back', (id, to) => {
    const next = byId.get(to)!;
    expect(next.demand).toBeGreaterThan(byId.get(id)!.demand);
    expect(lighter(byId.get(id)!, next)).toEqual([]);
  });

  it('the single-leg RDL no longer regresses to the (heavier, barbell) RDL', () => {
    const slrdl = requireExercise('single-leg-rdl');
    expect(slrdl.regressionId).not.toBe('rdl');
    expect(requireExercise(slrdl.regressionId!).spinalLoad).toBeLessThan(slrdl.spinalLoad);
  });

  it('no ladder loops: walking down always ends', () => {
    for (const e of exercises) {
      const seen = new Set<string>();
      let at: Exercise | undefined = e;
      while (at) {
        expect(seen.has(at.id), `loop through ${at.id}`).toBe(false);
        seen.add(at.id);
        at = at.regressionId ? byId.get(at.regressionId) : undefined;
      }
    }
  });
});

describe('a regressed session is lighter than the session it replaces, item by item', () => {
  const sessions: { name: string; p: Prescription }[] = [
    ...templates.map((t) => ({ name: `template ${t.id}`, p: toPrescription(t) })),
    ...PROGRAMS.flatMap((def) =>
      expandProgram(def, {
        startDate: '2026-03-02',
        trainingDays: def.trainingDays.min === 3 ? [1, 3, 5] : def.trainingDays.min === 2 ? [1, 4] : [2],
        mobilityDay: null,
      })
        .filter((s) => s.kind === 'training')
        .map((s) => ({ name: `${def.key} ${s.title}`, p: s.prescription })),
    ),
  ];

  it.each(sessions.map((s) => [s.name, s.p] as const))('%s', (_name, p) => {
    const r = regressPrescription(p);
    expect(r.exercises).toHaveLength(p.exercises.length);
    p.exercises.forEach((before, i) => {
      const after = r.exercises[i]!;
      const from = requireExercise(before.exerciseId);
      const to = requireExercise(after.exerciseId);
      expect(after.sets).toBeLessThanOrEqual(before.sets);
      if (to.id !== from.id) expect(lighter(to, from)).toEqual([]);
      else if (before.rir && after.rir) expect(after.rir.min).toBeGreaterThanOrEqual(before.rir.min);
    });
    const spine = (q: Prescription) => q.exercises.reduce((n, e) => n + e.sets * requireExercise(e.exerciseId).spinalLoad, 0);
    expect(spine(r)).toBeLessThanOrEqual(spine(p));
  });
});
