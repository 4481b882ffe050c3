import { describe, expect, it } from 'vitest';
import {
  exercises,
  getExercise,
  getTemplate,
  requireExercise,
  requireTemplate,
  sessionTemplateSchema,
  templates,
  toPrescription,
  validateExerciseLibrary,
  validateTemplates,
  type Exercise,
  type PrescribedExercise,
} from '../../src/domain/library';
import { hardSetsPerMuscle } from '../../src/domain/volume';

/** A mutable deep copy of the library, to break on purpose. */
function libraryCopy(): Exercise[] {
  return structuredClone<Exercise[]>([...exercises]);
}

function ladder(startId: string, field: 'regressionId' | 'progressionId'): string[] {
  const ids = [startId];
  let next = requireExercise(startId)[field];
  while (next !== null) {
    ids.push(next);
    if (ids.length > exercises.length) throw new Error(`cycle from ${startId}`);
    next = requireExercise(next)[field];
  }
  return ids;
}

describe('exercise library', () => {
  it('holds the exercises the seeds and templates name', () => {
    const required = [
      'rdl',
      'single-leg-rdl',
      'deadlift',
      'trap-bar-deadlift',
      'hip-thrust',
      'bodyweight-hip-thrust',
      'glute-bridge',
      'single-leg-bridge',
      'bridge-march',
      'isometric-bridge-hold',
      'front-plank',
      'side-plank',
      'dead-bug',
      'tempo-hip-hinge',
      'nordic-curl-band-assisted',
      'nordic-curl-partial',
      'nordic-curl',
      'seated-leg-curl',
      'lying-leg-curl',
      'stability-ball-curl',
      'back-extension',
      'hip-extension-45',
      'cable-pull-through',
      'kettlebell-swing',
      'hamstring-walkout',
      'band-walk',
      'side-lying-hip-abduction',
      'cable-hip-abduction',
      'unilateral-hamstring-bridge',
      'hip-flexor-stretch',
      'hamstring-floss',
      'thoracic-rotation',
      'ankle-mobility',
      'cat-camel',
      'diaphragmatic-breathing',
      'box-tap',
      'skip',
      'light-bounding',
      'hill-stride',
    ];
    const missing = required.filter((id) => !getExercise(id));
    expect(missing).toEqual([]);
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
  });

  it('resolves every regression and progression id, with no cycles, ending at null', () => {
    for (const ex of exercises) {
      if (ex.regressionId) expect(getExercise(ex.regressionId), `${ex.id} regression`).toBeDefined();
      if (ex.progressionId) expect(getExercise(ex.progressionId), `${ex.id} progression`).toBeDefined();
      const down = ladder(ex.id, 'regressionId');
      const up = ladder(ex.id, 'progressionId');
      expect(new Set(down).size).toBe(down.length);
      expect(new Set(up).size).toBe(up.length);
      expect(requireExercise(down.at(-1)!).regressionId).toBeNull();
      expect(requireExercise(up.at(-1)!).progressionId).toBeNull();
    }
  });

  it('makes every progression reversible (A -> B means B regresses to A)', () => {
    for (const ex of exercises) {
      if (ex.progressionId) expect(requireExercise(ex.progressionId).regressionId, ex.id).toBe(ex.id);
    }
  });

  it('has the Nordic and hinge ladders in a sensible order', () => {
    expect(ladder('nordic-curl', 'regressionId')).toEqual([
      'nordic-curl',
      'nordic-curl-partial',
      'nordic-curl-band-assisted',
      'stability-ball-curl',
      'hamstring-walkout',
      'glute-bridge',
      'isometric-bridge-hold',
    ]);
    expect(ladder('tempo-hip-hinge', 'progressionId')).toEqual(['tempo-hip-hinge', 'kettlebell-deadlift', 'rdl']);
    expect(ladder('single-leg-rdl', 'regressionId')).toEqual([
      'single-leg-rdl',
      'unilateral-hamstring-bridge',
      'single-leg-bridge',
      'bridge-march',
      'glute-bridge',
      'isometric-bridge-hold',
    ]);
    expect(ladder('deadlift', 'regressionId')).toEqual(['deadlift', 'trap-bar-deadlift', 'kettlebell-deadlift', 'tempo-hip-hinge']);
    expect(ladder('isometric-bridge-hold', 'progressionId')).toEqual([
      'isometric-bridge-hold',
      'glute-bridge',
      'bridge-march',
      'single-leg-bridge',
      'unilateral-hamstring-bridge',
    ]);
  });

  it('credits at most one prime mover, and mobility/breathing/plyometric drills nothing', () => {
    for (const ex of exercises) {
      const credits = Object.values(ex.muscles);
      expect(credits.filter((c) => c === 1).length, ex.id).toBeLessThanOrEqual(1);
      if (ex.kind === 'strength') expect(credits.filter((c) => c === 1).length, ex.id).toBe(1);
      if (ex.kind === 'mobility' || ex.kind === 'plyometric') expect(credits, ex.id).toEqual([]);
      expect(ex.cues.length, ex.id).toBeGreaterThanOrEqual(2);
      expect(ex.cues.length, ex.id).toBeLessThanOrEqual(4);
    }
    expect(requireExercise('rdl').muscles).toEqual({ hamstrings: 1, glutes: 0.5, lowerBack: 0.5 });
    expect(requireExercise('hip-thrust').muscles).toEqual({ glutes: 1, hamstrings: 0.5 });
    expect(requireExercise('nordic-curl').muscles).toEqual({ hamstrings: 1 });
    expect(requireExercise('back-extension').muscles.lowerBack).toBe(1);
  });

  it('throws on an unknown id', () => {
    expect(() => requireExercise('leg-press')).toThrow(/leg-press/);
    expect(getExercise('leg-press')).toBeUndefined();
  });
});

