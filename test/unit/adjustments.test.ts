import { describe, expect, it } from 'vitest';
import { deloadPrescription, regressPrescription } from '../../src/domain/adjustments';
import { prescriptionSchema, requireExercise, requireTemplate, toPrescription } from '../../src/domain/library';
import { hardSetsPerMuscle } from '../../src/domain/volume';

const emphasis = () => toPrescription(requireTemplate('glute-ham-emphasis'));

describe('regressPrescription', () => {
  it('swaps the full Nordic for the partial-range Nordic and raises RIR by 2', () => {
    const p = toPrescription(requireTemplate('nordic-protocol'));
    const r = regressPrescription(p);
    expect(r.adjustment).toBe('regressed');
    expect(r.exercises.map((e) => e.role)).toEqual(['warmup', 'warmup', 'warmup', 'main']); // the warm-up stays (Petersen 2011)
    const item = r.exercises.find((e) => e.role === 'main');
    expect(item).toMatchObject({
      exerciseId: 'nordic-curl-partial',
      name: 'Nordic curl (partial range)',
      sets: 2, // only sets above 2 lose one
      reps: { min: 5, max: 5 },
      rir: { min: 2, max: 4 }, // was 0-2
      hard: true, // 2-4 RIR still reaches the 0-3 band
    });
    expect(item!.cues).toEqual(requireExercise('nordic-curl-partial').cues);
    expect(item!.note).toMatch(/Nordic curl \(full range\)/);
  });

  it('steps every exercise of the emphasis day down its ladder at a lighter load', () => {
    const before = emphasis();
    const snapshot = structuredClone(before);
    const r = regressPrescription(before);
    expect(before).toEqual(snapshot); // input untouched
    expect(prescriptionSchema.parse(r)).toEqual(r);

    const rows = r.exercises.map((e) => [e.role, e.exerciseId, e.sets, e.unit, e.rir ?? null, e.hard]);
    expect(rows).toEqual([
      ['warmup', 'side-lying-hip-abduction', 2, 'reps_each_side', null, false],
      ['warmup', 'glute-bridge', 2, 'reps', null, false],
      ['warmup', 'cat-camel', 1, 'reps', null, false], // no regression: unchanged
      ['warmup', 'glute-bridge', 1, 'reps', null, false],
      ['warmup', 'kettlebell-deadlift', 2, 'reps', null, false],
      ['main', 'kettlebell-deadlift', 3, 'reps', { min: 3, max: 4 }, true],
      ['secondary', 'bodyweight-hip-thrust', 2, 'reps', { min: 3, max: 4 }, false], // activation exercise: not a hard set
      ['accessory', 'lying-leg-curl', 2, 'reps', { min: 3, max: 4 }, true],
      // Single-leg RDL -> single-leg hamstring bridge: less spinal load than a barbell RDL (seeds 000, 002).
      ['accessory', 'unilateral-hamstring-bridge', 2, 'reps_each_side', { min: 3, max: 4 }, true],
      ['finisher', 'kettlebell-deadlift', 2, 'reps', null, false],
    ]);
    expect(r.exercises.find((e) => e.role === 'main')!.name).toBe('Kettlebell deadlift');
    // Hard sets fall: KB deadlift 3 (G 3, H 1.5) + lying curl 2 (H 2) + hamstring bridge 2 (H 2, G 1).
    expect(hardSetsPerMuscle(r.exercises)).toEqual({ glutes: 4, hamstrings: 5.5, lowerBack: 0 });
  });

  it('keeps an exercise at the bottom of its ladder, only lighter, and caps RIR at 5', () => {
    const once = regressPrescription(emphasis());
    const twice = regressPrescription(once);
    const curl = twice.exercises.find((e) => e.role === 'accessory' && e.exerciseId === 'lying-leg-curl')!;
    expect(curl.rir).toEqual({ min: 5, max: 5 }); // 1-2 -> 3-4 -> 5-5 (capped)
    expect(curl.hard).toBe(false); // no longer within 0-3 RIR
    expect(curl.sets).toBe(2);
    expect(curl.note).toMatch(/Seated leg curl/); // the note from the first swap stays
  });

  it('uses the regression’s own dose when it is measured differently (reps -> hold)', () => {
    const r = regressPrescription(toPrescription(requireTemplate('runner-phase-1-activation')));
    const bridge = r.exercises.find((e) => e.role === 'secondary')!;
    expect(bridge.exerciseId).toBe('isometric-bridge-hold');
    expect(bridge.unit).toBe('seconds');
    expect(bridge.reps).toEqual(requireExercise('isometric-bridge-hold').dose.reps);
    expect(bridge.tempo).toBeUndefined(); // the bridge's 2-2-1-0 tempo means nothing for a hold
    expect(bridge.sets).toBe(2);
    // The hold was already the bottom of its ladder: it stays, one set fewer.
    expect(r.exercises.find((e) => e.role === 'main')).toMatchObject({ exerciseId: 'isometric-bridge-hold', sets: 2, unit: 'seconds' });
  });
});

describe('deloadPrescription', () => {
  it('halves working sets (rounding up), adds 2 RIR and keeps every exercise', () => {
    const before = emphasis();
    const d = deloadPrescription(before);
    expect(d.adjustment).toBe('deload');
    expect(d.exercises.map((e) => e.exerciseId)).toEqual(before.exercises.map((e) => e.exerciseId));
    expect(d.exercises.map((e) => e.sets)).toEqual([
      2,
      2,
      1,
      1,
      2, // warm-up unchanged
      2, // main 4 -> 2
      2, // secondary 3 -> 2
      2,
      2, // accessories 3 -> 2
      1, // finisher 2 -> 1
    ]);
    const main = d.exercises.find((e) => e.role === 'main')!;
    expect(main.rir).toEqual({ min: 3, max: 4 });
    expect(main.hard).toBe(true);
    expect(main.name).toBe('Romanian deadlift (barbell)');

    const working = (p: typeof before) => p.exercises.filter((e) => e.role !== 'warmup').reduce((n, e) => n + e.sets, 0);
    expect(working(before)).toBe(15);
    expect(working(d)).toBe(9); // -40 %
    expect(hardSetsPerMuscle(d.exercises)).toEqual({ glutes: 4, hamstrings: 7, lowerBack: 1 });
  });

  it('never drops an exercise below 1 set', () => {
    const p = toPrescription(requireTemplate('nordic-protocol'), { sets: 1 });
    const main = (q: ReturnType<typeof deloadPrescription>) => q.exercises.find((e) => e.role === 'main')!.sets;
    expect(main(deloadPrescription(p))).toBe(1);
    const five = toPrescription(requireTemplate('nordic-protocol'), { sets: 5 });
    expect(main(deloadPrescription(five))).toBe(3);
  });

  it('stops counting sets that move past 3 RIR', () => {
    const p = toPrescription(requireTemplate('runner-phase-2-loading'));
    const d = deloadPrescription(p);
    expect(d.exercises.find((e) => e.role === 'main')).toMatchObject({ sets: 2, rir: { min: 4, max: 5 }, hard: false });
    expect(hardSetsPerMuscle(d.exercises)).toEqual({ glutes: 0, hamstrings: 0, lowerBack: 0 });
  });

  it('leaves mobility sessions as they are, apart from the flag', () => {
    const p = toPrescription(requireTemplate('mobility-day'));
    const d = deloadPrescription(p);
    expect(d.exercises).toEqual(p.exercises);
    expect(d.adjustment).toBe('deload');
  });
});
