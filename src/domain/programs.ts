/**
 * Multi-week programs as validated data, and their expansion into dated sessions.
 * Pure: no database, no Discord. All dates are team-local 'YYYY-MM-DD' strings and
 * move by whole days with addDays, so a daylight-saving change never shifts a session
 * to another day (the instant is computed per session by the caller with zonedInstant).
 *
 * Week alignment: weeks run Monday-Sunday (ISO weeks), so "week 3" is a calendar week
 * like the digest's. Week 1 is the ISO week of the start date; sessions in that week
 * dated before the start date are skipped (a start on a Monday gets the full week).
 * If no training day is left in that week, alignStartDate moves the start to the next
 * Monday, so week 1 is never empty (the service stores the aligned date).
 */
import { z } from 'zod';
import { deloadPrescription } from './adjustments';
import { requireTemplate, toPrescription, WORKING_ROLES, type PrescriptionOverrides } from './library';
import { prescriptionSchema, type Exercise, type Prescription } from './library/schema';
import { HARD_SET_MAX_RIR } from './volume';
import { MOBILITY_TEMPLATE, NORDIC_TEMPLATE } from './sessionIds';
import { addDays, daysBetween, isoWeekday, parseWeekday, WEEKDAYS, WEEKDAY_SHORT, type LocalDate, type Parsed } from './time';

// Titles as users see them; files shared/seeds/000_28d090f24a372d31.txt, 001_0b7cacce3d36bfb2.txt, 002_3f92d106ab726140.txt.
const SEED_000 = '"Targeted posterior chain training to reduce hamstring and lower back injuries" (practical guide, 2025)';
const SEED_001 = '"Progressive hamstring strengthening plan for runners" (training guide)';
const SEED_002 = '"Glute and hamstring emphasis days" (training guide, December 2025)';
const PETERSEN_2011 = 'Petersen et al. 2011, Am J Sports Med 39:2296 (after Mjølsnes et al. 2004)';
const ROGERSON_2024 = 'Rogerson et al. 2024, Sports Med Open 10:26 (deloads)';

// ---------------------------------------------------------------------------
// Schema

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are kebab-case');
const range = z
  .object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() })
  .refine((r) => r.min <= r.max, 'min must not exceed max');

const itemOverrideSchema = z.object({
  sets: z.number().int().positive().optional(),
  reps: range.optional(),
  rir: range.optional(),
  tempo: z
    .string()
    .regex(/^\d-\d-\d-\d$/)
    .optional(),
  restSeconds: z.number().int().positive().optional(),
  note: z.string().optional(),
});

const overridesSchema = z.object({
  estimatedMinutes: z.number().int().positive().optional(),
  sets: z.number().int().positive().optional(),
  reps: range.optional(),
  exercises: z.record(id, itemOverrideSchema).optional(),
});

export const programWeekSchema = z.object({
  /** Phase or mesocycle this week belongs to, e.g. "Phase 2: light loading & hinge mechanics". */
  phase: z.string().min(3),
  templateId: id,
  /** What the training session is called in titles, e.g. "3 x 6". Default: the template name. */
  label: z.string().min(1).optional(),
  overrides: overridesSchema.optional(),
  /** Training sessions this week. Omitted: one on each training day the coach gave. */
  sessions: z.number().int().positive().optional(),
  /** A deload week: the week's sessions go through deloadPrescription. */
  deload: z.boolean().default(false),
});
export type ProgramWeek = z.infer<typeof programWeekSchema>;

export const PROGRAM_KEYS = ['runner-hamstring', 'glute-ham-block', 'nordic-protocol'] as const;
export type ProgramKey = (typeof PROGRAM_KEYS)[number];

export const programDefinitionSchema = z
  .object({
    key: z.enum(PROGRAM_KEYS),
    name: z.string().min(3),
    /** Short name for session titles. */
    shortName: z.string().min(3).max(30),
    summary: z.string().min(10),
    /** Where the plan comes from (seed articles, papers). */
    sources: z.array(z.string().min(3)).min(1),
    /** How many training days a week the coach may give. */
    trainingDays: z.object({ min: z.number().int().min(1).max(7), max: z.number().int().min(1).max(7) }),
    /** Why the day count is what it is, shown when the coach gives too many or too few. */
    daysRule: z.string().min(5),
    /**
     * required: always a weekly mobility day (default picked if not given, "none" refused);
     * default: on unless the coach says "none"; optional: only if the coach names a day.
     */
    mobility: z.enum(['required', 'default', 'optional']),
    mobilityTemplateId: id,
    /**
     * With two or more sessions a week, working items above 2 sets lose one, so the
     * weekly hard sets stay near seed 002's 10-20 band.
     */
    trimSetsWhenTwiceWeekly: z.boolean().default(false),
    weeks: z.array(programWeekSchema).min(1).max(52),
  })
  .refine((d) => d.trainingDays.min <= d.trainingDays.max, 'trainingDays.min must not exceed max')
  .refine((d) => d.weeks.every((w) => (w.sessions ?? 1) <= d.trainingDays.max), 'a week has more sessions than training days allowed');
