import { TZDate, tzOffset } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';

/**
 * Days and weeks are computed in the team's zone on plain 'YYYY-MM-DD' strings;
 * instants are Date objects (stored as UTC ISO strings). Date-string arithmetic runs
 * on UTC midnights, so a daylight-saving change can never add or drop a day.
 */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let zoneList: string[] | undefined;
export function knownTimeZones(): string[] {
  zoneList ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return zoneList;
}

export function isValidLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isValidLocalTime(value: string): boolean {
  return TIME_RE.test(value);
}

/** The team-local calendar date of an instant. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  // The wall clock is the instant plus the zone's offset then; read as UTC fields. A third of
  // a TZDate's cost, and every interaction asks for today.
  const local = new Date(instant.getTime() + tzOffset(zone, instant) * 60_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/**
 * Today in the team's zone: the one place a service asks the clock for the date. Days and
 * ISO weeks are the team's; instants stay UTC.
 */
export function teamToday(team: { timeZone: string }, clock: { now(): Date }): LocalDate {
  return localDateOf(clock.now(), team.timeZone);
}

/** The team-local wall-clock time of an instant, as HH:MM. */
export function localTimeOf(instant: Date, zone: string): string {
  const local = new TZDate(instant.getTime(), zone);
  return `${pad(local.getHours())}:${pad(local.getMinutes())}`;
}

/**
 * The instant at which the team's clocks show `time` on `date`. A time skipped by a
 * spring-forward change moves forward by the gap (01:30 -> 02:30, as Temporal's
 * "compatible" rule does); a time that occurs twice in autumn takes the first occurrence.
 */
export function zonedInstant(date: LocalDate, time: string, zone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offsets a day either side bracket any change that day (zones change at most once a day).
  const before = offsetMs(wanted - 86_400_000, zone);
  const after = offsetMs(wanted + 86_400_000, zone);
  const candidates = [wanted - before, wanted - after].filter((instant) => wallClock(instant, zone) === wanted);
  // Autumn: both readings exist, take the first. Otherwise the one that exists, or in a
  // spring gap the pre-change offset, which lands as far past the gap as the time was into it.
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  return new Date(wanted - before);
}

function wallClock(instantMs: number, zone: string): number {
  const l = new TZDate(instantMs, zone);
  return Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes());
}

