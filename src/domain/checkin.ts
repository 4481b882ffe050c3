import { z } from 'zod';
import { readPainAreaField } from './checkinReply';
import { PAIN_AREAS, PAIN_SCORE_MAX, PAIN_SCORE_MIN, PAIN_SIDES, type PainArea } from './pain';

export type PainAreaKey = PainArea;

/**
 * The one home of the check-in limits: Foster's CR-10 session RPE (0-10, Foster et al. 2001),
 * the pain-monitoring score (0-10, Silbernagel et al. 2007) and the minutes of one session.
 * The schema, the form, the DM reply parser and /checkin read them; the SQL CHECKs in
 * migrations/0001_core.sql are tested against them (test/storage/limits.test.ts).
 */
export const CHECKIN_LIMITS = {
  rpe: { min: 0, max: 10 },
  pain: { min: PAIN_SCORE_MIN, max: PAIN_SCORE_MAX },
  minutes: { min: 1, max: 600 },
} as const;
/** Longest note or reason an athlete can write with a check-in. */
export const NOTE_MAX_LENGTH = 500;
export type CheckinLimit = (typeof CHECKIN_LIMITS)[keyof typeof CHECKIN_LIMITS];

/** "0-10", as the form and the messages write a range. */
export const rangeText = (limit: CheckinLimit): string => `${limit.min}-${limit.max}`;

/** Whether a number is whole and within the limit: for the inputs that are not a check-in form (other training, team-session RPE). */
export const isWithin = (limit: CheckinLimit, n: number): boolean => Number.isInteger(n) && n >= limit.min && n <= limit.max;

const withinLimit = (limit: CheckinLimit) => z.number().int().min(limit.min).max(limit.max);

export const checkinSchema = z.object({
  rpe: withinLimit(CHECKIN_LIMITS.rpe),
  minutes: withinLimit(CHECKIN_LIMITS.minutes),
  pain: withinLimit(CHECKIN_LIMITS.pain),
  painArea: z.enum(PAIN_AREAS).nullable(),
  /** Optional so check-ins written before sides existed still read as values. */
  painSide: z.enum(PAIN_SIDES).nullable().optional(),
  note: z.string().trim().max(NOTE_MAX_LENGTH).nullable(),
});
export type CheckinValues = z.infer<typeof checkinSchema>;

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function wholeNumber(raw: string | null | undefined, label: string, { min, max }: CheckinLimit, errors: string[]): number | undefined {
  const text = (raw ?? '').trim();
  if (text === '') {
    errors.push(`${label} is missing: enter a whole number from ${min} to ${max}.`);
    return undefined;
  }
  if (!/^-?\d+$/.test(text)) {
    errors.push(`${label} must be a whole number from ${min} to ${max} (you entered "${text}").`);
    return undefined;
  }
  const n = Number(text);
  if (n < min || n > max) {
    errors.push(`${label} must be from ${min} to ${max} (you entered ${n}).`);
    return undefined;
  }
  return n;
}

/** Checks the fields of the check-in form; every problem is named, nothing is guessed. */
export function validateCheckinFields(raw: {
  rpe?: string | null;
  minutes?: string | null;
  pain?: string | null;
  area?: string | null;
  note?: string | null;
}): FieldCheck<CheckinValues> {
  const errors: string[] = [];
  const rpe = wholeNumber(raw.rpe, 'RPE', CHECKIN_LIMITS.rpe, errors);
  const minutes = wholeNumber(raw.minutes, 'Minutes', CHECKIN_LIMITS.minutes, errors);
  const pain = wholeNumber(raw.pain, 'Pain', CHECKIN_LIMITS.pain, errors);
  // An area the list doesn't have is "other", and the athlete's words go to the note for the coach.
  const area = readPainAreaField(raw.area);
  const typed = raw.note?.trim() ? raw.note.trim() : null;
  const note = area.unmatched ? (typed ? `${typed} (where: ${area.unmatched})` : `Where: ${area.unmatched}`) : typed;
  if (note && note.length > NOTE_MAX_LENGTH) errors.push(`The note is too long: keep it under ${NOTE_MAX_LENGTH} characters.`);
  if (errors.length > 0 || rpe === undefined || minutes === undefined || pain === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, value: { rpe, minutes, pain, painArea: area.area, painSide: area.side, note } };
}
