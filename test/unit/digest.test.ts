import { describe, expect, it } from 'vitest';
import {
  DIGEST_LOOKBACK_DAYS,
  athleteWeek,
  buildDigest,
  countSessions,
  loadWindowStart,
  parseWeekInput,
  weekJustEnded,
  weekSpan,
  weeksEndingWith,
  type DigestAthlete,
  type DigestSessionRow,
} from '../../src/domain/digest';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { addDays, formatIsoWeek, localDateOf } from '../../src/domain/time';
import { renderAthleteTrend, renderDigest } from '../../src/discord/render/digest';
import { summaryLines } from '../../src/discord/render/digestText';
import { DISCORD_LIMITS, embedLength } from '../../src/discord/render/pack';
import { digestSlotsBetween } from '../../src/scheduler/jobs/weeklyDigest';

// ---------------------------------------------------------------------------
// Row builders
// ---------------------------------------------------------------------------

const EMPHASIS = JSON.stringify(toPrescription(requireTemplate('glute-ham-emphasis'))); // G 6.5, H 11.5, LB 2
const RUNNER_2 = JSON.stringify(toPrescription(requireTemplate('runner-phase-2-loading'))); // G 5.5, H 6.5, LB 1.5
const MOBILITY = JSON.stringify(toPrescription(requireTemplate('mobility-day'))); // no hard sets

let nextId = 1;
function session(athleteId: string, sessionDate: string, extra: Partial<DigestSessionRow> = {}): DigestSessionRow {
  return {
    assignmentId: nextId++,
    athleteId,
    sessionDate,
    title: 'Glute & hamstring emphasis day',
    prescriptionJson: EMPHASIS,
    outcome: null,
    rpe: null,
    minutes: null,
    pain: null,
    painArea: null,
    loadAu: null,
    plannedMinutes: 60,
    deload: false,
    excused: false,
    painFollowup: null,
    ...extra,
  };
}

/** A completed session: load = RPE x minutes (Foster et al. 2001), as the database computes it. */
function done(
  athleteId: string,
  sessionDate: string,
  rpe: number,
  minutes: number,
  extra: Partial<DigestSessionRow> = {},
): DigestSessionRow {
  return session(athleteId, sessionDate, { outcome: 'completed', rpe, minutes, pain: 0, loadAu: rpe * minutes, ...extra });
}

function missed(athleteId: string, sessionDate: string, extra: Partial<DigestSessionRow> = {}): DigestSessionRow {
  return session(athleteId, sessionDate, { outcome: 'missed', ...extra });
}

const ann: DigestAthlete = { userId: 'ann', displayName: 'Ann', groups: ['sprinters'], active: true };
const bob: DigestAthlete = { userId: 'bob', displayName: 'Bob', groups: [], active: true };
const cid: DigestAthlete = { userId: 'cid', displayName: 'Cid', groups: ['sprinters'], active: true };

const W11 = { year: 2026, week: 11 }; // Mon 2026-03-09 .. Sun 2026-03-15

