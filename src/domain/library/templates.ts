/**
 * Session templates, each from a seed article (shared/seeds) or a paper,
 * validated once at module load. `claimedHardSets` is written out by hand and
 * checked against the exercises (volume.ts) at load and in the tests.
 */
import { z } from 'zod';
import { HARD_SET_MAX_RIR, hardSetsPerMuscle } from '../volume';
import { MOBILITY_TEMPLATE, NORDIC_TEMPLATE } from '../sessionIds';
import { exercises as defaultLibrary, lookupIn, requireExercise } from './exercises';
import {
  MUSCLES,
  prescriptionSchema,
  sessionTemplateSchema,
  type Exercise,
  type PrescribedExercise,
  type Prescription,
  type SessionRole,
  type SessionTemplate,
} from './schema';

export type SessionTemplateInput = z.input<typeof sessionTemplateSchema>;

/** Roles whose sets are working sets (may be hard); the others never count. */
export const WORKING_ROLES: readonly SessionRole[] = ['main', 'secondary', 'accessory'];

// Users see these titles; the files are shared/seeds/000_28d090f24a372d31.txt, 001_0b7cacce3d36bfb2.txt, 002_3f92d106ab726140.txt.
const SEED_000 = '"Targeted posterior chain training to reduce hamstring and lower back injuries" (practical guide, 2025)';
const SEED_001 = '"Progressive hamstring strengthening plan for runners" (training guide)';
const SEED_002 = '"Glute and hamstring emphasis days" (training guide, December 2025)';

