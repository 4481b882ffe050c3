/**
 * Issue 13 in the digest, /me, /athlete and the charts: other training counts in the load,
 * monotony, strain and ACWR (Foster et al. 2001; Foster 1998), never in hard sets; the status
 * compares the ASSIGNED load's ratio with the plan's; 40 athletes with the new figures stay
 * within Discord's limits; the charts stay phone-readable.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  athleteReadinessChart,
  athleteTrendChart,
  renderSvg,
  athleteTrendOption,
  readinessOption,
  teamWeeklyLoadChart,
  teamWeeklyLoadOption,
} from '../../src/charts';
import { athleteWeek, buildDigest, type DigestAthlete, type DigestSessionRow } from '../../src/domain/digest';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { monotonyAndStrain } from '../../src/domain/load';
import type { OtherSessionLoad } from '../../src/domain/otherTraining';
import { addDays, weekdayShort } from '../../src/domain/time';
import { renderAthleteTrend, renderDigest } from '../../src/discord/render/digest';
import { DISCORD_LIMITS, embedLength } from '../../src/discord/render/pack';
import { teamAllTrainingLines, type TeamAllTrainingWeek } from '../../src/services/allTrainingFigures';

const EMPHASIS = JSON.stringify(toPrescription(requireTemplate('glute-ham-emphasis'))); // G 6.5, H 11.5, LB 2
const W11 = { year: 2026, week: 11 }; // Mon 2026-03-09 .. Sun 2026-03-15
let nextId = 1;

function done(athleteId: string, sessionDate: string, rpe: number, minutes: number): DigestSessionRow {
  return {
    assignmentId: nextId++,
    athleteId,
    sessionDate,
    title: 'Glute & hamstring emphasis day',
    prescriptionJson: EMPHASIS,
    outcome: 'completed',
    rpe,
    minutes,
    pain: 0,
    painArea: null,
    loadAu: rpe * minutes,
    plannedMinutes: minutes,
    deload: false,
    excused: false,
    painFollowup: null,
  };
}

/** Mon and Thu gym sessions of 6 x 60 = 360 AU for `weeks` weeks before `monday`, and that week. */
function gymWeeks(athleteId: string, monday: string, weeksBefore: number): DigestSessionRow[] {
  const rows: DigestSessionRow[] = [];
  for (let w = weeksBefore; w >= 0; w--) for (const d of [0, 3]) rows.push(done(athleteId, addDays(monday, -7 * w + d), 6, 60));
  return rows;
}

const ann: DigestAthlete = { userId: 'ann', displayName: 'Ann', groups: [], active: true };
const match = (localDate: string, rpe = 8, minutes = 90): OtherSessionLoad => ({ localDate, type: 'match', rpe, minutes });