export type ProgramDefinition = z.infer<typeof programDefinitionSchema>;
type ProgramInput = z.input<typeof programDefinitionSchema>;

// ---------------------------------------------------------------------------
// The programs

const RUNNER_PHASES: { phase: string; templateId: string }[] = [
  { phase: 'Phase 1: activation & isometrics', templateId: 'runner-phase-1-activation' },
  { phase: 'Phase 2: light loading & hinge mechanics', templateId: 'runner-phase-2-loading' },
  { phase: 'Phase 3: eccentric strength & tempo', templateId: 'runner-phase-3-eccentric' },
  { phase: 'Phase 4: plyometric readiness', templateId: 'runner-phase-4-plyometric' },
];

const runnerHamstring: ProgramInput = {
  key: 'runner-hamstring',
  name: "Runners' hamstring plan",
  shortName: 'Runner plan',
  summary:
    'Four two-week phases: activation & isometrics, light loading & hinge mechanics, eccentric strength & tempo, plyometric readiness. Two hamstring sessions and one mobility day a week.',
  sources: [`${SEED_001} (four phases, each a two-week block; two sessions + one light mobility day a week)`],
  // Seed 001: "two dedicated hamstring sessions, spaced to recover between hard runs".
  trainingDays: { min: 2, max: 2 },
  daysRule: 'it has two hamstring sessions a week, spaced from hard runs',
  mobility: 'required',
  mobilityTemplateId: MOBILITY_TEMPLATE,
  weeks: RUNNER_PHASES.flatMap(({ phase, templateId }) => [1, 2].map(() => ({ phase, templateId, label: phase }))),
};

/**
 * Seed 000: technique -> strength -> power mesocycles, each ending with a deload week.
 * Each is 3 loading weeks + 1 deload: Rogerson et al. 2024 found deloads every 5.6 ± 2.3
 * weeks, lasting about a week. Overrides apply to the seed 002 emphasis day.
 */
const MESOCYCLES: { phase: string; label: string; overrides: PrescriptionOverrides }[] = [
  {
    // Seed 000: technique first, deliberate tempo, quality over load; more reps in reserve.
    phase: 'Technique mesocycle',
    label: 'Technique day',
    overrides: {
      exercises: {
        rdl: {
          sets: 4,
          reps: { min: 6, max: 8 },
          rir: { min: 2, max: 3 },
          tempo: '3-1-1-0',
          note: 'Technique block: moderate load, 3-second lowering, own every rep.',
        },
        'hip-thrust': {
          sets: 3,
          reps: { min: 8, max: 10 },
          rir: { min: 2, max: 3 },
          tempo: '2-1-1-0',
          note: 'Pause at the top; full range.',
        },
        'seated-leg-curl': { sets: 3, reps: { min: 10, max: 12 }, rir: { min: 2, max: 3 }, tempo: '3-0-1-0' },
        'single-leg-rdl': { sets: 3, reps: { min: 8, max: 10 }, rir: { min: 2, max: 3 }, tempo: '3-1-1-0' },
      },
    },
  },
  // Seed 002 as written: main lift 4 x 5-6 at 1-2 RIR, secondary 3 x 6-10, accessories 3 x 8-12.
  { phase: 'Strength mesocycle', label: 'Strength day', overrides: {} },
  {
    // Seed 000: "add dynamic work ... that challenges hip drive"; seed 002 finisher: kettlebell swings.
    phase: 'Power mesocycle',
    label: 'Power day',
    overrides: {
      exercises: {
        rdl: {
          sets: 4,
          reps: { min: 3, max: 5 },
          rir: { min: 2, max: 3 },
          restSeconds: 180,
          note: 'Power block: fewer reps, drive up fast; stop the set when bar speed drops.',
        },
        'hip-thrust': { sets: 3, reps: { min: 5, max: 6 }, rir: { min: 2, max: 3 }, note: 'Drive up fast, lower under control.' },
        'seated-leg-curl': { sets: 3, reps: { min: 6, max: 8 }, rir: { min: 1, max: 2 } },
        'single-leg-rdl': { sets: 3, reps: { min: 6, max: 8 }, rir: { min: 2, max: 3 } },
        'kettlebell-swing': {
          sets: 4,
          reps: { min: 8, max: 10 },
          restSeconds: 60,
          note: 'Power block: part of the session. Crisp hip snap; stop when speed drops.',
        },
      },
    },
  },
];

