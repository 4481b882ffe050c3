/**
 * The whiteboard parser: a session written the way a coach writes it on a
 * whiteboard, one exercise per line (`RDL 4x6 @2 RIR 3-1-1-0 rest 3m`,
 * `Hip thrust 3x8-10 @2`, `Nordic 2x5`, `Side plank 3x20s/side`), turned into
 * a session template validated by the built-in library's own checks
 * (validateTemplates), so hard sets are counted exactly as for a built-in one.
 *
 * Rules it applies (reference: Volume; seed 002):
 *  - a hard set is a working set (role main/secondary/accessory) of a strength
 *    exercise at 0-3 reps in reserve; warm-up, mobility and finisher sets never count;
 *  - "@N" with N of 0-5 is reps in reserve; "@N" with N of 6-10, or "RPE N", is
 *    converted with the RIR-based RPE scale (Zourdos et al. 2016, J Strength Cond
 *    Res 30:267: RPE 10 = 0 RIR, 9 = 1, 8 = 2 ...);
 *  - a strength lift with no effort written is taken at 1-3 RIR, the seed's range
 *    for working sets (002: "Primary lifts 3-8 reps at 1-3 RIR"), and the card says so.
 */
import { validateTemplates, WORKING_ROLES } from './library/templates';
import { exercises as builtInLibrary } from './library/exercises';
import { type Exercise, type PrescribedExercise, type RepUnit, type SessionRole, type SessionTemplate } from './library/schema';
import { hardSetsPerMuscle } from './volume';
import { normaliseName, slugOf } from './teamExercises';

// ── Exercise names ────────────────────────────────────────────────────────────

