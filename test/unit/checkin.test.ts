import { describe, expect, it } from 'vitest';
import { parseCheckinReply, parsePainArea, validateCheckinFields } from '../../src/domain/checkin';

describe('check-in form validation', () => {
  it('accepts whole numbers in range and normalises the area', () => {
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '2', area: 'Lower back', note: '  felt strong ' })).toEqual({
      ok: true,
      value: { rpe: 7, minutes: 45, pain: 2, painArea: 'lower_back', note: 'felt strong' },
    });
  });

  it('names every problem and guesses nothing', () => {
    const result = validateCheckinFields({ rpe: '11', minutes: 'forty', pain: '', area: 'elbow' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'RPE must be from 0 to 10 (you entered 11).',
      'Minutes must be a whole number from 1 to 600 (you entered "forty").',
      'Pain is missing: enter a whole number from 0 to 10.',
      'Pain area "elbow" isn\'t one I know: use hamstring, lower back, glute, knee or other (or leave it empty).',
    ]);
  });

  it('refuses decimals and negatives', () => {
    expect(validateCheckinFields({ rpe: '6.5', minutes: '30', pain: '0' }).ok).toBe(false);
    expect(validateCheckinFields({ rpe: '6', minutes: '30', pain: '-1' }).ok).toBe(false);
    expect(validateCheckinFields({ rpe: '6', minutes: '0', pain: '0' }).ok).toBe(false);
  });

  it('reads pain areas leniently', () => {
    expect(parsePainArea('hammy')).toBe('hamstring');
    expect(parsePainArea('Left glute')).toBe('glute');
    expect(parsePainArea('')).toBeNull();
    expect(parsePainArea('none')).toBeNull();
    expect(parsePainArea('shoulder')).toBe('invalid');
  });
});

describe('free-text DM replies', () => {
  const planned = 50;
  it('reads "RPE pain minutes" in order', () => {
    expect(parseCheckinReply('7 2 45', planned)).toEqual({
      kind: 'checkin',
      values: { rpe: 7, pain: 2, minutes: 45, painArea: null, note: null },
      assumedMinutes: false,
    });
  });

  it('reads labelled values in any order, with units and an area', () => {
    expect(parseCheckinReply('rpe 7 pain 2 45min', planned)).toMatchObject({ kind: 'checkin', values: { rpe: 7, pain: 2, minutes: 45 } });
    expect(parseCheckinReply('pain 4, RPE: 8, 60 mins, hamstring', planned)).toMatchObject({
      kind: 'checkin',
      values: { rpe: 8, pain: 4, minutes: 60, painArea: 'hamstring' },
    });
  });

  it('places a bare number above 10 as minutes', () => {
    expect(parseCheckinReply('45 7 2', planned)).toMatchObject({ kind: 'checkin', values: { rpe: 7, pain: 2, minutes: 45 } });
  });

  it('falls back to the planned minutes and says so', () => {
    expect(parseCheckinReply('7 2', planned)).toMatchObject({ kind: 'checkin', values: { minutes: 50 }, assumedMinutes: true });
  });

  it('asks back when RPE or pain is missing', () => {
    const reply = parseCheckinReply('7 45', planned);
    expect(reply.kind).toBe('ask');
    expect(reply.kind === 'ask' && reply.message).toMatch(/^I got RPE 7, 45 min\. What was your pain \(0-10\)\?/);
    expect(parseCheckinReply('7 2 45 3', planned).kind).toBe('ask');
  });

  it('refuses out-of-range and non-whole numbers', () => {
    expect(parseCheckinReply('rpe 11 pain 2', planned)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/11 is out of range/) });
    expect(parseCheckinReply('7.5 2 40', planned)).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/"7.5" isn't a whole number/) });
    expect(parseCheckinReply('7 12 45', planned).kind).toBe('invalid');
  });

  it('recognises chat that is not a check-in', () => {
    expect(parseCheckinReply('thanks coach!', planned)).toEqual({ kind: 'not_a_checkin' });
  });
});
