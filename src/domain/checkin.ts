import { z } from 'zod';
import { PAIN_AREAS, type PainArea } from './pain';

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

export const CHECKIN_LIMITS = { rpe: { min: 0, max: 10 }, pain: { min: 0, max: 10 }, minutes: { min: 1, max: 600 } } as const;

export const checkinSchema = z.object({
  rpe: z.number().int().min(0).max(10),
  minutes: z.number().int().min(1).max(600),
  pain: z.number().int().min(0).max(10),
  painArea: z.enum(PAIN_AREAS).nullable(),
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
  const area = parsePainArea(raw.area);
  if (area === 'invalid') errors.push(`Pain area "${raw.area?.trim()}" isn't one I know: use hamstring, lower back, glute, knee or other (or leave it empty).`);
  const note = raw.note?.trim() ? raw.note.trim() : null;
  if (note && note.length > 500) errors.push('The note is too long: keep it under 500 characters.');
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
  const big = numbers.filter((n) => n > 10);
  if (big.length > 0) {
    if (big.length > 1 || slots.minutes !== undefined) {
      return { kind: 'invalid', message: `RPE and pain go from 0 to 10, so I can't place ${big.join(' and ')}. ${REPLY_FORMAT}` };
    }
    slots.minutes = big[0]!;
    numbers.splice(numbers.indexOf(big[0]!), 1);
  }
  for (const slot of ['rpe', 'pain', 'minutes'] as const) {
    if (slots[slot] === undefined && numbers.length > 0) slots[slot] = numbers.shift()!;
  }

  if (slots.rpe !== undefined && slots.rpe > 10) return { kind: 'invalid', message: `RPE goes from 0 (rest) to 10 (maximal); ${slots.rpe} is out of range. ${REPLY_FORMAT}` };
  if (slots.pain !== undefined && slots.pain > 10) return { kind: 'invalid', message: `Pain goes from 0 (none) to 10 (worst); ${slots.pain} is out of range. ${REPLY_FORMAT}` };
  if (slots.minutes !== undefined && (slots.minutes < 1 || slots.minutes > 600)) {
    return { kind: 'invalid', message: `Minutes must be from 1 to 600 (you sent ${slots.minutes}). ${REPLY_FORMAT}` };
  }
  if (slots.rpe === undefined || slots.pain === undefined) {
    const got = [
      slots.rpe !== undefined ? `RPE ${slots.rpe}` : null,
      slots.pain !== undefined ? `pain ${slots.pain}` : null,
      slots.minutes !== undefined ? `${slots.minutes} min` : null,
    ].filter(Boolean);
    const missing = slots.rpe === undefined && slots.pain === undefined ? 'your RPE (0-10) and pain (0-10)' : slots.rpe === undefined ? 'your RPE (0-10)' : 'your pain (0-10)';
    return { kind: 'ask', message: `${got.length ? `I got ${got.join(', ')}. ` : ''}What was ${missing}? ${REPLY_FORMAT}` };
  }
  return {
    kind: 'checkin',
    values: { rpe: slots.rpe, pain: slots.pain, minutes: slots.minutes ?? plannedMinutes, painArea: area === 'invalid' ? null : area, note: null },
    assumedMinutes: slots.minutes === undefined,
  };
}