const gluteHamBlock: ProgramInput = {
  key: 'glute-ham-block',
  name: 'Glute-ham block (technique, strength, power)',
  shortName: 'Glute-ham block',
  summary:
    'Three 4-week mesocycles on the glute & hamstring emphasis day: technique, strength, power. Each ends with a deload week (about half the sets, 2 more reps in reserve, same exercises and days).',
  sources: [`${SEED_000} (technique -> strength -> power, each ending with a deload)`, `${SEED_002} (emphasis day)`, ROGERSON_2024],
  // Seed 002: one dedicated glute/ham day, or two if recovery and schedule allow.
  trainingDays: { min: 1, max: 2 },
  daysRule: 'it has one or two glute & hamstring days a week',
  mobility: 'default',
  mobilityTemplateId: MOBILITY_TEMPLATE,
  trimSetsWhenTwiceWeekly: true,
  weeks: MESOCYCLES.flatMap(({ phase, label, overrides }) => [
    ...[1, 2, 3].map(() => ({ phase, label, templateId: 'glute-ham-emphasis', overrides })),
    { phase, label, templateId: 'glute-ham-emphasis', overrides, deload: true },
  ]),
};

/** In-season weeks generated after the 10-week build (Petersen 2011: then 1 session a week in season). */
export const NORDIC_MAINTENANCE_WEEKS = 6;

const NORDIC_NOTE = 'Resist the fall as long as you can.';

/** Petersen et al. 2011 protocol; `maintenanceWeeks` of 1 session a week follow week 10. */
export function nordicProtocolInput(maintenanceWeeks: number = NORDIC_MAINTENANCE_WEEKS): ProgramInput {
  const week = (phase: string, sessions: number, sets: number, reps: { min: number; max: number }, label: string, note = NORDIC_NOTE) => ({
    phase,
    templateId: NORDIC_TEMPLATE,
    label,
    sessions,
    // The warm-up (template) takes about 5 minutes before the Nordic sets.
    overrides: { estimatedMinutes: sets === 2 ? 15 : 20, exercises: { 'nordic-curl': { sets, reps, note } } },
  });
  const full = (phase: string, sessions: number) =>
    week(
      phase,
      sessions,
      3,
      { min: 8, max: 12 },
      '3 sets of 12, 10, 8',
      `12, 10, 8: 12 reps in set 1, 10 in set 2, 8 in set 3. ${NORDIC_NOTE}`,
    );
  return {
    key: 'nordic-protocol',
    name: 'Nordic hamstring protocol',
    shortName: 'Nordic protocol',
    summary: `10-week Nordic curl build-up (1 to 3 sessions a week), then ${maintenanceWeeks} week${maintenanceWeeks === 1 ? '' : 's'} of 1 maintenance session. Compliance above about 50 % is where the benefit shows (Ripley et al. 2021).`,
    sources: [PETERSEN_2011],
    // Weeks 3-10 have 3 sessions.
    trainingDays: { min: 3, max: 3 },
    daysRule: 'weeks 3 to 10 have three sessions a week (Petersen et al. 2011)',
    mobility: 'optional',
    mobilityTemplateId: MOBILITY_TEMPLATE,
    weeks: [
      week('Build-up', 1, 2, { min: 5, max: 5 }, '2 x 5'), // week 1: 1 session of 2 x 5
      week('Build-up', 2, 2, { min: 6, max: 6 }, '2 x 6'), // week 2: 2 sessions of 2 x 6
      week('Build-up', 3, 3, { min: 6, max: 8 }, '3 x 6-8'), // week 3: 3 sessions of 3 x 6-8 (Table 1)
      week('Build-up', 3, 3, { min: 8, max: 10 }, '3 x 8-10'), // week 4: 3 sessions of 3 x 8-10 (Table 1)
      ...Array.from({ length: 6 }, () => full('Full protocol', 3)), // weeks 5-10: 3 sessions of 12, 10, 8
      ...Array.from({ length: maintenanceWeeks }, () => full('In-season maintenance', 1)), // then 1 a week
    ],
  };
}

/** Parses and cross-checks a definition: templates exist, overrides apply, hard sets keep 0-3 RIR. */
export function validateProgram(input: unknown): ProgramDefinition {
  const def = programDefinitionSchema.parse(input);
  requireTemplate(def.mobilityTemplateId);
  def.weeks.forEach((_week, i) => {
    for (const sessionsPerWeek of [1, 2]) {
      const p = weekPrescription(def, i + 1, sessionsPerWeek, false);
      for (const item of p.exercises) {
        if (item.hard && (!item.rir || item.rir.min > HARD_SET_MAX_RIR)) {
          throw new Error(
            `Program "${def.key}" week ${i + 1}: ${item.exerciseId} is marked hard but has ${item.rir ? `${item.rir.min}+` : 'no'} reps in reserve`,
          );
        }
      }
    }
  });
  return def;
}