/** Common whiteboard names for the built-in exercises. An alias naming several ids is ambiguous. */
const ALIASES: Record<string, readonly string[]> = {
  'tempo-hip-hinge': ['hip hinge', 'tempo hinge', 'dowel hinge', 'hinge drill'],
  'kettlebell-deadlift': ['kb deadlift', 'kb dl', 'kettlebell dl', 'kb deadlifts'],
  rdl: ['rdl', 'rdls', 'romanian deadlift', 'romanian dl', 'bb rdl', 'barbell rdl', 'romanian deadlifts'],
  'single-leg-rdl': ['sl rdl', 'single leg rdl', 'slrdl', 'one leg rdl', 'single leg romanian deadlift', 'sl rdls', 'single leg rdls'],
  'kettlebell-swing': ['kb swing', 'kb swings', 'swing', 'swings', 'kettlebell swings', 'russian swing'],
  'trap-bar-deadlift': ['trap bar dl', 'trap bar deadlift', 'hex bar deadlift', 'hex bar dl', 'tbdl', 'trap bar'],
  deadlift: ['deadlift', 'deadlifts', 'dl', 'conventional deadlift', 'conventional dl', 'barbell deadlift'],
  'cable-pull-through': ['pull through', 'pull throughs', 'pullthrough', 'cable pullthrough', 'cable pull through'],
  'hip-extension-45': [
    '45 hip extension',
    '45 degree hip extension',
    '45 back extension',
    '45 degree back extension',
    'hyperextension',
    'hyperextensions',
    'hypers',
    '45 hyper',
  ],
  'back-extension': ['back extension', 'back extensions', 'horizontal back extension', 'back ext'],
  'isometric-bridge-hold': ['bridge hold', 'iso bridge', 'isometric bridge', 'glute bridge hold', 'iso bridge hold'],
  'glute-bridge': ['glute bridge', 'glute bridges', 'bridge', 'bridges'],
  'bridge-march': ['bridge march', 'bridge marches', 'marching bridge', 'marching bridges'],
  'single-leg-bridge': ['sl bridge', 'single leg bridge', 'sl glute bridge', 'single leg glute bridge', 'sl bridges'],
  'unilateral-hamstring-bridge': [
    'hamstring bridge',
    'ham bridge',
    'sl hamstring bridge',
    'single leg hamstring bridge',
    'heel on box bridge',
  ],
  'bodyweight-hip-thrust': ['bw hip thrust', 'bodyweight hip thrust', 'bw thrust', 'bodyweight thrust'],
  'hip-thrust': ['hip thrust', 'hip thrusts', 'barbell hip thrust', 'bb hip thrust', 'thrust', 'thrusts', 'ht'],
  'hamstring-walkout': ['walkout', 'walkouts', 'hamstring walkouts', 'ham walkout', 'ham walkouts', 'bridge walkout'],
  'stability-ball-curl': [
    'ball curl',
    'ball curls',
    'sb curl',
    'sb curls',
    'swiss ball curl',
    'swiss ball curls',
    'stability ball curl',
    'stability ball curls',
    'sb leg curl',
    'physio ball curl',
    'sb ham curl',
  ],
  'nordic-curl-band-assisted': [
    'band nordic',
    'band nordics',
    'band assisted nordic',
    'band assisted nordics',
    'assisted nordic',
    'assisted nordics',
    'banded nordic',
    'banded nordics',
  ],
  'nordic-curl-partial': ['partial nordic', 'partial nordics', 'nordic partial', 'half nordic', 'half nordics', 'partial range nordic'],
  'nordic-curl': [
    'nordic',
    'nordics',
    'nordic curl',
    'nordic curls',
    'nordic hamstring curl',
    'nordic ham curl',
    'nhe',
    'nordic hamstring exercise',
    'full nordic',
  ],
  'lying-leg-curl': [
    'lying leg curl',
    'lying leg curls',
    'prone leg curl',
    'lying ham curl',
    'lying curl',
    'leg curl',
    'ham curl',
    'hamstring curl',
    'leg curls',
  ],
  'seated-leg-curl': [
    'seated leg curl',
    'seated leg curls',
    'seated ham curl',
    'seated curl',
    'seated hamstring curl',
    'leg curl',
    'ham curl',
    'hamstring curl',
    'leg curls',
  ],
  'side-lying-hip-abduction': ['side lying abduction', 'side lying hip abduction', 'side lying leg raise', 'side lying abductions'],
  'band-walk': [
    'band walk',
    'band walks',
    'lateral band walk',
    'lateral band walks',
    'monster walk',
    'monster walks',
    'crab walk',
    'crab walks',
    'banded walk',
  ],
  'cable-hip-abduction': ['cable abduction', 'cable abductions', 'cable hip abduction', 'standing cable abduction'],
  'dead-bug': ['dead bug', 'dead bugs', 'deadbug', 'deadbugs'],
  'front-plank': ['plank', 'planks', 'front plank', 'prone plank'],
  'side-plank': ['side plank', 'side planks', 'side bridge'],
  'hip-flexor-stretch': ['hip flexor stretch', 'kneeling hip flexor stretch', 'hip flexor', 'hf stretch', 'half kneeling hip flexor'],
  'hamstring-floss': ['hamstring floss', 'hamstring flossing', 'ham floss', 'sciatic floss', 'nerve floss'],
  'thoracic-rotation': ['open book', 'open books', 't spine rotation', 'thoracic rotation', 'tspine rotation', 't spine rotations'],
  'ankle-mobility': ['knee to wall', 'ankle mobility', 'ankle rocks', 'knee to walls'],
  'cat-camel': ['cat camel', 'cat cow', 'cat cows', 'cat camels'],
  'diaphragmatic-breathing': ['breathing', 'belly breathing', 'diaphragmatic breathing', '90 90 breathing', 'crocodile breathing'],
  'box-tap': ['box tap', 'box taps'],
  skip: ['skip', 'skips', 'a skip', 'a skips', 'skipping'],
  'light-bounding': ['bounding', 'bounds', 'light bounds', 'light bounding'],
  'hill-stride': ['hill strides', 'hill stride', 'uphill strides'],
};

interface NameKey {
  key: string;
  ids: string[];
}

/** Every name a library answers to: its full name, its name without the bracket, its aliases, and a team exercise's own name. */
const keysByLibrary = new WeakMap<readonly Exercise[], NameKey[]>();

function nameKeys(library: readonly Exercise[]): NameKey[] {
  const cached = keysByLibrary.get(library);
  if (cached) return cached;
  const keys = buildNameKeys(library);
  keysByLibrary.set(library, keys);
  return keys;
}

