/**
 * The whiteboard parser against lines coaches write: each line with the card
 * item it becomes, or the "did you mean" / problem it gets. Worked examples for
 * effort: "@8" and "RPE 8" are 2 reps in reserve (Zourdos et al. 2016 RIR-based
 * RPE scale); a strength lift with no effort written is taken at 1-3 RIR (seed 002).
 */
import { describe, expect, it } from 'vitest';
import { exercises, requireExercise, templates, type Exercise, type PrescribedExercise } from '../../src/domain/library';
import { prescriptionOf, swapInPrescription } from '../../src/domain/teamSessions';
import { hardSetsPerMuscle } from '../../src/domain/volume';
import { buildTeamExercise, teamLibrary } from '../../src/domain/teamExercises';
import { editDistance, matchExercise, parseLine, parseWhiteboard, toWhiteboard } from '../../src/domain/whiteboard';

const copenhagen = buildTeamExercise({
  name: 'Copenhagen plank',
  pattern: 'isometric',
  muscles: [],
  unit: 'seconds_each_side',
  cues: ['Top leg on the bench, body in one line', 'Lift the hips and hold'],
  regressionId: 'side-plank',
});
if (!copenhagen.ok) throw new Error(copenhagen.message);
const library = teamLibrary([copenhagen.exercise]);

type Card = Partial<Omit<PrescribedExercise, 'reps'>> & { exerciseId: string; reps?: [number, number] | number; remark?: RegExp };
type Expectation = Card | { didYouMean: string[] } | { problem: RegExp };

const r = (min: number, max = min): [number, number] => [min, max];

