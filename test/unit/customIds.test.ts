import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { componentHandlers } from '../../src/bot';
import { handlersByPrefix, type ComponentHandler } from '../../src/discord/components/registry';
import { CUSTOM_ID_MAX, customIds, encodeIfValid, prefixOf, type CustomIdCodec } from '../../src/discord/customIds';
import { ANYONE } from '../../src/discord/preconditions';
import { PAIN_AREAS } from '../../src/domain/pain';

const codecs = Object.values(customIds);

describe('custom id codecs', () => {
  it('encode and parse the same value back', () => {
    expect(customIds.logButton.encode({ assignmentId: 42, retry: false })).toBe('log:42');
    expect(customIds.logButton.parse('log:42')).toEqual({ assignmentId: 42, retry: false });
    expect(customIds.logButton.parse('log:42:retry')).toEqual({ assignmentId: 42, retry: true });
    expect(customIds.missModal.parse(customIds.missModal.encode({ assignmentId: 7 }))).toEqual({ assignmentId: 7, replace: false });
    expect(customIds.missButton.parse('miss:7:replace')).toEqual({ assignmentId: 7, replace: true });
    expect(customIds.answer.parse('ans:rpe')).toEqual({ field: 'rpe' });
    expect(customIds.answer.parse('ans:weight')).toBeUndefined();
    expect(customIds.painAnswer.parse('painfu:3:no')).toEqual({ followupId: 3, settled: false });
    expect(customIds.painUndo.parse('painundo:9')).toEqual({ adjustmentId: 9 });
    const pick = { assignmentId: 5, values: { rpe: 7, pain: 2, minutes: 45, painArea: 'lower_back' as const } };
    expect(customIds.pickButton.encode(pick)).toBe('pick:5:7:2:45:lower_back');
    expect(customIds.pickButton.parse('pick:5:7:2:45:')).toEqual({ ...pick, values: { ...pick.values, painArea: null } });
  });

  it('refuse ids that are not positive whole numbers, unknown kinds, missing or extra parts and other prefixes', () => {
    for (const bad of [
      'log:0',
      'log:-1',
      'log:1.5',
      'log:abc',
      'log:',
      'log',
      'log:1:again',
      'log:1:retry:x',
      'log:99999999999999999',
      'miss:1',
    ]) {
      expect(customIds.logButton.parse(bad), bad).toBeUndefined();
    }
    expect(customIds.painAnswer.parse('painfu:3:maybe')).toBeUndefined();
    expect(customIds.painAnswer.parse('painfu:3')).toBeUndefined();
    expect(customIds.painUndo.parse('painundo:1:2')).toBeUndefined();
    // The check-in limits apply to the numbers a pick button carries.
    expect(customIds.pickButton.parse('pick:5:11:2:45:')).toBeUndefined();
    expect(customIds.pickButton.parse('pick:5:7:2:0:')).toBeUndefined();
    expect(customIds.pickButton.parse('pick:5:7:2:601:')).toBeUndefined();
    expect(customIds.pickButton.parse('pick:5:7:2:45:elbow')).toBeUndefined();
  });

  it("round-trip any valid value within Discord's 100 characters", () => {
    const id = fc.integer({ min: 1, max: 999_999_999_999_999 });
    fc.assert(
      fc.property(id, fc.boolean(), (assignmentId, retry) => {
        const encoded = customIds.logButton.encode({ assignmentId, retry });
        expect(encoded.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
        expect(customIds.logButton.parse(encoded)).toEqual({ assignmentId, retry });
      }),
    );
    const values = fc.record({
      rpe: fc.integer({ min: 0, max: 10 }),
      pain: fc.integer({ min: 0, max: 10 }),
      minutes: fc.integer({ min: 1, max: 600 }),
      painArea: fc.constantFrom(null, ...PAIN_AREAS),
    });
    fc.assert(
      fc.property(id, values, (assignmentId, v) => {
        const encoded = customIds.pickButton.encode({ assignmentId, values: v });
        expect(encoded.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
        expect(customIds.pickButton.parse(encoded)).toEqual({ assignmentId, values: v });
      }),
    );
  });

  it("each has its own prefix, and each prefix is one handler's", () => {
    const prefixes = codecs.map((c) => c.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const handled = componentHandlers.map((h) => h.id.prefix);
    expect(new Set(handled).size).toBe(handled.length);
    expect([...handled].sort()).toEqual([...prefixes].sort());
    for (const c of codecs) expect(prefixOf(c.encode(sampleOf(c.prefix)))).toBe(c.prefix);
  });
});

describe('handlersByPrefix', () => {
  it('refuses two handlers on one prefix, so one cannot silently shadow the other', () => {
    const a: ComponentHandler = { id: customIds.missButton, preconditions: ANYONE, button: async () => undefined };
    const b: ComponentHandler = { id: customIds.missButton, preconditions: ANYONE, modal: async () => undefined };
    expect(() => handlersByPrefix([a, b])).toThrow('two component handlers share the custom id prefix "miss"');
    expect(handlersByPrefix(componentHandlers).size).toBe(componentHandlers.length);
  });
});

function sampleOf(prefix: string): never {
  const samples: Record<string, unknown> = {
    log: { assignmentId: 1, retry: false },
    miss: { assignmentId: 1, replace: false },
    logm: { assignmentId: 1 },
    missm: { assignmentId: 1, replace: true },
    ans: { field: 'pain' },
    tsm: { mode: 'new' },
    tss: { action: 'save', token: '0123456789abcdef' },
    pn: { who: 'one', assignmentId: 42 },
    consent: { answer: 'agree', guildId: '123456789012345678' },
    erase: { kind: 'self', guildId: '123456789012345678' },
    pick: { assignmentId: 1, values: { rpe: 1, pain: 0, minutes: 30, painArea: null } },
    painfu: { followupId: 1, settled: true },
    painundo: { adjustmentId: 1 },
    assignagain: { interactionId: '123456789012345678' },
    trpe: { guildId: '123456789012345678', otherSessionId: 3, rpe: 6 },
    rdy: { guildId: '123456789012345678', date: '2026-03-02', soFar: [5, 4], value: 3 },
    nrd: { guildId: '123456789012345678', assignmentId: 9 },
  };
  if (!(prefix in samples)) throw new Error(`no sample value for the new custom id "${prefix}": add one here`);
  return samples[prefix] as never;
}

describe('adopted codecs (issue 13 builds these ids in src/services/allTrainingIds.ts)', () => {
  it('round-trip and refuse other prefixes', () => {
    const tap = { guildId: '123456789012345678', date: '2026-03-02', soFar: [5, 4], value: 3 };
    expect(customIds.readiness.parse(customIds.readiness.encode(tap))).toEqual(tap);
    expect(customIds.teamRpe.parse('trpe:123456789012345678:3:11')).toBeUndefined();
    expect(customIds.nordicDone.parse('log:1')).toBeUndefined();
  });
});

describe('coach-written sessions, /pending and privacy ids', () => {
  const GUILD = '123456789012345678';
  const USER = '223456789012345678';
  const TOKEN = '0123456789abcdef';

  it('parse the ids buttons already sent carry, exactly as they were written before the codecs', () => {
    // Literal ids as render/teamSession.ts and services/privacy.ts built them: a button in an old DM or message still works.
    expect(customIds.whiteboard.parse('tsm:new:')).toEqual({ mode: 'new' });
    expect(customIds.whiteboard.parse('tsm:edit:team-lower-a-2')).toEqual({ mode: 'edit', templateId: 'team-lower-a-2' });
    expect(customIds.whiteboard.parse(`tsm:text:${TOKEN}`)).toEqual({ mode: 'text', token: TOKEN });
    expect(customIds.draftCard.parse(`tss:discard:${TOKEN}`)).toEqual({ action: 'discard', token: TOKEN });
    expect(customIds.nudge.parse('pn:one:17')).toEqual({ who: 'one', assignmentId: 17 });
    expect(customIds.nudge.parse('pn:all:2026-03-01:2026-03-07::')).toEqual({
      who: 'all',
      query: { from: '2026-03-01', to: '2026-03-07', templateId: null, group: null },
    });
    expect(
      customIds.nudge.parse(`pn:all:2026-03-01:2026-03-07:lower-a:${Buffer.from('Sprinters: U18', 'utf8').toString('base64url')}`),
    ).toEqual({
      who: 'all',
      query: { from: '2026-03-01', to: '2026-03-07', templateId: 'lower-a', group: 'Sprinters: U18' },
    });
    expect(customIds.consent.parse(`consent:withdraw:${GUILD}`)).toEqual({ answer: 'withdraw', guildId: GUILD });
    expect(customIds.erase.parse(`erase:self:${GUILD}`)).toEqual({ kind: 'self', guildId: GUILD });
    expect(customIds.erase.parse(`erase:athlete:${GUILD}:${USER}`)).toEqual({ kind: 'athlete', guildId: GUILD, athleteId: USER });
  });

  it('encode what they parse, in the same wire format', () => {
    const both = <T>(c: CustomIdCodec<T>, value: T, id: string) => {
      expect(c.encode(value), id).toBe(id);
      expect(c.parse(id), id).toEqual(value);
    };
    both(customIds.whiteboard, { mode: 'new' }, 'tsm:new:');
    both(customIds.whiteboard, { mode: 'edit', templateId: 'nordic-protocol' }, 'tsm:edit:nordic-protocol');
    both(customIds.whiteboard, { mode: 'text', token: TOKEN }, `tsm:text:${TOKEN}`);
    both(customIds.draftCard, { action: 'fix', token: TOKEN }, `tss:fix:${TOKEN}`);
    both(customIds.nudge, { who: 'one', assignmentId: 5 }, 'pn:one:5');
    both(
      customIds.nudge,
      { who: 'all', query: { from: '2026-03-02', to: '2026-03-02', templateId: null, group: 'Ålesund 1:a' } },
      `pn:all:2026-03-02:2026-03-02::${Buffer.from('Ålesund 1:a', 'utf8').toString('base64url')}`,
    );
    both(customIds.consent, { answer: 'decline', guildId: GUILD }, `consent:decline:${GUILD}`);
    both(customIds.erase, { kind: 'athlete', guildId: GUILD, athleteId: USER }, `erase:athlete:${GUILD}:${USER}`);
  });

  it('refuse malformed ids, negative or zero row ids, unknown kinds and bad dates or snowflakes', () => {
    const refused: [CustomIdCodec<unknown>, string][] = [
      [customIds.whiteboard, 'tsm:new'],
      [customIds.whiteboard, 'tsm:new:x'],
      [customIds.whiteboard, 'tsm:copy:lower-a'],
      [customIds.whiteboard, 'tsm:edit:'],
      [customIds.whiteboard, 'tsm:edit:Lower A'],
      [customIds.whiteboard, 'tsm:text:abc'],
      [customIds.whiteboard, `tsm:text:${TOKEN}:x`],
      [customIds.draftCard, `tss:publish:${TOKEN}`],
      [customIds.draftCard, 'tss:save:'],
      [customIds.draftCard, 'tss:save'],
      [customIds.draftCard, `tss:save:${TOKEN.toUpperCase()}`],
      [customIds.nudge, 'pn:one:0'],
      [customIds.nudge, 'pn:one:-3'],
      [customIds.nudge, 'pn:one:1.5'],
      [customIds.nudge, 'pn:one:'],
      [customIds.nudge, 'pn:some:1'],
      [customIds.nudge, 'pn:2026-03-02'],
      [customIds.nudge, 'pn:all:2026-02-30:2026-03-07::'],
      [customIds.nudge, 'pn:all:2026-03-01:yesterday::'],
      [customIds.nudge, 'pn:all:2026-03-01:2026-03-07:'],
      [customIds.nudge, 'pn:all:2026-03-01:2026-03-07::a+b/'],
      [customIds.consent, `consent:maybe:${GUILD}`],
      [customIds.consent, 'consent:agree:'],
      [customIds.consent, 'consent:agree:12345'],
      [customIds.consent, `consent:agree:${GUILD}:x`],
      [customIds.erase, `erase:everyone:${GUILD}`],
      [customIds.erase, `erase:athlete:${GUILD}`],
      [customIds.erase, `erase:athlete:${GUILD}:-1`],
      [customIds.erase, `erase:self:${GUILD}:${USER}`],
      [customIds.erase, `consent:agree:${GUILD}`],
    ];
    for (const [c, id] of refused) expect(c.parse(id), id).toBeUndefined();
  });

  it('round-trip any /pending query, and leave out a Nudge all that would not fit', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
    const query = fc.record({
      from: day,
      to: day,
      templateId: fc.constantFrom(null, 'lower-a', 'team-our-nordics-2'),
      group: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
    });
    fc.assert(
      fc.property(query, (q) => {
        const id = encodeIfValid(customIds.nudge, { who: 'all', query: q });
        expect(id).toBeDefined();
        expect(customIds.nudge.parse(id!)).toEqual({ who: 'all', query: q });
      }),
    );
    const long = { from: '2026-03-01', to: '2026-03-07', templateId: null, group: 'x'.repeat(80) };
    expect(encodeIfValid(customIds.nudge, { who: 'all', query: long })).toBeUndefined();
    expect(encodeIfValid(customIds.whiteboard, { mode: 'edit', templateId: 'Not Kebab' })).toBeUndefined();
  });
});