export const PROGRAMS: readonly ProgramDefinition[] = [runnerHamstring, gluteHamBlock, nordicProtocolInput()].map(validateProgram);
const byKey = new Map(PROGRAMS.map((p) => [p.key, p]));

export function getProgram(key: string): ProgramDefinition | undefined {
  return byKey.get(key as ProgramKey);
}

/**
 * What status, summaries and reports need of any program: a fixed definition or a program
 * that runs one session (sessionProgramOutline).
 */
export interface ProgramOutline {
  key: string;
  name: string;
  summary: string;
  weeks: readonly { phase: string; deload: boolean }[];
}

export function totalWeeks(def: ProgramOutline): number {
  return def.weeks.length;
}

// ---------------------------------------------------------------------------
// Days

const dayName = (d: number) => WEEKDAYS[d - 1]!.replace(/^./, (c) => c.toUpperCase());
export const formatDays = (days: readonly number[]) => days.map((d) => WEEKDAY_SHORT[d - 1]!).join(', ');

/** Training days as a coach types them: "mon,thu", "Tue Fri", "mon/wed/fri". Sorted ISO weekdays. */
export function parseTrainingDays(input: string | null | undefined): Parsed<number[]> {
  const example = 'Give weekday names separated by commas, e.g. `mon,thu`.';
  const tokens = (input ?? '')
    .toLowerCase()
    .split(/[\s,;/+&]+|\band\b/)
    .map((t) => t.trim().replace(/\.$/, ''))
    .filter(Boolean);
  if (tokens.length === 0) return { ok: false, message: `Which days does the athlete train? ${example}` };
  const unknown = tokens.filter((t) => parseWeekday(t) === undefined);
  if (unknown.length) {
    return { ok: false, message: `I don't know ${unknown.map((t) => `"${t}"`).join(', ')} as a day of the week. ${example}` };
  }
  const days = tokens.map((t) => parseWeekday(t)!);
  const twice = days.filter((d, i) => days.indexOf(d) !== i);
  if (twice.length)
    return {
      ok: false,
      message: `${[...new Set(twice)].map(dayName).join(' and ')} is listed twice. List each training day once, e.g. \`mon,thu\`.`,
    };
  return { ok: true, value: [...days].sort((a, b) => a - b) };
}

/** Days next to each other in the week, Sunday wrapping to Monday. */
function adjacent(a: number, b: number): boolean {
  const diff = Math.abs(a - b);
  return diff === 1 || diff === 6;
}

/**
 * Default mobility day: the first day (Monday first) that is neither a training day nor
 * next to one, so the light day sits between hard days rather than crowding them; if every
 * free day touches a training day, the first free day. Null when all 7 days are training days.
 */
export function defaultMobilityDay(trainingDays: readonly number[]): number | null {
  const free = [1, 2, 3, 4, 5, 6, 7].filter((d) => !trainingDays.includes(d));
  return free.find((d) => !trainingDays.some((t) => adjacent(d, t))) ?? free[0] ?? null;
}

/** Warning lines for back-to-back training days (seed 000; seed 002 wants 48-72 h between lower sessions). */
export function backToBackWarnings(trainingDays: readonly number[]): string[] {
  const pairs: [number, number][] = [];
  for (const d of [...new Set(trainingDays)].sort((a, b) => a - b)) {
    const next = d === 7 ? 1 : d + 1; // Sunday runs into next Monday
    if (next !== d && trainingDays.includes(next)) pairs.push([d, next]);
  }
  return pairs.map(
    ([a, b]) =>
      `${WEEKDAY_SHORT[a - 1]} and ${WEEKDAY_SHORT[b - 1]} are back to back: hard days for the same muscles are best 48-72 h apart.`,
  );
}

export interface DayPlan {
  trainingDays: number[];
  mobilityDay: number | null;
  warnings: string[];
}