describe('the digest counts other training (worked example)', () => {
  // Four steady weeks of gym (720 AU a week), then W11: the same gym week plus a match on
  // Saturday, RPE 8 x 90 min = 720 AU (Foster et al. 2001).
  const rows = gymWeeks('ann', '2026-03-09', 4);
  const other = new Map([['ann', [match('2026-03-14')]]]);
  const week = athleteWeek(ann, rows, W11, rows[0]!.sessionDate, { otherLoads: other });

  it('adds the match to the daily loads, the weekly load, monotony and strain, by type', () => {
    expect(week.load.daily).toEqual([360, 0, 0, 360, 0, 720, 0]);
    expect(week.load.weekly).toBe(1440);
    expect(week.load.byType).toEqual({ assigned: 720, practice: 0, match: 720, conditioning: 0, other: 0, total: 1440 });
    // Foster 1998 on the all-training week: mean 205.7, population SD 262.2 -> 0.78, strain 1440 x 0.78.
    const ms = monotonyAndStrain([360, 0, 0, 360, 0, 720, 0]);
    expect(week.load.monotony).toBeCloseTo(ms.monotony!, 10);
    expect(week.load.monotony).toBeCloseTo(0.7845, 4);
    expect(week.load.strain).toBeCloseTo(1440 * ms.monotony!, 6);
  });

  it('never adds hard sets: the match has no exercises', () => {
    const gymOnly = athleteWeek(ann, rows, W11, rows[0]!.sessionDate);
    expect(week.hardSets.perMuscle).toEqual(gymOnly.hardSets.perMuscle);
  });

  it('shows the all-training ratio, and compares only the assigned ratio with the plan', () => {
    // Last 28 days: 4 gym weeks (2880) + the match (720) = 3600, /4 = 900; this week 1440 -> 1.60.
    expect(week.acwr.rolling).toBeCloseTo(1.6, 6);
    // Assigned only: 720 / (2880 / 4) = 1.00, as the plan (the same minutes every week) intended.
    expect(week.acwr.assigned).toBeCloseTo(1, 6);
    expect(week.acwr.planned).toBeCloseTo(1, 6);
    // So the match is not read as "load rose faster than the plan": the status stays green.
    expect(week.status.level).toBe('green');
    // The EWMA runs over all training too.
    const gymOnly = athleteWeek(ann, rows, W11, rows[0]!.sessionDate);
    expect(week.acwr.ewma!).toBeGreaterThan(gymOnly.acwr.ewma!);
  });

  it('a rise in the assigned load itself is still flagged, and says it is the assigned load', () => {
    const heavier = [
      ...gymWeeks('ann', '2026-03-09', 4).filter((r) => r.sessionDate < '2026-03-09'),
      done('ann', '2026-03-09', 9, 90),
      done('ann', '2026-03-12', 9, 90),
    ];
    // The plan's minutes stay 60 in this week (the athlete did longer, harder sessions).
    for (const r of heavier.slice(-2)) r.plannedMinutes = 60;
    const f = athleteWeek(ann, heavier, W11, heavier[0]!.sessionDate, { otherLoads: other });
    expect(f.status.reasons.map((r) => r.text).join(' ')).toMatch(
      /^Assigned load rose to 1\.\d+x their 4-week average where the plan intended 1\.0x/,
    );
  });

  it('the team chart weeks carry the other training by type', () => {
    const digest = buildDigest({
      week: W11,
      roster: [ann],
      rows,
      historyStarts: new Map([['ann', rows[0]!.sessionDate]]),
      ctx: { otherLoads: other },
    });
    expect(digest.recentWeeks.at(-1)).toMatchObject({
      load: 1440,
      athletesWhoTrained: 1,
      byType: { assigned: 720, match: 720, total: 1440 },
    });
    expect(digest.team.totalLoad).toBe(1440);
  });
});

describe('40 athletes with the new figures stay within Discord and readable on a phone', () => {
  const name = (i: number) => `Athlete number ${String(i).padStart(2, '0')} with a long name`;
  const roster: DigestAthlete[] = Array.from({ length: 40 }, (_, i) => ({
    userId: `u${i}`,
    displayName: name(i),
    groups: [],
    active: true,
  }));
  const rows = roster.flatMap((a) => gymWeeks(a.userId, '2026-03-09', 4));
  // Everyone played a match and trained twice on the pitch.
  const other = new Map(
    roster.map((a) => [
      a.userId,
      [
        match('2026-03-14'),
        { localDate: '2026-03-10', type: 'practice', rpe: 5, minutes: 75 },
        { localDate: '2026-03-13', type: 'practice', rpe: 5, minutes: 75 },
      ] as OtherSessionLoad[],
    ]),
  );
  const historyStarts = new Map(roster.map((a) => [a.userId, '2026-02-09']));
  const figures = buildDigest({ week: W11, roster, rows, historyStarts, ctx: { otherLoads: other } });
  const teamWeek: TeamAllTrainingWeek = {
    otherByType: { practice: 30000, match: 28800, conditioning: 0, other: 0, total: 58800 },
    otherSessions: 120,
    unrated: 12,
    nordicTeam: 0.41,
    nordicBelow: roster.map((a, i) => ({ athleteId: a.userId, displayName: a.displayName, compliance: i / 100 })),
    readinessAnswers: 200,
    readinessLow: roster.map((a) => ({ athleteId: a.userId, displayName: a.displayName, localDate: '2026-03-12', z: -2 })),
  };
  figures.allTrainingLines = teamAllTrainingLines(teamWeek, weekdayShort);

  it('the team field sits under the summary; at most two messages; every limit kept', () => {
    const messages = renderDigest(figures, {
      timeZone: 'Europe/London',
      charts: { load: Buffer.from('png'), hardSets: [Buffer.from('a'), Buffer.from('b')] },
    });
    expect(messages.length).toBeLessThanOrEqual(2);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
      expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      for (const e of m.embeds) for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    const field = messages[0]!.embeds[0]!.fields![0]!;
    expect(field.name).toBe('All training this week');
    expect(field.value).toMatch(
      /^Other training: 120 sessions, 58800 AU \(practice 30000, match 28800\); 12 RPEs missing\nNordic: team 41 %/,
    );
    expect(field.value).toContain('+32 more');
    // A match week on top of a steady plan is not a warning: everyone is on plan.
    expect(figures.team.statusCounts).toEqual({ red: 0, amber: 0, green: 40 });
    // Readable in under a minute on a phone (as issue 8 set it for a realistic week).
    expect(messages.flatMap((m) => m.embeds).reduce((n, e) => n + embedLength(e), 0)).toBeLessThan(3500);
  });

  it('/athlete says gym and other load apart in the week lines', () => {
    const weeks = [figures.athletes[0]!];
    const [msg] = renderAthleteTrend(roster[0]!, weeks, {
      timeZone: 'UTC',
      audience: 'coach',
      allTraining: { name: 'All training this week', value: 'Load (all training): 1440 AU' },
    });
    const text = JSON.stringify(msg!.embeds);
    expect(text).toContain('2190 AU (gym 720, other 1470)');
    expect(text).toContain('gym 1.00');
    expect(msg!.embeds[0]!.fields).toEqual([{ name: 'All training this week', value: 'Load (all training): 1440 AU' }]);
  });
});