// Lines as coaches write them, each with what the card must say.
const CASES: [string, Expectation][] = [
  // The issue's own examples.
  [
    'RDL 4x6 @2 RIR 3-1-1-0 rest 3m',
    {
      exerciseId: 'rdl',
      sets: 4,
      reps: 6,
      unit: 'reps',
      rir: { min: 2, max: 2 },
      tempo: '3-1-1-0',
      restSeconds: 180,
      hard: true,
      role: 'main',
    },
  ],
  ['Hip thrust 3x8-10 @2', { exerciseId: 'hip-thrust', sets: 3, reps: r(8, 10), rir: { min: 2, max: 2 }, hard: true }],
  ['Nordic 2x5', { exerciseId: 'nordic-curl', sets: 2, reps: 5, rir: { min: 1, max: 3 }, hard: true, remark: /1-3 reps in reserve/ }],
  ['Copenhagen plank 3x20s', { exerciseId: 'team-copenhagen-plank', sets: 3, reps: 20, unit: 'seconds_each_side', hard: false }],
  // Sets x reps spellings and ranges.
  ['RDL 3 x 8', { exerciseId: 'rdl', sets: 3, reps: 8 }],
  ['RDL 4×6', { exerciseId: 'rdl', sets: 4, reps: 6 }],
  ['rdl 3*10', { exerciseId: 'rdl', sets: 3, reps: 10 }],
  ['RDLs 3x8-10', { exerciseId: 'rdl', reps: r(8, 10) }],
  ['Romanian deadlift 3x6–8', { exerciseId: 'rdl', reps: r(6, 8) }],
  ['Romanian deadlift (barbell) 4x5', { exerciseId: 'rdl', sets: 4, reps: 5 }],
  ['RDL 3 sets of 8', { exerciseId: 'rdl', sets: 3, reps: 8 }],
  ['RDL 3 sets x 6 to 8', { exerciseId: 'rdl', sets: 3, reps: r(6, 8) }],
  ['Deadlift 5x3', { exerciseId: 'deadlift', sets: 5, reps: 3 }],
  ['Conventional deadlift 3x5 @1', { exerciseId: 'deadlift', rir: { min: 1, max: 1 } }],
  ['Trap bar DL 4x5', { exerciseId: 'trap-bar-deadlift', sets: 4, reps: 5 }],
  ['Hex bar deadlift 3x6 @2', { exerciseId: 'trap-bar-deadlift', rir: { min: 2, max: 2 } }],
  ['KB deadlift 3x10', { exerciseId: 'kettlebell-deadlift', reps: 10 }],
  ['Hip thrusts 4x8', { exerciseId: 'hip-thrust', sets: 4, reps: 8 }],
  ['BB hip thrust 3x10 @1-2', { exerciseId: 'hip-thrust', rir: { min: 1, max: 2 } }],
  ['Cable pull through 3x12', { exerciseId: 'cable-pull-through', reps: 12 }],
  ['Pull-throughs 3x15', { exerciseId: 'cable-pull-through', reps: 15 }],
  ['45° hip extension 3x12', { exerciseId: 'hip-extension-45', reps: 12 }],
  ['45 degree back extension 3x10', { exerciseId: 'hip-extension-45', reps: 10 }],
  ['Hypers 3x15', { exerciseId: 'hip-extension-45', reps: 15 }],
  ['Back extension 2x12', { exerciseId: 'back-extension', sets: 2, reps: 12 }],
  ['Seated leg curl 3x10-12', { exerciseId: 'seated-leg-curl', reps: r(10, 12) }],
  ['Lying leg curl 3x12', { exerciseId: 'lying-leg-curl', reps: 12 }],
  ['Ball curl 3x10', { exerciseId: 'stability-ball-curl', reps: 10 }],
  ['SB curls 3x12 @2', { exerciseId: 'stability-ball-curl', rir: { min: 2, max: 2 } }],
  ['Band assisted nordics 3x5', { exerciseId: 'nordic-curl-band-assisted', reps: 5 }],
  ['Partial nordic 3x4', { exerciseId: 'nordic-curl-partial', reps: 4 }],
  ['Nordic curls 3x3-5', { exerciseId: 'nordic-curl', reps: r(3, 5) }],
  ['NHE 2x6', { exerciseId: 'nordic-curl', sets: 2, reps: 6 }],
  ['KB swings 3x15', { exerciseId: 'kettlebell-swing', reps: 15 }],
  // Per side.
  ['SL RDL 3x8/side', { exerciseId: 'single-leg-rdl', reps: 8, unit: 'reps_each_side' }],
  ['Single leg RDL 3x8 each leg', { exerciseId: 'single-leg-rdl', unit: 'reps_each_side' }],
  ['Single-leg RDL 3x10 per side', { exerciseId: 'single-leg-rdl', reps: 10 }],
  ['SL RDL 3x8', { exerciseId: 'single-leg-rdl', unit: 'reps_each_side' }],
  ['SL bridge 3x12 e/s', { exerciseId: 'single-leg-bridge', unit: 'reps_each_side', reps: 12 }],
  ['Single leg glute bridge 3x10/leg', { exerciseId: 'single-leg-bridge', reps: 10 }],
  ['Hamstring bridge 3x8 each side', { exerciseId: 'unilateral-hamstring-bridge', reps: 8 }],
  ['Cable abduction 3x15 each', { exerciseId: 'cable-hip-abduction', reps: 15, unit: 'reps_each_side' }],
  ['Band walk 2x10 each way', { exerciseId: 'band-walk', unit: 'reps_each_side', role: 'warmup', hard: false }],
  ['Monster walks 2x12', { exerciseId: 'band-walk', reps: 12 }],
  ['Side lying abduction 2x15/side', { exerciseId: 'side-lying-hip-abduction', reps: 15 }],
  ['Bridge march 2x10/side', { exerciseId: 'bridge-march', unit: 'reps_each_side' }],
  // Seconds and metres.
  ['Side plank 3x20s each side', { exerciseId: 'side-plank', reps: 20, unit: 'seconds_each_side', hard: false }],
  ['Side plank 3x30 sec', { exerciseId: 'side-plank', reps: 30 }],
  ['Plank 3x30', { exerciseId: 'front-plank', reps: 30, unit: 'seconds' }],
  ['Front plank 3x45s', { exerciseId: 'front-plank', reps: 45 }],
  ['Plank 1:00', { exerciseId: 'front-plank', sets: 1, reps: 60 }],
  ['Bridge hold 3x30s', { exerciseId: 'isometric-bridge-hold', reps: 30, unit: 'seconds' }],
  ['Iso bridge 2x20-30s', { exerciseId: 'isometric-bridge-hold', reps: r(20, 30) }],
  ['Hip flexor stretch 2x30s/side', { exerciseId: 'hip-flexor-stretch', unit: 'seconds_each_side', role: 'mobility' }],
  ['Breathing 2x60s', { exerciseId: 'diaphragmatic-breathing', reps: 60, unit: 'seconds' }],
  ['Box taps 2x20s', { exerciseId: 'box-tap', reps: 20, unit: 'seconds' }],
  ['Skips 2x20m', { exerciseId: 'skip', reps: 20, unit: 'metres', hard: false }],
  ['A skips 3x20 metres', { exerciseId: 'skip', sets: 3, reps: 20 }],
  ['Bounding 3x30m', { exerciseId: 'light-bounding', reps: 30 }],
  ['Hill strides 4x40m', { exerciseId: 'hill-stride', sets: 4, reps: 40 }],
  // One set, mobility, warm-up.
  ['Cat camel x8', { exerciseId: 'cat-camel', sets: 1, reps: 8, role: 'mobility' }],
  ['Cat cow 10', { exerciseId: 'cat-camel', sets: 1, reps: 10 }],
  ['Open books 8/side', { exerciseId: 'thoracic-rotation', sets: 1, unit: 'reps_each_side' }],
  ['Knee to wall 2x10 each', { exerciseId: 'ankle-mobility', sets: 2 }],
  ['Hamstring floss 10/side', { exerciseId: 'hamstring-floss', sets: 1, reps: 10 }],
  ['Dead bugs 2x8/side', { exerciseId: 'dead-bug', unit: 'reps_each_side' }],
  ['Walkouts 1x5', { exerciseId: 'hamstring-walkout', role: 'warmup', hard: false }],
  ['Glute bridge 2x10', { exerciseId: 'glute-bridge', role: 'warmup', hard: false }],
  ['BW hip thrust 2x10', { exerciseId: 'bodyweight-hip-thrust', role: 'warmup' }],
  ['Hip hinge 2x8 tempo 3010', { exerciseId: 'tempo-hip-hinge', tempo: '3-0-1-0' }],
  ['KB swings 2x10 easy', { exerciseId: 'kettlebell-swing', role: 'warmup', hard: false }],
  // Effort, tempo, rest.
  ['Seated leg curl 3x10 RPE 8', { exerciseId: 'seated-leg-curl', rir: { min: 2, max: 2 }, remark: /RPE 8/ }],
  ['RDL 3x8 @8', { exerciseId: 'rdl', rir: { min: 2, max: 2 }, remark: /read as RPE/ }],
  ['RDL 3x8 @7-8', { exerciseId: 'rdl', rir: { min: 2, max: 3 } }],
  ['RDL 3x8 RPE 9.5', { exerciseId: 'rdl', rir: { min: 0, max: 1 } }],
  ['RDL 3x8 RIR 2', { exerciseId: 'rdl', rir: { min: 2, max: 2 } }],
  ['RDL 3x8 1-2 RIR', { exerciseId: 'rdl', rir: { min: 1, max: 2 } }],
  ['RDL 3x8 @ 0', { exerciseId: 'rdl', rir: { min: 0, max: 0 }, hard: true }],
  ['RDL 3x8 to failure', { exerciseId: 'rdl', rir: { min: 0, max: 0 } }],
  ['RDL 3x8 @4', { exerciseId: 'rdl', rir: { min: 4, max: 4 }, hard: false, remark: /not counted/ }],
  ['RDL 3x8 tempo 3-1-1-0', { exerciseId: 'rdl', tempo: '3-1-1-0' }],
  ['RDL 3x8 3.1.1.0', { exerciseId: 'rdl', tempo: '3-1-1-0' }],
  ['Deadlift 5x3 @8 tempo 31X0 rest 2:30', { exerciseId: 'deadlift', tempo: '3-1-0-0', restSeconds: 150, remark: /explosive/ }],
  ['RDL 4x6 rest 2-3 min', { exerciseId: 'rdl', restSeconds: 150 }],
  ['Hip thrust 3x10 90s rest', { exerciseId: 'hip-thrust', restSeconds: 90 }],
  ['Hip thrust 3x10 rest 90', { exerciseId: 'hip-thrust', restSeconds: 90 }],
  ['Hip thrust 3x10 rest 2', { exerciseId: 'hip-thrust', restSeconds: 120 }],
  ['Nordic 3x5 (slow on the way down)', { exerciseId: 'nordic-curl', note: 'slow on the way down' }],
  ['Trap bar 4 sets of 5 @1-2 - keep it fast', { exerciseId: 'trap-bar-deadlift', note: 'keep it fast' }],
  // Labels coaches put in front.
  ['A1. RDL 4x6', { exerciseId: 'rdl', sets: 4 }],
  ['B2) Nordic 2x5', { exerciseId: 'nordic-curl' }],
  ['1. Hip thrust 3x8', { exerciseId: 'hip-thrust' }],
  ['- Ball curl 3x10', { exerciseId: 'stability-ball-curl' }],
  ['• Side plank 2x30s', { exerciseId: 'side-plank' }],
  // Typos read as the exercise (and the card says so).
  ['Nordci 2x5', { exerciseId: 'nordic-curl', remark: /Read "Nordci"/ }],
  ['Hip thurst 3x8', { exerciseId: 'hip-thrust', remark: /Read "Hip thurst"/ }],
  ['Romanian dedlift 3x8', { exerciseId: 'rdl' }],
  ['Sidde plank 3x20s', { exerciseId: 'side-plank' }],
  ['Seated leg crul 3x10', { exerciseId: 'seated-leg-curl' }],
  ['Kettlebel swing 3x15', { exerciseId: 'kettlebell-swing' }],
  // Unknown or ambiguous: "did you mean".
  ['Leg curl 3x10', { didYouMean: ['Lying leg curl', 'Seated leg curl'] }],
  ['Pallof press 3x10', { problem: /don't know "Pallof press"/ }],
  ['Good morning 3x8', { problem: /\/exercise add/ }],
  ['Glute ham raise 3x6', { problem: /don't know/ }],
  ['Reverse plank 3x20s', { didYouMean: ['Front plank', 'Side plank'] }],
  ['Hamstring slides 3x8', { problem: /don't know/ }],
  ['Nrdc 2x5', { problem: /don't know/ }],
  // Dose problems.
  ['RDL', { problem: /How many sets and reps of Romanian deadlift/ }],
  ['Glute bridge 3x10 each leg', { didYouMean: ['Single-leg glute bridge'] }],
  ['Glute bridge 3x30s', { didYouMean: ['Isometric bridge hold'] }],
  ['Plank 3x10m', { problem: /counted in seconds, not metres/ }],
  ['RDL 12x5', { problem: /between 1 and 10 sets/ }],
  ['RDL 3x10-8', { problem: /low to high/ }],
  ['RDL 3x8 rest 20m', { problem: /Rest must be between/ }],
  ['RDL 3x8 RPE 11', { problem: /RPE runs from 1 to 10/ }],
];

function expectLine(line: string, expected: Expectation, lib: readonly Exercise[] = library): void {
  const result = parseLine(line, { library: lib, strengthSoFar: 0, lineNumber: 1 });
  if ('didYouMean' in expected) {
    expect(result.kind, line).toBe('problem');
    if (result.kind !== 'problem') return;
    expect(result.problem.suggestions, line).toEqual(expect.arrayContaining(expected.didYouMean));
    expect(result.problem.message, line).toMatch(/did you mean/i);
    return;
  }
  if ('problem' in expected) {
    expect(result.kind, line).toBe('problem');
    if (result.kind === 'problem') expect(result.problem.message, line).toMatch(expected.problem);
    return;
  }
  expect(result.kind, `${line}: ${result.kind === 'problem' ? result.problem.message : ''}`).toBe('item');
  if (result.kind !== 'item') return;
  const { reps, remark, ...rest } = expected;
  expect(result.parsed.item, line).toMatchObject(rest);
  if (reps !== undefined) {
    const [min, max] = Array.isArray(reps) ? reps : [reps, reps];
    expect(result.parsed.item.reps, line).toEqual({ min, max });
  }
  if (remark) expect(result.parsed.remarks.join(' '), line).toMatch(remark);
}

describe('whiteboard lines', () => {
  it('covers at least 80 lines', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });
  it.each(CASES)('%s', (line, expected) => expectLine(line, expected));
});

describe('exercise names', () => {
  it('measures typos as edits, a swap of neighbours costing one', () => {
    expect(editDistance('nordic', 'nordci')).toBe(1);
    expect(editDistance('rdl', 'rdl')).toBe(0);
    expect(editDistance('plank', 'planks')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('never guesses a short name: "RLD" is a question, not a Romanian deadlift', () => {
    const m = matchExercise('RLD');
    expect(m.kind).toBe('unknown');
  });
  it('finds a team exercise only in its team library', () => {
    expect(matchExercise('Copenhagen plank', library).kind).toBe('exact');
    expect(matchExercise('Copenhagen plank', exercises).kind).toBe('unknown');
  });
});

describe('whole whiteboard', () => {
  const board = [
    'Warm-up:',
    'Band walk 2x10 each way',
    'RDL 2x8 (empty bar)',
    '',
    'Main',
    'RDL 4x6 @2 RIR 3-1-1-0 rest 3m',
    'Hip thrust 3x8-10 @2',
    'Accessories:',
    'Nordic 2x5',
    'Copenhagen plank 3x20s',
    'Finisher',
    'KB swings 2x15',
  ].join('\n');

  it('gives a template valid by the library schema, with roles from the headers and hard sets computed', () => {
    const result = parseWhiteboard({ name: 'Lower A', text: board, library });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const t = result.session.template;
    expect(t.exercises.map((e) => [e.exerciseId, e.role, e.hard])).toEqual([
      ['band-walk', 'warmup', false],
      ['rdl', 'warmup', false],
      ['rdl', 'main', true],
      ['hip-thrust', 'main', true],
      ['nordic-curl', 'accessory', true],
      ['team-copenhagen-plank', 'accessory', false],
      ['kettlebell-swing', 'finisher', false],
    ]);
    // RDL 4 (H 4, G 2, LB 2) + hip thrust 3 (G 3, H 1.5) + Nordic 2 (H 2).
    expect(t.claimedHardSets).toEqual({ glutes: 5, hamstrings: 7.5, lowerBack: 2 });
    expect(t.id).toBe('team-lower-a');
    expect(t.estimatedMinutes).toBeGreaterThan(0);
  });

  it('reports every bad line with its number, and saves nothing', () => {
    const result = parseWhiteboard({ name: 'Lower B', text: 'RDL 3x8\nPallof press 3x10\nRDL\nNordic 2x5', library });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.lineNumber)).toEqual([2, 3]);
  });

  it('refuses an empty board, a short name and more than 12 exercises', () => {
    expect(parseWhiteboard({ name: 'Empty', text: '\n \n' }).ok).toBe(false);
    expect(parseWhiteboard({ name: 'A', text: 'RDL 3x8' }).ok).toBe(false);
    expect(parseWhiteboard({ name: 'Long one', text: Array(13).fill('Ball curl 2x10').join('\n') }).ok).toBe(false);
  });
});

describe('hard sets: a team session counts exactly like the built-in template it copies', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    const text = toWhiteboard(template);
    const result = parseWhiteboard({ name: `Copy of ${template.name}`.slice(0, 80), text });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const team = result.session.template;
    expect(hardSetsPerMuscle(team.exercises)).toEqual(hardSetsPerMuscle(template.exercises));
    expect(team.claimedHardSets).toEqual(template.claimedHardSets);
    const strip = (items: readonly PrescribedExercise[]) => items.map(({ note: _note, ...rest }) => rest);
    expect(strip(team.exercises)).toEqual(strip(template.exercises));
  });

  it('the issue example: RDL 4x6 @2 + Hip thrust 3x8-10 @2 + Nordic 2x5 = glutes 5, hamstrings 7.5, lower back 2', () => {
    const result = parseWhiteboard({
      name: 'Issue example',
      text: 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thrust 3x8-10 @2\nNordic 2x5\nCopenhagen plank 3x20s',
      library,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(hardSetsPerMuscle(result.session.template.exercises, library)).toEqual({ glutes: 5, hamstrings: 7.5, lowerBack: 2 });
  });
});

describe('team exercises', () => {
  const base = {
    pattern: 'knee_flexion' as const,
    muscles: ['hamstrings' as const, 'glutes' as const],
    unit: 'reps' as const,
    cues: ['Heels drive down', 'Hips stay high'],
  };

  it('credits the first muscle as prime mover and the others as synergists, and is a strength lift', () => {
    const r = buildTeamExercise({ ...base, name: 'Slider leg curl', regressionId: 'stability-ball-curl' });
    if (!r.ok) throw new Error(r.message);
    expect(r.exercise).toMatchObject({
      id: 'team-slider-leg-curl',
      kind: 'strength',
      muscles: { hamstrings: 1, glutes: 0.5 },
      regressionId: 'stability-ball-curl',
      progressionId: null,
    });
    // One step above its regression on the library's demand ordinal, with the regression's spinal load.
    const ball = requireExercise('stability-ball-curl');
    expect([r.exercise.demand, r.exercise.spinalLoad]).toEqual([Math.min(10, ball.demand + 1), ball.spinalLoad]);
    // Counted by the same rule as built-ins: 3 hard sets -> hamstrings 3, glutes 1.5.
    expect(hardSetsPerMuscle([{ exerciseId: r.exercise.id, sets: 3, hard: true }], teamLibrary([r.exercise]))).toEqual({
      glutes: 1.5,
      hamstrings: 3,
      lowerBack: 0,
    });
  });

  it('never takes a built-in name, and never changes a built-in exercise', () => {
    const before = JSON.stringify(exercises);
    const r = buildTeamExercise({ ...base, name: 'Nordic curl (full range)' });
    expect(r.ok).toBe(false);
    expect(buildTeamExercise({ ...base, name: 'nordic curl' }).ok).toBe(false);
    const own = buildTeamExercise({ ...base, name: 'Razor curl' });
    if (!own.ok) throw new Error(own.message);
    const lib = teamLibrary([own.exercise]);
    expect(lib.filter((e) => e.id === 'nordic-curl')).toEqual([exercises.find((e) => e.id === 'nordic-curl')]);
    expect(JSON.stringify(exercises)).toBe(before);
  });

  it('refuses a duplicate team name, an unknown regression, no cues and a muscle named twice', () => {
    const first = buildTeamExercise({ ...base, name: 'Razor curl' });
    if (!first.ok) throw new Error(first.message);
    expect(buildTeamExercise({ ...base, name: 'razor  CURL' }, [first.exercise])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/already has/),
    });
    expect(buildTeamExercise({ ...base, name: 'Other curl', progressionId: 'team-razor-curl' })).toMatchObject({ ok: false });
    expect(buildTeamExercise({ ...base, name: 'Other curl', cues: [' '] })).toMatchObject({ ok: false });
    expect(buildTeamExercise({ ...base, name: 'Other curl', muscles: ['glutes', 'glutes'] })).toMatchObject({ ok: false });
  });

  it('an exercise crediting no muscle never carries hard sets', () => {
    const r = buildTeamExercise({ ...base, name: 'Hamstring slides', muscles: [] });
    if (!r.ok) throw new Error(r.message);
    expect(r.exercise.kind).toBe('activation');
    const result = parseWhiteboard({ name: 'Slides', text: 'Hamstring slides 3x8 @1', library: teamLibrary([r.exercise]) });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.session.template.exercises[0]!.hard).toBe(false);
  });
});

describe('a swap for one athlete', () => {
  const nordic = () => {
    const r = parseWhiteboard({ name: 'Swap test', text: 'Nordic 3x5 @1 tempo 3-0-1-0\nSide plank 2x30s' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return prescriptionOf(r.session.template, exercises);
  };

  it('keeps sets, reps, RIR and tempo when both are measured in reps, and stays hard for a strength lift', () => {
    const r = swapInPrescription(nordic(), 'nordic-curl', requireExercise('stability-ball-curl'));
    if (!r.ok) throw new Error(r.message);
    expect(r.prescription.exercises[0]).toMatchObject({
      exerciseId: 'stability-ball-curl',
      sets: 3,
      reps: { min: 5, max: 5 },
      rir: { min: 1, max: 1 },
      tempo: '3-0-1-0',
      hard: true,
      note: 'In place of Nordic curl (full range).',
    });
    // Hard sets now credit the ball curl's muscles: hamstrings 3, glutes 1.5.
    expect(hardSetsPerMuscle(r.prescription.exercises)).toEqual({ glutes: 1.5, hamstrings: 3, lowerBack: 0 });
  });

  it("takes the new exercise's usual dose when measured differently, drops RIR and tempo, and is no longer hard", () => {
    const r = swapInPrescription(nordic(), 'nordic-curl', requireExercise('isometric-bridge-hold'));
    if (!r.ok) throw new Error(r.message);
    const item = r.prescription.exercises[0]!;
    expect(item).toMatchObject({ exerciseId: 'isometric-bridge-hold', unit: 'seconds', hard: false });
    expect(item.rir).toBeUndefined();
    expect(item.tempo).toBeUndefined();
    expect(item.reps).toEqual(requireExercise('isometric-bridge-hold').dose.reps);
  });

  it('refuses an exercise not in the session, the same one, or one already in it', () => {
    expect(swapInPrescription(nordic(), 'rdl', requireExercise('deadlift')).ok).toBe(false);
    expect(swapInPrescription(nordic(), 'nordic-curl', requireExercise('nordic-curl')).ok).toBe(false);
    expect(swapInPrescription(nordic(), 'nordic-curl', requireExercise('side-plank')).ok).toBe(false);
  });
});

describe('whatever is typed', () => {
  it('never throws: every board is either a schema-valid session or a list of problems with line numbers', async () => {
    const fc = await import('fast-check');
    const { sessionTemplateSchema } = await import('../../src/domain/library/schema');
    const word = fc.constantFrom(
      'RDL',
      'Nordic',
      'Hip thrust',
      'plank',
      'Side plank',
      'x',
      '@',
      'RIR',
      'rest',
      '3m',
      '90s',
      '/side',
      'each leg',
      'tempo',
      '3-1-1-0',
      'RPE',
      '(',
      ')',
      '-',
      '4x6',
      '3x8-10',
      '2x20s',
      '1:00',
      'Warm-up:',
      '12x5',
      'ball curl',
      'Copenhagen plank',
      '45°',
      '🙂',
      '',
    );
    const line = fc.oneof(
      fc.array(word, { maxLength: 8 }).map((w) => w.join(' ')),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 15 }), (lines) => {
        const result = parseWhiteboard({ name: 'Fuzz session', text: lines.join('\n'), library });
        if (result.ok) {
          expect(sessionTemplateSchema.safeParse(result.session.template).success).toBe(true);
          expect(result.session.template.claimedHardSets).toEqual(hardSetsPerMuscle(result.session.template.exercises, library));
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) expect(p.lineNumber).toBeLessThanOrEqual(lines.length);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