/** Checks the coach's days against what the program needs and settles the mobility day. */
export function planDays(def: ProgramDefinition, daysInput: string | null | undefined, mobilityInput?: string | null): Parsed<DayPlan> {
  const parsed = parseTrainingDays(daysInput);
  if (!parsed.ok) return parsed;
  const days = parsed.value;
  const { min, max } = def.trainingDays;
  const needed = min === max ? `${min}` : `${min} or ${max}`;
  if (days.length < min) {
    const week = def.weeks.findIndex((w) => (w.sessions ?? min) > days.length) + 1;
    const why =
      week > 0 && def.weeks.some((w) => w.sessions !== undefined)
        ? `week ${week} has ${def.weeks[week - 1]!.sessions} sessions`
        : def.daysRule;
    return {
      ok: false,
      message: `The ${def.name} needs ${needed} training day${min === 1 && max === 1 ? '' : 's'} a week, because ${why}: you gave ${days.length} (${formatDays(days)}). ${exampleDays(min)}`,
    };
  }
  if (days.length > max) {
    return {
      ok: false,
      message: `The ${def.name} uses ${needed} training days a week, because ${def.daysRule}: you gave ${days.length} (${formatDays(days)}). ${exampleDays(max)}`,
    };
  }
  const mobility = resolveMobilityDay(def, mobilityInput, days);
  if (!mobility.ok) return mobility;
  return { ok: true, value: { trainingDays: days, mobilityDay: mobility.value, warnings: backToBackWarnings(days) } };
}

function exampleDays(n: number): string {
  const examples: Record<number, string> = { 1: '`thu`', 2: '`mon,thu`', 3: '`mon,wed,fri`' };
  return `For example: ${examples[n] ?? '`mon,wed,fri`'}.`;
}

function resolveMobilityDay(
  def: Pick<ProgramDefinition, 'name' | 'mobility'>,
  input: string | null | undefined,
  trainingDays: number[],
): Parsed<number | null> {
  const text = (input ?? '').trim().toLowerCase();
  if (text === '' || text === 'default' || text === 'auto') {
    if (def.mobility === 'optional') return { ok: true, value: null };
    const day = defaultMobilityDay(trainingDays);
    if (day === null && def.mobility === 'required') {
      return { ok: false, message: `The ${def.name} needs one free day a week for mobility, but every day is a training day.` };
    }
    return { ok: true, value: day };
  }
  if (['none', 'no', 'off', 'skip'].includes(text)) {
    if (def.mobility === 'required') {
      return {
        ok: false,
        message: `The ${def.name} includes a weekly mobility day. Pick a day for it, or leave it empty and I'll choose one.`,
      };
    }
    return { ok: true, value: null };
  }
  const day = parseWeekday(text);
  if (day === undefined)
    return { ok: false, message: `I don't know "${input}" as a mobility day. Use a weekday name such as \`sat\`, or \`none\`.` };
  if (trainingDays.includes(day)) {
    const suggestion = defaultMobilityDay(trainingDays);
    return {
      ok: false,
      message: `${dayName(day)} is already a training day, so it can't be the mobility day too.${suggestion ? ` Pick another day (${dayName(suggestion)} would suit), or leave it empty and I'll choose.` : ''}`,
    };
  }
  return { ok: true, value: day };
}

// ---------------------------------------------------------------------------
// Expansion

export interface PlannedSession {
  /** 1-based program week. */
  week: number;
  phase: string;
  date: LocalDate;
  templateId: string;
  title: string;
  prescription: Prescription;
  /** True for training sessions of a deload week (their prescription is deloaded). */
  isDeload: boolean;
  kind: 'training' | 'mobility';
}

export interface ExpandOptions {
  startDate: LocalDate;
  /** ISO weekdays, 1 = Monday. */
  trainingDays: number[];
  mobilityDay: number | null;
}

export const mondayOf = (date: LocalDate): LocalDate => addDays(date, 1 - isoWeekday(date));

/**
 * The start date the program keeps: the given date, unless no training day is left in
 * its ISO week, in which case the next Monday (so week 1 always has a training session).
 */
export function alignStartDate(startDate: LocalDate, trainingDays: readonly number[]): LocalDate {
  const weekday = isoWeekday(startDate);
  return trainingDays.some((d) => d >= weekday) ? startDate : addDays(mondayOf(startDate), 7);
}

/** Last day (a Sunday) of the program's final week. */
export function programEndDate(def: ProgramOutline, startDate: LocalDate): LocalDate {
  return addDays(mondayOf(startDate), 7 * totalWeeks(def) - 1);
}

/**
 * `count` of the given weekdays, spread as evenly as the week allows: the choice with the
 * largest smallest gap (counting the wrap to next week), earliest on ties. So 1 of
 * Mon/Wed/Fri is Mon, 2 of them Mon and Fri.
 */
export function spreadDays(days: readonly number[], count: number): number[] {
  const sorted = [...days].sort((a, b) => a - b);
  if (count >= sorted.length) return sorted;
  if (count <= 0) return [];
  let best: number[] = [];
  let bestGap = -1;
  const choose = (from: number, picked: number[]) => {
    if (picked.length === count) {
      const gaps = picked.map((d, i) => (i + 1 < picked.length ? picked[i + 1]! - d : picked[0]! + 7 - d));
      const gap = count === 1 ? 7 : Math.min(...gaps);
      if (gap > bestGap) [best, bestGap] = [picked, gap];
      return;
    }
    for (let i = from; i < sorted.length; i++) choose(i + 1, [...picked, sorted[i]!]);
  };
  choose(0, []);
  return best;
}