const RAW_TEMPLATES: SessionTemplateInput[] = [
  {
    // Seed 002: warm-up -> 1 main lift 3-5 x 3-8 @ 1-2 RIR, 2-3 min rest ->
    // 1 secondary 3-4 x 6-10 -> 2 accessories 2-4 x 8-15 -> optional finisher.
    id: 'glute-ham-emphasis',
    name: 'Glute & hamstring emphasis day',
    summary:
      'Low-fatigue warm-up, one heavy hinge (RDL), a complementary hip thrust, then a hamstring-dominant and a unilateral accessory. Optional swing finisher.',
    source: `${SEED_002} (glute/hamstring emphasis day)`,
    kind: 'strength',
    estimatedMinutes: 60,
    exercises: [
      {
        exerciseId: 'band-walk',
        role: 'warmup',
        sets: 2,
        reps: { min: 10, max: 12 },
        unit: 'reps_each_side',
        hard: false,
        note: 'Light band.',
      },
      { exerciseId: 'bodyweight-hip-thrust', role: 'warmup', sets: 2, reps: { min: 10, max: 10 }, unit: 'reps', hard: false },
      { exerciseId: 'cat-camel', role: 'warmup', sets: 1, reps: { min: 6, max: 8 }, unit: 'reps', hard: false },
      { exerciseId: 'hamstring-walkout', role: 'warmup', sets: 1, reps: { min: 4, max: 6 }, unit: 'reps', hard: false },
      {
        exerciseId: 'rdl',
        role: 'warmup',
        sets: 2,
        reps: { min: 8, max: 8 },
        unit: 'reps',
        hard: false,
        note: 'Empty bar: groove the hinge, keep fatigue low.',
      },
      {
        exerciseId: 'rdl',
        role: 'main',
        sets: 4,
        reps: { min: 5, max: 6 },
        unit: 'reps',
        rir: { min: 1, max: 2 },
        restSeconds: 150,
        hard: true,
        note: 'Your heaviest lift today: add load while every rep stays clean.',
      },
      {
        exerciseId: 'hip-thrust',
        role: 'secondary',
        sets: 3,
        reps: { min: 6, max: 10 },
        unit: 'reps',
        rir: { min: 1, max: 2 },
        restSeconds: 120,
        hard: true,
        note: 'Full range, pause at the top.',
      },
      {
        exerciseId: 'seated-leg-curl',
        role: 'accessory',
        sets: 3,
        reps: { min: 8, max: 12 },
        unit: 'reps',
        rir: { min: 1, max: 2 },
        restSeconds: 90,
        hard: true,
        note: 'Slow on the way down.',
      },
      {
        exerciseId: 'single-leg-rdl',
        role: 'accessory',
        sets: 3,
        reps: { min: 8, max: 10 },
        unit: 'reps_each_side',
        rir: { min: 1, max: 2 },
        restSeconds: 90,
        hard: true,
        note: 'Hips square; same reps each side.',
      },
      {
        exerciseId: 'kettlebell-swing',
        role: 'finisher',
        sets: 2,
        reps: { min: 10, max: 15 },
        unit: 'reps',
        restSeconds: 60,
        hard: false,
        note: 'Optional: only if time and energy allow; stop before form breaks.',
      },
    ],
    // RDL 4 (H 4, G 2, LB 2) + hip thrust 3 (G 3, H 1.5) + seated curl 3 (H 3) + SL-RDL 3 (H 3, G 1.5)
    claimedHardSets: { glutes: 6.5, hamstrings: 11.5, lowerBack: 2 },
  },

  // Seed 001: four two-week phases; 8-12 min activation, then 2-3 sets per exercise, moderate reps.
  {
    id: 'runner-phase-1-activation',
    name: 'Runners phase 1: activation',
    summary:
      'Breathing, isometrics and light bridges to groove a calm, braced trunk and glute-hamstring activation. Nothing taken near failure.',
    source: `${SEED_001} (runners' hamstring plan, phase 1)`,
    kind: 'strength',
    estimatedMinutes: 30,
    exercises: [
      {
        exerciseId: 'diaphragmatic-breathing',
        role: 'warmup',
        sets: 1,
        reps: { min: 120, max: 180 },
        unit: 'seconds',
        hard: false,
        note: 'Breathe with light pelvic tilts.',
      },
      { exerciseId: 'cat-camel', role: 'warmup', sets: 1, reps: { min: 6, max: 8 }, unit: 'reps', hard: false },
      { exerciseId: 'side-lying-hip-abduction', role: 'warmup', sets: 2, reps: { min: 12, max: 15 }, unit: 'reps_each_side', hard: false },
      {
        exerciseId: 'isometric-bridge-hold',
        role: 'main',
        sets: 3,
        reps: { min: 20, max: 30 },
        unit: 'seconds',
        restSeconds: 45,
        hard: false,
      },
      {
        exerciseId: 'glute-bridge',
        role: 'secondary',
        sets: 3,
        reps: { min: 10, max: 12 },
        unit: 'reps',
        tempo: '2-2-1-0',
        restSeconds: 45,
        hard: false,
      },
      {
        exerciseId: 'bridge-march',
        role: 'accessory',
        sets: 2,
        reps: { min: 6, max: 8 },
        unit: 'reps_each_side',
        restSeconds: 45,
        hard: false,
      },
      {
        exerciseId: 'dead-bug',
        role: 'accessory',
        sets: 2,
        reps: { min: 6, max: 8 },
        unit: 'reps_each_side',
        restSeconds: 45,
        hard: false,
      },
    ],
    claimedHardSets: { glutes: 0, hamstrings: 0, lowerBack: 0 },
  },
  {
    id: 'runner-phase-2-loading',
    name: 'Runners phase 2: light loading',
    summary:
      'Light, progressive loading of the hinge and single-leg bridge, with slow-lowering ball curls. Add load only while the movement stays smooth and pain-free.',
    source: `${SEED_001} (runners' hamstring plan, phase 2)`,
    kind: 'strength',
    estimatedMinutes: 40,
    exercises: [
      { exerciseId: 'glute-bridge', role: 'warmup', sets: 2, reps: { min: 10, max: 12 }, unit: 'reps', hard: false },
      { exerciseId: 'band-walk', role: 'warmup', sets: 2, reps: { min: 10, max: 12 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'tempo-hip-hinge', role: 'warmup', sets: 2, reps: { min: 6, max: 8 }, unit: 'reps', tempo: '3-1-1-0', hard: false },
      {
        exerciseId: 'rdl',
        role: 'main',
        sets: 3,
        reps: { min: 8, max: 10 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        tempo: '3-0-1-0',
        restSeconds: 120,
        hard: true,
        note: 'Light and progressive: add load only while the hinge stays smooth and pain-free.',
      },
      {
        exerciseId: 'single-leg-bridge',
        role: 'secondary',
        sets: 3,
        reps: { min: 8, max: 12 },
        unit: 'reps_each_side',
        rir: { min: 2, max: 3 },
        restSeconds: 60,
        hard: true,
      },
      {
        exerciseId: 'stability-ball-curl',
        role: 'accessory',
        sets: 2,
        reps: { min: 8, max: 10 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        tempo: '3-0-1-0',
        restSeconds: 60,
        hard: true,
        note: 'Slow lowering, energetic return.',
      },
      { exerciseId: 'front-plank', role: 'accessory', sets: 2, reps: { min: 20, max: 30 }, unit: 'seconds', restSeconds: 45, hard: false },
    ],
    // RDL 3 (H 3, G 1.5, LB 1.5) + SL bridge 3 (G 3, H 1.5) + ball curl 2 (H 2, G 1)
    claimedHardSets: { glutes: 5.5, hamstrings: 6.5, lowerBack: 1.5 },
  },
  {
    id: 'runner-phase-3-eccentric',
    name: 'Runners phase 3: eccentric strength',
    summary:
      'Eccentric strength and tissue capacity: slow 4-second lowering, longer time under tension, and partial-range Nordic curls as tolerated.',
    source: `${SEED_001} (runners' hamstring plan, phase 3)`,
    kind: 'strength',
    estimatedMinutes: 45,
    exercises: [
      { exerciseId: 'glute-bridge', role: 'warmup', sets: 2, reps: { min: 10, max: 12 }, unit: 'reps', hard: false },
      { exerciseId: 'band-walk', role: 'warmup', sets: 2, reps: { min: 10, max: 12 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'tempo-hip-hinge', role: 'warmup', sets: 1, reps: { min: 6, max: 8 }, unit: 'reps', tempo: '3-1-1-0', hard: false },
      {
        exerciseId: 'rdl',
        role: 'main',
        sets: 3,
        reps: { min: 6, max: 8 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        tempo: '4-0-1-0',
        restSeconds: 120,
        hard: true,
        note: 'Four-second lowering: longer time under tension.',
      },
      {
        exerciseId: 'nordic-curl-partial',
        role: 'secondary',
        sets: 2,
        reps: { min: 4, max: 6 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        restSeconds: 120,
        hard: true,
        note: 'As tolerated: only the range you control pain-free; extend it as control improves.',
      },
      {
        exerciseId: 'single-leg-rdl',
        role: 'accessory',
        sets: 3,
        reps: { min: 6, max: 8 },
        unit: 'reps_each_side',
        rir: { min: 2, max: 3 },
        tempo: '3-1-1-0',
        restSeconds: 75,
        hard: true,
      },
      {
        exerciseId: 'stability-ball-curl',
        role: 'accessory',
        sets: 2,
        reps: { min: 8, max: 10 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        tempo: '4-0-1-0',
        restSeconds: 60,
        hard: true,
      },
    ],
    // RDL 3 (H 3, G 1.5, LB 1.5) + partial Nordic 2 (H 2) + SL-RDL 3 (H 3, G 1.5) + ball curl 2 (H 2, G 1)
    claimedHardSets: { glutes: 4, hamstrings: 10, lowerBack: 1.5 },
  },
  {
    id: 'runner-phase-4-plyometric',
    name: 'Runners phase 4: plyometric readiness',
    summary:
      'Low-volume box taps, skips, light bounding and hill strides with soft landings, then short maintenance strength. Keep it short before hard running days.',
    source: `${SEED_001} (runners' hamstring plan, phase 4)`,
    kind: 'plyometric',
    estimatedMinutes: 40,
    exercises: [
      { exerciseId: 'band-walk', role: 'warmup', sets: 2, reps: { min: 10, max: 12 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'glute-bridge', role: 'warmup', sets: 2, reps: { min: 10, max: 10 }, unit: 'reps', hard: false },
      { exerciseId: 'box-tap', role: 'main', sets: 2, reps: { min: 15, max: 20 }, unit: 'seconds', restSeconds: 60, hard: false },
      { exerciseId: 'skip', role: 'main', sets: 2, reps: { min: 15, max: 20 }, unit: 'metres', restSeconds: 60, hard: false },
      {
        exerciseId: 'light-bounding',
        role: 'main',
        sets: 2,
        reps: { min: 20, max: 30 },
        unit: 'metres',
        restSeconds: 90,
        hard: false,
        note: 'Soft landings; stop the set when landings get loud.',
      },
      {
        exerciseId: 'hill-stride',
        role: 'main',
        sets: 3,
        reps: { min: 40, max: 60 },
        unit: 'metres',
        hard: false,
        note: 'Walk back down as recovery.',
      },
      {
        exerciseId: 'rdl',
        role: 'accessory',
        sets: 2,
        reps: { min: 6, max: 8 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        restSeconds: 120,
        hard: true,
        note: 'Maintenance strength.',
      },
      {
        exerciseId: 'nordic-curl-partial',
        role: 'accessory',
        sets: 2,
        reps: { min: 4, max: 6 },
        unit: 'reps',
        rir: { min: 2, max: 3 },
        restSeconds: 120,
        hard: true,
        note: 'Maintenance strength.',
      },
    ],
    // RDL 2 (H 2, G 1, LB 1) + partial Nordic 2 (H 2)
    claimedHardSets: { glutes: 1, hamstrings: 4, lowerBack: 1 },
  },
  {
    id: MOBILITY_TEMPLATE,
    name: 'Mobility (daily 5-10 min)',
    summary:
      'Hip flexors, hamstrings, thoracic spine, ankles, cat-camel and diaphragmatic breathing. Daily, or repeated twice on the lighter mobility day.',
    source: `${SEED_001} (daily 5-10 min mobility) and ${SEED_000} (lighter mobility-focused day)`,
    kind: 'mobility',
    estimatedMinutes: 10,
    exercises: [
      { exerciseId: 'hip-flexor-stretch', role: 'mobility', sets: 1, reps: { min: 30, max: 45 }, unit: 'seconds_each_side', hard: false },
      { exerciseId: 'hamstring-floss', role: 'mobility', sets: 1, reps: { min: 8, max: 10 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'thoracic-rotation', role: 'mobility', sets: 1, reps: { min: 6, max: 8 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'ankle-mobility', role: 'mobility', sets: 1, reps: { min: 10, max: 12 }, unit: 'reps_each_side', hard: false },
      { exerciseId: 'cat-camel', role: 'mobility', sets: 1, reps: { min: 6, max: 10 }, unit: 'reps', hard: false },
      { exerciseId: 'diaphragmatic-breathing', role: 'mobility', sets: 1, reps: { min: 120, max: 180 }, unit: 'seconds', hard: false },
    ],
    claimedHardSets: { glutes: 0, hamstrings: 0, lowerBack: 0 },
  },
  {
    id: 'baseline-assessment',
    name: 'Baseline assessment',
    summary:
      'Unilateral hamstring bridge to fatigue on each side, a scored tempo hip hinge and an isometric trunk hold. Repeat to track change.',
    source: `${SEED_000} (baseline assessment)`,
    kind: 'assessment',
    estimatedMinutes: 20,
    exercises: [
      { exerciseId: 'cat-camel', role: 'warmup', sets: 1, reps: { min: 6, max: 8 }, unit: 'reps', hard: false },
      { exerciseId: 'glute-bridge', role: 'warmup', sets: 1, reps: { min: 10, max: 10 }, unit: 'reps', hard: false },
      {
        exerciseId: 'unilateral-hamstring-bridge',
        role: 'assessment',
        sets: 1,
        reps: { min: 1, max: 50 },
        unit: 'reps_each_side',
        restSeconds: 120,
        hard: false,
        note: 'Reps to fatigue on each side (stop at 50, or when the hips no longer reach full extension). Record both counts.',
      },
      {
        exerciseId: 'tempo-hip-hinge',
        role: 'assessment',
        sets: 1,
        reps: { min: 5, max: 5 },
        unit: 'reps',
        tempo: '3-1-1-0',
        hard: false,
        note: 'Score the hinge: dowel contact kept, hips move back, spine neutral. Note where it breaks.',
      },
      {
        exerciseId: 'front-plank',
        role: 'assessment',
        sets: 1,
        reps: { min: 10, max: 120 },
        unit: 'seconds',
        hard: false,
        note: 'Hold until form breaks (stop at 120 s). Record the time.',
      },
    ],
    claimedHardSets: { glutes: 0, hamstrings: 0, lowerBack: 0 },
  },
  {
    id: NORDIC_TEMPLATE,
    name: 'Nordic hamstring session',
    summary: 'A short warm-up, then Nordic curls. Default is week 1 (2 x 5); the programme sets sets and reps for each week.',
    // Petersen 2011: the protocol is done only after a proper warm-up.
    source: 'Petersen et al. 2011, Am J Sports Med 39:2296 (Nordic hamstring protocol, after a warm-up; week 1)',
    kind: 'strength',
    estimatedMinutes: 15,
    exercises: [
      { exerciseId: 'skip', role: 'warmup', sets: 2, reps: { min: 20, max: 20 }, unit: 'metres', hard: false, note: 'Easy, to warm up.' },
      { exerciseId: 'glute-bridge', role: 'warmup', sets: 1, reps: { min: 10, max: 10 }, unit: 'reps', hard: false },
      { exerciseId: 'hamstring-walkout', role: 'warmup', sets: 1, reps: { min: 4, max: 6 }, unit: 'reps', hard: false },
      {
        exerciseId: 'nordic-curl',
        role: 'main',
        sets: 2,
        reps: { min: 5, max: 5 },
        unit: 'reps',
        rir: { min: 0, max: 2 },
        restSeconds: 90,
        hard: true,
        note: 'Resist the fall as long as you can.',
      },
    ],
    claimedHardSets: { glutes: 0, hamstrings: 2, lowerBack: 0 },
  },
];

function sameTotals(a: Record<string, number>, b: Record<string, number>): boolean {
  return MUSCLES.every((m) => Math.abs((a[m] ?? 0) - (b[m] ?? 0)) < 1e-9);
}

/**
 * Parse and cross-check templates. Throws naming the first bad template:
 * schema errors, duplicate ids, unknown exercises, units that don't match
 * the exercise's dose unit, hard sets outside working roles or on non-strength
 * exercises or above 3 RIR, and claimedHardSets that differ from the exercises.
 */
export function validateTemplates(raw: readonly unknown[], library: readonly Exercise[] = defaultLibrary): SessionTemplate[] {
  const lookup = lookupIn(library);
  const seen = new Set<string>();
  return raw.map((entry, index) => {
    const result = sessionTemplateSchema.safeParse(entry);
    const rawId = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const label = typeof rawId === 'string' ? `"${rawId}"` : `#${index}`;
    if (!result.success) throw new Error(`Session template ${label} is invalid:\n${z.prettifyError(result.error)}`);
    const t = result.data;
    if (seen.has(t.id)) throw new Error(`Session template "${t.id}" is duplicated`);
    seen.add(t.id);
    t.exercises.forEach((item, i) => {
      const where = `Session template "${t.id}", exercise ${i + 1} ("${item.exerciseId}")`;
      const ex = lookup(item.exerciseId);
      if (!ex) throw new Error(`${where}: not in the exercise library`);
      if (item.unit !== ex.dose.unit) throw new Error(`${where}: unit ${item.unit}, but the exercise is dosed in ${ex.dose.unit}`);
      if (item.hard) {
        if (!WORKING_ROLES.includes(item.role)) throw new Error(`${where}: a ${item.role} set cannot be hard`);
        if (ex.kind !== 'strength') throw new Error(`${where}: a ${ex.kind} exercise cannot be hard`);
        if (!item.rir || item.rir.min > HARD_SET_MAX_RIR)
          throw new Error(`${where}: a hard set needs 0-${HARD_SET_MAX_RIR} reps in reserve`);
      }
    });
    const actual = hardSetsPerMuscle(t.exercises, library);
    if (!sameTotals(t.claimedHardSets, actual)) {
      throw new Error(
        `Session template "${t.id}": claimedHardSets ${JSON.stringify(t.claimedHardSets)} but the exercises give ${JSON.stringify(actual)}`,
      );
    }
    return t;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The validated templates (frozen; parsed once at module load). */
export const templates: readonly SessionTemplate[] = deepFreeze(validateTemplates(RAW_TEMPLATES));

const templateById: ReadonlyMap<string, SessionTemplate> = new Map(templates.map((t) => [t.id, t]));

export function getTemplate(id: string): SessionTemplate | undefined {
  return templateById.get(id);
}

export function requireTemplate(id: string): SessionTemplate {
  const t = templateById.get(id);
  if (!t) throw new Error(`Unknown session template "${id}"`);
  return t;
}

export type ItemOverride = Partial<Pick<PrescribedExercise, 'sets' | 'reps' | 'rir' | 'tempo' | 'restSeconds' | 'note'>>;

export interface PrescriptionOverrides {
  title?: string;
  estimatedMinutes?: number;
  /** Sets for every working item (role main, secondary or accessory), e.g. a Nordic programme week. */
  sets?: number;
  /** Reps for every working item. */
  reps?: { min: number; max: number };
  /**
   * Per exercise id; wins over `sets` / `reps`. Every id must be in the template.
   * Applies to that exercise's working items (or to all its items if it has none).
   */
  exercises?: Readonly<Record<string, ItemOverride>>;
}

/**
 * Snapshot a template as a prescription, with exercise names and cues copied
 * in so later library edits never rewrite history. Throws if an override names
 * an exercise the template lacks or makes the prescription invalid.
 */
export function toPrescription(template: SessionTemplate, overrides: PrescriptionOverrides = {}): Prescription {
  const perExercise = overrides.exercises ?? {};
  for (const id of Object.keys(perExercise)) {
    if (!template.exercises.some((item) => item.exerciseId === id)) {
      throw new Error(`toPrescription: override for "${id}", which template "${template.id}" does not contain`);
    }
  }
  const snapshot: Prescription = {
    templateId: template.id,
    title: overrides.title ?? template.name,
    estimatedMinutes: overrides.estimatedMinutes ?? template.estimatedMinutes,
    exercises: template.exercises.map((item) => {
      const ex = requireExercise(item.exerciseId);
      const working = WORKING_ROLES.includes(item.role);
      // A per-exercise override targets that exercise's working sets; its warm-up
      // sets (e.g. the empty-bar RDL) only when the exercise has no working sets.
      const hasWorking = template.exercises.some((other) => other.exerciseId === item.exerciseId && WORKING_ROLES.includes(other.role));
      const own = working || !hasWorking ? (perExercise[item.exerciseId] ?? {}) : {};
      return {
        ...item,
        ...(working && overrides.sets !== undefined ? { sets: overrides.sets } : {}),
        ...(working && overrides.reps !== undefined ? { reps: overrides.reps } : {}),
        ...own,
        name: ex.name,
        cues: [...ex.cues],
      };
    }),
  };
  // Parsing also deep-copies, so the snapshot shares no objects with the (frozen) template.
  return prescriptionSchema.parse(snapshot);
}
