import { describe, expect, it } from 'vitest';
import { exercises, requireTemplate, type Exercise } from '../../src/domain/library';
import {
  SEEDS_USUAL_AIM,
  WEEKLY_HARD_SET_TARGET,
  hardSetsPerMuscle,
  sumPerMuscle,
  volumeBand,
  volumeBandsPerMuscle,
} from '../../src/domain/volume';

describe('hardSetsPerMuscle', () => {
  it('credits 1 to the prime mover and 0.5 to each synergist, by hand', () => {
    // RDL: hamstrings 1, glutes 0.5, lower back 0.5. Hip thrust: glutes 1, hamstrings 0.5.
    const totals = hardSetsPerMuscle([
      { exerciseId: 'rdl', sets: 4, hard: true }, // H 4, G 2, LB 2
      { exerciseId: 'hip-thrust', sets: 3, hard: true }, // G 3, H 1.5
      { exerciseId: 'nordic-curl', sets: 2, hard: true }, // H 2
    ]);
    expect(totals).toEqual({ hamstrings: 7.5, glutes: 5, lowerBack: 2 });
  });

  it('ignores sets that are not hard (warm-up, activation, mobility, finisher)', () => {
    expect(
      hardSetsPerMuscle([
        { exerciseId: 'rdl', sets: 2, hard: false },
        { exerciseId: 'band-walk', sets: 2, hard: false },
        { exerciseId: 'kettlebell-swing', sets: 3, hard: false },
        { exerciseId: 'back-extension', sets: 3, hard: true }, // LB 3, G 1.5, H 1.5
      ]),
    ).toEqual({ glutes: 1.5, hamstrings: 1.5, lowerBack: 3 });
    expect(hardSetsPerMuscle([])).toEqual({ glutes: 0, hamstrings: 0, lowerBack: 0 });
  });

  it('uses the library it is given, and throws on an unknown hard exercise', () => {
    const custom: Exercise[] = [{ ...exercises.find((e) => e.id === 'rdl')!, muscles: { glutes: 1 } }];
    expect(hardSetsPerMuscle([{ exerciseId: 'rdl', sets: 3, hard: true }], custom)).toEqual({ glutes: 3, hamstrings: 0, lowerBack: 0 });
    expect(() => hardSetsPerMuscle([{ exerciseId: 'leg-press', sets: 3, hard: true }])).toThrow(/leg-press/);
    // An unknown exercise that is not hard needs no credit.
    expect(hardSetsPerMuscle([{ exerciseId: 'leg-press', sets: 3, hard: false }])).toEqual({ glutes: 0, hamstrings: 0, lowerBack: 0 });
  });

  it('sums a week: emphasis day + runners phase 2', () => {
    const week = sumPerMuscle([
      hardSetsPerMuscle(requireTemplate('glute-ham-emphasis').exercises), // G 6.5, H 11.5, LB 2
      hardSetsPerMuscle(requireTemplate('runner-phase-2-loading').exercises), // G 5.5, H 6.5, LB 1.5
    ]);
    expect(week).toEqual({ glutes: 12, hamstrings: 18, lowerBack: 3.5 });
    expect(volumeBandsPerMuscle(week)).toEqual({ glutes: 'within', hamstrings: 'within', lowerBack: 'below' });
    expect(volumeBandsPerMuscle(week, SEEDS_USUAL_AIM)).toEqual({ glutes: 'within', hamstrings: 'above', lowerBack: 'below' });
  });
});

describe('volumeBand', () => {
  it('uses the 10-20 weekly band by default, inclusive at both ends', () => {
    expect(WEEKLY_HARD_SET_TARGET).toEqual({ min: 10, max: 20 });
    expect(SEEDS_USUAL_AIM).toEqual({ min: 10, max: 16 });
    expect(volumeBand(9.5)).toBe('below');
    expect(volumeBand(10)).toBe('within');
    expect(volumeBand(20)).toBe('within');
    expect(volumeBand(20.5)).toBe('above');
  });

  it('takes a team band', () => {
    expect(volumeBand(18, SEEDS_USUAL_AIM)).toBe('above');
    expect(volumeBand(8, { min: 6, max: 12 })).toBe('within');
    expect(() => volumeBand(8, { min: 12, max: 6 })).toThrow();
  });
});