function offsetMs(instantMs: number, zone: string): number {
  return wallClock(instantMs, zone) - Math.floor(instantMs / 60_000) * 60_000;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function weekdayShort(date: LocalDate): string {
  return WEEKDAY_SHORT[isoWeekday(date) - 1]!;
}

export interface IsoWeek {
  year: number;
  week: number;
}

export function isoWeekOf(date: LocalDate): IsoWeek {
  const d = new Date(`${date}T12:00:00Z`);
  return { year: getISOWeekYear(d), week: getISOWeek(d) };
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${w.year}-W${pad(w.week)}`;
}

/** Monday and Sunday of an ISO week. */
export function isoWeekRange(w: IsoWeek): { start: LocalDate; end: LocalDate } {
  // ISO week 1 is the week with the year's first Thursday; 4 January is always in it.
  const jan4 = `${w.year}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const start = addDays(week1Monday, (w.week - 1) * 7);
  return { start, end: addDays(start, 6) };
}

export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const WEEKDAY_ALIASES: Record<string, number> = {};
WEEKDAYS.forEach((name, i) => {
  WEEKDAY_ALIASES[name] = i + 1;
  WEEKDAY_ALIASES[name.slice(0, 3)] = i + 1;
});
WEEKDAY_ALIASES.tues = 2;
WEEKDAY_ALIASES.weds = 3;
WEEKDAY_ALIASES.thur = 4;
WEEKDAY_ALIASES.thurs = 4;

export function parseWeekday(input: string): number | undefined {
  return WEEKDAY_ALIASES[input.trim().toLowerCase()];
}

const MONTHS: Record<string, number> = {};
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach(
  (name, i) => {
    MONTHS[name] = i + 1;
    MONTHS[name.slice(0, 3)] = i + 1;
  },
);
MONTHS.sept = 9;

/** How a coach writes a numeric date: 26/11 is day first in most of the world, 11/26 in the US. */
export type DateOrder = 'day_first' | 'month_first';

/**
 * A date as a coach types it: "today", "tomorrow", "yesterday", a weekday ("thursday": its next
 * occurrence, today included), "next monday" (the first one after today), "26 Nov", "Nov 26th",
 * "26/11" or "26.11" (day first unless the team's order says month first), with or without a
 * year, or ISO YYYY-MM-DD. A date without a year is the next one on or after the earliest
 * allowed day. Up to `maxPastDays` back is allowed, for logging a session after the fact.
 */
export function parseSessionDate(
  input: string | null | undefined,
  today: LocalDate,
  opts: { maxPastDays?: number; maxFutureDays?: number; order?: DateOrder } = {},
): Parsed<LocalDate> {
  const maxPast = opts.maxPastDays ?? 14;
  const maxFuture = opts.maxFutureDays ?? 365;
  const text = (input ?? '').trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ');
  const example = opts.order === 'month_first' ? '11/26' : '26/11';
  const help = `Use a date such as "today", "tomorrow", "thursday", "next monday", "26 Nov", "${example}" or 2026-11-26.`;
  const earliest = addDays(today, -Math.min(maxPast, 366));
  const withoutYear = (month: number, day: number): LocalDate | undefined => {
    const year = Number(earliest.slice(0, 4));
    for (const y of [year, year + 1]) {
      const candidate = `${y}-${pad(month)}-${pad(day)}`;
      if (isValidLocalDate(candidate) && candidate >= earliest) return candidate;
    }
    return undefined;
  };
  const withYear = (y: number, month: number, day: number): LocalDate | undefined => {
    const candidate = `${y < 100 ? 2000 + y : y}-${pad(month)}-${pad(day)}`;
    return isValidLocalDate(candidate) ? candidate : undefined;
  };
  const notReal = (): Parsed<LocalDate> => ({ ok: false, message: `"${input}" is not a real calendar date. ${help}` });

  let date: LocalDate | undefined;
  let m: RegExpExecArray | null;
  const weekdayPart = /^(?:(next|this|on)\s+)?([a-z]+)$/.exec(text);
  if (text === '' || text === 'today' || text === 'tonight') date = today;
  else if (text === 'tomorrow' || text === 'tmrw' || text === 'tmr') date = addDays(today, 1);
  else if (text === 'yesterday') date = addDays(today, -1);
  else if (weekdayPart && parseWeekday(weekdayPart[2]!) !== undefined) {
    const target = parseWeekday(weekdayPart[2]!)!;
    const ahead = (target - isoWeekday(today) + 7) % 7;
    date = addDays(today, weekdayPart[1] === 'next' && ahead === 0 ? 7 : ahead);
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) {
    date = withYear(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!date) return notReal();
  } else if ((m = /^(?:[a-z]+\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]+)\.?(?:\s+(\d{2,4}))?$/.exec(text)) && MONTHS[m[2]!]) {
    // "26 Nov", "Thu 26th November 2026"
    const day = Number(m[1]);
    const month = MONTHS[m[2]!]!;
    date = m[3] ? withYear(Number(m[3]), month, day) : withoutYear(month, day);
    if (!date) return notReal();
  } else if ((m = /^(?:[a-z]+\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s+(\d{2,4}))?$/.exec(text)) && MONTHS[m[1]!]) {
    // "Nov 26", "November 26th 2026"
    const month = MONTHS[m[1]!]!;
    const day = Number(m[2]);
    date = m[3] ? withYear(Number(m[3]), month, day) : withoutYear(month, day);
    if (!date) return notReal();
  } else if ((m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$/.exec(text))) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [day, month] = opts.order === 'month_first' ? [b, a] : [a, b];
    date = m[3] ? withYear(Number(m[3]), month, day) : withoutYear(month, day);
    if (!date) return notReal();
  } else {
    return { ok: false, message: `I couldn't read the date "${input}". ${help}` };
  }
  const offset = daysBetween(today, date);
  if (offset < -maxPast) {
    return {
      ok: false,
      message: `${formatLocalDate(date)} ${date.slice(0, 4)} is more than ${maxPast} days ago: sessions can be logged up to ${maxPast} days after the fact.`,
    };
  }
  if (offset > maxFuture)
    return { ok: false, message: `${formatLocalDate(date)} ${date.slice(0, 4)} is more than a year ahead. Pick a nearer date.` };
  return { ok: true, value: date };
}

/** "Mon 9 Mar" for a coach-facing line. */
export function formatLocalDate(date: LocalDate): string {
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return `${weekdayShort(date)} ${d} ${MONTH_SHORT[m - 1]!}`;
}

// en-GB's short month names as this runtime's ICU spells them ("Sept" or "Sep"), looked up once:
// toLocaleString builds a formatter per call, which cost /today a millisecond.
const MONTH_SHORT = Array.from({ length: 12 }, (_, i) =>
  new Date(Date.UTC(2001, i, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' }),
);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// ---------------------------------------------------------------------------
// Local calendar dates ('YYYY-MM-DD') — pure calendar arithmetic, no Date objects,
// so a daylight-saving change can never add or drop a day.
// ---------------------------------------------------------------------------

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a local calendar date (proleptic Gregorian; the
 * days-from-civil algorithm of H. Hinnant, "chrono-compatible low-level date algorithms").
 * @throws RangeError for anything but a real 'YYYY-MM-DD' date.
 */
export function localDateToDayNumber(localDate: string): number {
  const match = DATE_RE.exec(localDate);
  if (!match) throw new RangeError(`expected a local date 'YYYY-MM-DD', got '${localDate}'`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: '${localDate}'`);
  }
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `localDateToDayNumber`. */
export function dayNumberToLocalDate(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number must be an integer, got ${String(dayNumber)}`);
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `localDate` shifted by `days` calendar days (negative goes back). */
export function addDays(localDate: LocalDate, days: number): LocalDate {
  return dayNumberToLocalDate(localDateToDayNumber(localDate) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return localDateToDayNumber(to) - localDateToDayNumber(from);
}

/** Every local date from `fromDate` to `toDate`, both inclusive. */
export function localDateRange(fromDate: string, toDate: string): string[] {
  const start = localDateToDayNumber(fromDate);
  const end = localDateToDayNumber(toDate);
  if (end < start) throw new RangeError(`toDate '${toDate}' is before fromDate '${fromDate}'`);
  const out: string[] = [];
  for (let d = start; d <= end; d++) out.push(dayNumberToLocalDate(d));
  return out;
}
