import { describe, expect, it } from 'vitest';
import { rollingAcwr, type DatedLoad } from '../../src/domain/load';
import {
  allTrainingDailyLoads,
  otherSessionDate,
  otherSessionLoad,
  parseOtherSessionReply,
  parseRpeAnswer,
  weekOfAllTraining,
  type OtherSessionLoad,
} from '../../src/domain/otherTraining';
import { addDays } from '../../src/domain/time';

const MON = '2026-11-23';

describe('other sessions add into the daily load (Foster et al. 2001: session-RPE over all training)', () => {
  // Gym: Mon RPE 6 x 60 = 360 AU, Wed RPE 7 x 50 = 350 AU (assigned check-ins).
  const gym: DatedLoad[] = [
    { localDate: '2026-11-23', load: 360 },
    { localDate: '2026-11-25', load: 350 },
  ];
  // Tue practice RPE 6 x 75 = 450 AU; Sat match RPE 8 x 90 = 720 AU.
  const other: OtherSessionLoad[] = [
    { localDate: '2026-11-24', type: 'practice', rpe: 6, minutes: 75 },
    { localDate: '2026-11-28', type: 'match', rpe: 8, minutes: 90 },
  ];

  it('an other session is CR-10 x minutes like any session', () => {
    expect(otherSessionLoad({ rpe: 8, minutes: 90 })).toBe(720);
    expect(() => otherSessionLoad({ rpe: 11, minutes: 90 })).toThrow(RangeError);
  });

  it('sums gym and other sessions per day, rest days 0, and splits the week by type', () => {
    expect(allTrainingDailyLoads(gym, other, MON, addDays(MON, 6))).toEqual([360, 450, 350, 0, 0, 720, 0]);
    const week = weekOfAllTraining(gym, other, MON);
    // 360 + 350 = 710 assigned; 450 practice; 720 match; total 1880.
    expect(week.byType).toEqual({ assigned: 710, practice: 450, match: 720, conditioning: 0, other: 0, total: 1880 });
  });

  it('two sessions on one day add up (a gym session and a practice the same Monday)', () => {
    const same: OtherSessionLoad[] = [{ localDate: MON, type: 'practice', rpe: 5, minutes: 60 }];
    expect(allTrainingDailyLoads(gym, same, MON, MON)).toEqual([360 + 300]);
  });

  it('monotony and strain over the mixed week (Foster 1998, population SD)', () => {
    // mean = 1880 / 7 = 268.571; deviations 91.43, 181.43, 81.43, -268.57 x3, 451.43;
    // sum of squares = 468 085.7, / 7 = 66 869.4, SD = 258.59; monotony = 268.571 / 258.59 = 1.0386;
    // strain = 1880 x 1.0386 = 1952.6. Gym alone: [360,0,350,0,0,0,0] -> monotony 0.632, strain 449.
    const { monotony } = weekOfAllTraining(gym, other, MON);
    expect(monotony.weeklyLoad).toBe(1880);
    expect(monotony.sd).toBeCloseTo(258.59, 2);
    expect(monotony.monotony).toBeCloseTo(1.0386, 4);
    expect(monotony.strain).toBeCloseTo(1952.6, 1);
    const gymOnly = weekOfAllTraining(gym, [], MON).monotony;
    expect(gymOnly.monotony).toBeCloseTo(0.6324, 4);
    expect(gymOnly.strain).toBeCloseTo(449.0, 1);
  });

  it('with practice and a match every day, monotony can reach the 2.0 line that three gym sessions never reach', () => {
    // Gym Mon/Wed/Fri 300 AU each: [300,0,300,0,300,0,0]: mean 900/7, SD = sqrt(1 080 000)/7 = 148.46,
    // monotony = 900 / sqrt(1 080 000) = sqrt(3)/2 = 0.866.
    const gym3: DatedLoad[] = [0, 2, 4].map((d) => ({ localDate: addDays(MON, d), load: 300 }));
    expect(weekOfAllTraining(gym3, [], MON).monotony.monotony).toBeCloseTo(Math.sqrt(3) / 2, 6);
    // Add practice Tue/Thu (RPE 5 x 60 = 300) and a match Sat (RPE 6 x 50 = 300): [300 x 6, 0]:
    // mean 1800/7, SD = 300 x sqrt(6) / 7, monotony = sqrt(6) = 2.449, strain = 1800 x sqrt(6) = 4409.1.
    const pitch: OtherSessionLoad[] = [
      { localDate: addDays(MON, 1), type: 'practice', rpe: 5, minutes: 60 },
      { localDate: addDays(MON, 3), type: 'practice', rpe: 5, minutes: 60 },
      { localDate: addDays(MON, 5), type: 'match', rpe: 6, minutes: 50 },
    ];
    const mixed = weekOfAllTraining(gym3, pitch, MON).monotony;
    expect(mixed.monotony).toBeCloseTo(Math.sqrt(6), 6);
    expect(mixed.monotony!).toBeGreaterThan(2);
    expect(mixed.strain).toBeCloseTo(4409.08, 2);
  });

  it('the coupled rolling ACWR sees the extra week of pitch work the gym log missed', () => {
    // Four weeks of gym Mon + Thu 300 AU (600 a week); in the last week also practice 450 and a match 720.
    const from = addDays(MON, -21);
    const gym4: DatedLoad[] = [0, 7, 14, 21].flatMap((w) => [0, 3].map((d) => ({ localDate: addDays(from, w + d), load: 300 })));
    const pitch: OtherSessionLoad[] = [
      { localDate: addDays(MON, 1), type: 'practice', rpe: 6, minutes: 75 },
      { localDate: addDays(MON, 5), type: 'match', rpe: 8, minutes: 90 },
    ];
    const gymOnly = rollingAcwr(allTrainingDailyLoads(gym4, [], from, addDays(MON, 6)), { mode: 'coupled' });
    expect(gymOnly.ratio).toBe(1); // 600 / (2400 / 4)
    const all = rollingAcwr(allTrainingDailyLoads(gym4, pitch, from, addDays(MON, 6)), { mode: 'coupled' });
    // acute = 600 + 450 + 720 = 1770; chronic = (1800 + 1770) / 4 = 892.5; ratio = 1.983.
    expect(all.acute).toBe(1770);
    expect(all.chronic).toBe(892.5);
    expect(all.ratio).toBeCloseTo(1.983, 3);
  });
});

