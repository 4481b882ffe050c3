/**
 * A team's own exercises, beside the built-in library. A team exercise gets an
 * id of its own (`team-...`, which no built-in id uses) and a name no built-in
 * exercise has, so it can never change or shadow a built-in one. It is
 * validated by the built-in library's schema (exerciseSchema), and credits
 * muscles by the same rule (reference: Volume; Schoenfeld et al. 2017): the
 * first muscle named is the prime mover (1 set), the others synergists (0.5).
 */
import { exercises as builtInLibrary, lookupIn } from './library/exercises';
import {
  exerciseSchema,
  MUSCLES,
  MOVEMENT_PATTERNS,
  REP_UNITS,
  type Exercise,
  type ExerciseKind,
  type MovementPattern,
  type Muscle,
  type RepUnit,
} from './library/schema';

export interface TeamExerciseInput {
  name: string;
  pattern: MovementPattern;
  /** Muscles credited, prime mover first; empty for none. */
  muscles: readonly Muscle[];
  unit: RepUnit;
  cues: readonly string[];
  regressionId?: string | null;
  progressionId?: string | null;
}

export type TeamExerciseResult = { ok: true; exercise: Exercise } | { ok: false; message: string };

const TEAM_EXERCISE_PREFIX = 'team-';

/** Lower-case words only, so "Copenhagen  Plank!" and "copenhagen plank" are one name. */
export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[°º]/g, ' degree ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

export function slugOf(text: string): string {
  return normaliseName(text).replace(/ /g, '-');
}

function teamExerciseId(name: string): string {
  return `${TEAM_EXERCISE_PREFIX}${slugOf(name)}`;
}

/** The kind follows from the pattern and the credit: only a lift with a prime mover can carry hard sets. */
function kindFor(pattern: MovementPattern, muscles: readonly Muscle[]): ExerciseKind {
  if (pattern === 'mobility' || pattern === 'breathing') return 'mobility';
  if (pattern === 'plyometric') return 'plyometric';
  if (pattern === 'isometric') return 'isometric';
  return muscles.length > 0 ? 'strength' : 'activation';
}

/**
 * Demand and spinal load are the library's own ordinals (schema.ts), not published scales. A team
 * exercise sits one step above its regression or below its progression, else at its kind's usual
 * level; it takes its ladder neighbour's spinal load, else its pattern's usual class.
 */
const KIND_DEMAND: Record<ExerciseKind, number> = { mobility: 1, activation: 2, isometric: 3, plyometric: 4, strength: 5 };
const PATTERN_SPINAL_LOAD: Record<MovementPattern, number> = {
  hip_hinge: 2,
  hip_thrust_bridge: 1,
  knee_flexion: 0,
  hip_extension: 2,
  single_leg: 1,
  hip_abduction: 0,
  ballistic: 2,
  isometric: 1,
  mobility: 0,
  plyometric: 1,
  breathing: 0,
};

function demandFor(kind: ExerciseKind, regression: Exercise | undefined, progression: Exercise | undefined): number {
  const clamp = (n: number) => Math.min(10, Math.max(1, n));
  if (regression && progression) return clamp(Math.round((regression.demand + progression.demand) / 2));
  if (regression) return clamp(regression.demand + 1);
  if (progression) return clamp(progression.demand - 1);
  return KIND_DEMAND[kind];
}

/** A typical dose per unit, used only when an adjustment swaps measures. */
const TYPICAL_DOSE: Record<RepUnit, { min: number; max: number }> = {
  reps: { min: 8, max: 12 },
  reps_each_side: { min: 8, max: 12 },
  seconds: { min: 20, max: 40 },
  seconds_each_side: { min: 20, max: 40 },
  metres: { min: 20, max: 40 },
  breaths: { min: 5, max: 8 },
};

/**
 * Build and validate a team exercise against the built-in library and the
 * team's existing exercises. Refuses names already taken (built-in or team),
 * unknown regressions/progressions, and a muscle named twice.
 */
export function buildTeamExercise(input: TeamExerciseInput, teamExercises: readonly Exercise[] = []): TeamExerciseResult {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const key = normaliseName(name);
  if (key.length < 2) return { ok: false, message: 'Give the exercise a name of at least two letters.' };
  if (name.length > 60) return { ok: false, message: 'Keep the exercise name under 60 characters.' };
  const builtIn = builtInLibrary.find((ex) => normaliseName(ex.name) === key || normaliseName(ex.name.replace(/\s*\(.*\)$/, '')) === key);
  if (builtIn) return { ok: false, message: `**${builtIn.name}** is already in the library: use it as it is.` };
  const id = teamExerciseId(name);
  if (teamExercises.some((ex) => ex.id === id || normaliseName(ex.name) === key)) {
    return { ok: false, message: `Your team already has an exercise called **${name}**.` };
  }
  if (!MOVEMENT_PATTERNS.includes(input.pattern)) return { ok: false, message: `Unknown movement pattern "${input.pattern}".` };
  if (!REP_UNITS.includes(input.unit)) return { ok: false, message: `Unknown unit "${input.unit}".` };
  if (new Set(input.muscles).size !== input.muscles.length || input.muscles.some((m) => !MUSCLES.includes(m))) {
    return { ok: false, message: 'Name each muscle once: glutes, hamstrings or lower back.' };
  }
  const cues = input.cues.map((c) => c.trim()).filter((c) => c.length > 0);
  if (cues.length === 0) return { ok: false, message: 'Add at least one coaching cue (e.g. "Hips square, long spine").' };
  if (cues.length > 5) return { ok: false, message: 'Keep it to five cues at most.' };
  if (cues.some((c) => c.length < 3)) return { ok: false, message: 'Each cue needs at least three characters.' };

  const lookup = lookupIn(builtInLibrary);
  for (const field of ['regressionId', 'progressionId'] as const) {
    const target = input[field];
    if (target && !lookup(target)) {
      return { ok: false, message: `The ${field === 'regressionId' ? 'regression' : 'progression'} must be an exercise from the library.` };
    }
  }
  const neighbour = (input.regressionId && lookup(input.regressionId)) || (input.progressionId && lookup(input.progressionId)) || undefined;
  const kind = kindFor(input.pattern, input.muscles);
  const muscles: Partial<Record<Muscle, 1 | 0.5>> = {};
  input.muscles.forEach((m, i) => (muscles[m] = i === 0 ? 1 : 0.5));
  const parsed = exerciseSchema.safeParse({
    id,
    name,
    pattern: input.pattern,
    kind,
    demand: demandFor(
      kind,
      input.regressionId ? lookup(input.regressionId) : undefined,
      input.progressionId ? lookup(input.progressionId) : undefined,
    ),
    spinalLoad: neighbour ? neighbour.spinalLoad : PATTERN_SPINAL_LOAD[input.pattern],
    muscles,
    cues,
    regressionId: input.regressionId ?? null,
    progressionId: input.progressionId ?? null,
    equipment: [],
    dose: { unit: input.unit, reps: TYPICAL_DOSE[input.unit] },
  });
  if (!parsed.success) return { ok: false, message: 'That exercise could not be saved: check the name and cues.' };
  return { ok: true, exercise: parsed.data };
}

/** The library a team sees: every built-in exercise, then the team's own (which never replace one). */
export function teamLibrary(teamExercises: readonly Exercise[]): readonly Exercise[] {
  if (teamExercises.length === 0) return builtInLibrary;
  const builtInIds = new Set(builtInLibrary.map((ex) => ex.id));
  return [...builtInLibrary, ...teamExercises.filter((ex) => !builtInIds.has(ex.id))];
}
