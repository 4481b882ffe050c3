/**
 * The packer (src/discord/render/pack.ts) and the replies built with it: worked examples, then
 * fast-check properties that whatever squads, group names and user text come in, every piece
 * stays within Discord's limits (https://discord.com/developers/docs/resources/message#create-message,
 * embed limits) and never splits an emoji into a lone surrogate.
 */
import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPrescription, requireTemplate } from '../../src/domain/library';
import { formatAssignSummary } from '../../src/discord/render/assign';
import { deliveryLines } from '../../src/discord/render/delivery';
import {
  chunkLines,
  DISCORD_LIMITS,
  echoUserText,
  embedLength,
  fitContent,
  fitEmbed,
  fitEmbeds,
  listWithMore,
} from '../../src/discord/render/pack';
import type { Assignment } from '../../src/repositories/assignments';
import type { Athlete } from '../../src/repositories/squad';
import type { DeliveryReport } from '../../src/services/assignments';

/** True if the string has a high surrogate without its low one or the reverse (an emoji cut in half). */
function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const EMOJI = ['💪', '🏋️‍♀️', '🦵', '👨‍👩‍👧', '🇳🇿', '😀', 'é', 'ß', '漢', '\n', ' ', '@everyone', '<@123>', '`', '*'];

/** User text: any code points (astral emoji included, never lone surrogates), mixed with emoji and markup. */
const userText = (maxLength = 300) =>
  fc
    .array(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom(...EMOJI)),
      { maxLength },
    )
    .map((parts) => parts.join(''));

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n - 1n }).map(String);