describe('validateExerciseLibrary', () => {
  it('accepts the real library', () => {
    expect(validateExerciseLibrary(libraryCopy())).toHaveLength(exercises.length);
  });

  it('names an entry that fails the schema', () => {
    const lib = libraryCopy();
    const rdl = lib.find((e) => e.id === 'rdl')!;
    (rdl.muscles as Record<string, number>).hamstrings = 0.7;
    expect(() => validateExerciseLibrary(lib)).toThrow(/"rdl" is invalid/);

    const noCues = libraryCopy().map((e) => (e.id === 'skip' ? { ...e, cues: [] } : e));
    expect(() => validateExerciseLibrary(noCues)).toThrow(/"skip"/);

    expect(() => validateExerciseLibrary([...libraryCopy(), { name: 'No id at all' }])).toThrow(new RegExp(`#${exercises.length}`));
  });

  it('names an entry whose regression does not resolve', () => {
    const lib = libraryCopy().map((e) => (e.id === 'hip-thrust' ? { ...e, regressionId: 'smith-machine-thrust' } : e));
    expect(() => validateExerciseLibrary(lib)).toThrow(/"hip-thrust".*"smith-machine-thrust"/);
  });

  it('rejects a cycle, a self reference, an irreversible progression, two prime movers and duplicates', () => {
    const cycle = libraryCopy().map((e) => (e.id === 'tempo-hip-hinge' ? { ...e, regressionId: 'rdl' } : e));
    expect(() => validateExerciseLibrary(cycle)).toThrow(/cycle/);

    const self = libraryCopy().map((e) => (e.id === 'rdl' ? { ...e, progressionId: 'rdl' } : e));
    expect(() => validateExerciseLibrary(self)).toThrow(/"rdl" has itself/);

    const oneWay = libraryCopy().map((e) => (e.id === 'lying-leg-curl' ? { ...e, progressionId: 'nordic-curl' } : e));
    expect(() => validateExerciseLibrary(oneWay)).toThrow(/"lying-leg-curl" progresses to "nordic-curl"/);

    const twoPrimes = libraryCopy().map((e) => (e.id === 'deadlift' ? { ...e, muscles: { glutes: 1, hamstrings: 1 } } : e));
    expect(() => validateExerciseLibrary(twoPrimes)).toThrow(/"deadlift" has 2 prime movers/);

    const lib = libraryCopy();
    expect(() => validateExerciseLibrary([...lib, lib[0]!])).toThrow(/duplicated/);
  });
});

