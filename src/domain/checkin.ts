import { z } from 'zod';
import { readPainAreaField } from './checkinReply';
import { PAIN_AREAS, PAIN_SIDES, type PainArea } from './pain';

export type PainAreaKey = PainArea;

export const CHECKIN_LIMITS = { rpe: { min: 0, max: 10 }, pain: { min: 0, max: 10 }, minutes: { min: 1, max: 600 } } as const;

export const checkinSchema = z.object({
  rpe: z.number().int().min(0).max(10),
  minutes: z.number().int().min(1).max(600),
  pain: z.number().int().min(0).max(10),
  painArea: z.enum(PAIN_AREAS).nullable(),
  /** Optional so check-ins written before sides existed still read as values. */
  painSide: z.enum(PAIN_SIDES).nullable().optional(),
  note: z.string().trim().max(500).nullable(),
});
export type CheckinValues = z.infer<typeof checkinSchema>;

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function wholeNumber(raw: string | null | undefined, label: string, min: number, max: number, errors: string[]): number | undefined {
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
  const rpe = wholeNumber(raw.rpe, 'RPE', 0, 10, errors);
  const minutes = wholeNumber(raw.minutes, 'Minutes', 1, 600, errors);
  const pain = wholeNumber(raw.pain, 'Pain', 0, 10, errors);
  // An area the list doesn't have is "other", and the athlete's words go to the note for the coach.
  const area = readPainAreaField(raw.area);
  const typed = raw.note?.trim() ? raw.note.trim() : null;
  const note = area.unmatched ? (typed ? `${typed} (where: ${area.unmatched})` : `Where: ${area.unmatched}`) : typed;
  if (note && note.length > 500) errors.push('The note is too long: keep it under 500 characters.');
  if (errors.length > 0 || rpe === undefined || minutes === undefined || pain === undefined) {
    return { ok: false, errors };
  }
  return { ok: true, value: { rpe, minutes, pain, painArea: area.area, painSide: area.side, note } };
}
