import { describe, expect, it } from 'vitest';
import { TZDate, tz } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  ACWR_CAVEAT,
  ACWR_ZONE_LABELS,
  CR10_ANCHORS,
  acwrZone,
  cr10Label,
  dailyLoadSeries,
  describeAcwr,
  advanceEwmaState,
  ewmaAcwr,
  ewmaAcwrFromState,
  ewmaAcwrOverHistory,
  ewmaSeries,
  monotonyAndStrain,
  rollingAcwr,
  sessionLoad,
} from '../../src/domain/load';
import { addDays, dayNumberToLocalDate, daysBetween, localDateRange, localDateToDayNumber } from '../../src/domain/time';

describe('sessionLoad (Foster et al. 2001)', () => {
  it('is CR-10 x minutes', () => {
    expect(sessionLoad(7, 60)).toBe(420); // 7 x 60
    expect(sessionLoad(0, 30)).toBe(0);
    expect(sessionLoad(10, 600)).toBe(6000);
    expect(sessionLoad(3, 1)).toBe(3);
  });

  it.each([
    [-1, 60],
    [11, 60],
    [6.5, 60],
    [Number.NaN, 60],
    [5, 0],
    [5, 601],
    [5, 45.5],
    [5, Number.POSITIVE_INFINITY],
  ])('rejects rpe %s, minutes %s', (rpe, minutes) => {
    expect(() => sessionLoad(rpe, minutes)).toThrow(RangeError);
  });
});

describe('CR-10 labels', () => {
  it("returns Foster's anchors", () => {
    expect(CR10_ANCHORS[0]).toBe('Rest');
    expect(cr10Label(0)).toBe('Rest');
    expect(cr10Label(1)).toBe('Very, very easy');
    expect(cr10Label(2)).toBe('Easy');
    expect(cr10Label(3)).toBe('Moderate');
    expect(cr10Label(4)).toBe('Somewhat hard');
    expect(cr10Label(5)).toBe('Hard');
    expect(cr10Label(7)).toBe('Very hard');
    expect(cr10Label(10)).toBe('Maximal');
  });

  it('describes unlabeled values by their neighbours', () => {
    expect(cr10Label(6)).toBe('between Hard and Very hard');
    expect(cr10Label(8)).toBe('between Very hard and Maximal');
    expect(cr10Label(9)).toBe('between Very hard and Maximal');
  });

  it('rejects out-of-scale values', () => {
    expect(() => cr10Label(11)).toThrow(RangeError);
    expect(() => cr10Label(2.5)).toThrow(RangeError);
  });
});

