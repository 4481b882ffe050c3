import { describe, expect, it } from 'vitest';
import { nameList, teamAllTrainingLines, type TeamAllTrainingWeek } from '../../src/services/allTrainingFigures';
import { weekdayShort } from '../../src/domain/time';

describe("teamAllTrainingLines (the digest's lines for issue 13)", () => {
  it('states other training by type, the Nordic line and readiness lows', () => {
    const w: TeamAllTrainingWeek = {
      otherByType: { practice: 4200, match: 3600, conditioning: 600, other: 0, total: 8400 },
      otherSessions: 14,
      unrated: 3,
      nordicTeam: 0.68,
      nordicBelow: [
        { athleteId: 'b', displayName: 'Ben', compliance: 0.12 },
        { athleteId: 'a', displayName: 'Ana', compliance: 0.42 },
      ],
      readinessAnswers: 31,
      readinessLow: [{ athleteId: 'c', displayName: 'Cal', localDate: '2026-11-24', z: -1.8 }],
    };
    expect(teamAllTrainingLines(w, weekdayShort)).toEqual([
      'Other training: 14 sessions, 8400 AU (practice 4200, match 3600, conditioning 600); 3 RPEs missing',
      'Nordic: team 68 % of planned reps; below the 50 % line: Ben 12 %, Ana 42 % (Ripley et al. 2021)',
      'Readiness: 31 answers; below their own normal: Cal Tue',
    ]);
  });

  it('stays inside one embed field (1024 characters) with 40 athletes of 32-character names all below the lines', () => {
    const name = (i: number) => `Athlete number ${String(i).padStart(2, '0')} with a long nam`.slice(0, 32);
    const forty = Array.from({ length: 40 }, (_, i) => i);
    const w: TeamAllTrainingWeek = {
      otherByType: { practice: 99999, match: 99999, conditioning: 99999, other: 99999, total: 399996 },
      otherSessions: 400,
      unrated: 40,
      nordicTeam: 0.2,
      nordicBelow: forty.map((i) => ({ athleteId: String(i), displayName: name(i), compliance: 0.1 })),
      readinessAnswers: 280,
      readinessLow: forty.map((i) => ({ athleteId: String(i), displayName: name(i), localDate: '2026-11-24', z: -2 })),
    };
    const lines = teamAllTrainingLines(w, weekdayShort);
    expect(lines.join('\n').length).toBeLessThanOrEqual(1024);
    expect(lines[1]).toContain('+32 more');
    expect(nameList(['a', 'b'], 8)).toBe('a, b');
  });
});

describe('allTrainingField', () => {
  it('one embed field within 1024 characters, cut at a line', async () => {
    const { allTrainingField } = await import('../../src/discord/render/allTraining');
    expect(allTrainingField([])).toBeUndefined();
    expect(allTrainingField(['a', 'b'])).toEqual({ name: 'All training this week', value: 'a\nb' });
    const long = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(60, 'x'));
    const f = allTrainingField(long)!;
    expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(f.value.split('\n')).toHaveLength(16); // 16 x 61 - 1 = 975; 17 would be 1036
  });
});
