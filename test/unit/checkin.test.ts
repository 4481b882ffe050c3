import { describe, expect, it } from 'vitest';
import { validateCheckinFields } from '../../src/domain/checkin';

describe('check-in form validation', () => {
  it('accepts whole numbers in range and normalises the area', () => {
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '2', area: 'Lower back', note: '  felt strong ' })).toEqual({
      ok: true,
      value: { rpe: 7, minutes: 45, pain: 2, painArea: 'lower_back', painSide: null, note: 'felt strong' },
    });
  });

  it('names every problem and guesses nothing', () => {
    const result = validateCheckinFields({ rpe: '11', minutes: 'forty', pain: '' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'RPE must be from 0 to 10 (you entered 11).',
      'Minutes must be a whole number from 1 to 600 (you entered "forty").',
      'Pain is missing: enter a whole number from 0 to 10.',
    ]);
  });

  it('refuses decimals and negatives', () => {
    expect(validateCheckinFields({ rpe: '6.5', minutes: '30', pain: '0' }).ok).toBe(false);
    expect(validateCheckinFields({ rpe: '6', minutes: '30', pain: '-1' }).ok).toBe(false);
    expect(validateCheckinFields({ rpe: '6', minutes: '0', pain: '0' }).ok).toBe(false);
  });

  it('reads the area with its side, and keeps an unknown area as "other" with the words in the note', () => {
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '3', area: 'left calf' })).toMatchObject({
      ok: true,
      value: { painArea: 'calf', painSide: 'left', note: null },
    });
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '3', area: 'back of knee' })).toMatchObject({
      ok: true,
      value: { painArea: 'knee' },
    });
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '3', area: 'elbow' })).toMatchObject({
      ok: true,
      value: { painArea: 'other', note: 'Where: elbow' },
    });
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '3', area: 'elbow', note: 'bench' })).toMatchObject({
      ok: true,
      value: { painArea: 'other', note: 'bench (where: elbow)' },
    });
    expect(validateCheckinFields({ rpe: '7', minutes: '45', pain: '0', area: '' })).toMatchObject({
      ok: true,
      value: { painArea: null, painSide: null },
    });
  });
});
