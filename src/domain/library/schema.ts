import { z } from 'zod';

/** Muscles whose weekly hard sets the bot counts (reference: Volume; the seeds' posterior chain). */
export const MUSCLES = ['glutes', 'hamstrings', 'lowerBack'] as const;
export type Muscle = (typeof MUSCLES)[number];
export const MUSCLE_LABELS: Record<Muscle, string> = {
  glutes: 'Glutes',
  hamstrings: 'Hamstrings',
  lowerBack: 'Lower back',
};

export const MOVEMENT_PATTERNS = [
  'hip_hinge',
  'hip_thrust_bridge',
  'knee_flexion',
  'hip_extension',
  'single_leg',
  'hip_abduction',
  'ballistic',
  'isometric',
  'mobility',
  'plyometric',
  'breathing',
] as const;
export type MovementPattern = (typeof MOVEMENT_PATTERNS)[number];

export const EXERCISE_KINDS = ['strength', 'isometric', 'activation', 'mobility', 'plyometric'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

export const REP_UNITS = ['reps', 'reps_each_side', 'seconds', 'seconds_each_side', 'metres', 'breaths'] as const;
export type RepUnit = (typeof REP_UNITS)[number];

const range = z
  .object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() })
  .refine((r) => r.min <= r.max, 'min must not exceed max');

/** Library and template ids: kebab-case, so they travel in custom ids and commands unescaped. */
export const TEMPLATE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const id = z.string().regex(TEMPLATE_ID, 'ids are kebab-case');

/**
 * Credit a muscle gets for one hard set: 1 as prime mover, 0.5 as synergist
 * (the common convention the reference names; the library assigns it per exercise).
 */
export const muscleCreditSchema = z.union([z.literal(1), z.literal(0.5)]);

export const exerciseSchema = z.object({
  id,
  name: z.string().min(2),
  pattern: z.enum(MOVEMENT_PATTERNS),
  kind: z.enum(EXERCISE_KINDS),
  /**
   * How demanding the exercise is at its usual dose, 1 (easiest) to 10: the library's own
   * ranking, not a published scale. Every regression is strictly lower (tested).
   */
  demand: z.number().int().min(1).max(10),
  /**
   * Spinal load class, the library's own ordinal: 0 none (lying, supported, dowel), 1 light
   * (body-weight or a light implement held close), 2 moderate (loaded or ballistic hinge),
   * 3 heavy (barbell hinge), 4 heaviest (conventional deadlift from the floor). A regression
   * never adds spinal load and, from class 2 up, takes some away (seeds 000 and 002: lighter).
   */
  spinalLoad: z.number().int().min(0).max(4),
  muscles: z.partialRecord(z.enum(MUSCLES), muscleCreditSchema),
  cues: z.array(z.string().min(3)).min(1).max(5),
  /** A simpler variation, used when pain or form says to step back. Null only at the bottom of a ladder. */
  regressionId: id.nullable(),
  /** A harder variation. Null only at the top of a ladder. */
  progressionId: id.nullable(),
  equipment: z.array(z.string()).default([]),
  /**
   * How the exercise is usually dosed (unit and a typical range). Used when an
   * adjustment swaps in a variation measured differently (e.g. a bridge in reps
   * regressed to an isometric hold in seconds, or single-leg work to bilateral).
   */
  dose: z.object({ unit: z.enum(REP_UNITS), reps: range }),
});
export type Exercise = z.infer<typeof exerciseSchema>;

export const SESSION_ROLES = ['warmup', 'main', 'secondary', 'accessory', 'finisher', 'mobility', 'assessment'] as const;
export type SessionRole = (typeof SESSION_ROLES)[number];

export const prescribedExerciseSchema = z.object({
  exerciseId: id,
  role: z.enum(SESSION_ROLES),
  /** The sets the athlete does (concrete, so hard sets can be counted). */
  sets: z.number().int().positive(),
  reps: range,
  unit: z.enum(REP_UNITS),
  /** Reps in reserve on working sets; absent for mobility and holds. */
  rir: range.optional(),
  tempo: z
    .string()
    .regex(/^\d-\d-\d-\d$/, 'tempo as eccentric-pause-concentric-pause, e.g. 3-1-1-0')
    .optional(),
  restSeconds: z.number().int().positive().optional(),
  /**
   * A hard set is a working set taken close to failure (0-3 reps in reserve);
   * warm-up, mobility and activation sets never count (reference: Volume).
   */
  hard: z.boolean(),
  note: z.string().optional(),
});
export type PrescribedExercise = z.infer<typeof prescribedExerciseSchema>;

export const sessionTemplateSchema = z.object({
  id,
  name: z.string().min(3),
  summary: z.string().min(10),
  /** Where the template comes from (seed article or reference paper). */
  source: z.string().min(3),
  kind: z.enum(['strength', 'mobility', 'assessment', 'plyometric']),
  estimatedMinutes: z.number().int().positive(),
  exercises: z.array(prescribedExerciseSchema).min(1).max(12),
  /** Hard sets per muscle the template claims; a test recomputes them from the exercises. */
  claimedHardSets: z.record(z.enum(MUSCLES), z.number().nonnegative()),
});
export type SessionTemplate = z.infer<typeof sessionTemplateSchema>;

/** What an assignment stores: a snapshot, so later library edits never rewrite history. */
export const prescriptionSchema = z.object({
  templateId: id,
  title: z.string(),
  estimatedMinutes: z.number().int().positive(),
  exercises: z.array(
    prescribedExerciseSchema.extend({
      name: z.string(),
      cues: z.array(z.string()),
    }),
  ),
  /** Set when the session was adjusted from the template. */
  adjustment: z.enum(['regressed', 'deload']).optional(),
});
export type Prescription = z.infer<typeof prescriptionSchema>;
export type PrescribedItem = Prescription['exercises'][number];
