/**
 * Times and time zones as coaches type them. Pure: the zone list comes from the runtime's
 * IANA database (Intl), the names below are the common ones people use for those zones.
 */
import { TZDate } from '@date-fns/tz';
import {
  addDays,
  formatLocalDate,
  isValidTimeZone,
  knownTimeZones,
  parseSessionDate,
  type DateOrder,
  type LocalDate,
  type Parsed,
} from './time';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A wall-clock time: "5pm", "5:30pm", "5.30 pm", "17:30", "17.30", "1730", "0730", "7am",
 * "noon", "midnight". Returns 24-hour HH:MM. A bare hour from 1 to 12 ("7") could be morning or
 * evening, so it is refused with both readings named.
 */
export function parseLocalTime(input: string | null | undefined): Parsed<string> {
  const raw = (input ?? '').trim();
  const text = raw
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\./g, (_dot, i: number, s: string) => (/\d/.test(s[i - 1] ?? '') && /\d/.test(s[i + 1] ?? '') ? ':' : ''));
  const help = 'Use a time such as 17:30, 5:30pm or 7am.';
  if (text === 'noon' || text === 'midday') return { ok: true, value: '12:00' };
  if (text === 'midnight') return { ok: true, value: '00:00' };
  let m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)$/.exec(text);
  if (m) {
    const h = Number(m[1]);
    const min = m[2] ? Number(m[2]) : 0;
    if (h < 1 || h > 12 || min > 59) return { ok: false, message: `"${raw}" isn't a time I can read. ${help}` };
    const pm = m[3]!.startsWith('p');
    const hour = (h % 12) + (pm ? 12 : 0);
    return { ok: true, value: `${pad(hour)}:${pad(min)}` };
  }
  m = /^(\d{1,2}):(\d{2})(?:\s*h)?$/.exec(text) ?? /^(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h > 23 || min > 59) return { ok: false, message: `"${raw}" isn't a time of day. ${help}` };
    return { ok: true, value: `${pad(h)}:${pad(min)}` };
  }
  m = /^(\d{1,2})(?:\s*h)?$/.exec(text);
  if (m) {
    const h = Number(m[1]);
    if (h === 0 || (h >= 13 && h <= 23)) return { ok: true, value: `${pad(h)}:00` };
    if (h >= 1 && h <= 12)
      return {
        ok: false,
        message: `Is "${raw}" ${pad(h)}:00 or ${pad(h === 12 ? 0 : h + 12)}:00? Write ${h}am or ${h}pm (or ${pad(h)}:00).`,
      };
  }
  return { ok: false, message: `"${raw}" isn't a time I can read. ${help}` };
}

/** "17:30 (5:30pm)" for an answer that repeats the time understood. */
export function describeTime(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const twelve = `${h % 12 === 0 ? 12 : h % 12}${m ? `:${pad(m)}` : ''}${h < 12 ? 'am' : 'pm'}`;
  return `${time} (${twelve})`;
}

/**
 * Names people use for a zone. Abbreviations name the zone most people mean by them (EST is
 * New York, not Creston; IST is India); a country names its most populous zone first.
 */