describe('session templates', () => {
  const ids = [
    'glute-ham-emphasis',
    'runner-phase-1-activation',
    'runner-phase-2-loading',
    'runner-phase-3-eccentric',
    'runner-phase-4-plyometric',
    'mobility-day',
    'baseline-assessment',
    'nordic-protocol',
  ];

  it('has every template, each citing a seed article by its title or a paper, never a file name', () => {
    expect(templates.map((t) => t.id)).toEqual(ids);
    for (const t of templates) {
      expect(t.source, t.id).toMatch(/"[^"]{10,}" \(|et al\. \d{4}/);
      expect(t.source, t.id).not.toMatch(/\.txt|_[0-9a-f]{16}|\bseed\b/i);
    }
  });

  it.each(ids)('%s parses and its claimedHardSets equal the exercises', (id) => {
    const t = requireTemplate(id);
    expect(sessionTemplateSchema.parse(structuredClone(t))).toEqual(t);
    expect(t.claimedHardSets).toEqual(hardSetsPerMuscle(t.exercises));
    for (const item of t.exercises) {
      const ex = requireExercise(item.exerciseId);
      expect(item.unit, `${id}/${item.exerciseId}`).toBe(ex.dose.unit);
      if (item.hard) {
        expect(ex.kind).toBe('strength');
        expect(item.rir!.min).toBeLessThanOrEqual(3);
        expect(['main', 'secondary', 'accessory']).toContain(item.role);
      }
    }
  });

  it('builds the emphasis day the way seed 002 describes it', () => {
    const t = requireTemplate('glute-ham-emphasis');
    const byRole = (role: PrescribedExercise['role']) => t.exercises.filter((e) => e.role === role);

    const warmup = byRole('warmup');
    expect(warmup.map((e) => e.exerciseId)).toEqual(['band-walk', 'bodyweight-hip-thrust', 'cat-camel', 'hamstring-walkout', 'rdl']);
    expect(warmup.every((e) => !e.hard)).toBe(true);
    expect(warmup.at(-1)!.note).toMatch(/empty bar/i);

    const [main, ...moreMain] = byRole('main');
    expect(moreMain).toEqual([]);
    expect(main!.exerciseId).toBe('rdl');
    expect(main!.sets).toBeGreaterThanOrEqual(3);
    expect(main!.sets).toBeLessThanOrEqual(5);
    expect(main!.reps.min).toBeGreaterThanOrEqual(3);
    expect(main!.reps.max).toBeLessThanOrEqual(8);
    expect(main!.rir).toEqual({ min: 1, max: 2 });
    expect(main!.restSeconds).toBeGreaterThanOrEqual(120);
    expect(main!.restSeconds).toBeLessThanOrEqual(180);

    const [secondary] = byRole('secondary');
    expect(secondary!.exerciseId).toBe('hip-thrust');
    expect(secondary!.sets).toBeGreaterThanOrEqual(3);
    expect(secondary!.sets).toBeLessThanOrEqual(4);
    expect(secondary!.reps).toEqual({ min: 6, max: 10 });

    const accessories = byRole('accessory');
    expect(accessories).toHaveLength(2);
    for (const a of accessories) {
      expect(a.sets).toBeGreaterThanOrEqual(2);
      expect(a.sets).toBeLessThanOrEqual(4);
      expect(a.reps.min).toBeGreaterThanOrEqual(8);
      expect(a.reps.max).toBeLessThanOrEqual(15);
      expect(a.hard).toBe(true);
    }
    const patterns = accessories.map((a) => requireExercise(a.exerciseId).pattern);
    expect(patterns.filter((p) => p === 'knee_flexion')).toHaveLength(1); // hamstring-dominant
    expect(patterns.filter((p) => p === 'single_leg' || p === 'hip_abduction')).toHaveLength(1); // unilateral / glute med

    const [finisher] = byRole('finisher');
    expect(finisher!.exerciseId).toBe('kettlebell-swing');
    expect(finisher!.hard).toBe(false);
    expect(finisher!.note).toMatch(/optional/i);

    expect(t.claimedHardSets).toEqual({ glutes: 6.5, hamstrings: 11.5, lowerBack: 2 });
  });

  it('follows the runner phases of seed 001: 2-3 sets per working exercise, moderate reps', () => {
    for (const id of ids.filter((i) => i.startsWith('runner-'))) {
      for (const item of requireTemplate(id).exercises.filter((e) => e.role !== 'warmup')) {
        expect(item.sets, `${id}/${item.exerciseId}`).toBeGreaterThanOrEqual(2);
        expect(item.sets, `${id}/${item.exerciseId}`).toBeLessThanOrEqual(3);
        if (item.unit.startsWith('reps')) expect(item.reps.max, `${id}/${item.exerciseId}`).toBeLessThanOrEqual(15);
      }
    }
    const phase1 = requireTemplate('runner-phase-1-activation');
    expect(phase1.exercises.some((e) => e.exerciseId === 'isometric-bridge-hold')).toBe(true);
    expect(phase1.exercises.some((e) => e.exerciseId === 'diaphragmatic-breathing')).toBe(true);
    expect(phase1.exercises.every((e) => !e.hard)).toBe(true);

    const phase3 = requireTemplate('runner-phase-3-eccentric');
    expect(phase3.exercises.find((e) => e.role === 'main')!.tempo).toBe('4-0-1-0');
    expect(phase3.exercises.some((e) => e.exerciseId === 'nordic-curl-partial')).toBe(true);

    const phase4 = requireTemplate('runner-phase-4-plyometric').exercises.map((e) => e.exerciseId);
    expect(phase4).toEqual(expect.arrayContaining(['box-tap', 'skip', 'light-bounding', 'hill-stride', 'rdl']));
  });

  it('keeps mobility and assessment sessions free of hard sets', () => {
    const mobility = requireTemplate('mobility-day');
    expect(mobility.exercises.every((e) => e.role === 'mobility' && !e.hard)).toBe(true);
    expect(mobility.estimatedMinutes).toBeLessThanOrEqual(10);

    const baseline = requireTemplate('baseline-assessment');
    const tests = baseline.exercises.filter((e) => e.role === 'assessment').map((e) => e.exerciseId);
    expect(tests).toEqual(['unilateral-hamstring-bridge', 'tempo-hip-hinge', 'front-plank']);
    expect(baseline.exercises.every((e) => !e.hard)).toBe(true);
    expect(baseline.claimedHardSets).toEqual({ glutes: 0, hamstrings: 0, lowerBack: 0 });
  });

  it('defaults the Nordic session to week 1 of Petersen et al. 2011: a warm-up, then 2 x 5', () => {
    const t = requireTemplate('nordic-protocol');
    expect(t.exercises.map((e) => e.role)).toEqual(['warmup', 'warmup', 'warmup', 'main']);
    expect(t.exercises.filter((e) => e.role === 'warmup').every((e) => !e.hard)).toBe(true);
    expect(t.exercises.at(-1)).toMatchObject({ exerciseId: 'nordic-curl', sets: 2, reps: { min: 5, max: 5 }, hard: true });
    expect(t.claimedHardSets).toEqual({ glutes: 0, hamstrings: 2, lowerBack: 0 });
  });

  it('returns undefined or throws for an unknown template', () => {
    expect(getTemplate('leg-day')).toBeUndefined();
    expect(() => requireTemplate('leg-day')).toThrow(/leg-day/);
  });
});

