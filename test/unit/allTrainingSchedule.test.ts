import { describe, expect, it } from 'vitest';
import { dueReadinessChecks, dueTeamRpeNudges, type ReadinessTeam } from '../../src/domain/allTrainingSchedule';

const LONDON: ReadinessTeam = { guildId: 'g1', timeZone: 'Europe/London', reminderTime: '08:00', enabled: true, askTime: null };
const session = (over: Partial<Parameters<typeof dueReadinessChecks>[0]['sessions'][number]> = {}) => ({
  guildId: 'g1',
  athleteId: 'ana',
  assignmentId: 1,
  sessionDate: '2026-11-30',
  plannedStartAt: new Date('2026-11-30T17:00:00Z'),
  isMobility: false,
  ...over,
});

describe('dueReadinessChecks', () => {
  const at = (iso: string) => new Date(iso);
  it('is due at the reminder time on the session day, once per athlete and day (first session)', () => {
    const due = dueReadinessChecks({
      teams: [LONDON],
      sessions: [
        session(),
        session({ assignmentId: 2, plannedStartAt: at('2026-11-30T10:00:00Z') }),
        session({ athleteId: 'ben', assignmentId: 3 }),
      ],
      now: at('2026-11-30T08:01:00Z'),
      since: at('2026-11-30T07:59:00Z'),
    });
    expect(due).toEqual([
      { guildId: 'g1', athleteId: 'ana', date: '2026-11-30', assignmentId: 2, dueAt: at('2026-11-30T08:00:00Z') },
      { guildId: 'g1', athleteId: 'ben', date: '2026-11-30', assignmentId: 3, dueAt: at('2026-11-30T08:00:00Z') },
    ]);
  });
  it("uses the team's own ask time in its zone; nothing when off, on mobility days, once started, excused, or outside (since, now]", () => {
    const ny = { ...LONDON, guildId: 'g2', timeZone: 'America/New_York', askTime: '07:30' };
    const s = session({ guildId: 'g2', plannedStartAt: at('2026-11-30T23:00:00Z') });
    expect(
      dueReadinessChecks({ teams: [ny], sessions: [s], now: at('2026-11-30T12:31:00Z'), since: at('2026-11-30T12:29:00Z') }).map(
        (d) => d.dueAt,
      ),
    ).toEqual([at('2026-11-30T12:30:00Z')]);
    const tick = { now: at('2026-11-30T08:01:00Z'), since: at('2026-11-30T07:59:00Z') };
    expect(dueReadinessChecks({ teams: [{ ...LONDON, enabled: false }], sessions: [session()], ...tick })).toEqual([]);
    expect(dueReadinessChecks({ teams: [LONDON], sessions: [session({ isMobility: true })], ...tick })).toEqual([]);
    expect(dueReadinessChecks({ teams: [LONDON], sessions: [session({ plannedStartAt: at('2026-11-30T07:00:00Z') })], ...tick })).toEqual(
      [],
    );
    expect(dueReadinessChecks({ teams: [LONDON], sessions: [session()], ...tick, isExcused: () => true })).toEqual([]);
    expect(
      dueReadinessChecks({ teams: [LONDON], sessions: [session()], now: at('2026-11-30T09:00:00Z'), since: at('2026-11-30T08:00:00Z') }),
    ).toEqual([]);
  });
});

describe('dueTeamRpeNudges', () => {
  it('one nudge 12 h after the prompt (30 min after the end), only while unrated', () => {
    const ended = new Date('2026-11-29T11:30:00Z');
    const c = { guildId: 'g1', otherSessionId: 5, athleteId: 'ana', endsAt: ended, rated: false };
    const tick = { now: new Date('2026-11-30T00:01:00Z'), since: new Date('2026-11-29T23:59:00Z') };
    expect(dueTeamRpeNudges({ sessions: [c], ...tick })).toEqual([
      { guildId: 'g1', otherSessionId: 5, athleteId: 'ana', dueAt: new Date('2026-11-30T00:00:00Z') },
    ]);
    expect(dueTeamRpeNudges({ sessions: [{ ...c, rated: true }], ...tick })).toEqual([]);
    expect(dueTeamRpeNudges({ sessions: [c], now: new Date('2026-11-29T23:59:00Z'), since: new Date('2026-11-29T23:00:00Z') })).toEqual([]);
  });
});