/** Steady history: Mon/Wed/Fri at `load` AU for the `weeks` weeks before `monday`. */
function steadyHistory(athleteId: string, monday: string, weeks: number, load = 400): DigestSessionRow[] {
  const rows: DigestSessionRow[] = [];
  for (let w = weeks; w >= 1; w--) {
    for (const d of [0, 2, 4]) rows.push(done(athleteId, addDays(monday, -7 * w + d), 8, load / 8));
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Weeks
// ---------------------------------------------------------------------------

describe('weeks', () => {
  it('ISO week 53 of 2026 runs Mon 2026-12-28 to Sun 2027-01-03', () => {
    const span = weekSpan({ year: 2026, week: 53 });
    expect(span).toEqual({ week: { year: 2026, week: 53 }, label: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    expect(parseWeekInput('2026-W53', '2027-01-05')).toEqual({ ok: true, value: { year: 2026, week: 53 } });
    expect(parseWeekInput('2026w53', '2027-01-05')).toEqual({ ok: true, value: { year: 2026, week: 53 } });
    // A date in that week, on either side of New Year.
    expect(parseWeekInput('2027-01-02', '2027-01-05')).toEqual({ ok: true, value: { year: 2026, week: 53 } });
    expect(parseWeekInput('2026-12-28', '2027-01-05')).toEqual({ ok: true, value: { year: 2026, week: 53 } });
    // 'last' on Monday 4 January 2027 is week 53 of 2026.
    expect(parseWeekInput('last', '2027-01-04')).toEqual({ ok: true, value: { year: 2026, week: 53 } });
    expect(weekJustEnded('2027-01-04')).toEqual({ year: 2026, week: 53 });
    // 2025 has 52 ISO weeks.
    const bad = parseWeekInput('2025-W53', '2027-01-05');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('2025 has ISO weeks 1 to 52');
    expect(weeksEndingWith({ year: 2027, week: 1 }, 3).map(formatIsoWeek)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
  });

  it('refuses weeks that have not started and unreadable input; accepts "this"', () => {
    expect(parseWeekInput('2026-W12', '2026-03-15').ok).toBe(false);
    expect(parseWeekInput('2026-W12', '2026-03-16')).toEqual({ ok: true, value: { year: 2026, week: 12 } });
    expect(parseWeekInput('this', '2026-03-11')).toEqual({ ok: true, value: { year: 2026, week: 11 } });
    expect(parseWeekInput('2026-02-30', '2026-03-11').ok).toBe(false);
    expect(parseWeekInput('soon', '2026-03-11').ok).toBe(false);
    expect(parseWeekInput(null, '2026-03-16')).toEqual({ ok: true, value: W11 });
  });

  it('the load window is 8 whole weeks ending on the reported Sunday', () => {
    expect(DIGEST_LOOKBACK_DAYS).toBe(56);
    expect(loadWindowStart('2026-03-15')).toBe('2026-01-19'); // a Monday, 55 days earlier
  });
});

// ---------------------------------------------------------------------------
// Monotony and strain (Foster 1998)
// ---------------------------------------------------------------------------

describe('monotony and strain, worked by hand', () => {
  it('three equal sessions: monotony sqrt(3/4) = 0.866, strain 1200 x 0.866 = 1039', () => {
    // Mon, Wed, Fri at RPE 8 x 50 min = 400 AU; rest days 0.
    // Daily loads [400, 0, 400, 0, 400, 0, 0]: mean 1200/7 = 171.43;
    // population SD = 400 x sqrt(3 x 4) / 7 = 197.95; monotony = 171.43 / 197.95 = sqrt(3/4) = 0.8660;
    // strain = weekly load x monotony = 1200 x 0.8660 = 1039.2 AU.
    const rows = [done('ann', '2026-03-09', 8, 50), done('ann', '2026-03-11', 8, 50), done('ann', '2026-03-13', 8, 50)];
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.load.daily).toEqual([400, 0, 400, 0, 400, 0, 0]);
    expect(f.load.weekly).toBe(1200);
    expect(f.load.monotony).toBeCloseTo(Math.sqrt(3 / 4), 10);
    expect(f.load.monotony).toBeCloseTo(0.866, 3);
    expect(f.load.strain).toBeCloseTo(1039.23, 2);
  });

  it('six equal days: monotony sqrt(6) = 2.45 > 2.0 and strain 3000 x 2.45 = 7348 > 6000 are amber', () => {
    const rows = ['09', '10', '11', '12', '13', '14'].map((d) => done('ann', `2026-03-${d}`, 5, 100, { prescriptionJson: MOBILITY }));
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.load.monotony).toBeCloseTo(Math.sqrt(6), 10);
    expect(f.load.strain).toBeCloseTo(3000 * Math.sqrt(6), 6);
    expect(f.status.level).toBe('amber');
    expect(f.status.reasons.map((r) => r.text)).toEqual([
      'Monotony 2.45 (above 2.0): similar load every day; plan easier days between hard ones.',
      'Strain 7348 AU (above 6000): a heavy, monotonous week; lighten the next one.',
    ]);
  });

  it('three training days: monotony cannot reach 2.0 (at most sqrt(3/4)), so it is not a check', () => {
    const rows = [done('ann', '2026-03-09', 8, 50), done('ann', '2026-03-11', 8, 50), done('ann', '2026-03-13', 8, 50)];
    expect(athleteWeek(ann, rows, W11, undefined).status.checks).not.toContain('monotony');
  });

  it('the same load every day: SD 0, monotony and strain not defined (null), shown as such', () => {
    const rows = ['09', '10', '11', '12', '13', '14', '15'].map((d) => done('ann', `2026-03-${d}`, 3, 100));
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.load.daily).toEqual([300, 300, 300, 300, 300, 300, 300]);
    expect(f.load.monotony).toBeNull();
    expect(f.load.strain).toBeNull();
    const text = renderDigest(buildDigest({ week: W11, roster: [ann], rows, historyStarts: new Map() }), { timeZone: 'UTC' })
      .flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []))
      .map((x) => x.value)
      .join('\n');
    expect(text).not.toMatch(/monotony/i); // not defined, and nothing to explain
    expect(buildDigest({ week: W11, roster: [ann], rows, historyStarts: new Map() }).athletes[0]!.status.level).toBe('green');
  });
});