const ZONE_NAMES: [string, string[]][] = [
  [
    'America/New_York',
    [
      'est',
      'edt',
      'et',
      'eastern',
      'eastern time',
      'us eastern',
      'new york',
      'nyc',
      'boston',
      'washington',
      'dc',
      'miami',
      'atlanta',
      'philadelphia',
      'usa',
      'us',
      'united states',
      'america',
    ],
  ],
  ['America/Toronto', ['toronto', 'ottawa', 'montreal', 'canada', 'eastern']],
  [
    'America/Chicago',
    ['cst', 'cdt', 'ct', 'central', 'central time', 'us central', 'chicago', 'dallas', 'houston', 'austin', 'minneapolis', 'new orleans'],
  ],
  ['America/Denver', ['mst', 'mdt', 'mt', 'mountain', 'mountain time', 'denver', 'salt lake city']],
  ['America/Phoenix', ['arizona', 'phoenix', 'mst']],
  [
    'America/Los_Angeles',
    [
      'pst',
      'pdt',
      'pt',
      'pacific',
      'pacific time',
      'us pacific',
      'los angeles',
      'la',
      'san francisco',
      'sf',
      'seattle',
      'portland',
      'san diego',
      'las vegas',
    ],
  ],
  ['America/Vancouver', ['vancouver', 'pacific']],
  ['America/Anchorage', ['akst', 'akdt', 'alaska']],
  ['Pacific/Honolulu', ['hst', 'hawaii']],
  ['America/Halifax', ['ast', 'adt', 'atlantic']],
  ['America/St_Johns', ['nst', 'ndt', 'newfoundland']],
  ['America/Mexico_City', ['mexico']],
  ['America/Sao_Paulo', ['brt', 'brazil', 'rio']],
  ['America/Argentina/Buenos_Aires', ['art', 'argentina', 'buenos aires']],
  ['America/Bogota', ['colombia']],
  ['America/Santiago', ['chile']],
  ['America/Lima', ['peru']],
  [
    'Europe/London',
    [
      'gmt',
      'bst',
      'uk',
      'united kingdom',
      'britain',
      'great britain',
      'england',
      'scotland',
      'wales',
      'northern ireland',
      'london',
      'manchester',
      'birmingham',
      'leeds',
      'liverpool',
      'edinburgh',
      'glasgow',
      'cardiff',
      'belfast',
      'bristol',
    ],
  ],
  ['UTC', ['utc', 'gmt', 'zulu', 'universal']],
  ['Europe/Dublin', ['ireland', 'dublin', 'cork']],
  ['Europe/Lisbon', ['wet', 'west', 'portugal', 'porto']],
  ['Europe/Paris', ['cet', 'cest', 'central european', 'france', 'paris', 'lyon', 'marseille']],
  ['Europe/Berlin', ['cet', 'cest', 'germany', 'berlin', 'munich', 'hamburg', 'frankfurt', 'cologne']],
  ['Europe/Amsterdam', ['cet', 'netherlands', 'holland', 'amsterdam', 'rotterdam']],
  ['Europe/Brussels', ['belgium', 'brussels']],
  ['Europe/Madrid', ['cet', 'spain', 'madrid', 'barcelona', 'valencia', 'seville']],
  ['Europe/Rome', ['cet', 'italy', 'rome', 'milan', 'naples', 'turin']],
  ['Europe/Zurich', ['switzerland', 'zurich', 'geneva']],
  ['Europe/Vienna', ['austria', 'vienna']],
  ['Europe/Stockholm', ['sweden', 'stockholm']],
  ['Europe/Oslo', ['norway', 'oslo']],
  ['Europe/Copenhagen', ['denmark', 'copenhagen']],
  ['Europe/Warsaw', ['poland', 'warsaw']],
  ['Europe/Prague', ['czechia', 'czech republic', 'prague']],
  ['Europe/Helsinki', ['eet', 'eest', 'finland', 'helsinki']],
  ['Europe/Athens', ['eet', 'eest', 'greece', 'athens']],
  ['Europe/Bucharest', ['romania', 'bucharest']],
  ['Europe/Kyiv', ['ukraine', 'kyiv', 'kiev']],
  ['Europe/Istanbul', ['turkey', 'istanbul', 'trt']],
  ['Europe/Moscow', ['msk', 'russia', 'moscow']],
  ['Africa/Johannesburg', ['sast', 'south africa', 'johannesburg', 'cape town', 'durban', 'pretoria']],
  ['Africa/Lagos', ['wat', 'nigeria', 'lagos']],
  ['Africa/Nairobi', ['eat', 'kenya', 'nairobi']],
  ['Africa/Cairo', ['egypt', 'cairo']],
  ['Asia/Dubai', ['gst', 'uae', 'united arab emirates', 'dubai', 'abu dhabi']],
  ['Asia/Jerusalem', ['israel', 'jerusalem', 'tel aviv']],
  ['Asia/Karachi', ['pkt', 'pakistan', 'karachi', 'lahore']],
  ['Asia/Kolkata', ['ist', 'india', 'mumbai', 'delhi', 'new delhi', 'bangalore', 'bengaluru', 'chennai', 'kolkata', 'calcutta']],
  ['Asia/Bangkok', ['ict', 'thailand', 'bangkok']],
  ['Asia/Singapore', ['sgt', 'singapore']],
  ['Asia/Hong_Kong', ['hkt', 'hong kong']],
  ['Asia/Shanghai', ['china', 'beijing', 'shanghai', 'shenzhen', 'guangzhou']],
  ['Asia/Manila', ['pht', 'philippines', 'manila']],
  ['Asia/Tokyo', ['jst', 'japan', 'tokyo', 'osaka']],
  ['Asia/Seoul', ['kst', 'korea', 'south korea', 'seoul']],
  ['Australia/Sydney', ['aest', 'aedt', 'australia', 'sydney', 'canberra', 'nsw']],
  ['Australia/Melbourne', ['aest', 'aedt', 'melbourne', 'victoria']],
  ['Australia/Brisbane', ['aest', 'brisbane', 'queensland', 'gold coast']],
  ['Australia/Adelaide', ['acst', 'acdt', 'adelaide']],
  ['Australia/Perth', ['awst', 'perth']],
  ['Pacific/Auckland', ['nzst', 'nzdt', 'new zealand', 'nz', 'auckland', 'wellington', 'christchurch']],
  ['Pacific/Fiji', ['fiji']],
];

