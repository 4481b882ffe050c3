/**
 * Understanding an athlete's free-text check-in reply ("rpe 8, 1 hour, hammy a bit sore 2").
 * Pure: no clock, no database, no Discord.
 *
 * The rule is honesty: a value is kept only if the athlete wrote it in a way that can mean
 * one thing. RPE is the CR-10 session rating (Foster et al. 2001: 0-10), pain the 0-10
 * pain-monitoring score (Silbernagel et al. 2007), minutes the session's duration (1-600).
 * Anything that could be two things is asked back, naming the candidates, and nothing is
 * complete until all three are known. The bare triple `7 2 45` is RPE, pain, minutes (README).
 */
import { PAIN_AREA_LABELS, PAIN_AREAS, type PainArea, type PainSide } from './pain';

export type CheckinField = 'rpe' | 'pain' | 'minutes';
export const CHECKIN_FIELDS: readonly CheckinField[] = ['rpe', 'pain', 'minutes'];
export const FIELD_RANGE: Record<CheckinField, { min: number; max: number }> = {
  rpe: { min: 0, max: 10 },
  pain: { min: 0, max: 10 },
  minutes: { min: 1, max: 600 },
};
const FIELD_NAME: Record<CheckinField, string> = { rpe: 'effort (RPE)', pain: 'pain', minutes: 'minutes' };

export type KnownValues = Partial<Record<CheckinField, number>>;

/** What a check-in conversation knows so far; stored as the draft between messages. */
export interface CheckinDraft {
  known: KnownValues;
  area: PainArea | null;
  side: PainSide | null;
  note: string | null;
  /** A number that could be more than one field, and those fields. */
  pending: { value: number; candidates: CheckinField[] } | null;
  /** The fields the last question asked for, in the order asked. */
  asked: CheckinField[];
}

export interface UnderstoodCheckin {
  rpe: number;
  pain: number;
  minutes: number;
  painArea: PainArea | null;
  painSide: PainSide | null;
  note: string | null;
}

export type ReplyOutcome =
  | { kind: 'complete'; values: UnderstoodCheckin }
  /** Something is missing or ambiguous: `question` asks for it; `draft` is what is known so far. */
  | { kind: 'question'; draft: CheckinDraft; question: string; choices: CheckinField[] }
  /** A value that cannot be right (out of range, not whole): named with its field; nothing changes. */
  | { kind: 'invalid'; field: CheckinField | null; message: string }
  | { kind: 'none' };

export const emptyDraft = (): CheckinDraft => ({ known: {}, area: null, side: null, note: null, pending: null, asked: [] });

// ---------------------------------------------------------------------------
// Reading one message
// ---------------------------------------------------------------------------

interface BareNumber {
  value: number;
  whole: boolean;
  raw: string;
  outOf10: boolean;
}

/** Everything one message says, before it is fitted to what is already known. */
export interface Reading {
  labelled: KnownValues;
  /** Labelled values written as decimals ("rpe 7.5"): named back, never rounded. */
  notWhole: { field: CheckinField | null; raw: string }[];
  bare: BareNumber[];
  area: { area: PainArea; side: PainSide | null } | null;
  note: string | null;
  /** Words that mark a correction of something already said or logged ("sorry", "change", "was 4 not 2"). */
  correction: boolean;
  /** The whole reply names one field ("rpe", "pain"): an answer to "was 7 your RPE or your pain?". */
  fieldWord: CheckinField | null;
  /** "as planned": an answer to the minutes question when the plan was offered. */
  asPlanned: boolean;
}

const RPE_LABEL = String.raw`(?:session\s*rpe|s-?rpe|rpe|rpes|rp|effort|exertion|intensity|difficulty)`;
const PAIN_LABEL = String.raw`(?:pain|pains|pian|paint?|sore|soreness|hurts?|hurting|ache|aches|aching|achy|niggle|niggly|tight|tightness|discomfort)`;
const ANY_LABEL = `(?:${RPE_LABEL}|${PAIN_LABEL})`;
const NUM = String.raw`(\d+(?:\.\d+)?)(?![\d.])`;
const OUT_OF_10 = String.raw`(?:\s*(?:/|out\s*of|outta)\s*10\b)?`;
// Up to four plain words between a label and its number ("pain in my left calf 3", "effort felt like a 7").
const FILLER = String.raw`(?:\s*[:=~\-]?\s*(?:(?!${ANY_LABEL}\b)[a-z']+\s*[:=~\-]?\s*){0,4})`;

