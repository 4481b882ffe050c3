import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKIN_FIELDS,
  FIELD_RANGE,
  readPainAreaField,
  understandCorrection,
  understandReply,
  type CheckinDraft,
  type ReplyOutcome,
} from '../../src/domain/checkinReply';
import { CONVERSATIONS, CORPUS, type Expected } from './checkinReply.corpus';

const PLANNED = 60;

function check(outcome: ReplyOutcome, expected: Expected): void {
  if (expected === 'none') {
    expect(outcome.kind).toBe('none');
    return;
  }
  if ('store' in expected) {
    const [rpe, pain, minutes, area, side] = expected.store;
    expect(outcome.kind).toBe('complete');
    if (outcome.kind !== 'complete') return;
    expect({ rpe: outcome.values.rpe, pain: outcome.values.pain, minutes: outcome.values.minutes }).toEqual({ rpe, pain, minutes });
    expect(outcome.values.painArea).toBe(area ?? null);
    expect(outcome.values.painSide).toBe(side ?? null);
    return;
  }
  if ('invalid' in expected) {
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') expect(outcome.field).toBe(expected.invalid);
    return;
  }
  expect(outcome.kind).toBe('question');
  if (outcome.kind !== 'question') return;
  if ('which' in expected) {
    expect(outcome.draft.pending).toEqual({ value: expected.which, candidates: expected.of });
    expect(outcome.choices).toEqual(expected.of);
    expect(outcome.question).toContain(`Was ${expected.which} your effort (RPE) or your pain?`);
  } else if ('label' in expected) {
    expect(outcome.question).toMatch(/couldn't tell which is which/);
  } else {
    expect(outcome.draft.asked).toEqual(expected.ask);
    expect(outcome.draft.pending).toBeNull();
  }
}

describe('the reply corpus', () => {
  it('holds at least 150 replies, each listed once', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CORPUS.map(([text]) => text)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS)('%j', (text, expected) => {
    check(understandReply(text, null, { plannedMinutes: PLANNED }), expected);
  });
});

describe('conversations with memory', () => {
  it.each(CONVERSATIONS.map((c) => [c.name, c.turns] as const))('%s', (_name, turns) => {
    let draft: CheckinDraft | null = null;
    for (const [text, expected] of turns) {
      const outcome = understandReply(text, draft, { plannedMinutes: PLANNED });
      check(outcome, expected);
      if (outcome.kind === 'question') draft = outcome.draft;
      if (outcome.kind === 'complete') draft = null;
    }
  });

  it('names the candidates and keeps what it already has', () => {
    const first = understandReply('8 45', null, { plannedMinutes: PLANNED });
    expect(first).toMatchObject({
      kind: 'question',
      question:
        'Got 45 min. Was 8 your effort (RPE) or your pain? Reply `rpe` or `pain`, or send both with their names, e.g. `rpe 7 pain 2`.',
    });
  });

  it('offers the planned minutes but never assumes them', () => {
    const outcome = understandReply('rpe 7 pain 2', null, { plannedMinutes: 50 });
    expect(outcome).toMatchObject({
      kind: 'question',
      question: 'Got RPE 7, pain 2. How many minutes did you train (planned: 50; reply `as planned` if so)?',
    });
    // "as planned" with no question about minutes is not a check-in.
    expect(understandReply('as planned', null, { plannedMinutes: 50 }).kind).toBe('none');
  });

  it('names the field of an out-of-range value', () => {
    expect(understandReply('rpe 11 pain 2 40', null)).toEqual({
      kind: 'invalid',
      field: 'rpe',
      message:
        "Effort (RPE) is a whole number from 0 (rest) to 10 (maximal), so I can't take 11. Nothing was saved: send your effort (RPE) again.",
    });
  });

  it('keeps words that are not values as the note', () => {
    const outcome = understandReply('rpe 7 pain 3 45, shoulder clicked on the bench', null);
    expect(outcome).toMatchObject({ kind: 'complete', values: { note: 'rpe 7 pain 3 45, shoulder clicked on the bench', painArea: null } });
    expect(understandReply('7 2 45', null)).toMatchObject({ values: { note: null } });
  });
});

describe('corrections', () => {
  it.each([
    ['pain was 4', { pain: 4 }],
    ['sorry, pain was 4 not 2', { pain: 4 }],
    ['change rpe to 6', { rpe: 6 }],
    ['change rpe from 5 to 6', { rpe: 6 }],
    ['actually it was 50 min', { minutes: 50 }],
    ['oops rpe should be 8 and pain 3', { rpe: 8, pain: 3 }],
    ['correction: pain 1, left calf', { pain: 1, painArea: 'calf', painSide: 'left' }],
    ['make it 1h', { minutes: 60 }],
  ] as const)('%j', (text, changes) => {
    expect(understandCorrection(text)).toEqual({ kind: 'changes', changes });
  });

  it('asks which value a bare number is, and names an out-of-range one', () => {
    expect(understandCorrection('sorry it was 4')).toMatchObject({ kind: 'unclear' });
    expect(understandCorrection('pain was 14')).toMatchObject({ kind: 'invalid', field: 'pain' });
    expect(understandCorrection('thanks')).toEqual({ kind: 'none' });
  });
});

describe('the pain area field of the form', () => {
  it.each([
    ['hammy', 'hamstring', null],
    ['Left glute', 'glute', 'left'],
    ['back of knee', 'knee', null],
    ['lower back', 'lower_back', null],
    ['R calf', 'calf', 'right'],
    ['groin', 'groin', null],
    ['Achilles', 'achilles_ankle', null],
    ['hip', 'hip', null],
    // /checkin's choices send the stored keys.
    ['lower_back', 'lower_back', null],
    ['achilles_ankle', 'achilles_ankle', null],
    ['groin', 'groin', null],
    ['Groin/adductor', 'groin', null],
    ['other', 'other', null],
  ] as const)('%s', (text, area, side) => {
    expect(readPainAreaField(text)).toEqual({ area, side, unmatched: null });
  });

  it('keeps words it does not know as the note, under "other"', () => {
    expect(readPainAreaField('shoulder')).toEqual({ area: 'other', side: null, unmatched: 'shoulder' });
    expect(readPainAreaField('')).toEqual({ area: null, side: null, unmatched: null });
    expect(readPainAreaField('none')).toEqual({ area: null, side: null, unmatched: null });
  });
});

describe('properties', () => {
  const pieces = fc.oneof(
    fc.string(),
    fc.constantFrom(
      'rpe',
      'pain',
      'min',
      'h',
      '/10',
      'no pain',
      'left',
      'calf',
      'back of knee',
      '<@&123456789012345678>',
      '🔥',
      '7️⃣',
      ' ',
      ',',
      '.',
      ':',
      '-',
      'sorry',
      'not',
      'was',
      'x',
      'kg',
      '%',
    ),
    fc.integer({ min: -5, max: 2000 }).map(String),
    fc.double({ min: 0, max: 20, noNaN: true }).map((n) => n.toFixed(1)),
  );
  const replies = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(' '));

  const digitRuns = (text: string): Set<number> => new Set([...text.normalize('NFKC').matchAll(/\d+/g)].map((m) => Number(m[0])));

  it('does not read "min 10 /10" as 1 minute (a counterexample fast-check found)', () => {
    const outcome = understandReply('0< min 10 /10', null, { plannedMinutes: PLANNED });
    expect(outcome.kind).not.toBe('complete');
    if (outcome.kind === 'question') expect(outcome.draft.known.minutes).toBeUndefined();
  });

  it('never crashes, never stores out of range, never stores what the text did not contain', () => {
    fc.assert(
      fc.property(replies, (text) => {
        const outcome = understandReply(text, null, { plannedMinutes: PLANNED });
        if (outcome.kind !== 'complete') return;
        for (const field of CHECKIN_FIELDS) {
          const v = outcome.values[field];
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(FIELD_RANGE[field].min);
          expect(v).toBeLessThanOrEqual(FIELD_RANGE[field].max);
        }
        const numbers = digitRuns(text);
        expect(numbers.has(outcome.values.rpe)).toBe(true);
        if (outcome.values.pain !== 0 || !/\b(?:no|zero|nil|not|nothing)\b|free|none/i.test(text))
          expect(numbers.has(outcome.values.pain)).toBe(true);
        if (!/h|hour/i.test(text)) expect(numbers.has(outcome.values.minutes)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never completes without every value known, across a conversation', () => {
    fc.assert(
      fc.property(fc.array(replies, { minLength: 1, maxLength: 4 }), (turns) => {
        let draft: CheckinDraft | null = null;
        for (const text of turns) {
          const outcome = understandReply(text, draft, { plannedMinutes: PLANNED });
          if (outcome.kind === 'question') {
            expect(CHECKIN_FIELDS.some((f) => outcome.draft.known[f] === undefined) || outcome.draft.pending !== null).toBe(true);
            for (const f of CHECKIN_FIELDS) {
              const v = outcome.draft.known[f];
              if (v !== undefined) expect(v >= FIELD_RANGE[f].min && v <= FIELD_RANGE[f].max).toBe(true);
            }
            draft = outcome.draft;
          }
          if (outcome.kind === 'complete') {
            for (const f of CHECKIN_FIELDS) expect(outcome.values[f]).toEqual(expect.any(Number));
            draft = null;
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('reads any triple in range as RPE, pain, minutes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 11, max: 600 }),
        (rpe, pain, minutes) => {
          expect(understandReply(`${rpe} ${pain} ${minutes}`, null)).toMatchObject({ kind: 'complete', values: { rpe, pain, minutes } });
        },
      ),
    );
  });
});