/** The training prescription of a program week (before the week's deload, unless `applyDeload`). */
function weekPrescription(def: ProgramDefinition, weekNumber: number, sessionsPerWeek: number, applyDeload = true): Prescription {
  const week = def.weeks[weekNumber - 1]!;
  const template = requireTemplate(week.templateId);
  const label = week.label ?? template.name;
  const title = `${def.shortName} wk ${weekNumber} · ${label}${week.deload && applyDeload ? ' (deload)' : ''}`;
  let p = toPrescription(template, { ...week.overrides, title });
  if (def.trimSetsWhenTwiceWeekly && sessionsPerWeek >= 2) {
    p = prescriptionSchema.parse({
      ...p,
      exercises: p.exercises.map((item) => (WORKING_ROLES.includes(item.role) && item.sets > 2 ? { ...item, sets: item.sets - 1 } : item)),
    });
  }
  // Rogerson et al. 2024: cut volume and effort, keep exercises and frequency.
  return week.deload && applyDeload ? deloadPrescription(p) : p;
}

/** Every session of the program, dated in the team's calendar, earliest first. Throws on days the program can't use. */
export function expandProgram(def: ProgramDefinition, opts: ExpandOptions): PlannedSession[] {
  const { startDate, trainingDays, mobilityDay } = opts;
  const days = [...trainingDays].sort((a, b) => a - b);
  if (
    days.length < def.trainingDays.min ||
    days.length > def.trainingDays.max ||
    days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)
  ) {
    throw new Error(`expandProgram: ${def.key} can't run on days [${trainingDays.join(',')}]`);
  }
  if (new Set(days).size !== days.length) throw new Error('expandProgram: duplicate training days');
  if (mobilityDay !== null && days.includes(mobilityDay)) throw new Error('expandProgram: the mobility day is a training day');
  const mobilityTemplate = requireTemplate(def.mobilityTemplateId);
  const week1Monday = mondayOf(startDate);
  const sessions: PlannedSession[] = [];
  def.weeks.forEach((week, i) => {
    const weekNumber = i + 1;
    const monday = addDays(week1Monday, 7 * i);
    const dateOf = (weekday: number) => addDays(monday, weekday - 1);
    // Only week 1 can have days before the start date; they are skipped.
    const available = days.filter((d) => dateOf(d) >= startDate);
    const count = Math.min(week.sessions ?? days.length, available.length);
    const prescription = weekPrescription(def, weekNumber, week.sessions ?? days.length);
    for (const d of spreadDays(available, count)) {
      sessions.push({
        week: weekNumber,
        phase: week.phase,
        date: dateOf(d),
        templateId: week.templateId,
        title: prescription.title,
        prescription: structuredClone(prescription),
        isDeload: week.deload,
        kind: 'training',
      });
    }
    if (mobilityDay !== null && dateOf(mobilityDay) >= startDate) {
      const title = `${def.shortName} wk ${weekNumber} · Mobility`;
      sessions.push({
        week: weekNumber,
        phase: week.phase,
        date: dateOf(mobilityDay),
        templateId: mobilityTemplate.id,
        title,
        prescription: toPrescription(mobilityTemplate, { title }),
        isDeload: false,
        kind: 'mobility',
      });
    }
  });
  return sessions.sort((a, b) => (a.date === b.date ? (a.kind === 'training' ? -1 : 1) : a.date < b.date ? -1 : 1));
}

// ---------------------------------------------------------------------------
// Programs that run one session

/** The program key of a program that runs one session (a built-in template or the team's own). */
export const SESSION_PROGRAM_KEY = 'session';
/** As long as the longest built-in program (the Nordic protocol's 16 weeks); a longer block is a second program. */
export const MAX_SESSION_PROGRAM_WEEKS = 16;

/** Which weeks deload: none, one given week, or every Nth week (N, 2N, ...). */
const deloadRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('week'), week: z.number().int().min(2) }),
  z.object({ kind: z.literal('every'), every: z.number().int().min(2) }),
]);
export type DeloadRule = z.infer<typeof deloadRuleSchema>;

/**
 * A program that runs one session on every training day for `weeks` weeks. The session's
 * prescription is the snapshot taken when the program started: editing or archiving the team
 * session later changes nothing already planned.
 */
