import { describe, expect, it } from 'vitest';
import { getProgram, expandProgram } from '../../src/domain/programs';
import { requireTemplate, templates, toPrescription } from '../../src/domain/library';
import { legendLine, prescriptionFields, sessionEmbed } from '../../src/discord/render/session';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';

const team = { guildId: 'g', timeZone: 'Europe/London' } as Team;

function assignment(prescription = toPrescription(requireTemplate('glute-ham-emphasis'))): Assignment {
  return {
    id: 7,
    guildId: 'g',
    athleteId: 'a',
    title: prescription.title,
    sessionDate: '2026-03-10',
    plannedStartAt: '2026-03-10T17:00:00.000Z',
    plannedMinutes: prescription.estimatedMinutes,
    prescription,
    note: null,
    checkin: null,
  } as unknown as Assignment;
}

const cardText = (a: Assignment) => {
  const json = sessionEmbed(team, a).toJSON();
  return [json.title, json.description, ...(json.fields ?? []).flatMap((f) => [f.name, f.value]), json.footer?.text].join('\n');
};

describe('the session card an athlete trains from on a phone', () => {
  it('the glute & hamstring day: one block per role, one cue per exercise, a one-line RIR and tempo legend', () => {
    const p = toPrescription(requireTemplate('glute-ham-emphasis'), { exercises: { rdl: { tempo: '3-1-1-0' } } });
    const json = sessionEmbed(team, assignment(p)).toJSON();
    expect(json.fields!.map((f) => f.name)).toEqual(['Warm-up', 'Main lift', 'Secondary', 'Accessories', 'Finisher']);
    for (const f of json.fields!) {
      // each exercise: its dose line, then one line with a single cue or the note
      expect(f.value.split('\n').length).toBe(2 * f.value.split('\n').filter((l) => l.startsWith('**')).length);
    }
    expect(json.description).toContain(
      '-# RIR = reps in reserve: stop with that many reps left · tempo 3-1-1-0 = 3 s down, 1 s pause, 1 s up, 0 s at the top',
    );
    expect(cardText(assignment(p)).length).toBeLessThan(1800); // about one phone screen per block, not 2,500 characters in 10 fields
  });

  it('never shows developer notes or seed file names, in any built-in template or program session', () => {
    const sessions = [
      ...templates.map((t) => toPrescription(t)),
      ...(['runner-hamstring', 'glute-ham-block', 'nordic-protocol'] as const).flatMap((key) => {
        const def = getProgram(key)!;
        const days = def.trainingDays.min === 3 ? [1, 3, 5] : def.trainingDays.min === 2 ? [1, 4] : [2];
        return expandProgram(def, { startDate: '2026-03-02', trainingDays: days, mobilityDay: null }).map((s) => s.prescription);
      }),
    ];
    for (const p of sessions) {
      const text =
        cardText(assignment(p)) +
        prescriptionFields(p, 'full')
          .map((f) => f.value)
          .join('\n');
      expect(text, p.title).not.toMatch(/seed|\.txt|_[0-9a-f]{16}|the athlete|slot/i);
    }
  });

  it('/library shows every cue; no legend when neither RIR nor tempo appears', () => {
    const full = prescriptionFields(toPrescription(requireTemplate('glute-ham-emphasis')), 'full');
    expect(full.find((f) => f.name === 'Main lift')!.value).toContain('• Stop when the hips stop moving back, not when the back rounds');
    expect(legendLine(toPrescription(requireTemplate('mobility-day')))).toBeNull();
  });
});