describe('monotonyAndStrain (Foster 1998, population SD)', () => {
  it('matches a hand-worked week', () => {
    // loads [300, 0, 450, 0, 500, 200, 0]
    // weekly = 300 + 450 + 500 + 200 = 1450
    // mean   = 1450 / 7 = 207.142857
    // sum of squares = 300² + 450² + 500² + 200² = 90000 + 202500 + 250000 + 40000 = 582500
    // population variance = 582500 / 7 - mean² = 83214.2857 - 42908.1633 = 40306.1224
    // SD = sqrt(40306.1224) = 200.764
    // monotony = 207.143 / 200.764 = 1.032
    // strain = 1450 x 1.0318 = 1496.07
    const r = monotonyAndStrain([300, 0, 450, 0, 500, 200, 0]);
    expect(r.weeklyLoad).toBe(1450);
    expect(r.mean).toBeCloseTo(207.143, 3);
    expect(r.sd).toBeCloseTo(200.764, 3);
    expect(r.monotony).toBeCloseTo(1.032, 3);
    expect(r.strain).toBeCloseTo(1496.07, 2);
  });

  it('uses the population SD, not the sample SD', () => {
    // [0, 700, 0, 0, 0, 0, 0]: mean 100; deviations² = 6 x 100² + 600² = 60000 + 360000 = 420000
    // population variance 420000 / 7 = 60000 -> SD 244.949 (sample would be 70000 -> 264.575)
    const r = monotonyAndStrain([0, 700, 0, 0, 0, 0, 0]);
    expect(r.sd).toBeCloseTo(244.949, 3);
    expect(r.monotony).toBeCloseTo(100 / 244.949, 4); // 0.408
  });

  it('a monotonous week (same load daily, one rest) gives a high monotony', () => {
    // [400 x 6, 0]: mean 2400/7 = 342.857; variance = 960000/7 - 342.857² = 137142.857 - 117551.020 = 19591.837
    // SD = 139.971; monotony = 342.857 / 139.971 = 2.449; strain = 2400 x 2.449 = 5878.8
    const r = monotonyAndStrain([400, 400, 400, 400, 400, 400, 0]);
    expect(r.monotony).toBeCloseTo(2.449, 3);
    expect(r.strain).toBeCloseTo(5878.8, 1);
  });

  it('a constant week has no defined monotony or strain', () => {
    const r = monotonyAndStrain([300, 300, 300, 300, 300, 300, 300]);
    expect(r).toEqual({ weeklyLoad: 2100, mean: 300, sd: 0, monotony: null, strain: null });
    const rest = monotonyAndStrain([0, 0, 0, 0, 0, 0, 0]);
    expect(rest.monotony).toBeNull();
    expect(rest.strain).toBeNull();
    // floating-point dust does not turn into a huge monotony
    expect(monotonyAndStrain([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]).monotony).toBeNull();
  });

  it('needs exactly 7 non-negative loads', () => {
    expect(() => monotonyAndStrain([1, 2, 3])).toThrow(RangeError);
    expect(() => monotonyAndStrain([0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => monotonyAndStrain([0, 0, 0, -5, 0, 0, 0])).toThrow(RangeError);
    expect(() => monotonyAndStrain([0, 0, 0, Number.NaN, 0, 0, 0])).toThrow(RangeError);
  });
});

describe('rollingAcwr', () => {
  // 21 days at 100 AU, then an acute week at 200 AU.
  const series = [...Array<number>(21).fill(100), ...Array<number>(7).fill(200)];

  it('coupled: chronic = last 28 days / 4', () => {
    // acute = 7 x 200 = 1400; chronic = (21 x 100 + 1400) / 4 = 3500 / 4 = 875; ratio = 1400 / 875 = 1.6
    const r = rollingAcwr(series, { mode: 'coupled' });
    expect(r).toEqual({ mode: 'coupled', acute: 1400, chronic: 875, ratio: 1.6, enoughHistory: true });
  });

  it('uncoupled: chronic = the 21 days before the acute week / 3', () => {
    // chronic = 2100 / 3 = 700; ratio = 1400 / 700 = 2.0 (differs from coupled 1.6)
    const r = rollingAcwr(series, { mode: 'uncoupled' });
    expect(r).toEqual({ mode: 'uncoupled', acute: 1400, chronic: 700, ratio: 2, enoughHistory: true });
  });

  it('uses only the last 28 days of a longer series', () => {
    const longer = [5000, 5000, ...series];
    expect(rollingAcwr(longer, { mode: 'coupled' }).ratio).toBe(1.6);
    expect(rollingAcwr(longer, { mode: 'uncoupled' }).ratio).toBe(2);
  });

  it('gives no ratio with fewer than 28 days', () => {
    const short = series.slice(1); // 27 days
    for (const mode of ['coupled', 'uncoupled'] as const) {
      const r = rollingAcwr(short, { mode });
      expect(r.enoughHistory).toBe(false);
      expect(r.ratio).toBeNull();
      expect(r.acute).toBe(1400);
    }
    expect(rollingAcwr([], { mode: 'coupled' })).toEqual({
      mode: 'coupled',
      acute: 0,
      chronic: 0,
      ratio: null,
      enoughHistory: false,
    });
  });

  it('gives no ratio when chronic load is 0', () => {
    const zeros = Array<number>(28).fill(0);
    expect(rollingAcwr(zeros, { mode: 'coupled' }).ratio).toBeNull();
    // uncoupled: 21 rest days then a loaded week -> chronic 0 -> not defined, not Infinity
    const restThenLoad = [...Array<number>(21).fill(0), ...Array<number>(7).fill(300)];
    const r = rollingAcwr(restThenLoad, { mode: 'uncoupled' });
    expect(r.chronic).toBe(0);
    expect(r.ratio).toBeNull();
  });
});

describe('ewmaSeries (Williams et al. 2017)', () => {
  it('follows the recurrence step by step, seeded with the first day', () => {
    // n = 7 -> lambda = 2/8 = 0.25
    // day 0: seed = 100
    // day 1: 0.25 x 200 + 0.75 x 100    = 50 + 75        = 125
    // day 2: 0.25 x 0   + 0.75 x 125    = 0 + 93.75      = 93.75
    // day 3: 0.25 x 300 + 0.75 x 93.75  = 75 + 70.3125   = 145.3125
    expect(ewmaSeries([100, 200, 0, 300], 7)).toEqual([100, 125, 93.75, 145.3125]);
  });

  it('uses lambda = 2 / (n + 1) for the chronic span', () => {
    // n = 28 -> lambda = 2/29 = 0.0689655
    // day 0: 0; day 1: 0.0689655 x 290 + 0 = 20; day 2: 0.0689655 x 0 + 0.9310345 x 20 = 18.6207
    const s = ewmaSeries([0, 290, 0], 28);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(20, 10);
    expect(s[2]).toBeCloseTo(18.6207, 4);
  });

  it('handles an empty series and rejects a bad span', () => {
    expect(ewmaSeries([], 7)).toEqual([]);
    expect(() => ewmaSeries([1], 0)).toThrow(RangeError);
    expect(() => ewmaSeries([1], 2.5)).toThrow(RangeError);
  });
});

describe('ewmaAcwr', () => {
  it('is 1 for a constant load', () => {
    const r = ewmaAcwr(Array<number>(28).fill(300));
    expect(r.acute).toBeCloseTo(300, 10);
    expect(r.chronic).toBeCloseTo(300, 10);
    expect(r.ratio).toBeCloseTo(1, 10);
    expect(r.enoughHistory).toBe(true);
  });

  it('rises after a jump in load', () => {
    // 27 days at 100, then 500 today. Both EWMAs sit at 100 after 27 days.
    // acute   = 0.25 x 500 + 0.75 x 100           = 200
    // chronic = (2/29) x 500 + (27/29) x 100      = 34.4828 + 93.1034 = 127.5862
    // ratio   = 200 / 127.5862                    = 1.5676
    const r = ewmaAcwr([...Array<number>(27).fill(100), 500]);
    expect(r.acute).toBeCloseTo(200, 10);
    expect(r.chronic).toBeCloseTo(127.5862, 4);
    expect(r.ratio).toBeCloseTo(1.5676, 4);
  });

  it('gives no ratio with fewer than 28 days or zero chronic load', () => {
    const short = ewmaAcwr(Array<number>(27).fill(100));
    expect(short.enoughHistory).toBe(false);
    expect(short.ratio).toBeNull();
    expect(ewmaAcwr(Array<number>(28).fill(0)).ratio).toBeNull();
    expect(ewmaAcwr([])).toEqual({ acute: 0, chronic: 0, ratio: null, enoughHistory: false });
  });
});

describe('EwmaState: the EWMA continued from a day before instead of the whole history', () => {
  it('the worked jump: 27 days at 100 kept as a state, then 500 today gives 200 / 127.5862 as over the whole series', () => {
    const loads = Array.from({ length: 27 }, (_, i) => ({ localDate: addDays('2026-01-01', i), load: 100 }));
    const state = advanceEwmaState(loads, '2026-01-01', '2026-01-27');
    expect(state).toEqual({ start: '2026-01-01', through: '2026-01-27', acute: 100, chronic: 100 });
    const today = ewmaAcwrFromState(state, [{ localDate: '2026-01-28', load: 500 }], '2026-01-28');
    expect(today.acute).toBe(200);
    expect(today.chronic).toBeCloseTo(127.5862, 4);
    expect(today).toEqual(ewmaAcwrOverHistory([...loads, { localDate: '2026-01-28', load: 500 }], '2026-01-01', '2026-01-28'));
  });

  it('is exactly (to the bit) the whole-history value, wherever the state is cut and however it is advanced', () => {
    const loads = Array.from({ length: 400 }, (_, i) => ({
      localDate: addDays('2025-03-01', i),
      load: (i * 37) % 11 === 0 ? 0 : 200 + ((i * 53) % 400),
    }));
    const whole = ewmaAcwrOverHistory(loads, '2025-03-01', '2026-04-04');
    for (const cut of ['2025-03-01', '2025-06-30', '2026-02-01', '2026-04-03']) {
      const state = advanceEwmaState(loads, '2025-03-01', cut);
      expect(ewmaAcwrFromState(state, loads, '2026-04-04')).toEqual(whole);
      // Advanced in two steps, as the digest does week after week.
      const later = advanceEwmaState(loads, '2025-03-01', '2026-04-03', state);
      expect(ewmaAcwrFromState(later, loads, '2026-04-04')).toEqual(whole);
    }
  });

  it('refuses a state of another series or one after the day asked', () => {
    const state = advanceEwmaState([{ localDate: '2026-01-01', load: 100 }], '2026-01-01', '2026-01-10');
    expect(() => advanceEwmaState([], '2025-12-01', '2026-01-20', state)).toThrow(RangeError);
    expect(() => advanceEwmaState([], '2026-01-01', '2026-01-05', state)).toThrow(RangeError);
  });
});

describe('acwrZone (Gabbett 2016)', () => {
  it.each([
    [0, 'low'],
    [0.79, 'low'],
    [0.8, 'moderate'],
    [1.0, 'moderate'],
    [1.3, 'moderate'],
    [1.31, 'rising'],
    [1.49, 'rising'],
    [1.5, 'high'],
    [2.4, 'high'],
  ] as const)('%s -> %s', (ratio, zone) => {
    expect(acwrZone(ratio)).toBe(zone);
  });

  it('labels the moderate zone by its range', () => {
    expect(ACWR_ZONE_LABELS.moderate).toBe('within 0.8-1.3');
  });

  it('rejects nonsense', () => {
    expect(() => acwrZone(Number.NaN)).toThrow(RangeError);
    expect(() => acwrZone(-1)).toThrow(RangeError);
  });
});

describe('describeAcwr', () => {
  it('describes load change', () => {
    expect(describeAcwr(1.6)).toBe('load this week is 1.6x the 4-week average: a sharp rise');
    expect(describeAcwr(1.4)).toBe('load this week is 1.4x the 4-week average: a quick rise');
    expect(describeAcwr(1.0)).toBe('load this week is 1x the 4-week average: about the same');
    expect(describeAcwr(1.2)).toBe('load this week is 1.2x the 4-week average: a gradual rise');
    expect(describeAcwr(0.85)).toBe('load this week is 0.85x the 4-week average: slightly lower');
    expect(describeAcwr(0.5)).toBe('load this week is 0.5x the 4-week average: a clear drop');
    expect(describeAcwr(null)).toBe('no load comparison yet: it needs 28 days of logged load');
  });

  it('never talks about injury, risk or prediction', () => {
    for (const ratio of [null, 0, 0.5, 0.79, 0.8, 1, 1.3, 1.31, 1.5, 2, 3.7]) {
      expect(describeAcwr(ratio)).not.toMatch(/injur|risk|predict|danger|safe/i);
    }
  });

  it('the caveat cites Impellizzeri et al. 2020', () => {
    expect(ACWR_CAVEAT).toMatch(/Impellizzeri/);
    expect(ACWR_CAVEAT).toMatch(/2020/);
    expect(ACWR_CAVEAT).toMatch(/better than chance/);
  });
});

describe('local date arithmetic', () => {
  it('round-trips day numbers', () => {
    expect(localDateToDayNumber('1970-01-01')).toBe(0);
    expect(localDateToDayNumber('2000-03-01')).toBe(11017); // = Date.UTC(2000, 2, 1) / 86400000
    for (const d of ['1999-12-31', '2000-02-29', '2026-03-29', '2026-10-25', '2100-02-28', '1969-12-31']) {
      expect(dayNumberToLocalDate(localDateToDayNumber(d))).toBe(d);
    }
  });

  it('adds and subtracts days across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across the UK spring DST change
  });

  it('rejects malformed or impossible dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-5', '26-01-05', '2026-01-05T00:00']) {
      expect(() => localDateToDayNumber(bad)).toThrow(RangeError);
    }
  });

  it('lists a range inclusively', () => {
    expect(localDateRange('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(() => localDateRange('2026-01-02', '2026-01-01')).toThrow(RangeError);
  });
});

