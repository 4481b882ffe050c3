import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nordicCompliance, parseNordicReps } from '../../src/domain/nordic';
import { OTHER_SESSION_TYPES, parseOtherSessionReply } from '../../src/domain/otherTraining';
import { parseReadinessReply, READINESS_ITEMS } from '../../src/domain/readiness';

describe('issue 13 readers and compliance: properties', () => {
  it('any five answers 1-7 typed with spaces or commas read back in item order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 5, maxLength: 5 }),
        fc.constantFrom(' ', ',', ', ', '  '),
        (values, sep) => {
          const r = parseReadinessReply(values.join(sep));
          expect(r).toEqual({ ok: true, answers: Object.fromEntries(READINESS_ITEMS.map((k, i) => [k, values[i]])) });
        },
      ),
    );
  });

  it('"<type> <rpe> <minutes>" reads back for every type, RPE 0-10 and minutes 11-600, in either order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OTHER_SESSION_TYPES),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 11, max: 600 }),
        fc.boolean(),
        (type, rpe, minutes, swap) => {
          const r = parseOtherSessionReply(swap ? `${type} ${minutes} ${rpe}` : `${type} ${rpe} ${minutes}`);
          expect(r).toEqual({ kind: 'other', values: { type, rpe, minutes, pain: null, when: null } });
        },
      ),
    );
  });

  it('typed sets read back; compliance stays within 0-1 and never rises when a session is missed instead of done', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }), (reps) => {
        expect(parseNordicReps(reps.join(' '))).toEqual({ ok: true, reps, quality: null });
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            week: fc.integer({ min: 1, max: 12 }),
            done: fc.boolean(),
            reps: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (rows) => {
          const sessions = rows.map((r, i) => ({
            week: r.week,
            localDate: `2026-10-${String(i + 1).padStart(2, '0')}`,
            outcome: r.done ? ('done' as const) : ('missed' as const),
            reps: r.reps,
          }));
          const c = nordicCompliance(sessions, '2026-11-29').protocol;
          expect(c.compliance).toBeGreaterThanOrEqual(0);
          expect(c.compliance).toBeLessThanOrEqual(1);
          const worse = nordicCompliance(
            sessions.map((s, i) => (i === 0 ? { ...s, outcome: 'missed' as const } : s)),
            '2026-11-29',
          ).protocol;
          expect(worse.compliance!).toBeLessThanOrEqual(c.compliance!);
        },
      ),
    );
  });
});