/** Areas by the words athletes use; the longest match wins, so "back of knee" is the knee. */
const AREA_PHRASES: [string, PainArea | 'upper_back'][] = [
  [
    String.raw`hamstrings?|hammys?|hammies|hamies|hamys?|hams?|hamstring\w*|hamstrin\w*|back\s+of\s+(?:my\s+|the\s+)?(?:thighs?|legs?)`,
    'hamstring',
  ],
  [String.raw`glutes?|gluteal|glute\s*med|butt|bum|buttocks?`, 'glute'],
  [
    String.raw`lower[\s-]*back|low[\s-]*back|lumbar|lbp|si\s*joint|(?:my|sore|tight|stiff|achy|left|right)\s+back|back(?=\s+(?:pain|sore|soreness|tight|hurts|aches?|aching|stiff|niggle))`,
    'lower_back',
  ],
  [String.raw`upper[\s-]*back|mid[\s-]*back`, 'upper_back'],
  [String.raw`hips?|hip\s*flexors?|flexors?|psoas`, 'hip'],
  [String.raw`groin|adductors?|adductor\s*magnus|inner\s*thighs?|adds`, 'groin'],
  [String.raw`knees?|kneecaps?|patella|patellar(?:\s*tendon)?|back\s+of\s+(?:my\s+|the\s+)?knees?|meniscus`, 'knee'],
  [String.raw`calf|calves|calfs|soleus|gastroc\w*`, 'calf'],
  [String.raw`achilles(?:\s*tendon)?|achillies|ankles?|heels?|back\s+of\s+(?:my\s+|the\s+)?(?:heel|ankle)s?`, 'achilles_ankle'],
  [String.raw`other`, 'other'],
];
const AREA_RES = AREA_PHRASES.map(([words, area]) => ({ re: new RegExp(String.raw`\b(?:${words})\b`, 'g'), area }));
const SIDE_BEFORE = /(?:^|\s)(left|right|l|r|lt|rt|both|bilateral)\s*(?:side\s*(?:of\s*)?)?(?:my\s+|the\s+)?$/;
const SIDE_AFTER = /^\s*(?:on\s+(?:the\s+)?)?(left|right|both)(?:\s+sides?|\b)/;

/** Words that say nothing the coach needs; anything else in the reply is kept as the athlete's note. */
const NOT_NOTE = new Set(
  (
    "a an the and or but so my i im i'm it its it's was is were be been felt feel feels feeling today session sesh done finished " +
    'complete completed workout training trained train did just about around like maybe roughly approx bit little slightly kinda ' +
    'sort of in on at for time did got with to from by this that hey hi hello coach thanks thank you thx ty cheers ok okay good great fine ' +
    'min mins minute minutes hour hours hr hrs h m rpe effort pain sore no zero none nil free out left right side both yes yeah yep'
  ).split(' '),
);

