import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatIsoWeek,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  isValidTimeZone,
  localDateOf,
  parseSessionDate,
  zonedInstant,
} from '../../src/domain/time';

describe('team-local time', () => {
  it('turns a local wall-clock time into the right instant either side of a DST change', () => {
    // London: GMT until 29 March 2026 01:00 UTC, then BST (UTC+1).
    expect(zonedInstant('2026-03-28', '08:00', 'Europe/London').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(zonedInstant('2026-03-30', '08:00', 'Europe/London').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // New York: EDT (UTC-4) until 1 November 2026, then EST (UTC-5).
    expect(zonedInstant('2026-10-31', '17:00', 'America/New_York').toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(zonedInstant('2026-11-02', '17:00', 'America/New_York').toISOString()).toBe('2026-11-02T22:00:00.000Z');
    // Sydney: AEDT (UTC+11) until 5 April 2026, AEST (UTC+10) after; back to AEDT on 4 October.
    expect(zonedInstant('2026-04-04', '08:00', 'Australia/Sydney').toISOString()).toBe('2026-04-03T21:00:00.000Z');
    expect(zonedInstant('2026-04-06', '08:00', 'Australia/Sydney').toISOString()).toBe('2026-04-05T22:00:00.000Z');
    expect(zonedInstant('2026-10-05', '08:00', 'Australia/Sydney').toISOString()).toBe('2026-10-04T21:00:00.000Z');
    // Tonga is UTC+13 all year: 08:00 local is 19:00 UTC the previous day.
    expect(zonedInstant('2026-07-01', '08:00', 'Pacific/Tongatapu').toISOString()).toBe('2026-06-30T19:00:00.000Z');
  });

  it('moves a time skipped by spring-forward on by the gap, and takes the first of a repeated autumn hour', () => {
    expect(zonedInstant('2026-03-29', '01:30', 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(zonedInstant('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST
    // West of UTC the same rules hold: New York skips 02:00-03:00 on 8 March, repeats 01:00-02:00 on 1 November.
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    // Sydney skips 02:00-03:00 on 4 October and repeats 02:00-03:00 on 5 April.
    expect(zonedInstant('2026-10-04', '02:30', 'Australia/Sydney').toISOString()).toBe('2026-10-03T16:30:00.000Z'); // 03:30 AEDT
    expect(zonedInstant('2026-04-05', '02:30', 'Australia/Sydney').toISOString()).toBe('2026-04-04T15:30:00.000Z'); // 02:30 AEDT
  });

  it('reads the local date in the team zone, not in UTC', () => {
    const instant = new Date('2026-06-30T20:00:00Z');
    expect(localDateOf(instant, 'Europe/London')).toBe('2026-06-30');
    expect(localDateOf(instant, 'Pacific/Tongatapu')).toBe('2026-07-01');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-06-30');
  });

  it('adds days across DST changes and year ends without drifting', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('computes ISO weeks, including week 53 of 2026', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(isoWeekRange({ year: 2026, week: 53 })).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(formatIsoWeek(isoWeekOf('2027-01-03'))).toBe('2026-W53');
    expect(formatIsoWeek(isoWeekOf('2027-01-04'))).toBe('2027-W01');
    expect(isoWeekRange({ year: 2026, week: 1 })).toEqual({ start: '2025-12-29', end: '2026-01-04' });
  });

  it('validates time zones', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('session dates as coaches type them', () => {
  const today = '2026-11-21'; // a Saturday
  it.each([
    ['today', '2026-11-21'],
    [undefined, '2026-11-21'],
    ['tomorrow', '2026-11-22'],
    ['Thursday', '2026-11-26'],
    ['thu', '2026-11-26'],
    ['saturday', '2026-11-21'],
    ['2026-11-30', '2026-11-30'],
    ['2026-11-07', '2026-11-07'],
  ])('%s -> %s', (input, expected) => {
    expect(parseSessionDate(input, today)).toEqual({ ok: true, value: expected });
  });

  it('refuses dates in the wrong form, impossible dates and dates too far back', () => {
    const wrongForm = parseSessionDate('the 21st-ish', today);
    expect(wrongForm.ok).toBe(false);
    expect(!wrongForm.ok && wrongForm.message).toMatch(/"next monday", "26 Nov", "26\/11" or 2026-11-26/);
    expect(parseSessionDate('31/11', today)).toMatchObject({ ok: false, message: expect.stringMatching(/not a real calendar date/) });
    expect(parseSessionDate('2026-02-30', today)).toMatchObject({ ok: false, message: expect.stringMatching(/not a real calendar date/) });
    expect(parseSessionDate('2026-11-06', today)).toMatchObject({ ok: false, message: expect.stringMatching(/more than 14 days ago/) });
    expect(parseSessionDate('2028-01-01', today)).toMatchObject({ ok: false, message: expect.stringMatching(/more than a year ahead/) });
  });
});