// ---------------------------------------------------------------------------
// Compliance
// ---------------------------------------------------------------------------

describe('compliance', () => {
  it('counts missed and excused apart: 1 done of 3 due = 33 % (excused left out)', () => {
    const rows = [
      done('ann', '2026-03-09', 6, 60), // done
      missed('ann', '2026-03-11'), // "couldn't train"
      session('ann', '2026-03-13', { excused: true }), // excused by a coach (illness)
      session('ann', '2026-03-14'), // nothing logged
    ];
    const c = countSessions(rows, '2026-03-15');
    expect(c).toEqual({ assigned: 4, due: 3, completed: 1, missed: 1, excused: 1, unlogged: 1, upcoming: 0, compliance: 1 / 3 });
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.status.level).toBe('red');
    expect(f.status.reasons[0]!.text).toBe(
      'Did 1 of 3 sessions (not done: Wed, Sat): talk to them about the plan, or excuse what was agreed.',
    );
    expect(f.prescribedHardSets).toEqual({ glutes: 19.5, hamstrings: 34.5, lowerBack: 6 }); // done: 6.5, 11.5, 2
  });

  it('an excused session done anyway counts as done; an excused "couldn\'t train" as excused', () => {
    const rows = [done('ann', '2026-03-09', 6, 60, { excused: true }), missed('ann', '2026-03-11', { excused: true })];
    expect(countSessions(rows, '2026-03-15')).toMatchObject({ assigned: 2, due: 1, completed: 1, missed: 0, excused: 1, compliance: 1 });
  });

  it("in a week still in progress, today's unlogged session is not late yet", () => {
    const rows = [done('ann', '2026-03-09', 6, 60), session('ann', '2026-03-11')];
    expect(countSessions(rows, '2026-03-11', true)).toMatchObject({ due: 1, unlogged: 0, upcoming: 1, compliance: 1 });
    expect(countSessions(rows, '2026-03-11', false)).toMatchObject({ due: 2, unlogged: 1, upcoming: 0, compliance: 0.5 });
    const f = athleteWeek(ann, rows, W11, undefined, { asOf: '2026-03-11' });
    expect(f.sessions).toMatchObject({ due: 1, upcoming: 1 });
    expect(f.status.level).not.toBe('red');
  });

  it('nothing due: compliance null, not 0 %', () => {
    expect(countSessions([session('ann', '2026-03-10', { excused: true })], '2026-03-15').compliance).toBeNull();
    expect(countSessions([], '2026-03-15').compliance).toBeNull();
  });

  it('a week in progress counts later sessions as still to come, not as due', () => {
    const rows = [done('ann', '2026-03-09', 6, 60), session('ann', '2026-03-11'), session('ann', '2026-03-13')];
    const f = athleteWeek(ann, rows, W11, undefined, { asOf: '2026-03-12' });
    expect(f.inProgress).toBe(true);
    expect(f.sessions).toMatchObject({ assigned: 3, due: 2, completed: 1, unlogged: 1, upcoming: 1, compliance: 0.5 });
    // No weekly ratio for a week that is not over, even with enough history.
    const withHistory = athleteWeek(ann, [...steadyHistory('ann', '2026-03-09', 7), ...rows], W11, '2026-01-19', { asOf: '2026-03-12' });
    expect(withHistory.acwr).toMatchObject({ rolling: null, ewma: null, enoughHistory: true });
  });
});

// ---------------------------------------------------------------------------
// Hard sets from the prescriptions
// ---------------------------------------------------------------------------