function clean(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/<a?:\w+:\d+>/g, ' ') // custom emoji
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ') // user, role and channel mentions
    .replace(/@(?:everyone|here)\b/gi, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/[0-9#*]\uFE0F?\u20E3/g, ' ') // keycap emoji such as 7️⃣ are emoji, not numbers
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200D|\uFE0F/gu, ' ')
    .replace(/:[a-z0-9_+-]+:/gi, ' ') // :shortcodes:
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reads one message on its own. */
export function readReply(text: string): Reading {
  const cleaned = clean(text).slice(0, 2000);
  let s = ` ${cleaned.toLowerCase()} `
    .replace(/[,;|、，；。!?()[\]{}"“”«»]/g, ' ')
    .replace(/[’‘`]/g, "'")
    .replace(/(\d)\s*[-–—]\s*(?=\d)/g, '$1 ') // "7-2-45" lists numbers
    .replace(/[–—]/g, ' ');

  const labelled: KnownValues = {};
  const notWhole: Reading['notWhole'] = [];
  /** Blanks out each match `fn` accepts (returns anything but false), so later patterns don't see it. */
  const take = (re: RegExp, fn: (m: RegExpExecArray) => unknown): void => {
    let from = 0;
    for (;;) {
      re.lastIndex = from;
      const m = re.exec(s);
      if (!m) return;
      if (fn(m) === false) {
        from = m.index + 1;
        if (!re.global) return;
        continue;
      }
      s = s.slice(0, m.index) + ' '.repeat(m[0].length) + s.slice(m.index + m[0].length);
      if (!re.global) return;
    }
  };
  /** False (nothing taken) when the field already has a value: the number may belong elsewhere. */
  const setField = (field: CheckinField, raw: string): boolean => {
    if (labelled[field] !== undefined || notWhole.some((n) => n.field === field)) return false;
    if (!/^\d+$/.test(raw)) notWhole.push({ field, raw });
    else labelled[field] = Number(raw);
    return true;
  };

  const correctionWords =
    /\b(?:sorry|soz|oops|whoops|actually|correction|correct|corrected|change|changed|update|fix|edit|meant|typo|mistake|should\s+(?:be|have\s+been|'ve\s+been))\b|\b(?:not|instead\s+of|rather\s+than)\s+\d/.test(
      s,
    ) || new RegExp(String.raw`\b(?:${ANY_LABEL}|minutes?|mins?|time)\s+(?:was|were)\s+\d`).test(s);
  if (correctionWords) {
    // "pain was 4 not 2", "change rpe from 5 to 6": the old value is not what they mean.
    take(/\b(?:not|instead\s+of|rather\s+than|from)\s+\d+(?:\.\d+)?(?:\s*\/\s*10)?/g, () => {});
  }

  // Things that hold digits but are not check-in values.
  take(/\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b/g, () => {});
  take(/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g, () => {});
  take(/\b\d{1,2}\/(?!10\b)\d{1,2}\b/g, () => {}); // "26/11" is a date, "7/10" a score
  take(/\b\d+\s*x\s*\d+(?:\s*x\s*\d+)?\b/g, () => {});
  take(/\b\d+\s*(?:sets?|rounds?)\s*(?:of\s*)?\d+\b/g, () => {});
  take(/\bx\s*\d+\b/g, () => {});
  take(/@\s*\d+(?:\.\d+)?/g, () => {});
  take(/\brir\s*\d+/g, () => {});
  take(
    /\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?|lbs?|pounds|%|percent|reps?|sets?|km|k|miles?|mi|meters?|metres?|yds?|yards?|cm|mm|secs?|seconds?|s|days?|weeks?|wks?|months?|years?|yrs?|nights?)(?![a-z])/g,
    () => {},
  );
  take(/\b(?:rep|reps|set|sets|day|week|wk|round|rounds|lap|laps|block|phase|session|no\.?|#)\s*#?\d+\b/g, () => {});
  take(/\b\d+(?:st|nd|rd|th)\b/g, () => {});
  take(/\d{5,}/g, () => {});

  // Durations.
  const addMinutes = (n: number): void => {
    if (labelled.minutes === undefined) labelled.minutes = Math.round(n);
  };
  take(/\b(?:minutes|mins?|time|duration)\s*[:=]\s*(\d+(?:\.\d+)?)(?![\d.]|\s*(?:\/|h|hr|hrs|hours?)\b)/g, (m) =>
    setField('minutes', m[1]!),
  );
  take(/\b(?:an?|one|1)\s*(?:and\s*a\s*half|½)\s*hours?\b|\b(?:an?\s*)?hour\s*and\s*a\s*half\b/g, () => addMinutes(90));
  take(/\bhalf\s*(?:an?\s*)?hour\b/g, () => addMinutes(30));
  take(/\b(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\s*(?:and\s*)?(\d{1,2})\s*(?:m|mins?|minutes?)\b/g, (m) =>
    addMinutes(Number(m[1]) * 60 + Number(m[2])),
  );
  take(/\b(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)(\d{2})\b/g, (m) => addMinutes(Number(m[1]) * 60 + Number(m[2])));
  take(/\b(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?)\b/g, (m) => addMinutes(Number(m[1]) * 60));
  take(/\b(?:an|one)\s*hour\b/g, () => addMinutes(60));
  take(/\b(\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?|mns|mintues|minuets|')(?![a-z])/g, (m) =>
    /^\d+$/.test(m[1]!) ? addMinutes(Number(m[1])) : notWhole.push({ field: 'minutes', raw: m[1]! }),
  );
  take(/\b(?:minutes|mins?|time|duration|length|lasted)\s*(?:was|of|is|:|=)?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*\/)/g, (m) =>
    setField('minutes', m[1]!),
  );
  take(/\ban\s*hour\b/g, () => addMinutes(60));

  // "No pain" and friends: pain 0.
  let zeroPain = false;
  take(
    /\b(?:no|zero|nil|0)\s*(?:pain|pains|soreness|niggles?|issues?|problems?|discomfort)\b|\bpain[\s-]*free\b|\bpainfree\b|\bnot\s+sore\b|\bnothing\s+(?:hurts|sore)\b|\bpain\s*(?:[:=-]\s*)?(?:none|nil|zero|no)\b/g,
    () => {
      zeroPain = true;
    },
  );

  // Labelled values. A message that starts "7 rpe ..." puts labels after their numbers.
  const labelAfterFirst = new RegExp(String.raw`^\s*${NUM}${OUT_OF_10}\s+${ANY_LABEL}\b`).test(s);
  const forward = (label: string, field: CheckinField): void =>
    take(new RegExp(String.raw`\b${label}\b${FILLER}${NUM}${OUT_OF_10}(?!\s*${ANY_LABEL}\b(?!\s*[:=]?\s*\d))`, 'g'), (m) =>
      setField(field, m[1]!),
    );
  const backward = (label: string, field: CheckinField): void =>
    take(new RegExp(String.raw`${NUM}${OUT_OF_10}\s*(?:(?:for|of|on|in|my|the|left|right|[a-z]+)\s+){0,3}${label}\b`, 'g'), (m) =>
      setField(field, m[1]!),
    );
  const passes = labelAfterFirst ? [backward, forward] : [forward, backward];
  for (const pass of passes) {
    pass(RPE_LABEL, 'rpe');
    pass(PAIN_LABEL, 'pain');
  }
  if (zeroPain && labelled.pain === undefined) labelled.pain = 0;

  // Whatever numbers are left are bare.
  const bare: BareNumber[] = [];
  take(/(\d+(?:\.\d+)?)(\s*(?:\/|out\s*of|outta)\s*10\b)?/g, (m) => {
    const raw = m[1]!;
    bare.push({ value: Number(raw), whole: /^\d+$/.test(raw), raw, outOf10: m[2] !== undefined });
  });

  const area = findArea(` ${cleaned.toLowerCase().replace(/[,;|!?()]/g, ' ')} `);

  const noArea = AREA_RES.reduce((acc, { re }) => acc.replace(re, ' '), s);
  const words = noArea.split(/[^a-z']+/).filter((w) => w.length > 0);
  const fieldWord = fieldWordOf(cleaned);
  const asPlanned =
    /^(?:as\s+planned|planned|same\s+as\s+planned|the\s+planned\s+time|yes|yep|yeah|yup|correct|that'?s?\s+right)[.!]*$/i.test(cleaned);
  const meaningful = words.filter((w) => !NOT_NOTE.has(w) && w.length > 1 && !new RegExp(`^${ANY_LABEL}$`).test(w));
  const noteWorthy = meaningful.length > 0 && fieldWord === null && !asPlanned;
  return {
    labelled,
    notWhole,
    bare,
    area,
    note: noteWorthy ? cleaned.slice(0, 500) : null,
    correction: correctionWords,
    fieldWord,
    asPlanned,
  };
}

function fieldWordOf(cleaned: string): CheckinField | null {
  const m =
    /^(?:it\s+was\s+|that\s+was\s+|that'?s\s+|its\s+|it'?s\s+|the\s+)?(?:my\s+|the\s+)?(rpe|effort|exertion|pain|sore(?:ness)?|minutes?|mins?|time|duration)(?:\s+score|\s+rating)?[.!]*$/i.exec(
      cleaned.trim(),
    );
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  if (/^(rpe|effort|exertion)$/.test(w)) return 'rpe';
  if (/^(pain|sore)/.test(w)) return 'pain';
  return 'minutes';
}

/** The body area named in `text`, longest phrase first, with the side written next to it. */
export function findArea(text: string): { area: PainArea; side: PainSide | null } | null {
  let best: { area: PainArea | 'upper_back'; index: number; length: number } | null = null;
  for (const { re, area } of AREA_RES) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!best || m[0].length > best.length || (m[0].length === best.length && m.index < best.index)) {
        best = { area, index: m.index, length: m[0].length };
      }
    }
  }
  if (!best) return null;
  const before = SIDE_BEFORE.exec(text.slice(Math.max(0, best.index - 30), best.index));
  const inside = /^(left|right)\s/.exec(text.slice(best.index, best.index + best.length));
  const after = SIDE_AFTER.exec(text.slice(best.index + best.length));
  const plural = /(?:knees|calves|ankles|hips|hamstrings|glutes|heels|adductors)\b/.test(text.slice(best.index, best.index + best.length));
  const word = before?.[1] ?? inside?.[1] ?? after?.[1] ?? (plural ? 'both' : undefined);
  const side: PainSide | null =
    word === undefined ? null : /^(l|lt|left)$/.test(word) ? 'left' : /^(r|rt|right)$/.test(word) ? 'right' : 'both';
  // The upper back is not one of the areas: it is "other".
  return best.area === 'upper_back' ? { area: 'other', side: null } : { area: best.area, side: best.area === 'other' ? null : side };
}

/**
 * The area of the form's free-text field: a known area with its side, or "other" with the
 * words kept for the note ("shoulder" is not an area, but the coach should read it).
 */
export function readPainAreaField(input: string | null | undefined): {
  area: PainArea | null;
  side: PainSide | null;
  unmatched: string | null;
} {
  const text = clean(input ?? '')
    .toLowerCase()
    .replace(/_/g, ' ');
  if (!text || /^(?:none|no|-|n\/a|na|nothing|nowhere)$/.test(text)) return { area: null, side: null, unmatched: null };
  // A stored key or a label ("achilles_ankle", "Groin/adductor") as /checkin's choices send them.
  const key = PAIN_AREAS.find((a) => a.replace(/_/g, ' ') === text || PAIN_AREA_LABELS[a].toLowerCase() === text);
  if (key) return { area: key, side: null, unmatched: null };
  const found = findArea(` ${text} `);
  if (found) return { area: found.area, side: found.side, unmatched: null };
  return { area: 'other', side: null, unmatched: clean(input ?? '').slice(0, 100) };
}

// ---------------------------------------------------------------------------
// Fitting a message to the conversation
// ---------------------------------------------------------------------------

function inRange(field: CheckinField, value: number): boolean {
  return Number.isInteger(value) && value >= FIELD_RANGE[field].min && value <= FIELD_RANGE[field].max;
}

function rangeMessage(field: CheckinField, raw: string): string {
  const ranges: Record<CheckinField, string> = {
    rpe: 'Effort (RPE) is a whole number from 0 (rest) to 10 (maximal)',
    pain: 'Pain is a whole number from 0 (none) to 10 (worst)',
    minutes: 'Minutes are a whole number from 1 to 600',
  };
  return `${ranges[field]}, so I can't take ${raw}. Nothing was saved: send your ${FIELD_NAME[field]} again.`;
}

const EXAMPLE = 'e.g. `rpe 7, pain 2, 45 min` or `7 2 45`';

function describeKnown(known: KnownValues): string {
  const parts = [
    known.rpe !== undefined ? `RPE ${known.rpe}` : null,
    known.pain !== undefined ? `pain ${known.pain}` : null,
    known.minutes !== undefined ? `${known.minutes} min` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `Got ${parts.join(', ')}. ` : '';
}

function askFor(draft: CheckinDraft, plannedMinutes: number | undefined): ReplyOutcome {
  const missing = CHECKIN_FIELDS.filter((f) => draft.known[f] === undefined);
  if (draft.pending) {
    const [a, b] = draft.pending.candidates;
    const others = missing.filter((f) => !draft.pending!.candidates.includes(f));
    const rest = others.length > 0 ? ` I also still need your ${others.map((f) => FIELD_NAME[f]).join(' and ')}.` : '';
    return {
      kind: 'question',
      draft: { ...draft, asked: [] },
      question: `${describeKnown(draft.known)}Was ${draft.pending.value} your ${FIELD_NAME[a!]} or your ${FIELD_NAME[b!]}? Reply \`${a === 'rpe' ? 'rpe' : a}\` or \`${b === 'rpe' ? 'rpe' : b}\`, or send both with their names, e.g. \`rpe 7 pain 2\`.${rest}`,
      choices: draft.pending.candidates,
    };
  }
  const scores = missing.filter((f) => f !== 'minutes').map((f) => (f === 'rpe' ? 'effort (RPE, 0-10)' : 'pain (0-10)'));
  const minutesAsk = `how many minutes did you train${plannedMinutes ? ` (planned: ${plannedMinutes}; reply \`as planned\` if so)` : ''}?`;
  const ask =
    scores.length === 0
      ? minutesAsk.charAt(0).toUpperCase() + minutesAsk.slice(1)
      : `What was your ${scores.join(' and your ')}${missing.includes('minutes') ? `, and ${minutesAsk}` : '?'}`;
  const question = `${describeKnown(draft.known)}${ask}`;
  return { kind: 'question', draft: { ...draft, asked: missing }, question, choices: [] };
}

/**
 * Fits a reply to the conversation so far (`draft`, or none) and says what follows: a complete
 * check-in, a question, a named invalid value, or nothing recognisable. A reply that is complete
 * on its own replaces the draft.
 */
export function understandReply(text: string, draft: CheckinDraft | null, opts: { plannedMinutes?: number } = {}): ReplyOutcome {
  const r = readReply(text);
  const bad = r.notWhole[0];
  if (bad) {
    return bad.field
      ? { kind: 'invalid', field: bad.field, message: rangeMessage(bad.field, bad.raw) }
      : {
          kind: 'invalid',
          field: null,
          message: `${bad.raw} isn't a whole number: effort (RPE) and pain go from 0 to 10, minutes from 1 to 600. Nothing was saved. Send them again, ${EXAMPLE}.`,
        };
  }
  for (const field of CHECKIN_FIELDS) {
    const v = r.labelled[field];
    if (v !== undefined && !inRange(field, v)) return { kind: 'invalid', field, message: rangeMessage(field, String(v)) };
  }
  const hasValues = Object.keys(r.labelled).length > 0 || r.bare.length > 0;
  if (!hasValues && !(draft && (r.fieldWord || r.asPlanned))) return { kind: 'none' };

  // On its own first: a full reply replaces whatever was half-said before.
  const alone = fit(r, emptyDraft(), opts);
  if (alone.kind === 'complete' || alone.kind === 'invalid' || !draft) return alone;
  return fit(r, draft, opts);
}

function fit(r: Reading, start: CheckinDraft, opts: { plannedMinutes?: number }): ReplyOutcome {
  const d: CheckinDraft = { ...start, known: { ...start.known, ...r.labelled }, pending: start.pending, asked: start.asked };
  if (r.area) {
    d.area = r.area.area;
    d.side = r.area.side;
  }
  if (r.note) d.note = d.note && d.note !== r.note ? `${d.note}\n${r.note}`.slice(0, 500) : r.note;

  if (r.asPlanned && d.asked.includes('minutes') && opts.plannedMinutes && d.known.minutes === undefined)
    d.known.minutes = opts.plannedMinutes;
  if (d.pending) {
    const p = d.pending;
    if (r.fieldWord && p.candidates.includes(r.fieldWord) && d.known[r.fieldWord] === undefined) {
      d.known[r.fieldWord] = p.value;
      d.pending = null;
    } else {
      const open = p.candidates.filter((f) => d.known[f] === undefined);
      if (open.length === 1) {
        d.known[open[0]!] = p.value;
        d.pending = null;
      } else if (open.length === 0) d.pending = null;
    }
  }

  const placed = placeBare(r.bare, d, start);
  if (placed.kind !== 'ok') return placed.outcome;

  if (CHECKIN_FIELDS.every((f) => d.known[f] !== undefined) && !d.pending) {
    const pain = d.known.pain!;
    return {
      kind: 'complete',
      values: {
        rpe: d.known.rpe!,
        pain,
        minutes: d.known.minutes!,
        painArea: pain > 0 ? d.area : null,
        painSide: pain > 0 && d.area ? d.side : null,
        note: d.note,
      },
    };
  }
  return askFor(d, opts.plannedMinutes);
}

type Placement = { kind: 'ok' } | { kind: 'stop'; outcome: ReplyOutcome };

/** Places numbers that carry no label, mutating `d`; refuses rather than guesses. */
function placeBare(bare: BareNumber[], d: CheckinDraft, start: CheckinDraft): Placement {
  if (bare.length === 0) return { kind: 'ok' };
  const notWhole = bare.find((b) => !b.whole);
  if (notWhole) {
    return {
      kind: 'stop',
      outcome: {
        kind: 'invalid',
        field: null,
        message: `${notWhole.raw} isn't a whole number: effort (RPE) and pain go from 0 to 10, minutes from 1 to 600. Nothing was saved. Send them again, ${EXAMPLE}.`,
      },
    };
  }
  // Nothing from a message whose numbers can't be placed is kept: the conversation stays where it was.
  const tooMany = (): Placement => ({
    kind: 'stop',
    outcome: {
      kind: 'question',
      draft: start,
      question: `${describeKnown(start.known)}I found ${bare.map((b) => b.raw).join(', ')} and couldn't tell which is which. Please label them, ${EXAMPLE}.`,
      choices: [],
    },
  });

  // The answer to a question about specific fields, in the order asked.
  const asked = d.asked.filter((f) => d.known[f] === undefined);
  if (!d.pending && asked.length > 0 && bare.length <= asked.length) {
    const fitsInOrder = bare.every((b, i) => inRange(asked[i]!, b.value) && !(b.outOf10 && asked[i] === 'minutes'));
    if (fitsInOrder && (bare.length === asked.length || bare.length === 1)) {
      if (bare.length === 1 && asked.length > 1) {
        // One number for two asked fields: only if just one of them can hold it.
        const can = asked.filter((f) => inRange(f, bare[0]!.value) && !(bare[0]!.outOf10 && f === 'minutes'));
        if (can.length === 1) {
          d.known[can[0]!] = bare[0]!.value;
          return { kind: 'ok' };
        }
      } else {
        bare.forEach((b, i) => (d.known[asked[i]!] = b.value));
        return { kind: 'ok' };
      }
    } else if (bare.length === 1 && asked.length === 1) {
      return { kind: 'stop', outcome: { kind: 'invalid', field: asked[0]!, message: rangeMessage(asked[0]!, bare[0]!.raw) } };
    }
  }

  const scoreMissing = (['rpe', 'pain'] as const).filter((f) => d.known[f] === undefined);
  const minutesMissing = d.known.minutes === undefined;
  const big = bare.filter((b) => b.value > 10);
  const small = bare.filter((b) => !big.includes(b));

  for (const b of big) {
    if (b.outOf10)
      return {
        kind: 'stop',
        outcome: {
          kind: 'invalid',
          field: null,
          message: `${b.raw}/10 is more than 10: effort (RPE) and pain go from 0 to 10. Nothing was saved. Send them again, ${EXAMPLE}.`,
        },
      };
  }
  if (big.length > 1 || (big.length === 1 && !minutesMissing)) return tooMany();
  if (big.length === 1) {
    if (!inRange('minutes', big[0]!.value))
      return { kind: 'stop', outcome: { kind: 'invalid', field: 'minutes', message: rangeMessage('minutes', big[0]!.raw) } };
  }
  const bigMinutes = big[0];

  if (small.length === 0) {
    if (bigMinutes) d.known.minutes = bigMinutes.value;
    return { kind: 'ok' };
  }
  const minutesOpen = minutesMissing && !bigMinutes;
  if (minutesOpen && scoreMissing.length === 2 && small.length === 3) {
    // The README's bare triple: RPE, pain, minutes.
    if (small[2]!.outOf10) return tooMany();
    if (!inRange('minutes', small[2]!.value))
      return { kind: 'stop', outcome: { kind: 'invalid', field: 'minutes', message: rangeMessage('minutes', small[2]!.raw) } };
    d.known.rpe = small[0]!.value;
    d.known.pain = small[1]!.value;
    d.known.minutes = small[2]!.value;
    d.pending = null;
    return { kind: 'ok' };
  }
  if (bigMinutes) d.known.minutes = bigMinutes.value;
  if (small.length === scoreMissing.length && !d.pending) {
    // RPE then pain, as in the triple; or the one score still open.
    small.forEach((b, i) => (d.known[scoreMissing[i]!] = b.value));
    return { kind: 'ok' };
  }
  if (small.length === 1 && scoreMissing.length === 2 && !d.pending) {
    d.pending = { value: small[0]!.value, candidates: ['rpe', 'pain'] };
    return { kind: 'ok' };
  }
  if (minutesOpen && small.length === scoreMissing.length + 1 && !d.pending) {
    const last = small[small.length - 1]!;
    if (last.outOf10 || !inRange('minutes', last.value)) return tooMany();
    small.slice(0, -1).forEach((b, i) => (d.known[scoreMissing[i]!] = b.value));
    d.known.minutes = last.value;
    return { kind: 'ok' };
  }
  return tooMany();
}

/** Whether the reply reads as a correction of something already said ("sorry", "pain was 4 not 2"). */
export function looksLikeCorrection(text: string): boolean {
  return readReply(text).correction;
}

// ---------------------------------------------------------------------------
// Corrections of a logged check-in
// ---------------------------------------------------------------------------

export type CorrectionOutcome =
  | { kind: 'changes'; changes: KnownValues & { painArea?: PainArea | null; painSide?: PainSide | null } }
  | { kind: 'invalid'; field: CheckinField | null; message: string }
  | { kind: 'unclear'; message: string }
  | { kind: 'none' };

/**
 * A correction of something already logged: `pain was 4`, `change rpe to 6`, `sorry, pain was 4
 * not 2`. Only labelled values count: a bare number in a correction could be anything.
 */
export function understandCorrection(text: string): CorrectionOutcome {
  const r = readReply(text);
  const bad = r.notWhole[0];
  if (bad)
    return {
      kind: 'invalid',
      field: bad.field,
      message: bad.field ? rangeMessage(bad.field, bad.raw) : `${bad.raw} isn't a whole number.`,
    };
  const changes: KnownValues & { painArea?: PainArea | null; painSide?: PainSide | null } = {};
  for (const field of CHECKIN_FIELDS) {
    const v = r.labelled[field];
    if (v === undefined) continue;
    if (!inRange(field, v)) return { kind: 'invalid', field, message: rangeMessage(field, String(v)) };
    changes[field] = v;
  }
  if (r.area) {
    changes.painArea = r.area.area;
    changes.painSide = r.area.side;
  }
  if (Object.keys(changes).length === 0) {
    if (r.bare.length > 0)
      return { kind: 'unclear', message: `Which value should change? Say it with its name, e.g. \`pain was 4\` or \`change rpe to 6\`.` };
    return { kind: 'none' };
  }
  if (r.bare.length > 0)
    return {
      kind: 'unclear',
      message: `I'm not sure what ${r.bare.map((b) => b.raw).join(' and ')} ${r.bare.length > 1 ? 'are' : 'is'}. Say each value with its name, e.g. \`pain was 4\` or \`change rpe to 6\`.`,
    };
  return { kind: 'changes', changes };
}
