import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, exportCsv, exportFilename, zonedIso, type ExportRow } from '../../src/csv/export';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { parseExportDate } from '../../src/services/digest';

/** A strict RFC 4180 reader (quotes, doubled quotes, CRLF), to read the file back as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}: records must end with CRLF`);
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const PRESCRIPTION = JSON.stringify(toPrescription(requireTemplate('glute-ham-emphasis'))); // G 6.5, H 11.5, LB 2

function row(extra: Partial<ExportRow>): ExportRow {
  return {
    assignmentId: 1,
    athleteId: '200000000000000001',
    athleteName: 'Zoë Ångström',
    groups: ['sprinters'],
    sessionDate: '2026-07-09',
    title: 'Glute & hamstring emphasis day',
    templateId: 'glute-ham-emphasis',
    programWeek: null,
    plannedStartAt: '2026-07-09T16:00:00.000Z',
    plannedMinutes: 60,
    prescriptionJson: PRESCRIPTION,
    outcome: 'completed',
    rpe: 7,
    minutes: 55,
    pain: 3,
    painArea: 'hamstring',
    loadAu: 385,
    deload: false,
    excused: false,
    painFollowup: null,
    missedReason: null,
    note: null,
    loggedAt: '2026-07-09T18:10:00.000Z',
    source: 'modal',
    ...extra,
  };
}

function read(rows: ExportRow[], today = '2026-07-12'): { buffer: Buffer; records: Record<string, string>[]; header: string[] } {
  const buffer = exportCsv(rows, { timeZone: 'Europe/London', today });
  const text = buffer.toString('utf8');
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  return { buffer, header: header!, records: body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

describe('CSV export', () => {
  it('starts with a UTF-8 BOM, has a header row, CRLF line ends, and parses back', () => {
    const { buffer, header, records } = read([row({})]);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(buffer.toString('utf8')).toMatch(/\r\n$/);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      assignment_id: '1',
      athlete_name: 'Zoë Ångström',
      session_date: '2026-07-09',
      iso_week: '2026-W28',
      weekday: 'Thu',
      status: 'completed',
      rpe: '7',
      minutes: '55',
      load_au: '385',
      pain: '3',
      pain_area: 'hamstring',
      prescribed_hard_sets_glutes: '6.5',
      prescribed_hard_sets_hamstrings: '11.5',
      prescribed_hard_sets_lower_back: '2',
      groups: 'sprinters',
    });
  });

  it("states the team's zone in every row and writes instants as ISO 8601 with the zone's offset", () => {
    const { records } = read([
      row({}),
      row({
        assignmentId: 2,
        sessionDate: '2026-01-15',
        plannedStartAt: '2026-01-15T17:00:00.000Z',
        loggedAt: null,
        outcome: null,
        rpe: null,
        minutes: null,
        pain: null,
        painArea: null,
        loadAu: null,
      }),
    ]);
    expect(records.map((r) => r.time_zone)).toEqual(['Europe/London', 'Europe/London']);
    // Summer (BST, UTC+1) and winter (GMT, UTC+0).
    expect(records[0]!.planned_start).toBe('2026-07-09T17:00:00+01:00');
    expect(records[0]!.logged_at).toBe('2026-07-09T19:10:00+01:00');
    expect(records[1]!.planned_start).toBe('2026-01-15T17:00:00+00:00');
    expect(records[1]!.logged_at).toBe('');
    expect(records[1]!.status).toBe('not logged');
    expect(zonedIso('2026-07-09T16:00:00.000Z', 'Asia/Kolkata')).toBe('2026-07-09T21:30:00+05:30');
  });

  it('escapes formula injection: text starting with = + - @ gets a leading apostrophe', () => {
    const { records } = read([
      row({
        athleteName: '=HYPERLINK("http://evil.example","click")',
        note: '+1 rep on the last set',
        missedReason: '@SUM(A1:A9)',
        title: '-2 sets today',
        groups: ["=cmd|' /C calc'!A0"],
      }),
    ]);
    const r = records[0]!;
    expect(r.athlete_name).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(r.athlete_note).toBe("'+1 rep on the last set");
    expect(r.missed_reason).toBe("'@SUM(A1:A9)");
    expect(r.session).toBe("'-2 sets today");
    expect(r.groups).toBe("'=cmd|' /C calc'!A0");
    // No cell of the file starts with a formula character.
    for (const value of Object.values(r)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('keeps commas, quotes and line breaks inside one cell', () => {
    const { records } = read([row({ note: 'felt "ok", then\r\nsore' })]);
    expect(records).toHaveLength(1);
    expect(records[0]!.athlete_note).toBe('felt "ok", then\r\nsore');
  });

  it('one row per assignment with its status: completed, missed, excused, not logged, upcoming', () => {
    const { records } = read([
      row({ assignmentId: 1 }),
      row({ assignmentId: 2, outcome: 'missed', rpe: null, minutes: null, pain: null, painArea: null, loadAu: null, missedReason: 'exam' }),
      row({ assignmentId: 3, outcome: null, rpe: null, minutes: null, pain: null, painArea: null, loadAu: null, excused: true }),
      row({ assignmentId: 4, outcome: null, rpe: null, minutes: null, pain: null, painArea: null, loadAu: null }),
      row({
        assignmentId: 5,
        sessionDate: '2026-07-14',
        outcome: null,
        rpe: null,
        minutes: null,
        pain: null,
        painArea: null,
        loadAu: null,
      }),
      row({ assignmentId: 6, pain: 7, painFollowup: 'not_settled' }),
    ]);
    expect(records.map((r) => [r.assignment_id, r.status])).toEqual([
      ['1', 'completed'],
      ['2', 'missed'],
      ['3', 'excused'],
      ['4', 'not logged'],
      ['5', 'upcoming'],
      ['6', 'completed'],
    ]);
    expect(records[1]!.missed_reason).toBe('exam');
    expect(records[5]!.pain_settled).toBe('no');
  });

  it('an empty range still has its header', () => {
    const { header, records } = read([]);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records).toEqual([]);
  });

  it('reads export bounds as dates, ISO weeks or today', () => {
    expect(parseExportDate('2026-W53', '2027-02-01', 'start')).toEqual({ ok: true, value: '2026-12-28' });
    expect(parseExportDate('2026-W53', '2027-02-01', 'end')).toEqual({ ok: true, value: '2027-01-03' });
    expect(parseExportDate('', '2027-02-01', 'end')).toEqual({ ok: true, value: '2027-02-01' });
    expect(parseExportDate('2026-02-30', '2027-02-01', 'end').ok).toBe(false);
    expect(parseExportDate('next tuesday', '2027-02-01', 'end').ok).toBe(false);
    expect(exportFilename('2026-01-01', '2026-03-31')).toBe('backline-2026-01-01_to_2026-03-31.csv');
  });

  it('reads bounds as coaches type them, a date without a year being its latest occurrence', () => {
    expect(parseExportDate('26 Nov', '2027-02-01', 'start')).toEqual({ ok: true, value: '2026-11-26' });
    expect(parseExportDate('1 Feb', '2027-02-01', 'end')).toEqual({ ok: true, value: '2027-02-01' });
    expect(parseExportDate('2 Feb', '2027-02-01', 'start')).toEqual({ ok: true, value: '2026-02-02' });
    expect(parseExportDate('26/11', '2027-02-01', 'start')).toEqual({ ok: true, value: '2026-11-26' });
    expect(parseExportDate('11/26', '2027-02-01', 'start', { dateOrder: 'month_first' })).toEqual({ ok: true, value: '2026-11-26' });
    expect(parseExportDate('yesterday', '2027-02-01', 'end')).toEqual({ ok: true, value: '2027-01-31' });
    expect(parseExportDate('someday', '2027-02-01', 'end')).toMatchObject({ ok: false, message: expect.stringContaining('"26 Nov"') });
  });
});
