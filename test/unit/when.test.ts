import { describe, expect, it } from 'vitest';
import { parseSessionDate, zonedInstant } from '../../src/domain/time';
import { describeTime, parseLocalTime, resolveTimeZone, searchTimeZones, suggestDates, utcOffsetLabel } from '../../src/domain/when';

describe('lenient dates', () => {
  const today = '2026-11-25'; // a Wednesday
  it.each([
    ['today', '2026-11-25'],
    ['Tomorrow', '2026-11-26'],
    ['yesterday', '2026-11-24'],
    ['friday', '2026-11-27'],
    ['wednesday', '2026-11-25'],
    ['this friday', '2026-11-27'],
    ['next monday', '2026-11-30'],
    ['next wednesday', '2026-12-02'],
    ['on tue', '2026-12-01'],
    ['26 Nov', '2026-11-26'],
    ['26 november', '2026-11-26'],
    ['26th Nov', '2026-11-26'],
    ['Thu 26th November 2026', '2026-11-26'],
    ['Nov 26', '2026-11-26'],
    ['November 26th', '2026-11-26'],
    ['1 Dec', '2026-12-01'],
    ['26/11', '2026-11-26'],
    ['26.11', '2026-11-26'],
    ['26/11/2026', '2026-11-26'],
    ['26/11/26', '2026-11-26'],
    ['5/1', '2027-01-05'], // day first, and January is next year's
    ['2 Jan', '2027-01-02'],
    ['2026-11-26', '2026-11-26'],
    ['2026-12-1', '2026-12-01'],
    ['15 Nov', '2026-11-15'], // within the 14 days back, so this year's
  ])('%s -> %s', (input, expected) => {
    expect(parseSessionDate(input, today)).toEqual({ ok: true, value: expected });
  });

  it('reads numeric dates month first when the team says so', () => {
    expect(parseSessionDate('11/26', today, { order: 'month_first' })).toEqual({ ok: true, value: '2026-11-26' });
    expect(parseSessionDate('5/1', today, { order: 'month_first' })).toEqual({ ok: true, value: '2027-05-01' });
    expect(parseSessionDate('26/11', today, { order: 'month_first' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a real calendar date.*"11\/26"/),
    });
  });

  it("a date without a year further back than allowed is next year's", () => {
    expect(parseSessionDate('1 Nov', today)).toEqual({ ok: true, value: '2027-11-01' });
    expect(parseSessionDate('1 Nov 2026', today)).toMatchObject({
      ok: false,
      message: 'Sun 1 Nov 2026 is more than 14 days ago: sessions can be logged up to 14 days after the fact.',
    });
  });

  it('over a year end', () => {
    expect(parseSessionDate('next friday', '2026-12-31')).toEqual({ ok: true, value: '2027-01-01' });
    expect(parseSessionDate('30/12', '2027-01-02')).toEqual({ ok: true, value: '2026-12-30' });
    expect(parseSessionDate('29 Feb', '2027-03-01')).toEqual({ ok: true, value: '2028-02-29' });
  });
});