describe('dailyLoadSeries', () => {
  it('sums per local date and fills rest days with 0', () => {
    const series = dailyLoadSeries(
      [
        { localDate: '2026-05-04', load: 300 },
        { localDate: '2026-05-04', load: 120 }, // two sessions on one day
        { localDate: '2026-05-06', load: 450 },
        { localDate: '2026-04-30', load: 999 }, // outside the range: ignored
      ],
      '2026-05-04',
      '2026-05-07',
    );
    expect(series).toEqual([420, 0, 450, 0]);
  });

  it('crosses a month end', () => {
    // 30, 31 Jan, 1, 2 Feb = 4 days
    const series = dailyLoadSeries(
      [
        { localDate: '2026-01-31', load: 200 },
        { localDate: '2026-02-01', load: 300 },
      ],
      '2026-01-30',
      '2026-02-02',
    );
    expect(series).toEqual([0, 200, 300, 0]);
    // February: 28 days in 2026, 29 in 2028
    expect(dailyLoadSeries([], '2026-02-27', '2026-03-02')).toHaveLength(4); // 27, 28, 1, 2
    expect(dailyLoadSeries([], '2028-02-27', '2028-03-02')).toHaveLength(5); // 27, 28, 29, 1, 2
  });

  it('crosses a year end', () => {
    // 30, 31 Dec 2026, 1, 2 Jan 2027 = 4 days
    const series = dailyLoadSeries(
      [
        { localDate: '2026-12-31', load: 250 },
        { localDate: '2027-01-01', load: 100 },
      ],
      '2026-12-30',
      '2027-01-02',
    );
    expect(series).toEqual([0, 250, 100, 0]);
  });

  it('is not shifted by a DST change (Europe/London, 29 March and 25 October 2026)', () => {
    // 28, 29, 30 March 2026: the 29th has only 23 hours in London, still one day.
    expect(dailyLoadSeries([], '2026-03-28', '2026-03-30')).toHaveLength(3);
    // 24, 25, 26 October 2026: the 25th has 25 hours, still one day.
    expect(dailyLoadSeries([], '2026-10-24', '2026-10-26')).toHaveLength(3);
    // A 28-day ACWR window spanning the spring change is exactly 28 days.
    expect(dailyLoadSeries([], '2026-03-15', '2026-04-11')).toHaveLength(28);

    // Late-evening sessions on either side of the change, converted to London local
    // dates the way callers do, land on their own days.
    const london = tz('Europe/London');
    const sessions = [
      { start: new TZDate(2026, 2, 28, 23, 30, 'Europe/London'), load: 300 }, // Sat 23:30 GMT
      { start: new TZDate(2026, 2, 29, 23, 30, 'Europe/London'), load: 400 }, // Sun 23:30 BST
      // Mon 00:30 BST = Sun 23:30 UTC: belongs to Monday locally
      { start: new TZDate(2026, 2, 30, 0, 30, 'Europe/London'), load: 500 },
    ];
    const entries = sessions.map((s) => ({ localDate: format(s.start, 'yyyy-MM-dd', { in: london }), load: s.load }));
    expect(entries.map((e) => e.localDate)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(dailyLoadSeries(entries, '2026-03-28', '2026-03-30')).toEqual([300, 400, 500]);

    // Elapsed time between those London midnights is 47 h, not 48 h; calendar arithmetic still says 2 days.
    const sat = new TZDate(2026, 2, 28, 0, 0, 'Europe/London');
    const mon = new TZDate(2026, 2, 30, 0, 0, 'Europe/London');
    expect((mon.getTime() - sat.getTime()) / 3_600_000).toBe(47);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('rejects bad ranges and loads', () => {
    expect(() => dailyLoadSeries([], '2026-03-30', '2026-03-28')).toThrow(RangeError);
    expect(() => dailyLoadSeries([{ localDate: '2026-03-28', load: -1 }], '2026-03-28', '2026-03-30')).toThrow(RangeError);
    expect(() => dailyLoadSeries([{ localDate: '2026-3-28', load: 1 }], '2026-03-28', '2026-03-30')).toThrow(RangeError);
  });
});