export const sessionProgramSchema = z
  .object({
    session: z.object({
      templateId: z.string().min(1),
      name: z.string().min(1),
      /** The team's own session (true) or a built-in template. */
      team: z.boolean(),
      prescription: prescriptionSchema,
    }),
    weeks: z.number().int().min(1).max(MAX_SESSION_PROGRAM_WEEKS),
    deload: deloadRuleSchema,
  })
  .refine((p) => p.deload.kind !== 'week' || p.deload.week <= p.weeks, 'the deload week is beyond the program')
  .refine((p) => p.deload.kind !== 'every' || p.deload.every <= p.weeks, 'the deload never comes within the program');
export type SessionProgram = z.infer<typeof sessionProgramSchema>;

/** The deload weeks of a session program, 1-based. */
export function deloadWeeksOf(rule: DeloadRule, weeks: number): number[] {
  if (rule.kind === 'week') return rule.week <= weeks ? [rule.week] : [];
  if (rule.kind === 'every') return Array.from({ length: Math.floor(weeks / rule.every) }, (_, i) => rule.every * (i + 1));
  return [];
}

/** Rogerson et al. 2024: deloads came every 5.6 ± 2.3 weeks; from 8 weeks on, a block with none gets a reminder. */
const LONG_WITHOUT_DELOAD = 8;

/** Checks the weeks and deload a coach gave for a session program. */
export function planSessionProgram(input: {
  weeks: number | null | undefined;
  deloadWeek?: number | null;
  deloadEvery?: number | null;
}): Parsed<{ weeks: number; deload: DeloadRule; warnings: string[] }> {
  const { weeks, deloadWeek, deloadEvery } = input;
  const max = MAX_SESSION_PROGRAM_WEEKS;
  if (weeks === null || weeks === undefined) {
    return { ok: false, message: `How many weeks should the session run? Give \`weeks\`, from 1 to ${max}.` };
  }
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > max) {
    return {
      ok: false,
      message: `A program runs from 1 to ${max} weeks: you gave ${weeks}. For a longer block, start another program when this one ends.`,
    };
  }
  const has = (n: number | null | undefined): n is number => n !== null && n !== undefined;
  if (has(deloadWeek) && has(deloadEvery)) {
    return { ok: false, message: 'Give either `deload_week` (one week) or `deload_every` (every Nth week), not both.' };
  }
  if (has(deloadWeek)) {
    if (!Number.isInteger(deloadWeek) || deloadWeek < 2) {
      return { ok: false, message: `A deload follows loading weeks: pick a deload week from 2 to ${weeks}.` };
    }
    if (deloadWeek > weeks) {
      return {
        ok: false,
        message: `Week ${deloadWeek} is beyond the ${weeks}-week program: pick a deload week from 2 to ${weeks}, or run more weeks.`,
      };
    }
    return { ok: true, value: { weeks, deload: { kind: 'week', week: deloadWeek }, warnings: [] } };
  }
  if (has(deloadEvery)) {
    if (!Number.isInteger(deloadEvery) || deloadEvery < 2) {
      return {
        ok: false,
        message: 'Deload every week would leave no loading weeks: give `deload_every` 2 or more (every 4th week is common).',
      };
    }
    if (deloadEvery > weeks) {
      return {
        ok: false,
        message: `Every ${deloadEvery}th week never comes in a ${weeks}-week program: pick \`deload_every\` from 2 to ${weeks}, or run more weeks.`,
      };
    }
    return { ok: true, value: { weeks, deload: { kind: 'every', every: deloadEvery }, warnings: [] } };
  }
  const warnings =
    weeks >= LONG_WITHOUT_DELOAD
      ? [
          `${weeks} weeks without a deload: deloads usually come every 5.6 ± 2.3 weeks (Rogerson et al. 2024). Add \`deload_every\` if you want one.`,
        ]
      : [];
  return { ok: true, value: { weeks, deload: { kind: 'none' }, warnings } };
}

/** Checks the training days (any 1 to 7) and an optional mobility day (only if the coach names one). */
export function planSessionDays(name: string, daysInput: string | null | undefined, mobilityInput?: string | null): Parsed<DayPlan> {
  const parsed = parseTrainingDays(daysInput);
  if (!parsed.ok) return parsed;
  const mobility = resolveMobilityDay({ name: `${name} program`, mobility: 'optional' }, mobilityInput, parsed.value);
  if (!mobility.ok) return mobility;
  return { ok: true, value: { trainingDays: parsed.value, mobilityDay: mobility.value, warnings: backToBackWarnings(parsed.value) } };
}

const programName = (session: string) => (/\bprogram$/i.test(session.trim()) ? session.trim() : `${session.trim()} program`);