describe('hard sets per muscle (1 prime mover, 0.5 synergist)', () => {
  it('sums the completed sessions only, and bands them against 10-20', () => {
    const rows = [
      done('ann', '2026-03-09', 7, 60), // emphasis day: G 6.5, H 11.5, LB 2
      done('ann', '2026-03-12', 6, 50, { prescriptionJson: RUNNER_2 }), // runner phase 2: G 5.5, H 6.5, LB 1.5
      missed('ann', '2026-03-14'), // an emphasis day not done: not counted
    ];
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.hardSets.perMuscle).toEqual({ glutes: 12, hamstrings: 18, lowerBack: 3.5 });
    expect(f.hardSets.bands).toEqual({ glutes: 'within', hamstrings: 'within', lowerBack: 'below' });
    expect(f.prescribedHardSets).toEqual({ glutes: 18.5, hamstrings: 29.5, lowerBack: 5.5 }); // the missed day was prescribed too
    // seed 002's band is context by default; a team can choose to be held to it.
    expect(f.status.reasons.map((r) => r.text).join(' ')).not.toContain('band');
    const held = athleteWeek(ann, rows, W11, undefined, { thresholds: { holdToHardSetBand: true } });
    expect(held.status.reasons.map((r) => r.text)).toContain(
      "Lower back 3.5 hard sets, below the team's 10-20 band: add sets for them in the plan.",
    );
  });

  it("uses the team's band", () => {
    const rows = [done('ann', '2026-03-09', 7, 60), done('ann', '2026-03-12', 6, 50, { prescriptionJson: RUNNER_2 })];
    const f = athleteWeek(ann, rows, W11, undefined, { thresholds: { hardSetMin: 3, hardSetMax: 16 } });
    expect(f.hardSets.bands).toEqual({ glutes: 'within', hamstrings: 'above', lowerBack: 'within' });
  });

  it('names what it cannot count instead of failing: unknown exercises, unreadable prescriptions', () => {
    const prescription = toPrescription(requireTemplate('glute-ham-emphasis'));
    const renamed = {
      ...prescription,
      exercises: prescription.exercises.map((e) => (e.exerciseId === 'rdl' ? { ...e, exerciseId: 'retired-lift' } : e)),
    };
    const rows = [
      done('ann', '2026-03-09', 7, 60, { prescriptionJson: JSON.stringify(renamed) }),
      done('ann', '2026-03-11', 7, 60, { prescriptionJson: '{not json' }),
    ];
    const f = athleteWeek(ann, rows, W11, undefined);
    // The template's RDL appears twice, as a warm-up (not hard: never needs a credit) and as the main lift (hard).
    expect(f.hardSets.uncounted).toHaveLength(2); // the hard RDL item + the unreadable session
    expect(f.hardSets.uncounted.some((u) => u.includes('retired-lift'))).toBe(true);
    expect(f.hardSets.uncounted.some((u) => u.includes('unreadable'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// ACWR and history
// ---------------------------------------------------------------------------

describe('ACWR (EWMA shown, rolling 7:28 coupled alongside)', () => {
  it("'not enough history' with fewer than 28 days of data; a ratio from day 28", () => {
    const rows = [done('ann', '2026-03-09', 6, 60)];
    const short = athleteWeek(ann, rows, W11, '2026-02-17'); // 2026-02-17 .. 2026-03-15 = 27 days
    expect(short.acwr).toEqual({
      rolling: null,
      assigned: null,
      ewma: null,
      planned: null,
      enoughHistory: false,
      historyDays: 27,
      asOf: '2026-03-15',
    });
    const enough = athleteWeek(ann, [done('ann', '2026-02-16', 6, 60), ...rows], W11, '2026-02-16'); // 28 days
    expect(enough.acwr.enoughHistory).toBe(true);
    expect(enough.acwr.historyDays).toBe(28);
    expect(enough.acwr.rolling).not.toBeNull();
    expect(enough.acwr.ewma).not.toBeNull();
    const none = athleteWeek(ann, [], W11, undefined);
    expect(none.acwr).toMatchObject({ enoughHistory: false, historyDays: 0, ewma: null });
    const text = renderAthleteTrend(ann, [short], { timeZone: 'UTC', audience: 'coach' })
      .flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []))
      .map((x) => x.value)
      .join('\n');
    expect(text).toContain('ACWR after 28 days (27 so far)');
  });

  it('steady load gives a rolling 7:28 ratio of 1.00; a doubled week 1.60, described as a sharp rise, never as risk', () => {
    // 8 weeks of Mon/Wed/Fri at 400 AU: acute 1200, chronic 4800 / 4 = 1200 -> 1.00.
    const history = steadyHistory('ann', '2026-03-09', 7);
    const steadyWeek = [done('ann', '2026-03-09', 8, 50), done('ann', '2026-03-11', 8, 50), done('ann', '2026-03-13', 8, 50)];
    const steady = athleteWeek(ann, [...history, ...steadyWeek], W11, history[0]!.sessionDate);
    expect(steady.acwr.rolling).toBeCloseTo(1, 10);
    // Why the status uses the rolling ratio: the daily EWMA read on Sunday, after two rest days,
    // is ≈ 0.75 for this perfectly steady athlete (below Gabbett's 0.8: "a clear drop").
    expect(steady.acwr.ewma).toBeCloseTo(0.746, 3);
    expect(steady.acwr.planned).toBeCloseTo(1, 10);
    expect(steady.status.level).toBe('green');
    // Doubled week: acute 2400, chronic (3 x 1200 + 2400) / 4 = 1500 -> 1.60.
    const doubled = steadyWeek.map((r) => ({ ...r, minutes: 100, loadAu: 800 }));
    const rise = athleteWeek(ann, [...history, ...doubled], W11, history[0]!.sessionDate);
    expect(rise.acwr.rolling).toBeCloseTo(1.6, 10);
    expect(rise.status.reasons.map((r) => r.text)).toEqual([
      'Load rose to 1.6x their 4-week average where the plan intended 1.0x: ask what was added (extra training, longer or harder sessions).',
    ]);
    expect(rise.status.reasons.map((r) => r.text).join(' ')).not.toMatch(/risk|injur/i);
  });
});

// ---------------------------------------------------------------------------
// Pain
// ---------------------------------------------------------------------------

describe('pain', () => {
  it('pain 7 hamstring on Tue that had not settled is red', () => {
    const rows = [
      done('ann', '2026-03-10', 6, 60, { pain: 7, painArea: 'hamstring', painFollowup: 'not_settled' }),
      done('ann', '2026-03-12', 6, 60, { pain: 3, painArea: 'glute' }),
    ];
    const f = athleteWeek(ann, rows, W11, undefined, { thresholds: { hardSetMin: 0, hardSetMax: 100 } });
    expect(f.pain.max).toEqual({ score: 7, area: 'hamstring', localDate: '2026-03-10', weekday: 'Tue' });
    expect(f.pain).toMatchObject({ flags: 1, notSettled: 1, pending: 0, areaGiven: true });
    expect(f.status.level).toBe('red');
    expect(f.status.reasons.map((r) => r.text)).toEqual([
      "Pain 7/10 hamstring after Tue's session had not settled the next morning: the model regresses the next session; check on them before it.",
    ]);
  });

  it("never says 'settled' unless the next-morning answer was 'settled'", () => {
    const once = (followup: DigestSessionRow['painFollowup']) =>
      athleteWeek(
        ann,
        [done('ann', '2026-03-10', 6, 60, { pain: 6, painArea: 'knee', painFollowup: followup, prescriptionJson: MOBILITY })],
        W11,
        undefined,
      ).status.reasons.map((r) => `${r.level}: ${r.text}`);
    const over = "amber: Pain 6/10 knee after Tue's session, above the limit of 5";
    const then = ': the model regresses the next session; check how they are.';
    expect(once('settled')).toEqual([`${over} (it settled by the morning)${then}`]);
    expect(once('pending')).toEqual([`${over} (no answer yet on whether it settled)${then}`]);
    expect(once(null)).toEqual([`${over} (not asked whether it settled)${then}`]);
    expect(once('not_settled')).toEqual([
      "red: Pain 6/10 knee after Tue's session had not settled the next morning: the model regresses the next session; check on them before it.",
    ]);
  });

  it("flags pain above the team's limit and not at it (the one rule, isPainFlag)", () => {
    const week = (limit: number) =>
      athleteWeek(
        ann,
        [done('ann', '2026-03-10', 6, 60, { pain: 4, painArea: 'knee' }), done('ann', '2026-03-12', 6, 60, { pain: 5, painArea: 'calf' })],
        W11,
        undefined,
        { thresholds: { painLimit: limit } },
      ).pain;
    expect(week(5).flags).toBe(0);
    expect(week(4).flags).toBe(1);
    expect(week(4).max).toMatchObject({ score: 5, area: 'calf' });
    expect(week(3).flags).toBe(2);
  });

  it("the summary's pain line names pain above the safe band (the pain asked about the next morning), not 2/10", () => {
    const bob: DigestAthlete = { userId: 'bob', displayName: 'Bob', groups: [], active: true };
    const rows = [done('ann', '2026-03-10', 6, 60, { pain: 2 }), done('bob', '2026-03-10', 6, 60, { pain: 3, painArea: 'knee' })];
    const lines = summaryLines(buildDigest({ week: W11, roster: [ann, bob], rows, historyStarts: new Map() }), 'UTC');
    expect(lines.find((l) => l.startsWith('**Pain**'))).toBe('**Pain** Bob 3 knee Tue');
  });

  it('counts flags above the limit and follow-ups awaiting an answer; a missing area is said', () => {
    const rows = [
      done('ann', '2026-03-09', 6, 60, { pain: 6, painFollowup: 'pending' }),
      done('ann', '2026-03-11', 6, 60, { pain: 6, painArea: 'knee', painFollowup: 'settled' }),
    ];
    const f = athleteWeek(ann, rows, W11, undefined);
    expect(f.pain).toMatchObject({ flags: 2, notSettled: 0, pending: 1 });
    // Tie on 6: the later one is shown.
    expect(f.pain.max).toMatchObject({ score: 6, area: 'knee', weekday: 'Wed' });
    expect(f.status.level).toBe('red'); // above the limit in 2 sessions
    const onlyFirst = athleteWeek(ann, rows.slice(0, 1), W11, undefined);
    expect(onlyFirst.pain.areaGiven).toBe(false);
    const text = renderAthleteTrend(ann, [onlyFirst], { timeZone: 'UTC', audience: 'coach' })
      .flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []))
      .map((x) => x.value)
      .join('\n');
    expect(text).toContain("Pain 6/10 after Mon's session, above the limit of 5 (no answer yet on whether it settled)");
  });
});

// ---------------------------------------------------------------------------
// DST and the digest day
// ---------------------------------------------------------------------------

describe('a week spanning a daylight-saving change', () => {
  it('Europe/London, 2026-W13 (clocks go forward on Sun 29 March): still 7 days, Sunday included', () => {
    const W13 = { year: 2026, week: 13 };
    expect(weekSpan(W13)).toMatchObject({ start: '2026-03-23', end: '2026-03-29' });
    // A session at 23:30 on Sunday 29 March, London (BST, UTC+1) is 22:30 UTC: still Sunday locally.
    expect(localDateOf(new Date('2026-03-29T22:30:00Z'), 'Europe/London')).toBe('2026-03-29');
    const rows = [done('ann', '2026-03-23', 5, 60), done('ann', '2026-03-25', 6, 60), done('ann', '2026-03-29', 7, 60)];
    const f = athleteWeek(ann, rows, W13, undefined);
    // Daily loads [300, 0, 360, 0, 0, 0, 420]: mean 1080 / 7 = 154.29 AU;
    // SD = sqrt((145.71² + 205.71² + 265.71² + 4 x 154.29²) / 7) = sqrt(229371.4 / 7) = 181.02;
    // monotony = 154.29 / 181.02 = 0.852; strain = 1080 x 0.852 = 920.5 AU.
    expect(f.load.daily).toEqual([300, 0, 360, 0, 0, 0, 420]);
    expect(f.load.weekly).toBe(1080);
    expect(f.load.monotony).toBeCloseTo(0.8523, 4);
    expect(f.load.strain).toBeCloseTo(920.5, 1);
  });

  it('America/New_York, 2026-W10 (clocks go forward Sun 8 March): the Monday digest is due 08:00 EDT = 12:00 UTC', () => {
    const team = { timeZone: 'America/New_York', digestWeekday: 1, digestTime: '08:00' };
    // Monday 2 March (EST, UTC-5) and Monday 9 March (EDT, UTC-4).
    const slots = digestSlotsBetween(team, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    expect(slots.map((s) => [s.localDate, s.dueAt.toISOString(), formatIsoWeek(s.week)])).toEqual([
      ['2026-03-02', '2026-03-02T13:00:00.000Z', '2026-W09'],
      ['2026-03-09', '2026-03-09T12:00:00.000Z', '2026-W10'],
    ]);
    // At 08:30 local on 9 March the week just ended is W10, Monday 2 to Sunday 8 March.
    const today = localDateOf(new Date('2026-03-09T12:30:00Z'), team.timeZone);
    expect(weekSpan(weekJustEnded(today))).toMatchObject({ label: '2026-W10', start: '2026-03-02', end: '2026-03-08' });
    // Sunday 8 March 23:30 EDT is Monday 03:30 UTC, but it belongs to W10's Sunday.
    expect(localDateOf(new Date('2026-03-09T03:30:00Z'), team.timeZone)).toBe('2026-03-08');
  });

  it('a digest weekday other than Monday reports the week before its own week', () => {
    const team = { timeZone: 'Europe/Paris', digestWeekday: 3, digestTime: '18:30' };
    const slots = digestSlotsBetween(team, new Date('2026-03-16T00:00:00Z'), new Date('2026-03-22T00:00:00Z'));
    expect(slots.map((s) => [s.localDate, s.dueAt.toISOString(), formatIsoWeek(s.week)])).toEqual([
      ['2026-03-18', '2026-03-18T17:30:00.000Z', '2026-W11'],
    ]);
  });
});

describe('ISO week 53 digest', () => {
  it('counts sessions on both sides of New Year in 2026-W53', () => {
    const W53 = { year: 2026, week: 53 };
    const rows = [done('ann', '2026-12-29', 6, 50), done('ann', '2027-01-02', 7, 40), done('ann', '2027-01-04', 9, 60)];
    const f = athleteWeek(ann, rows, W53, undefined);
    expect(f.span).toMatchObject({ label: '2026-W53', start: '2026-12-28', end: '2027-01-03' });
    expect(f.load.daily).toEqual([0, 300, 0, 0, 0, 280, 0]);
    expect(f.sessions).toMatchObject({ assigned: 2, completed: 2, compliance: 1 });
  });
});

// ---------------------------------------------------------------------------
// The team digest
// ---------------------------------------------------------------------------

describe('buildDigest', () => {
  it('team totals, who logged nothing, nothing assigned; red first', () => {
    const rows = [
      done('ann', '2026-03-10', 6, 60, { pain: 7, painArea: 'hamstring', painFollowup: 'not_settled' }),
      session('bob', '2026-03-09'),
      session('bob', '2026-03-11'),
    ];
    const digest = buildDigest({ week: W11, roster: [bob, cid, ann], rows, historyStarts: new Map() });
    expect(digest.athletes.map((a) => [a.athlete.userId, a.status.level])).toEqual([
      ['ann', 'red'],
      ['bob', 'red'],
      ['cid', 'green'],
    ]);
    expect(digest.team).toMatchObject({
      athletes: 3,
      assigned: 3,
      due: 3,
      completed: 1,
      compliance: 1 / 3,
      totalLoad: 360,
      meanLoad: 360,
      painFlags: 1,
      notSettled: 1,
      statusCounts: { red: 2, amber: 0, green: 1 },
    });
    expect(digest.team.notLogged.map((a) => a.userId)).toEqual(['bob']);
    expect(digest.team.nothingAssigned.map((a) => a.userId)).toEqual(['cid']);
    expect(digest.recentWeeks).toHaveLength(8);
    expect(digest.recentWeeks.at(-1)).toEqual({
      label: '2026-W11',
      start: '2026-03-09',
      load: 360,
      athletesWhoTrained: 1,
      byType: { assigned: 360, practice: 0, match: 0, conditioning: 0, other: 0, total: 360 },
    });
  });

  it('a group keeps its members only; someone who left appears only in weeks they had sessions', () => {
    const gone: DigestAthlete = { userId: 'dee', displayName: 'Dee', groups: [], active: false };
    const rows = [done('ann', '2026-03-10', 6, 60), done('dee', '2026-03-10', 6, 60), done('bob', '2026-03-10', 6, 60)];
    const sprinters = buildDigest({ week: W11, roster: [ann, bob, cid, gone], rows, historyStarts: new Map(), group: 'SPRINTERS' });
    expect(sprinters.athletes.map((a) => a.athlete.userId).sort()).toEqual(['ann', 'cid']);
    expect(sprinters.team.totalLoad).toBe(360);
    const all = buildDigest({ week: W11, roster: [ann, bob, cid, gone], rows, historyStarts: new Map() });
    expect(all.athletes.map((a) => a.athlete.userId)).toContain('dee');
    const later = buildDigest({ week: { year: 2026, week: 12 }, roster: [ann, gone], rows, historyStarts: new Map() });
    expect(later.athletes.map((a) => a.athlete.userId)).toEqual(['ann']);
  });

  it('never mixes athletes: rows of another athlete passed by mistake are ignored', () => {
    const f = athleteWeek(ann, [done('bob', '2026-03-10', 9, 100)], W11, undefined);
    expect(f.load.weekly).toBe(0);
    expect(f.sessions.assigned).toBe(0);
  });
});

// ---------------------------------------------------------------------------
// Rendering within Discord's limits
// ---------------------------------------------------------------------------

describe('renderDigest', () => {
  const squad = (n: number): DigestAthlete[] =>
    Array.from({ length: n }, (_, i) => ({
      userId: `u${i}`,
      displayName: `Athlete number ${String(i).padStart(2, '0')} with a long name`,
      groups: [],
      active: true,
    }));

  function checkLimits(messages: ReturnType<typeof renderDigest>): void {
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
      expect(m.files.length).toBeLessThanOrEqual(DISCORD_LIMITS.filesPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      for (const e of m.embeds) {
        expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
        expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
        expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
        for (const f of e.fields ?? []) {
          expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
          expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
        }
        // Every embed showing an image has its attachment in the same message.
        if (e.image) expect(m.files.map((f) => `attachment://${f.name}`)).toContain(e.image.url);
      }
    }
  }

  it('40 athletes, every one of them amber or red, fit in at most two messages, nobody dropped', () => {
    const roster = squad(40);
    const rows = roster.flatMap((a, i) => [
      done(a.userId, '2026-03-09', 7, 60, {
        pain: i % 5 === 0 ? 7 : 2,
        painArea: 'hamstring',
        painFollowup: i % 10 === 0 ? 'not_settled' : null,
      }),
      i % 2 === 0 ? missed(a.userId, '2026-03-11') : session(a.userId, '2026-03-11'),
      session(a.userId, '2026-03-13', { excused: i % 4 === 0 }),
      ...steadyHistory(a.userId, '2026-03-09', 7),
    ]);
    const historyStarts = new Map(roster.map((a) => [a.userId, '2026-01-19']));
    const digest = buildDigest({ week: W11, roster, rows, historyStarts });
    expect(digest.athletes.every((a) => a.status.level !== 'green')).toBe(true);
    const charts = { load: Buffer.from('png'), hardSets: [Buffer.from('a'), Buffer.from('b')] };
    const messages = renderDigest(digest, { timeZone: 'Europe/London', charts });
    if (process.env.DUMP)
      console.log(
        JSON.stringify(
          messages.map((m) => m.embeds.map((e) => ({ t: e.title, d: e.description, f: e.fields, len: embedLength(e) }))),
          null,
          1,
        ),
      );
    expect(messages.length).toBeLessThanOrEqual(2);
    checkLimits(messages);
    const fields = messages.flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []));
    for (const a of roster) expect(fields.filter((f) => f.name.includes(a.displayName) && !f.name.includes('(cont.)'))).toHaveLength(1);
    // Colour is never the only cue: every athlete field starts with the status emoji.
    for (const f of fields) expect(f.name).toMatch(/^(🔴|🟠) /);
    // The pain line names the athletes; the method is one short line, not a footer on every embed.
    const summary = messages[0]!.embeds[0]!;
    expect(summary.description).toMatch(/\*\*Pain\*\* Athlete number 00 with a long name 7 hamstring Mon \(not settled\)/);
    expect(summary.description).toContain('Europe/London');
    const method = summary.description!.split('\n').filter((l) => l.startsWith('-# '));
    expect(method).toHaveLength(1);
    expect(method[0]!.length).toBeLessThan(330);
    expect(messages.flatMap((m) => m.embeds).filter((e) => e.footer)).toEqual([]);
  });

  it('a realistic week: green athletes are only named, amber and red get their reasons once', () => {
    const roster = squad(40);
    const rows = roster.flatMap((a, i) => [
      done(a.userId, '2026-03-09', 7, 60, {
        pain: i === 3 ? 6 : 0,
        painArea: i === 3 ? 'knee' : null,
        painFollowup: i === 3 ? 'settled' : null,
      }),
      i === 5 ? missed(a.userId, '2026-03-12') : done(a.userId, '2026-03-12', 7, 60),
      ...steadyHistory(a.userId, '2026-03-09', 7),
    ]);
    const digest = buildDigest({ week: W11, roster, rows, historyStarts: new Map(roster.map((a) => [a.userId, '2026-01-19'])) });
    expect(digest.team.statusCounts).toEqual({ red: 0, amber: 2, green: 38 });
    const messages = renderDigest(digest, { timeZone: 'UTC' });
    expect(messages).toHaveLength(1);
    const total = messages[0]!.embeds.reduce((n, e) => n + embedLength(e), 0);
    expect(total).toBeLessThan(3500); // readable in under a minute on a phone (about 200 words a minute skimmed)
    const fields = messages[0]!.embeds.flatMap((e) => e.fields ?? []);
    expect(fields.map((f) => f.name)).toEqual(['🟠 Athlete number 03 with a long name', '🟠 Athlete number 05 with a long name']);
    for (const f of fields) {
      const reasons = f.value.split('\n');
      expect(new Set(reasons).size).toBe(reasons.length); // nothing repeated
    }
    expect(messages[0]!.embeds[0]!.description).toContain('🟢 **On plan** Athlete number 00');
  });

  it('an empty squad still renders a summary', () => {
    const messages = renderDigest(buildDigest({ week: W11, roster: [], rows: [], historyStarts: new Map() }), { timeZone: 'UTC' });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.embeds[0]!.description).toContain('The squad is empty.');
  });
});