function buildNameKeys(library: readonly Exercise[]): NameKey[] {
  const byKey = new Map<string, Set<string>>();
  const add = (text: string, id: string): void => {
    const key = normaliseName(text);
    if (key.length === 0) return;
    const ids = byKey.get(key) ?? new Set<string>();
    ids.add(id);
    byKey.set(key, ids);
  };
  const known = new Set(library.map((ex) => ex.id));
  for (const ex of library) add(ex.name, ex.id);
  for (const [id, aliases] of Object.entries(ALIASES)) if (known.has(id)) for (const alias of aliases) add(alias, id);
  // The name without its bracket ("Hip thrust" of "Hip thrust (barbell)") only where no alias already decides it.
  const claimed = new Set(byKey.keys());
  for (const ex of library) {
    const short = ex.name.replace(/\s*\(.*\)\s*$/, '');
    if (!claimed.has(normaliseName(short))) add(short, ex.id);
  }
  return [...byKey].map(([key, ids]) => ({ key, ids: [...ids] }));
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swapped neighbours each cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Typos accepted without asking: one slip in a short name, two in a longer one. */
function typoAllowance(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  return 2;
}

export type NameMatch =
  | { kind: 'exact'; exercise: Exercise }
  | { kind: 'typo'; exercise: Exercise; written: string }
  | { kind: 'unknown'; written: string; suggestions: Exercise[] };

/** Match a written name to the library: exactly (names, aliases), then a small typo, else "did you mean". */
export function matchExercise(written: string, library: readonly Exercise[] = builtInLibrary): NameMatch {
  const key = normaliseName(written);
  const keys = nameKeys(library);
  const byId = new Map(library.map((ex) => [ex.id, ex]));
  const exact = keys.find((k) => k.key === key);
  if (exact && exact.ids.length === 1) return { kind: 'exact', exercise: byId.get(exact.ids[0]!)! };
  if (exact) return { kind: 'unknown', written, suggestions: exact.ids.map((id) => byId.get(id)!) };

  const scored = keys.map((k) => ({ ...k, distance: editDistance(key, k.key) })).sort((x, y) => x.distance - y.distance);
  const best = scored[0];
  if (best && best.ids.length === 1 && best.distance <= typoAllowance(key.length)) {
    const rivals = scored.filter((s) => s.distance === best.distance && s.ids.some((id) => id !== best.ids[0]));
    if (rivals.length === 0) return { kind: 'typo', exercise: byId.get(best.ids[0]!)!, written };
  }
  // Suggestions: close spellings first, then names sharing a whole word (e.g. "Copenhagen plank" -> the planks).
  const words = new Set(key.split(' ').filter((w) => w.length >= 3));
  const suggestions: string[] = [];
  const push = (ids: readonly string[]): void => {
    for (const id of ids) if (!suggestions.includes(id)) suggestions.push(id);
  };
  for (const s of scored) if (s.distance <= Math.max(2, Math.ceil(key.length * 0.4))) push(s.ids);
  for (const k of keys) if (k.key.split(' ').some((w) => words.has(w))) push(k.ids);
  return { kind: 'unknown', written, suggestions: suggestions.slice(0, 3).map((id) => byId.get(id)!) };
}

// ── One line ──────────────────────────────────────────────────────────────────

type Measure = 'reps' | 'seconds' | 'metres' | 'breaths';

export interface ParsedItem {
  item: PrescribedExercise;
  exercise: Exercise;
  /** The line as written (trimmed). */
  line: string;
  /** Things the coach should see on the card before saving (typo read as, RIR assumed, text kept as a note). */
  remarks: string[];
}

export type LineProblem = { line: string; lineNumber: number; message: string; suggestions: string[] };

export type LineResult =
  | { kind: 'item'; parsed: ParsedItem }
  | { kind: 'section'; role: SessionRole }
  | { kind: 'blank' }
  | { kind: 'problem'; problem: LineProblem };

const SECTION_WORDS: Record<string, SessionRole> = {
  'warm up': 'warmup',
  warmup: 'warmup',
  'warm-up': 'warmup',
  prep: 'warmup',
  activation: 'warmup',
  main: 'main',
  'main lift': 'main',
  strength: 'main',
  secondary: 'secondary',
  accessory: 'accessory',
  accessories: 'accessory',
  finisher: 'finisher',
  conditioning: 'finisher',
  mobility: 'mobility',
  'cool down': 'mobility',
  cooldown: 'mobility',
  assessment: 'assessment',
  testing: 'assessment',
};

const MAX_SETS = 10;
const MAX_REPS = 100;
const MAX_SECONDS = 600;
const MAX_METRES = 400;
const MAX_REST_SECONDS = 15 * 60;
/** Seed 002: "Primary lifts 3-8 reps at 1-3 RIR"; used when a strength lift has no effort written. */
const ASSUMED_RIR = Object.freeze({ min: 1, max: 3 });

const SIDE = String.raw`(?:\s*(?:\/\s*(?:side|leg|arm|s|l)\b|e\/?s\b|ea\b|each(?:\s+(?:side|leg|way|arm))?|per\s+(?:side|leg|arm)|a\s+side)\b)`;
const UNIT = String.raw`(?:\s*(?:s\b|sec\b|secs\b|seconds?\b|"|m\b|metres?\b|meters?\b|breaths?\b|reps?\b))`;

/** Minutes or seconds written as `3m`, `3 min`, `90s`, `2:30`, `2-3 min`. */
function parseDuration(amount: string, unit: string | undefined, to?: string): number {
  if (amount.includes(':')) {
    const [m, s] = amount.split(':').map(Number);
    return m! * 60 + s!;
  }
  const lo = Number(amount);
  const hi = to ? Number(to) : lo;
  const mid = (lo + hi) / 2;
  const u = (unit ?? '').toLowerCase();
  const minutes = u.startsWith('m') || u === "'" || (u === '' && mid <= 5);
  return Math.round(minutes ? mid * 60 : mid);
}

interface Extracted {
  rest?: number;
  tempo?: string;
  rir?: { min: number; max: number };
  easy: boolean;
  notes: string[];
  remarks: string[];
  rest_text: string;
}

/** Pull the modifiers (rest, tempo, effort, notes) out of the text after the name and dose. */
function extractModifiers(text: string): Extracted | { error: string } {
  let t = ` ${text} `;
  const out: Extracted = { easy: false, notes: [], remarks: [], rest_text: '' };
  // Notes in brackets or after a dash/slashes: kept word for word.
  t = t.replace(/\(([^)]*)\)/g, (_, note: string) => {
    if (note.trim()) out.notes.push(note.trim());
    return ' ';
  });
  t = t.replace(/\s(?:--|—|\/\/|-(?=\s+[a-z]))\s*(.+)$/i, (_, note: string) => {
    if (note.trim()) out.notes.push(note.trim());
    return ' ';
  });
  // Tempo: four digits (X = explosive, stored as 0) as 3-1-1-0, 3.1.1.0 or "tempo 3110".
  const tempo =
    /(?:\btempo\s*)?\b([0-9xX])[-.]([0-9xX])[-.]([0-9xX])[-.]([0-9xX])\b|\btempo\s*([0-9xX])([0-9xX])([0-9xX])([0-9xX])\b/i.exec(t);
  if (tempo) {
    const digits = (tempo[1] ? tempo.slice(1, 5) : tempo.slice(5, 9)).map((d) => (/x/i.test(d) ? '0' : d));
    if (tempo.slice(1, 9).some((d) => d && /x/i.test(d))) out.remarks.push('Tempo "X" (explosive) is shown as 0.');
    out.tempo = digits.join('-');
    t = t.replace(tempo[0], ' ');
  }
  // Rest: "rest 3m", "r 90s", "90s rest", "rest 2-3 min", "rest 2:30".
  const restBefore =
    /\b(?:rest|r)\s*:?\s*(\d+(?::\d{2})?)(?:\s*(?:-|–|to)\s*(\d+))?\s*(m\b|mins?\b|minutes?\b|'|s\b|secs?\b|seconds?\b|")?/i.exec(t);
  const restAfter = /\b(\d+(?::\d{2})?)(?:\s*(?:-|–|to)\s*(\d+))?\s*(m\b|mins?\b|minutes?\b|'|s\b|secs?\b|seconds?\b|")?\s*rest\b/i.exec(t);
  const rest = restBefore ?? restAfter;
  if (rest) {
    out.rest = parseDuration(rest[1]!, rest[3], rest[2]);
    t = t.replace(rest[0], ' ');
    if (out.rest <= 0 || out.rest > MAX_REST_SECONDS)
      return { error: 'Rest must be between 1 second and 15 minutes (e.g. `rest 2m` or `rest 90s`).' };
  }
  // Effort: RPE first (explicit), then RIR ("RIR 2", "2 RIR", "@2", "@1-2", "@8").
  const rpe =
    /(?:@\s*)?\brpe\s*:?\s*(\d+(?:\.5)?)(?:\s*(?:-|–)\s*(\d+(?:\.5)?))?|@\s*(\d+(?:\.5)?)(?:\s*(?:-|–)\s*(\d+(?:\.5)?))?\s*rpe\b/i.exec(t);
  const rir =
    /@\s*(\d+)(?:\s*(?:-|–)\s*(\d+))?\s*(?:rir\b)?|\brir\s*:?\s*(\d+)(?:\s*(?:-|–)\s*(\d+))?|\b(\d+)(?:\s*(?:-|–)\s*(\d+))?\s*rir\b/i.exec(
      t,
    );
  if (rpe) {
    const lo = Number(rpe[1] ?? rpe[3]);
    const hi = Number(rpe[2] ?? rpe[4] ?? lo);
    if (lo < 1 || hi > 10 || lo > hi) return { error: 'RPE runs from 1 to 10 (e.g. `RPE 8`).' };
    out.rir = { min: Math.floor(10 - hi), max: Math.ceil(10 - lo) };
    out.remarks.push(
      `RPE ${lo === hi ? lo : `${lo}-${hi}`} read as ${out.rir.min === out.rir.max ? out.rir.min : `${out.rir.min}-${out.rir.max}`} reps in reserve.`,
    );
    t = t.replace(rpe[0], ' ');
  } else if (rir) {
    const lo = Number(rir[1] ?? rir[3] ?? rir[5]);
    const hi = Number(rir[2] ?? rir[4] ?? rir[6] ?? lo);
    const viaAt = rir[0].trim().startsWith('@') && !/rir/i.test(rir[0]);
    if (viaAt && lo >= 6) {
      // "@8" is RPE 8 on the RIR-based scale.
      if (hi > 10 || lo > hi) return { error: 'After "@", write reps in reserve (0-5) or an RPE (6-10).' };
      out.rir = { min: 10 - hi, max: 10 - lo };
      out.remarks.push(
        `@${lo === hi ? lo : `${lo}-${hi}`} read as RPE, i.e. ${out.rir.min === out.rir.max ? out.rir.min : `${out.rir.min}-${out.rir.max}`} reps in reserve.`,
      );
    } else {
      if (lo > hi) return { error: 'Write a reps-in-reserve range low to high (e.g. `RIR 1-2`).' };
      if (hi > 10) return { error: 'Reps in reserve above 10 mean little: write 0-5 (e.g. `@2`).' };
      out.rir = { min: lo, max: hi };
    }
    t = t.replace(rir[0], ' ');
  }
  // Effort words.
  t = t.replace(/\b(to failure|failure|max effort)\b/i, () => {
    out.rir = { min: 0, max: 0 };
    return ' ';
  });
  t = t.replace(/\b(easy|light|warm ?-?up|wu|submax)\b/i, () => {
    out.easy = true;
    return ' ';
  });
  out.rest_text = t.replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim();
  return out;
}

interface Dose {
  sets: number;
  reps: { min: number; max: number };
  measure?: Measure;
  perSide: boolean;
}

const DOSE_PATTERNS: RegExp[] = [
  // 3x8, 3 x 8-10, 4×6, 3*20s, 3x20s/side, 2x10 each leg
  new RegExp(String.raw`\b(\d+)\s*(?:x|×|\*)\s*(\d+(?::\d{2})?)(?:\s*(?:-|–|to)\s*(\d+))?(${UNIT})?(${SIDE})?`, 'i'),
  // 3 sets of 8, 3 sets x 8-10
  new RegExp(String.raw`\b(\d+)\s*sets?\s*(?:of|x|×)?\s*(\d+(?::\d{2})?)(?:\s*(?:-|–|to)\s*(\d+))?(${UNIT})?(${SIDE})?`, 'i'),
];
// x8, 10/side, 30s, 5 breaths: one set.
const SINGLE_SET = new RegExp(String.raw`(?:^|\s)(?:x|×)?\s*(\d+(?::\d{2})?)(?:\s*(?:-|–|to)\s*(\d+))?(${UNIT})?(${SIDE})?(?=\s|$)`, 'i');

function measureOf(unitText: string | undefined): Measure | undefined {
  const u = (unitText ?? '').trim().toLowerCase();
  if (u === '') return undefined;
  if (u.startsWith('rep')) return 'reps';
  if (u.startsWith('b')) return 'breaths';
  if (u.startsWith('m')) return 'metres';
  return 'seconds';
}

function toSeconds(value: string): number {
  if (!value.includes(':')) return Number(value);
  const [m, s] = value.split(':').map(Number);
  return m! * 60 + s!;
}

function splitNameAndDose(body: string): { name: string; dose: Dose; after: string } | undefined {
  for (const pattern of DOSE_PATTERNS) {
    const m = pattern.exec(body);
    if (!m || m.index === 0) continue;
    const clock = m[2]!.includes(':');
    return {
      name: body.slice(0, m.index),
      dose: {
        sets: Number(m[1]),
        reps: { min: toSeconds(m[2]!), max: m[3] ? Number(m[3]) : toSeconds(m[2]!) },
        measure: clock ? 'seconds' : measureOf(m[4]),
        perSide: Boolean(m[5]?.trim()),
      },
      after: body.slice(m.index + m[0].length),
    };
  }
  // A single set: the first number after at least one word of the name.
  const words = body.split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const rest = ' ' + words.slice(i).join(' ');
    const m = SINGLE_SET.exec(rest);
    if (m && m.index === 0) {
      const clock = m[1]!.includes(':');
      return {
        name: words.slice(0, i).join(' '),
        dose: {
          sets: 1,
          reps: { min: toSeconds(m[1]!), max: m[2] ? Number(m[2]) : toSeconds(m[1]!) },
          measure: clock ? 'seconds' : measureOf(m[3]),
          perSide: Boolean(m[4]?.trim()),
        },
        after: rest.slice(m[0].length),
      };
    }
  }
  return undefined;
}

const MEASURE_WORD: Record<Measure, string> = { reps: 'reps', seconds: 'seconds', metres: 'metres', breaths: 'breaths' };

function measureOfUnit(unit: RepUnit): Measure {
  return unit.replace(/_each_side$/, '') as Measure;
}

function exampleFor(ex: Exercise): string {
  const unit = ex.dose.unit;
  const reps = ex.dose.reps.min;
  const suffix = unit.startsWith('seconds') ? 's' : unit === 'metres' ? 'm' : unit === 'breaths' ? ' breaths' : '';
  return `${shortName(ex)} 3x${reps}${suffix}${unit.endsWith('_each_side') ? '/side' : ''}`;
}

/** Next to each other on a regression/progression ladder. */
function onLadder(a: Exercise, b: Exercise): boolean {
  return a.regressionId === b.id || a.progressionId === b.id || b.regressionId === a.id || b.progressionId === a.id;
}

function shortName(ex: Exercise): string {
  return ex.name.replace(/\s*\(.*\)\s*$/, '');
}

/** Strip labels coaches put in front: "A1.", "B2)", "1.", "-", "•", "*". */
function stripLabel(line: string): string {
  return line.replace(/^\s*(?:[-•*·]\s*|[A-Ha-h]\d{1,2}\s*[.):]\s*|[A-Ha-h]\d{1,2}\s+|\d{1,2}\s*[.)]\s+)/, '').trim();
}