/** Status and summaries see a session program as weeks named after the session, some of them deloads. */
export function sessionProgramOutline(p: SessionProgram): ProgramOutline {
  const deloads = deloadWeeksOf(p.deload, p.weeks);
  const rule =
    p.deload.kind === 'week'
      ? ` Week ${p.deload.week} is a deload week`
      : p.deload.kind === 'every'
        ? ` Every ${ordinal(p.deload.every)} week is a deload week (weeks ${deloads.join(', ')})`
        : '';
  return {
    key: SESSION_PROGRAM_KEY,
    name: programName(p.session.name),
    summary: `${p.session.name} on each training day for ${p.weeks} week${p.weeks === 1 ? '' : 's'}.${rule}${rule ? ': about half the sets, 2 more reps in reserve, same exercises and days.' : ''}`,
    weeks: Array.from({ length: p.weeks }, (_, i) => ({ phase: p.session.name, deload: deloads.includes(i + 1) })),
  };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * Every session of a session program, dated in the team's calendar, earliest first: the snapshot
 * on each training day, through deloadPrescription in deload weeks (the same rule as the fixed
 * programs). `library` is the team's (built-in and own exercises), so the deload judges hard sets
 * of the team's exercises too. Weeks align as in expandProgram.
 */
export function expandSessionProgram(p: SessionProgram, opts: ExpandOptions, library?: readonly Exercise[]): PlannedSession[] {
  const program = sessionProgramSchema.parse(p);
  const { startDate, trainingDays, mobilityDay } = opts;
  const days = [...trainingDays].sort((a, b) => a - b);
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new Error(`expandSessionProgram: can't run on days [${trainingDays.join(',')}]`);
  }
  if (new Set(days).size !== days.length) throw new Error('expandSessionProgram: duplicate training days');
  if (mobilityDay !== null && days.includes(mobilityDay)) throw new Error('expandSessionProgram: the mobility day is a training day');
  const outline = sessionProgramOutline(program);
  const mobilityTemplate = requireTemplate(MOBILITY_TEMPLATE);
  const week1Monday = mondayOf(startDate);
  const sessions: PlannedSession[] = [];
  outline.weeks.forEach((week, i) => {
    const weekNumber = i + 1;
    const monday = addDays(week1Monday, 7 * i);
    const dateOf = (weekday: number) => addDays(monday, weekday - 1);
    const title = `${program.session.name} · wk ${weekNumber}${week.deload ? ' (deload)' : ''}`;
    const base = prescriptionSchema.parse({ ...program.session.prescription, title });
    // Rogerson et al. 2024: cut volume and effort, keep exercises and frequency.
    const prescription = week.deload ? deloadPrescription(base, library) : base;
    for (const d of days.filter((day) => dateOf(day) >= startDate)) {
      sessions.push({
        week: weekNumber,
        phase: week.phase,
        date: dateOf(d),
        templateId: program.session.templateId,
        title,
        prescription: structuredClone(prescription),
        isDeload: week.deload,
        kind: 'training',
      });
    }
    if (mobilityDay !== null && dateOf(mobilityDay) >= startDate) {
      const mobilityTitle = `${program.session.name} · wk ${weekNumber} · Mobility`;
      sessions.push({
        week: weekNumber,
        phase: week.phase,
        date: dateOf(mobilityDay),
        templateId: mobilityTemplate.id,
        title: mobilityTitle,
        prescription: toPrescription(mobilityTemplate, { title: mobilityTitle }),
        isDeload: false,
        kind: 'mobility',
      });
    }
  });
  return sessions.sort((a, b) => (a.date === b.date ? (a.kind === 'training' ? -1 : 1) : a.date < b.date ? -1 : 1));
}

// ---------------------------------------------------------------------------
// Status

export interface ProgramStatus {
  /** False before the start date. */
  started: boolean;
  /** Current week, 1-based, clamped to 1..totalWeeks. */
  week: number;
  totalWeeks: number;
  phase: string;
  isDeloadWeek: boolean;
  /** Monday of the current or next deload week; null when none is left. */
  nextDeload: LocalDate | null;
  finished: boolean;
  endDate: LocalDate;
}

export function programStatus(def: ProgramOutline, startDate: LocalDate, today: LocalDate): ProgramStatus {
  const week1Monday = mondayOf(startDate);
  const total = totalWeeks(def);
  const endDate = programEndDate(def, startDate);
  const started = today >= startDate;
  const finished = today > endDate;
  const raw = Math.floor(daysBetween(week1Monday, today) / 7) + 1;
  const week = Math.min(Math.max(raw, 1), total);
  const current = def.weeks[week - 1]!;
  const deloadIndex = def.weeks.findIndex((w, i) => w.deload && addDays(week1Monday, 7 * i + 6) >= today);
  return {
    started,
    week,
    totalWeeks: total,
    phase: current.phase,
    isDeloadWeek: started && !finished && current.deload,
    nextDeload: deloadIndex < 0 ? null : addDays(week1Monday, 7 * deloadIndex),
    finished,
    endDate,
  };
}