describe('fitContent', () => {
  it('leaves text that fits alone', () => {
    expect(fitContent('Short.', 10)).toBe('Short.');
    expect(fitContent('x'.repeat(2000))).toHaveLength(2000);
  });

  it('cuts at a line end when one is near, else mid-line, with "…" where it cut', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `Line ${i} ${'x'.repeat(80)}`);
    const fitted = fitContent(lines.join('\n'));
    expect(fitted.length).toBeLessThanOrEqual(2000);
    expect(fitted.endsWith('\n…')).toBe(true);
    expect(lines.join('\n').startsWith(fitted.slice(0, -2))).toBe(true);
    expect(fitContent('a'.repeat(30), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('never cuts an emoji in half (Discord counts UTF-16 units)', () => {
    const text = '💪'.repeat(20); // 40 units
    const fitted = fitContent(text, 10);
    expect(fitted).toBe(`${'💪'.repeat(4)}…`);
    expect(hasLoneSurrogate(fitted)).toBe(false);
  });

  it('property: within max, a prefix of the text, no lone surrogates', () => {
    fc.assert(
      fc.property(userText(400), fc.integer({ min: 1, max: 2500 }), (text, max) => {
        const fitted = fitContent(text, max);
        expect(fitted.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(fitted)).toBe(false);
        if (text.length <= max) expect(fitted).toBe(text);
        else expect(text.startsWith(fitted.replace(/\n?…$/, ''))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('echoUserText', () => {
  it('one line, mentions of everyone defused, shortened with "…"', () => {
    expect(echoUserText('  hi\n\nthere @everyone and @here ')).toBe('hi there @\u200beveryone and @\u200bhere');
    expect(echoUserText('a'.repeat(150))).toBe(`${'a'.repeat(99)}…`);
    expect(echoUserText('😀'.repeat(150), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('property: one line, at most max code points, no lone surrogates, no live @everyone', () => {
    fc.assert(
      fc.property(userText(200), fc.integer({ min: 1, max: 300 }), (text, max) => {
        const echoed = echoUserText(text, max);
        expect(Array.from(echoed).length).toBeLessThanOrEqual(max);
        expect(echoed).not.toMatch(/\n/);
        expect(echoed).not.toMatch(/@(everyone|here)/);
        expect(hasLoneSurrogate(echoed)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('listWithMore', () => {
  it('everything when it fits; else as many as fit and "and N more"', () => {
    expect(listWithMore(['Ana', 'Ben'], 100)).toBe('Ana, Ben');
    expect(listWithMore(['Ana', 'Ben', 'Cleo', 'Dev'], 20)).toBe('Ana, Ben, Cleo, Dev');
    expect(listWithMore(['Ana', 'Ben', 'Cleo', 'Dev'], 18)).toBe('Ana, and 3 more');
    expect(listWithMore(['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'], 22)).toBe('Ana, Ben, and 3 more');
    expect(listWithMore(['Anastasia-Marie'], 5)).toBe('and …');
    expect(listWithMore(['<@1>', '<@2>', '<@3>'], 12, { separator: ' ', more: (n) => `+${n}` })).toBe('<@1> <@2> +1');
    expect(listWithMore([], 10)).toBe('');
  });

  it('property: within max; the shown items are a prefix and "N more" counts exactly the rest', () => {
    fc.assert(
      fc.property(fc.array(userText(30), { maxLength: 300 }), fc.integer({ min: 12, max: 2000 }), (items, max) => {
        const out = listWithMore(items, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(out)).toBe(false);
        const all = items.join(', ');
        if (all.length <= max) {
          expect(out).toBe(all);
          return;
        }
        const m = /(?:^|, )and (\d+) more$/.exec(out);
        expect(m, out).not.toBeNull();
        const hidden = Number(m![1]);
        const shown = items.slice(0, items.length - hidden);
        expect(out).toBe(shown.length ? `${shown.join(', ')}, and ${hidden} more` : `and ${hidden} more`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('chunkLines', () => {
  it('packs whole lines into as few chunks as fit', () => {
    expect(chunkLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa\nbbb', 'ccc']);
    expect(chunkLines(['x'.repeat(12)], 5)).toEqual(['xxxx…']);
    expect(chunkLines([])).toEqual([]);
  });

  it('property: every chunk within max, no lone surrogates, and the lines that fit come out whole and in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          userText(40).map((l) => l.replace(/\n/g, ' ')),
          { maxLength: 200 },
        ),
        fc.integer({ min: 2, max: 1024 }),
        (lines, max) => {
          const chunks = chunkLines(lines, max);
          for (const c of chunks) {
            expect(c.length).toBeLessThanOrEqual(max);
            expect(hasLoneSurrogate(c)).toBe(false);
          }
          const kept = lines.filter((l) => l.length > 0 && l.length <= max);
          const out = chunks.flatMap((c) => c.split('\n')).filter((l) => l.length > 0 && !l.endsWith('…'));
          expect(out.filter((l) => kept.includes(l)).length).toBeGreaterThanOrEqual(kept.filter((l) => !l.endsWith('…')).length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Every limit of one embed (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
function expectEmbedWithinLimits(e: APIEmbed) {
  expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
  expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
  expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
  expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.author);
  expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
  expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  expect(hasLoneSurrogate(JSON.stringify(e).replace(/\\u[0-9a-f]{4}/gi, ''))).toBe(false);
  for (const s of [e.title, e.description, e.footer?.text, e.author?.name, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]) {
    if (s !== undefined) expect(hasLoneSurrogate(s), s).toBe(false);
  }
}

const arbitraryEmbed: fc.Arbitrary<APIEmbed> = fc.record(
  {
    title: userText(120),
    description: userText(1200),
    footer: userText(300).map((text) => ({ text })),
    author: userText(80).map((name) => ({ name })),
    fields: fc.array(fc.record({ name: userText(60), value: userText(300), inline: fc.boolean() }), { maxLength: 40 }),
  },
  { requiredKeys: [] },
);

describe('fitEmbed and fitEmbeds', () => {
  it('a 30-field embed keeps 24 fields and says how many more were not shown', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Athlete ${i}`, value: 'ok' }));
    const e = fitEmbed({ title: 'Squad', fields });
    expect(e.fields).toHaveLength(25);
    expect(e.fields![24]).toEqual({ name: '\u200b', value: 'and 6 more not shown' });
  });

  it('empty field names and values become a zero-width space (Discord refuses empty ones)', () => {
    expect(fitEmbed({ fields: [{ name: '', value: '' }] }).fields).toEqual([{ name: '\u200b', value: '\u200b' }]);
  });

  it('over 6,000 in total: fields dropped from the end, then the description shortened', () => {
    const e = fitEmbed({
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 10 }, () => ({ name: 'n', value: 'v'.repeat(1000) })),
    });
    expectEmbedWithinLimits(e);
    expect(e.title).toHaveLength(256);
    expect(e.description).toHaveLength(4096);
    expect(e.fields!.length).toBeLessThan(10);
  });

  it('fields dropped to keep within 6,000 are counted too, never silently lost', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `Athlete ${i}`, value: 'v'.repeat(400) }));
    const e = fitEmbed({ title: 'Squad', fields });
    expectEmbedWithinLimits(e);
    const last = e.fields!.at(-1)!;
    const shown = e.fields!.length - 1;
    expect(last).toEqual({ name: '\u200b', value: `and ${30 - shown} more not shown` });
    expect(e.fields!.slice(0, -1).map((f) => f.name)).toEqual(fields.slice(0, shown).map((f) => f.name));
  });

  it('fitEmbeds: at most 10 embeds and 6,000 characters across them', () => {
    const big = { description: 'x'.repeat(2500) };
    const out = fitEmbeds(Array.from({ length: 12 }, () => big));
    expect(out).toHaveLength(2);
    expect(fitEmbeds(Array.from({ length: 12 }, () => ({ title: 'small' })))).toHaveLength(10);
  });

  it('property: any embed fits every limit', () => {
    fc.assert(
      fc.property(arbitraryEmbed, (e) => {
        const fitted = fitEmbed(e);
        expectEmbedWithinLimits(fitted);
        // Every field is either shown or counted in "and N more not shown".
        const more = /^and (\d+) more not shown$/.exec(fitted.fields?.at(-1)?.value ?? '');
        const shown = (fitted.fields?.length ?? 0) - (more ? 1 : 0);
        expect(shown + Number(more?.[1] ?? 0)).toBe(e.fields?.length ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it('property: any list of embeds fits the per-message limits', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEmbed, { maxLength: 14 }), (embeds) => {
        const out = fitEmbeds(embeds);
        expect(out.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
        expect(out.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
        out.forEach(expectEmbedWithinLimits);
      }),
      { numRuns: 60 },
    );
  });
});

const prescription = toPrescription(requireTemplate('glute-ham-emphasis'));

function assignmentFor(athleteId: string, i: number): Assignment {
  return {
    id: i + 1,
    guildId: '900000000000000001',
    athleteId,
    templateId: prescription.templateId,
    title: prescription.title,
    sessionDate: '2026-03-02',
    plannedStartAt: '2026-03-02T17:00:00.000Z',
    plannedMinutes: 60,
    prescription,
    note: null,
    assignedBy: '100000000000000001',
    createdAt: '2026-03-01T10:00:00.000Z',
    deliveredVia: null,
    deliveredAt: null,
    dmChannelId: null,
    dmMessageId: null,
    programId: null,
    batchId: null,
    cancelledAt: null,
    cancelledBy: null,
    movedFromDate: null,
    programWeek: null,
    checkin: null,
  };
}

const athlete = (userId: string, displayName: string, groups: string[]): Athlete => ({
  guildId: '900000000000000001',
  userId,
  displayName,
  groups,
  addedAt: '2026-03-01T00:00:00.000Z',
});

/** A squad of up to 300 athletes with arbitrary ids, names and groups, each in one delivery state. */
const squadReport: fc.Arbitrary<DeliveryReport> = fc
  .uniqueArray(
    fc.record({
      id: snowflake,
      name: userText(40),
      groups: fc.array(userText(30), { maxLength: 3 }),
      state: fc.nat(9),
      why: fc.oneof(userText(260), fc.string({ unit: fc.constantFrom('💪', 'x', '🇳🇿'), minLength: 150, maxLength: 260 })),
    }),
    {
      minLength: 1,
      maxLength: 300,
      selector: (a) => a.id,
    },
  )
  .map((rows) => {
    const report: DeliveryReport = {
      assignments: rows.map((r, i) => assignmentFor(r.id, i)),
      deliveries: [],
      byDm: [],
      fellBack: [],
      unreached: [],
      pending: [],
    };
    for (const [i, r] of rows.entries()) {
      const a = athlete(r.id, r.name, r.groups);
      report.deliveries.push({ item: a, outboxId: i + 1 });
      // Mostly delivered, as a real squad would be.
      if (r.state < 6) report.byDm.push(a);
      else if (r.state === 6) report.pending.push(a);
      else if (r.state === 7) report.fellBack.push(a);
      else report.unreached.push({ item: a, why: r.why });
    }
    return report;
  });

/** The count a line says and the mentions it lists (shown + "N more" must be everyone). */
function mentionCount(line: string): { said: number; shown: number; more: number } {
  const said = Number(/ (\d+)(?:[: (]| \()/.exec(line)?.[1] ?? NaN);
  const shown = (line.match(/<@\d{17,20}>/g) ?? []).length;
  const more = Number(/(\d+) more/.exec(line)?.[1] ?? 0);
  return { said, shown, more };
}

describe('/assign summary and delivery lines', () => {
  it('200 athletes delivered by DM: one summary under 2,000 characters that counts them all', () => {
    const ids = Array.from({ length: 200 }, (_, i) => String(200000000000000000n + BigInt(i)));
    const byDm = ids.map((id) => athlete(id, 'A', []));
    const report: DeliveryReport = {
      assignments: ids.map(assignmentFor),
      deliveries: byDm.map((item, i) => ({ item, outboxId: i + 1 })),
      byDm,
      fellBack: [],
      unreached: [],
      pending: [],
    };
    const summary = formatAssignSummary(report);
    expect(summary.length).toBeLessThanOrEqual(2000);
    expect(summary).toContain('assigned to 200 athletes');
    expect(summary).toContain('sent by DM to 200');
    const { shown, more } = mentionCount(summary.split('\n')[1]!);
    expect(shown + more).toBe(200);
    expect(summary).not.toContain('…');
  });

  it('a reason cut to fit never leaves half an emoji', () => {
    const a = athlete('200000000000000001', 'Ana', []);
    const why = `${'x'.repeat(199)}💪 and more`;
    const [line] = deliveryLines({ byDm: [], fellBack: [], pending: [], unreached: [{ item: a, why }] }, 'Session', 'Saved.');
    expect(hasLoneSurrogate(line!)).toBe(false);
    expect(line).toContain(`(${'x'.repeat(199)}`);
  });

  it('property: up to 300 athletes in any states, with any reasons, fit one message; every count is whole', () => {
    fc.assert(
      fc.property(squadReport, (report) => {
        const summary = formatAssignSummary(report);
        expect(summary.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
        expect(hasLoneSurrogate(summary)).toBe(false);
        // Bounded lists make it fit without the last-resort cut.
        expect(summary.endsWith('…')).toBe(false);
        const lines = deliveryLines(report, 'Session', 'The session is saved; they can see it with `/today`.');
        expect(summary.split('\n').slice(1)).toEqual(lines.flatMap((l) => l.split('\n')));
        const groups: [string, number][] = [
          ['📬', report.byDm.length],
          ['⏳', report.pending.length],
          ['⚠️', report.fellBack.length],
          ['❌', report.unreached.length],
        ];
        for (const [icon, n] of groups) {
          const line = lines.find((l) => l.startsWith(icon));
          if (n === 0) {
            expect(line).toBeUndefined();
            continue;
          }
          expect(line).toBeDefined();
          const { shown, more } = mentionCount(line!);
          expect(shown + more, line).toBe(n);
        }
        for (const l of lines) expect(hasLoneSurrogate(l), l).toBe(false);
      }),
      { numRuns: 120 },
    );
  });
});