describe('lenient times', () => {
  it.each([
    ['5pm', '17:00'],
    ['5 pm', '17:00'],
    ['5PM', '17:00'],
    ['5:30pm', '17:30'],
    ['5.30pm', '17:30'],
    ['5:30 p.m.', '17:30'],
    ['17:30', '17:30'],
    ['17.30', '17:30'],
    ['1730', '17:30'],
    ['0730', '07:30'],
    ['7am', '07:00'],
    ['7:05 am', '07:05'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
    ['12:30am', '00:30'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
    ['5:30', '05:30'],
    ['18', '18:00'],
    ['18h', '18:00'],
    ['0', '00:00'],
  ])('%s -> %s', (input, expected) => {
    expect(parseLocalTime(input)).toEqual({ ok: true, value: expected });
  });

  it('asks about a bare hour that could be morning or evening, and refuses impossible times', () => {
    expect(parseLocalTime('7')).toEqual({ ok: false, message: 'Is "7" 07:00 or 19:00? Write 7am or 7pm (or 07:00).' });
    expect(parseLocalTime('25:00')).toMatchObject({ ok: false, message: expect.stringContaining("isn't a time of day") });
    expect(parseLocalTime('13pm')).toMatchObject({ ok: false });
    expect(parseLocalTime('17:60')).toMatchObject({ ok: false });
    expect(parseLocalTime('soon')).toMatchObject({ ok: false, message: expect.stringContaining('17:30, 5:30pm or 7am') });
  });

  it('repeats the time understood in both forms', () => {
    expect(describeTime('17:30')).toBe('17:30 (5:30pm)');
    expect(describeTime('07:00')).toBe('07:00 (7am)');
    expect(describeTime('00:15')).toBe('00:15 (12:15am)');
  });

  it('across daylight-saving changes, the parsed time is the wall-clock time in the team zone', () => {
    // London springs forward on 29 Mar 2026 at 01:00 -> 02:00: 1:30am does not exist that day.
    const spring = parseLocalTime('1:30am');
    expect(spring.ok && zonedInstant('2026-03-29', spring.value, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const evening = parseLocalTime('5pm');
    expect(evening.ok && zonedInstant('2026-03-28', evening.value, 'Europe/London').toISOString()).toBe('2026-03-28T17:00:00.000Z');
    expect(evening.ok && zonedInstant('2026-03-30', evening.value, 'Europe/London').toISOString()).toBe('2026-03-30T16:00:00.000Z');
    // New York falls back on 1 Nov 2026: 1:30am happens twice, the first is taken.
    const twice = parseLocalTime('0130');
    expect(twice.ok && zonedInstant('2026-11-01', twice.value, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('time-zone search', () => {
  const winter = new Date('2026-01-15T12:00:00Z');
  const first = (q: string) => searchTimeZones(q, winter)[0]?.zone;
  it.each([
    ['EST', 'America/New_York'],
    ['est', 'America/New_York'],
    ['eastern', 'America/New_York'],
    ['PST', 'America/Los_Angeles'],
    ['pacific', 'America/Los_Angeles'],
    ['central', 'America/Chicago'],
    ['GMT', 'Europe/London'],
    ['BST', 'Europe/London'],
    ['london', 'Europe/London'],
    ['Lon', 'Europe/London'],
    ['uk', 'Europe/London'],
    ['CET', 'Europe/Paris'],
    ['germany', 'Europe/Berlin'],
    ['new york', 'America/New_York'],
    ['new_york', 'America/New_York'],
    ['IST', 'Asia/Kolkata'],
    ['india', 'Asia/Kolkata'],
    ['sydney', 'Australia/Sydney'],
    ['AEST', 'Australia/Sydney'],
    ['auckland', 'Pacific/Auckland'],
    ['tokyo', 'Asia/Tokyo'],
    ['utc', 'UTC'],
    ['Europe/Lisbon', 'Europe/Lisbon'],
    ['creston', 'America/Creston'],
  ])('%s -> %s first', (query, zone) => {
    expect(first(query)).toBe(zone);
  });

  it('EST does not suggest Creston first, and every suggestion is a real zone with its offset now', () => {
    const est = searchTimeZones('EST', winter);
    expect(est[0]!.label).toBe('America/New York (UTC−05:00 now)');
    expect(est.findIndex((z) => z.zone === 'America/Creston')).toBeGreaterThan(0);
    expect(searchTimeZones('', winter)).toHaveLength(25);
    expect(searchTimeZones('zzzz', winter)).toEqual([]);
  });

  it('offsets follow daylight saving', () => {
    expect(utcOffsetLabel('Europe/London', winter)).toBe('UTC+00:00');
    expect(utcOffsetLabel('Europe/London', new Date('2026-07-01T12:00:00Z'))).toBe('UTC+01:00');
    expect(utcOffsetLabel('Asia/Kolkata', winter)).toBe('UTC+05:30');
    expect(utcOffsetLabel('America/St_Johns', winter)).toBe('UTC−03:30');
  });
});

describe('date suggestions', () => {
  it('shows what the typed date means first, then the next days', () => {
    const list = suggestDates('next monday', '2026-11-25');
    expect(list[0]).toEqual({ name: 'next monday → Mon 30 Nov 2026', value: '2026-11-30' });
    const empty = suggestDates('', '2026-11-25');
    expect(empty.slice(0, 3)).toEqual([
      { name: 'Today · Wed 25 Nov', value: '2026-11-25' },
      { name: 'Tomorrow · Thu 26 Nov', value: '2026-11-26' },
      { name: 'Fri 27 Nov', value: '2026-11-27' },
    ]);
    expect(empty).toHaveLength(14);
    expect(suggestDates('fri', '2026-11-25').map((d) => d.value)).toEqual(['2026-11-27', '2026-12-04']);
    expect(suggestDates('11/26', '2026-11-25', { order: 'month_first' })[0]!.value).toBe('2026-11-26');
  });
});

describe('resolving a typed time zone', () => {
  it.each([
    ['Europe/London', 'Europe/London'],
    ['europe/london', 'Europe/London'],
    ['EST', 'America/New_York'],
    ['eastern', 'America/New_York'],
    ['london', 'Europe/London'],
    ['UTC', 'UTC'],
    ['lisbon', 'Europe/Lisbon'],
    ['nowhere', undefined],
  ])('%s -> %s', (typed, zone) => {
    expect(resolveTimeZone(typed)).toBe(zone);
  });
});