/** Role when no section header says otherwise: the kind of exercise, then the order of the strength lifts. */
function defaultRole(ex: Exercise, strengthSoFar: number): SessionRole {
  switch (ex.kind) {
    case 'mobility':
      return 'mobility';
    case 'activation':
      return 'warmup';
    case 'isometric':
      return 'accessory';
    case 'plyometric':
      return 'main';
    case 'strength':
      return strengthSoFar === 0 ? 'main' : strengthSoFar === 1 ? 'secondary' : 'accessory';
  }
}

export interface LineContext {
  library: readonly Exercise[];
  /** Role set by the last section header, if any. */
  section?: SessionRole;
  /** Strength lifts already on the card (the first is the main lift, the second the secondary). */
  strengthSoFar: number;
  lineNumber: number;
}

/** Parse one whiteboard line. Pure; the context carries the section and the count of strength lifts so far. */
export function parseLine(raw: string, ctx: LineContext): LineResult {
  const line = raw.trim();
  const problem = (message: string, suggestions: string[] = []): LineResult => ({
    kind: 'problem',
    problem: { line, lineNumber: ctx.lineNumber, message, suggestions },
  });
  if (line.length === 0 || /^[-=_*#\s]+$/.test(line)) return { kind: 'blank' };
  const body = stripLabel(line);
  const header = normaliseName(body.replace(/[:#]/g, ''));
  if (SECTION_WORDS[header] && !/\d/.test(body)) return { kind: 'section', role: SECTION_WORDS[header] };
  if (line.length > 200) return problem('That line is too long: one exercise per line, please.');

  const split = splitNameAndDose(body);
  const nameOnly = split ? split.name : body;
  const match = matchExercise(nameOnly.replace(/[,:;]+\s*$/, ''), ctx.library);
  if (match.kind === 'unknown') {
    const names = match.suggestions.map(shortName);
    const written = nameOnly.trim() || body;
    return problem(
      names.length > 0
        ? `I don't know "${written}". Did you mean ${names.map((n) => `**${n}**`).join(' or ')}? Or add it with /exercise add.`
        : `I don't know "${written}". Add it with /exercise add, or use a library name.`,
      names,
    );
  }
  const ex = match.exercise;
  if (!split) return problem(`How many sets and reps of ${shortName(ex)}? Write it like \`${exampleFor(ex)}\`.`);
  const { dose } = split;
  const mods = extractModifiers(split.after);
  if ('error' in mods) return problem(mods.error);

  // Measure and side must agree with how the exercise is dosed (the same check as the built-in templates).
  const exMeasure = measureOfUnit(ex.dose.unit);
  const exPerSide = ex.dose.unit.endsWith('_each_side');
  const measure = dose.measure ?? exMeasure;
  if (measure !== exMeasure) {
    const alt = ctx.library.find(
      (other) => (other.pattern === ex.pattern || onLadder(ex, other)) && measureOfUnit(other.dose.unit) === measure,
    );
    return problem(
      `${shortName(ex)} is counted in ${MEASURE_WORD[exMeasure]}, not ${MEASURE_WORD[measure]}: write \`${exampleFor(ex)}\`${alt ? `, or did you mean **${shortName(alt)}**?` : '.'}`,
      alt ? [shortName(alt)] : [],
    );
  }
  if (dose.perSide && !exPerSide) {
    const sided = ctx.library.filter(
      (other) =>
        other.kind !== 'mobility' && other.dose.unit.endsWith('_each_side') && (other.pattern === ex.pattern || onLadder(ex, other)),
    );
    const alt = sided.find((other) => /single|one[- ]leg/i.test(other.name)) ?? sided[0];
    return problem(
      `${shortName(ex)} works both sides at once: drop "each side"${alt ? `, or did you mean **${shortName(alt)}**?` : '.'}`,
      alt ? [shortName(alt)] : [],
    );
  }
  if (dose.sets < 1 || dose.sets > MAX_SETS) return problem(`Write between 1 and ${MAX_SETS} sets of ${shortName(ex)}.`);
  if (dose.reps.min > dose.reps.max)
    return problem(
      `Write the range low to high (e.g. \`${dose.sets}x${dose.reps.max}-${dose.reps.min}\` becomes \`${dose.sets}x${dose.reps.min}-${dose.reps.max}\`).`,
    );
  const cap = measure === 'seconds' ? MAX_SECONDS : measure === 'metres' ? MAX_METRES : MAX_REPS;
  if (dose.reps.min < 1 || dose.reps.max > cap)
    return problem(`${shortName(ex)}: keep it between 1 and ${cap} ${MEASURE_WORD[measure]} a set.`);

  const remarks: string[] = [...mods.remarks];
  if (match.kind === 'typo') remarks.push(`Read "${match.written.trim()}" as ${ex.name}.`);
  const role: SessionRole = mods.easy ? 'warmup' : (ctx.section ?? defaultRole(ex, ctx.strengthSoFar));
  const working = WORKING_ROLES.includes(role) && ex.kind === 'strength';
  let rir = mods.rir;
  if (working && !rir) {
    rir = { ...ASSUMED_RIR };
    remarks.push('No effort written: taken at 1-3 reps in reserve, so these are hard sets.');
  }
  const hard = working && rir !== undefined && rir.min <= 3;
  if (working && !hard) remarks.push('Above 3 reps in reserve: not counted as hard sets.');
  if (mods.rest_text) {
    mods.notes.push(mods.rest_text);
    remarks.push(`Kept "${mods.rest_text}" as a note.`);
  }
  const item: PrescribedExercise = {
    exerciseId: ex.id,
    role,
    sets: dose.sets,
    reps: dose.reps,
    unit: ex.dose.unit,
    ...(rir ? { rir } : {}),
    ...(mods.tempo ? { tempo: mods.tempo } : {}),
    ...(mods.rest !== undefined ? { restSeconds: mods.rest } : {}),
    hard,
    ...(mods.notes.length > 0 ? { note: mods.notes.join('; ').slice(0, 200) } : {}),
  };
  return { kind: 'item', parsed: { item, exercise: ex, line, remarks } };
}

// ── The whole board ───────────────────────────────────────────────────────────

export const MAX_SESSION_EXERCISES = 12;

export interface WhiteboardSession {
  template: SessionTemplate;
  items: ParsedItem[];
}

export type WhiteboardResult = { ok: true; session: WhiteboardSession } | { ok: false; problems: LineProblem[] };

export interface WhiteboardInput {
  name: string;
  text: string;
  /** The team's library (built-in plus team exercises). */
  library?: readonly Exercise[];
  /** Minutes the coach gave; estimated from sets and rest otherwise. */
  estimatedMinutes?: number;
  summary?: string;
}

/** About a minute a set plus the rest written (90 s between working sets, 30 s otherwise), rounded up to 5 minutes. */
function estimateMinutes(items: readonly PrescribedExercise[]): number {
  const seconds = items.reduce(
    (sum, item) => sum + item.sets * (60 + (item.restSeconds ?? (WORKING_ROLES.includes(item.role) ? 90 : 30))),
    0,
  );
  return Math.max(5, Math.ceil(seconds / 60 / 5) * 5);
}

function sessionKind(items: readonly ParsedItem[]): SessionTemplate['kind'] {
  if (items.some((p) => p.exercise.kind === 'strength' && p.item.hard)) return 'strength';
  if (items.every((p) => p.item.role === 'assessment')) return 'assessment';
  if (items.some((p) => p.exercise.kind === 'plyometric')) return 'plyometric';
  if (items.every((p) => p.exercise.kind === 'mobility')) return 'mobility';
  return 'strength';
}

function doseText(item: PrescribedExercise): string {
  const reps = item.reps.min === item.reps.max ? `${item.reps.min}` : `${item.reps.min}-${item.reps.max}`;
  const unit = item.unit.startsWith('seconds') ? 's' : item.unit === 'metres' ? 'm' : item.unit === 'breaths' ? ' breaths' : '';
  return `${item.sets}x${reps}${unit}${item.unit.endsWith('_each_side') ? '/side' : ''}`;
}

/**
 * Parse a whole whiteboard into a session template. Every line must parse:
 * the answer is either the session (validated by validateTemplates against the
 * team's library, with its hard sets computed by volume.ts) or every problem,
 * each naming its line.
 */
export function parseWhiteboard(input: WhiteboardInput): WhiteboardResult {
  const library = input.library ?? builtInLibrary;
  const name = input.name.trim().replace(/\s+/g, ' ');
  const problems: LineProblem[] = [];
  if (name.length < 3 || name.length > 80)
    problems.push({ line: name, lineNumber: 0, message: 'Give the session a name of 3 to 80 characters.', suggestions: [] });
  const items: ParsedItem[] = [];
  let section: SessionRole | undefined;
  let strengthSoFar = 0;
  input.text.split(/\r?\n/).forEach((raw, i) => {
    const result = parseLine(raw, { library, section, strengthSoFar, lineNumber: i + 1 });
    if (result.kind === 'section') section = result.role;
    else if (result.kind === 'problem') problems.push(result.problem);
    else if (result.kind === 'item') {
      items.push(result.parsed);
      if (result.parsed.exercise.kind === 'strength' && WORKING_ROLES.includes(result.parsed.item.role)) strengthSoFar++;
    }
  });
  if (items.length === 0 && problems.length === 0) {
    problems.push({
      line: '',
      lineNumber: 0,
      message: 'Write at least one exercise, one per line, e.g. `RDL 4x6 @2 rest 3m`.',
      suggestions: [],
    });
  }
  if (items.length > MAX_SESSION_EXERCISES) {
    problems.push({
      line: '',
      lineNumber: 0,
      message: `A session holds at most ${MAX_SESSION_EXERCISES} exercises; this one has ${items.length}. Split it in two.`,
      suggestions: [],
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const exercises = items.map((p) => p.item);
  const template = {
    id: `team-${slugOf(name).slice(0, 50) || 'session'}`,
    name,
    summary: (input.summary?.trim() || items.map((p) => `${shortName(p.exercise)} ${doseText(p.item)}`).join(', '))
      .padEnd(10, '.')
      .slice(0, 300),
    source: 'Team session (coach whiteboard)',
    kind: sessionKind(items),
    estimatedMinutes: input.estimatedMinutes ?? estimateMinutes(exercises),
    exercises,
    claimedHardSets: hardSetsPerMuscle(exercises, library),
  };
  try {
    const [validated] = validateTemplates([template], library);
    return { ok: true, session: { template: validated!, items } };
  } catch (error) {
    // Every line passed its own checks, so this is a bug; say so without guessing.
    return {
      ok: false,
      problems: [
        { line: '', lineNumber: 0, message: `This session did not pass the library checks: ${(error as Error).message}`, suggestions: [] },
      ],
    };
  }
}

/** Whiteboard text for a session, so `/session edit` and `copy` open with the session as a coach would write it. */
export function toWhiteboard(template: Pick<SessionTemplate, 'exercises'>, library: readonly Exercise[] = builtInLibrary): string {
  const byId = new Map(library.map((ex) => [ex.id, ex]));
  const lines: string[] = [];
  let section: SessionRole | undefined;
  let strengthSoFar = 0;
  for (const item of template.exercises) {
    const ex = byId.get(item.exerciseId);
    if (!ex) continue;
    // The parser gives a line the last header's role, or else its default one.
    if (item.role !== (section ?? defaultRole(ex, strengthSoFar))) {
      section = item.role;
      lines.push(`${ROLE_HEADERS[item.role]}:`);
    }
    if (ex.kind === 'strength' && WORKING_ROLES.includes(item.role)) strengthSoFar++;
    const parts = [`${ex.name} ${doseText(item)}`];
    if (item.rir) parts.push(`RIR ${item.rir.min === item.rir.max ? item.rir.min : `${item.rir.min}-${item.rir.max}`}`);
    if (item.tempo) parts.push(`tempo ${item.tempo}`);
    if (item.restSeconds) parts.push(`rest ${item.restSeconds}s`);
    if (item.note) parts.push(`(${item.note.replace(/[()]/g, '')})`);
    lines.push(parts.join(' '));
  }
  return lines.join('\n');
}

const ROLE_HEADERS: Record<SessionRole, string> = {
  warmup: 'Warm-up',
  main: 'Main',
  secondary: 'Secondary',
  accessory: 'Accessories',
  finisher: 'Finisher',
  mobility: 'Mobility',
  assessment: 'Assessment',
};
