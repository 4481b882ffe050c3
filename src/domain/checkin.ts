import { z } from 'zod';
import { PAIN_AREAS, PAIN_SCORE_MAX, PAIN_SCORE_MIN, type PainArea } from './pain';

export type PainAreaKey = PainArea;

const AREA_WORDS: [RegExp, PainAreaKey][] = [
  [/\b(hamstrings?|hammy|hammies|hams?)\b/, 'hamstring'],
  [/\b(lower[ -]?back|low[ -]?back|back|lumbar)\b/, 'lower_back'],
  [/\b(glutes?|butt|hip)\b/, 'glute'],
  [/\bknees?\b/, 'knee'],
  [/\bother\b/, 'other'],
];

export function parsePainArea(input: string | null | undefined): PainAreaKey | null | 'invalid' {
  const text = (input ?? '').trim().toLowerCase();
  if (!text || text === 'none' || text === '-' || text === 'no') return null;
  for (const [re, key] of AREA_WORDS) if (re.test(text)) return key;
  return 'invalid';
}

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

const withinLimit = (limit: CheckinLimit) => z.number().int().min(limit.min).max(limit.max);

export const checkinSchema = z.object({
  rpe: withinLimit(CHECKIN_LIMITS.rpe),
  minutes: withinLimit(CHECKIN_LIMITS.minutes),
  pain: withinLimit(CHECKIN_LIMITS.pain),
  painArea: z.enum(PAIN_AREAS).nullable(),
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
  const area = parsePainArea(raw.area);
  if (area === 'invalid') errors.push(`Pain area "${raw.area?.trim()}" isn't one I know: use hamstring, lower back, glute, knee or other (or leave it empty).`);
  const note = raw.note?.trim() ? raw.note.trim() : null;
  if (note && note.length > NOTE_MAX_LENGTH) errors.push(`The note is too long: keep it under ${NOTE_MAX_LENGTH} characters.`);
  if (errors.length > 0 || rpe === undefined || minutes === undefined || pain === undefined || area === 'invalid') {
    return { ok: false, errors };
  }
  return { ok: true, value: { rpe, minutes, pain, painArea: area, note } };
}

export type ReplyParse =
  | { kind: 'checkin'; values: CheckinValues; assumedMinutes: boolean }
  | { kind: 'ask'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'not_a_checkin' };

const REPLY_FORMAT = 'Reply with RPE, pain and minutes, e.g. `7 2 45` or `rpe 7 pain 2 45min`.';

/**
 * Reads a short DM reply such as "7 2 45", "rpe 7 pain 2 45min" or "rpe7, pain 3 hamstring, 60 mins".
 * Labelled numbers win; bare numbers fill RPE, pain, minutes in that order, except that a bare
 * number above 10 can only be minutes. Missing minutes fall back to the planned duration;
 * a missing RPE or pain is asked for, never guessed.
 */
export function parseCheckinReply(text: string, plannedMinutes: number): ReplyParse {
  let rest = ` ${text.toLowerCase().replace(/[,;/|]/g, ' ')} `;
  const numberRe = '(-?\\d+(?:[.,]\\d+)?)';
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m[1];
  };
  const labelled = {
    rpe: take(new RegExp(`\\b(?:rpe|effort|exertion)\\s*[:=]?\\s*${numberRe}`)),
    pain: take(new RegExp(`\\bpain\\s*[:=]?\\s*${numberRe}`)),
    minutes: take(new RegExp(`${numberRe}\\s*(?:minutes|minute|mins|min|m|')(?![a-z])`)) ?? take(new RegExp(`\\b(?:minutes|mins|min|time)\\s*[:=]?\\s*${numberRe}`)),
  };
  const area = parsePainArea(rest);
  const bare = [...rest.matchAll(/-?\d+(?:[.,]\d+)?/g)].map((m) => m[0]);
  if (bare.length === 0 && !labelled.rpe && !labelled.pain && !labelled.minutes) return { kind: 'not_a_checkin' };

  const all = [labelled.rpe, labelled.pain, labelled.minutes, ...bare].filter((v): v is string => v !== undefined);
  const bad = all.find((v) => !/^\d+$/.test(v));
  if (bad) return { kind: 'invalid', message: `"${bad}" isn't a whole number. ${REPLY_FORMAT}` };
  if (bare.length > 3) return { kind: 'ask', message: `I found more numbers than I expected. ${REPLY_FORMAT}` };

  const slots: { rpe?: number; pain?: number; minutes?: number } = {
    rpe: labelled.rpe !== undefined ? Number(labelled.rpe) : undefined,
    pain: labelled.pain !== undefined ? Number(labelled.pain) : undefined,
    minutes: labelled.minutes !== undefined ? Number(labelled.minutes) : undefined,
  };
  const numbers = bare.map(Number);
  // A bare number above the RPE and pain scales can only be minutes.
  const big = numbers.filter((n) => n > Math.max(CHECKIN_LIMITS.rpe.max, CHECKIN_LIMITS.pain.max));
  if (big.length > 0) {
    if (big.length > 1 || slots.minutes !== undefined) {
      return { kind: 'invalid', message: `RPE and pain go from ${CHECKIN_LIMITS.rpe.min} to ${CHECKIN_LIMITS.rpe.max}, so I can't place ${big.join(' and ')}. ${REPLY_FORMAT}` };
    }
    slots.minutes = big[0]!;
    numbers.splice(numbers.indexOf(big[0]!), 1);
  }
  for (const slot of ['rpe', 'pain', 'minutes'] as const) {
    if (slots[slot] === undefined && numbers.length > 0) slots[slot] = numbers.shift()!;
  }

  const { rpe, pain, minutes } = CHECKIN_LIMITS;
  if (slots.rpe !== undefined && slots.rpe > rpe.max) return { kind: 'invalid', message: `RPE goes from ${rpe.min} (rest) to ${rpe.max} (maximal); ${slots.rpe} is out of range. ${REPLY_FORMAT}` };
  if (slots.pain !== undefined && slots.pain > pain.max) return { kind: 'invalid', message: `Pain goes from ${pain.min} (none) to ${pain.max} (worst); ${slots.pain} is out of range. ${REPLY_FORMAT}` };
  if (slots.minutes !== undefined && (slots.minutes < minutes.min || slots.minutes > minutes.max)) {
    return { kind: 'invalid', message: `Minutes must be from ${minutes.min} to ${minutes.max} (you sent ${slots.minutes}). ${REPLY_FORMAT}` };
  }
  if (slots.rpe === undefined || slots.pain === undefined) {
    const got = [
      slots.rpe !== undefined ? `RPE ${slots.rpe}` : null,
      slots.pain !== undefined ? `pain ${slots.pain}` : null,
      slots.minutes !== undefined ? `${slots.minutes} min` : null,
    ].filter(Boolean);
    const [rpeWords, painWords] = [`RPE (${rangeText(rpe)})`, `pain (${rangeText(pain)})`];
    const missing = slots.rpe === undefined && slots.pain === undefined ? `your ${rpeWords} and ${painWords}` : `your ${slots.rpe === undefined ? rpeWords : painWords}`;
    return { kind: 'ask', message: `${got.length ? `I got ${got.join(', ')}. ` : ''}What was ${missing}? ${REPLY_FORMAT}` };
  }
  return {
    kind: 'checkin',
    values: { rpe: slots.rpe, pain: slots.pain, minutes: slots.minutes ?? plannedMinutes, painArea: area === 'invalid' ? null : area, note: null },
    assumedMinutes: slots.minutes === undefined,
  };
}