export interface ZoneMatch {
  zone: string;
  /** "America/New_York · New York (UTC−05:00 now)" */
  label: string;
}

/** The zone's UTC offset at `at`, as "UTC+01:00". */
export function utcOffsetLabel(zone: string, at: Date): string {
  const local = new TZDate(at.getTime(), zone);
  const wall = Date.UTC(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes());
  const minutes = Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const normal = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[_/.-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Time zones for a typed search, best first: a name people use for the zone (EST, eastern,
 * london, france), then zones whose city starts with the text, then any zone containing it.
 * With nothing typed, the common zones.
 */
export function searchTimeZones(query: string, at: Date, limit = 25): ZoneMatch[] {
  const q = normal(query);
  const zones = new Set(knownTimeZones());
  const scored = new Map<string, number>();
  const score = (zone: string, s: number): void => {
    // The runtime may list a zone under its older name (Asia/Calcutta) yet accept both.
    if (!zones.has(zone) && !isValidTimeZone(zone)) return;
    scored.set(zone, Math.min(scored.get(zone) ?? Infinity, s));
  };
  ZONE_NAMES.forEach(([zone, names], order) => {
    for (const name of names) {
      if (q === '') score(zone, 100 + order);
      else if (name === q) score(zone, order * 0.01);
      else if (q.length >= 3 && name.startsWith(q)) score(zone, 10 + order * 0.01);
    }
  });
  if (q !== '') {
    for (const zone of zones) {
      const id = normal(zone);
      const city = normal(zone.split('/').at(-1)!);
      if (id === q || city === q) score(zone, 1);
      else if (city.startsWith(q)) score(zone, 20);
      else if (id.split(' ').some((w) => w.startsWith(q))) score(zone, 30);
      else if (id.includes(q)) score(zone, 40);
    }
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([zone]) => ({ zone, label: `${zone.replace(/_/g, ' ')} (${utcOffsetLabel(zone, at)} now)` }));
}

/**
 * Autocomplete for a date option: what the typed text means (so the coach sees the date before
 * sending), then the next days. Values are ISO dates, which every date option reads.
 */
export function suggestDates(
  typed: string,
  today: LocalDate,
  opts: { order?: DateOrder; days?: number; maxPastDays?: number } = {},
): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const text = typed.trim();
  if (text) {
    const parsed = parseSessionDate(text, today, { order: opts.order, maxPastDays: opts.maxPastDays });
    if (parsed.ok) out.push({ name: `${text} → ${formatLocalDate(parsed.value)} ${parsed.value.slice(0, 4)}`, value: parsed.value });
  }
  const days = opts.days ?? 14;
  for (let i = 0; i < days && out.length < 25; i++) {
    const date = addDays(today, i);
    const word = i === 0 ? 'Today · ' : i === 1 ? 'Tomorrow · ' : '';
    const name = `${word}${formatLocalDate(date)}`;
    if (out.some((o) => o.value === date)) continue;
    if (!text || out.length === 0 || name.toLowerCase().includes(text.toLowerCase())) out.push({ name, value: date });
  }
  return out.slice(0, 25);
}

/**
 * The zone a typed value means: an IANA id in any case ("europe/london"), or a name people use
 * for one ("EST", "eastern", "london"). Legacy fixed-offset ids such as "EST" are read as the
 * place people mean, whose clocks change with daylight saving.
 */
export function resolveTimeZone(typed: string): string | undefined {
  const q = normal(typed);
  if (!q) return undefined;
  const named = ZONE_NAMES.find(([, names]) => names.includes(q));
  if (named && (named[0] === 'UTC' || q !== 'utc')) return named[0];
  if (q === 'utc') return 'UTC';
  const exact = knownTimeZones().find((z) => z.includes('/') && normal(z) === q);
  if (exact) return exact;
  const city = knownTimeZones().filter((z) => z.includes('/') && normal(z.split('/').at(-1)!) === q);
  return city.length === 1 ? city[0] : undefined;
}