describe('charts with the new figures', () => {
  const PHONE = 380;
  const sizes = (svg: string) => [...svg.matchAll(/font-size:(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
  const texts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  const weeks = ['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09'];
  const byType = weeks.map((_, i) => ({ assigned: 720, practice: i > 1 ? 750 : 0, match: i === 4 ? 720 : 0, conditioning: 0, other: 0 }));
  const trend = {
    name: 'Ann',
    weeks,
    load: byType.map((b) => b.assigned + b.practice + b.match),
    loadByType: byType,
    painMax: [0, 1, 0, 2, 0],
    acwr: [null, null, null, 1.2, 1.35],
  };

  it('athlete load bars stack by type with a legend and totals; text >= 11 px at phone width', () => {
    const image = athleteTrendChart(trend);
    writeFileSync('/tmp/issue13-athlete-trend.png', image.png);
    expect(image.width).toBe(760);
    const svg = renderSvg(athleteTrendOption(trend), { width: image.width, height: image.height });
    expect(texts(svg)).toEqual(expect.arrayContaining(['Gym', 'Practice', 'Match', '2,190', '720']));
    expect((Math.min(...sizes(svg)) * PHONE) / image.width).toBeGreaterThanOrEqual(11);
  });

  it('gym only: one series, no legend (as before)', () => {
    const gymOnly = { ...trend, loadByType: byType.map((b) => ({ ...b, practice: 0, match: 0 })) };
    const svg = renderSvg(athleteTrendOption(gymOnly), { width: 760, height: 960 });
    expect(texts(svg)).not.toContain('Gym');
  });

  it('team load stacks by type', () => {
    const data = {
      weeks,
      load: byType.map((b) => 40 * (b.assigned + b.practice + b.match)),
      byType: byType.map((b) => ({ assigned: 40 * b.assigned, practice: 40 * b.practice, match: 40 * b.match, conditioning: 0, other: 0 })),
      title: 'Team load, 8 weeks',
    };
    const image = teamWeeklyLoadChart(data);
    writeFileSync('/tmp/issue13-team-load.png', image.png);
    const svg = renderSvg(teamWeeklyLoadOption(data));
    expect(texts(svg)).toEqual(expect.arrayContaining(['Gym', 'Practice', 'Match']));
    expect((Math.min(...sizes(svg)) * PHONE) / 760).toBeGreaterThanOrEqual(11);
  });

  it("readiness: totals per day with the athlete's own mean; no legend for one series", () => {
    const points = Array.from({ length: 12 }, (_, i) => ({
      localDate: addDays('2026-02-25', i * 2),
      total: [25, 26, 24, 27, 25, 26, 25, 24, 26, 25, 17, 24][i]!,
    }));
    const data = { name: 'Ann', points, baselineMean: 25.3 };
    const image = athleteReadinessChart(data);
    writeFileSync('/tmp/issue13-readiness.png', image.png);
    const svg = renderSvg(readinessOption(data));
    expect(texts(svg).join(' ')).toContain('usual 25.3');
    expect(texts(svg)).toContain('17');
    expect((Math.min(...sizes(svg)) * PHONE) / 760).toBeGreaterThanOrEqual(11);
    expect(texts(renderSvg(readinessOption({ ...data, points: [] })))).toContain('No readiness answers yet');
  });
});