describe('validateTemplates', () => {
  const copy = () => structuredClone([...templates]) as Record<string, unknown>[];

  it('rejects a wrong claimedHardSets, naming the template', () => {
    const broken = copy().map((t) =>
      t.id === 'nordic-protocol' ? { ...t, claimedHardSets: { glutes: 0, hamstrings: 3, lowerBack: 0 } } : t,
    );
    expect(() => validateTemplates(broken)).toThrow(/"nordic-protocol": claimedHardSets/);
  });

  it('rejects a hard warm-up set and an unknown exercise', () => {
    const t = structuredClone(requireTemplate('glute-ham-emphasis'));
    t.exercises[0]!.hard = true;
    expect(() => validateTemplates([t])).toThrow(/"glute-ham-emphasis", exercise 1 \("band-walk"\): a warmup set cannot be hard/);

    const u = structuredClone(requireTemplate('mobility-day'));
    u.exercises[0]!.exerciseId = 'foam-roll';
    expect(() => validateTemplates([u])).toThrow(/"foam-roll".*not in the exercise library/);
  });

  it('rejects a template that fails the schema', () => {
    expect(() => validateTemplates([{ id: 'Bad Id', name: 'x' }])).toThrow(/"Bad Id" is invalid/);
  });
});

describe('toPrescription', () => {
  it('snapshots names and cues from the library', () => {
    const t = requireTemplate('glute-ham-emphasis');
    const p = toPrescription(t);
    expect(p.templateId).toBe('glute-ham-emphasis');
    expect(p.title).toBe(t.name);
    expect(p.estimatedMinutes).toBe(60);
    expect(p.adjustment).toBeUndefined();
    expect(p.exercises).toHaveLength(t.exercises.length);
    const main = p.exercises.find((e) => e.role === 'main')!;
    expect(main.name).toBe('Romanian deadlift (barbell)');
    expect(main.cues).toEqual(requireExercise('rdl').cues);
    expect(main.cues).not.toBe(requireExercise('rdl').cues);
    // The snapshot is independent of the (frozen) template.
    main.sets = 9;
    expect(t.exercises.find((e) => e.role === 'main')!.sets).toBe(4);
  });

  it('applies a programme week: global sets/reps to working items, per-exercise overrides on top', () => {
    const week3 = toPrescription(requireTemplate('nordic-protocol'), { sets: 3, reps: { min: 6, max: 6 }, title: 'Nordics week 3' });
    expect(week3.title).toBe('Nordics week 3');
    expect(week3.exercises.find((e) => e.role === 'main')).toMatchObject({ sets: 3, reps: { min: 6, max: 6 } });
    expect(week3.exercises.find((e) => e.role === 'warmup')).toMatchObject({ exerciseId: 'skip', sets: 2 }); // the warm-up is left alone

    const p = toPrescription(requireTemplate('glute-ham-emphasis'), { exercises: { rdl: { sets: 5, reps: { min: 3, max: 5 } } } });
    const rdls = p.exercises.filter((e) => e.exerciseId === 'rdl');
    expect(rdls.map((e) => [e.role, e.sets, e.reps.max])).toEqual([
      ['warmup', 2, 8], // the empty-bar warm-up is left alone
      ['main', 5, 5],
    ]);
    expect(p.exercises.find((e) => e.role === 'warmup')!.sets).toBe(2);
  });

  it('refuses an override for an exercise the template lacks, or an invalid one', () => {
    expect(() => toPrescription(requireTemplate('nordic-protocol'), { exercises: { rdl: { sets: 3 } } })).toThrow(/"rdl"/);
    expect(() => toPrescription(requireTemplate('nordic-protocol'), { sets: 0 })).toThrow();
  });
});