describe('otherSessionDate: today or up to 14 days back', () => {
  const today = '2026-11-29';
  it.each([
    [null, '2026-11-29'],
    ['', '2026-11-29'],
    ['yesterday', '2026-11-28'],
    ['3 days ago', '2026-11-26'],
    ['2026-11-15', '2026-11-15'],
  ])('%s -> %s', (input, date) => {
    expect(otherSessionDate(input, today)).toEqual({ ok: true, date });
  });
  it('refuses the future, more than 14 days back and unreadable dates, saying what works', () => {
    expect(otherSessionDate('2026-11-30', today)).toMatchObject({ ok: false, message: expect.stringContaining('future') });
    expect(otherSessionDate('2026-11-14', today)).toMatchObject({
      ok: false,
      message: expect.stringContaining('from 2026-11-15 to today'),
    });
    expect(otherSessionDate('last tuesday', today)).toMatchObject({ ok: false, message: expect.stringContaining('YYYY-MM-DD') });
  });
});

describe('parseOtherSessionReply', () => {
  it.each([
    ['match 8 90', { type: 'match', rpe: 8, minutes: 90, pain: null, when: null }],
    ['practice rpe 6 75 min', { type: 'practice', rpe: 6, minutes: 75, pain: null, when: null }],
    ['Conditioning 7 40 pain 2 yesterday', { type: 'conditioning', rpe: 7, minutes: 40, pain: 2, when: 'yesterday' }],
    ['match 90 8', { type: 'match', rpe: 8, minutes: 90, pain: null, when: null }],
    ['other 5 30min 2026-11-20', { type: 'other', rpe: 5, minutes: 30, pain: null, when: '2026-11-20' }],
    ['game 9 80', { type: 'match', rpe: 9, minutes: 80, pain: null, when: null }],
  ])('%s', (text, values) => {
    expect(parseOtherSessionReply(text)).toEqual({ kind: 'other', values });
  });
  it('leaves messages that are not about another session to the other readers', () => {
    expect(parseOtherSessionReply('7 2 45')).toEqual({ kind: 'not_other' });
    expect(parseOtherSessionReply('5 4 3 5 6')).toEqual({ kind: 'not_other' });
  });
  it('asks instead of guessing', () => {
    expect(parseOtherSessionReply('match 90')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('RPE') });
    expect(parseOtherSessionReply('match 8')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('minutes') });
    expect(parseOtherSessionReply('match 8.5 90')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('whole number') });
    expect(parseOtherSessionReply('match rpe 12 90')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('0 to 10') });
    expect(parseOtherSessionReply('match 8 90 60')).toMatchObject({ kind: 'invalid' });
  });
  it('parseRpeAnswer takes one 0-10 number', () => {
    expect(parseRpeAnswer('7')).toEqual({ ok: true, rpe: 7 });
    expect(parseRpeAnswer('rpe 10')).toEqual({ ok: true, rpe: 10 });
    expect(parseRpeAnswer('11')).toMatchObject({ ok: false });
    expect(parseRpeAnswer('hard')).toMatchObject({ ok: false });
  });
});

describe('otherTrainingCsv', () => {
  it('one row per session with its type, load and an empty RPE for an unrated team session; names are formula-escaped', async () => {
    const { otherTrainingCsv } = await import('../../src/csv/allTraining');
    const base = { guildId: 'g', teamSessionId: null, pain: null, loggedBy: 'a', createdAt: '', ratedAt: null } as const;
    const csv = otherTrainingCsv(
      [
        {
          ...base,
          id: 1,
          athleteId: 'a',
          athleteName: '=cmd',
          type: 'match',
          sessionDate: '2026-11-28',
          rpe: 8,
          minutes: 90,
          loadAu: 720,
          source: 'command',
        },
        {
          ...base,
          id: 2,
          athleteId: 'b',
          athleteName: 'Ben',
          type: 'practice',
          sessionDate: '2026-11-29',
          rpe: null,
          minutes: 75,
          loadAu: null,
          teamSessionId: 4,
          source: 'team_session',
        },
      ],
      'Europe/London',
    ).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'other_session_id,session_date,iso_week,weekday,time_zone,athlete_id,athlete_name,type,team_session_id,rpe,minutes,load_au,pain,logged_via',
    );
    expect(lines[1]).toBe("1,2026-11-28,2026-W48,Sat,Europe/London,a,'=cmd,Match,,8,90,720,,command");
    expect(lines[2]).toBe('2,2026-11-29,2026-W48,Sun,Europe/London,b,Ben,Practice,4,,75,,,team session');
  });
});
