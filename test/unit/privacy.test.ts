import { describe, expect, it } from 'vitest';
import {
  columnRole,
  consentLabel,
  guildDeletionAt,
  looksLikePersonColumn,
  retentionCutoff,
  storesReports,
  teamsDueForDeletion,
} from '../../src/domain/privacy';
import { consentNotice } from '../../src/services/privacy';

const at = (s: string) => new Date(s);

describe('consent (GDPR Art. 9(2)(a): explicit consent for health data)', () => {
  it('stores reports only after "I agree"; no answer is not consent', () => {
    expect(storesReports(null)).toBe(false);
    expect(storesReports({ state: 'declined', changedAt: at('2026-11-01T00:00:00Z'), givenAt: null })).toBe(false);
    expect(storesReports({ state: 'withdrawn', changedAt: at('2026-11-02T00:00:00Z'), givenAt: at('2026-11-01T00:00:00Z') })).toBe(false);
    expect(storesReports({ state: 'given', changedAt: at('2026-11-01T00:00:00Z'), givenAt: at('2026-11-01T00:00:00Z') })).toBe(true);
  });

  it('staff read "no consent", not an error', () => {
    expect(consentLabel(null)).toBe('consent not answered yet');
    expect(consentLabel({ state: 'declined', changedAt: at('2026-11-01T00:00:00Z'), givenAt: null })).toBe('no consent');
  });

  it('the welcome DM part says what, who, how long and how to export or erase, with the two buttons', () => {
    const n = consentNotice({ guildId: '900000000000000001', retentionMonths: 18 }, { teamName: 'Harbour RFC', readiness: true });
    expect(n.text).toContain('RPE');
    expect(n.text).toContain('pain (0-10) and where');
    expect(n.text).toContain('readiness answers');
    expect(n.text).toContain("your team's staff");
    expect(n.text).toContain('18 months');
    expect(n.text).toContain('`/privacy export`');
    expect(n.text).toContain('`/privacy erase`');
    expect(n.buttons?.map((b) => [b.label, b.customId])).toEqual([
      ['I agree', 'consent:agree:900000000000000001'],
      ['No thanks', 'consent:decline:900000000000000001'],
    ]);
    expect(consentNotice({ guildId: '1', retentionMonths: 24 }).text).not.toContain('readiness');
  });
});

describe('retention and the bot leaving (Art. 5(1)(e); Discord Developer Policy: 30 days)', () => {
  it('cuts off whole calendar months back, clamping to the month end', () => {
    expect(retentionCutoff(at('2026-11-29T10:00:00Z'), 24)).toEqual(at('2024-11-29T10:00:00Z'));
    expect(retentionCutoff(at('2026-03-31T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2026-02-28');
    expect(() => retentionCutoff(at('2026-11-29T00:00:00Z'), 0)).toThrow(RangeError);
    expect(() => retentionCutoff(at('2026-11-29T00:00:00Z'), 121)).toThrow(RangeError);
  });

  it('deletes a team 30 days to the minute after the bot left, and never one it is still in', () => {
    expect(guildDeletionAt(at('2026-11-23T06:00:00Z'))).toEqual(at('2026-12-23T06:00:00Z'));
    const teams = [
      { guildId: 'a', leftAt: at('2026-11-23T06:00:00Z') },
      { guildId: 'b', leftAt: null },
      { guildId: 'c', leftAt: at('2026-11-24T06:00:00Z') },
    ];
    expect(teamsDueForDeletion(teams, at('2026-12-23T05:59:59Z'))).toEqual([]);
    expect(teamsDueForDeletion(teams, at('2026-12-23T06:00:00Z'))).toEqual(['a']);
  });
});

describe('which columns hold a person', () => {
  it('subjects are erased, actors are staff, and anything else person-like must be renamed', () => {
    expect(['athlete_id', 'user_id', 'subject'].map(columnRole)).toEqual(['subject', 'subject', 'subject']);
    expect(['assigned_by', 'undone_by', 'actor_id'].map(columnRole)).toEqual(['actor', 'actor', 'actor']);
    expect(['guild_id', 'assignment_id', 'owner', 'coach_role_id'].map(looksLikePersonColumn)).toEqual([false, false, false, false]);
    expect(['member_id', 'author', 'users', 'mentions'].map(looksLikePersonColumn)).toEqual([true, true, true, true]);
  });
});
