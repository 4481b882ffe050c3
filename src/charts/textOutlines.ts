/**
 * Texts of a chart's SVG turned into outlines (<path>s) before resvg rasterises it.
 *
 * Why: resvg 2.6 re-reads the font file for every glyph it lays out (about 40 µs a glyph, a third
 * of a hard-sets page's CPU), and resvg-js offers no way to keep a parsed font. So the outlines come
 * from resvg itself (`Resvg#toString()` writes text as paths) and are kept for the thread's life:
 *
 * - Most texts (Latin, Greek, Cyrillic, digits, punctuation) are put together from each
 *   character's outline and, for each pair of neighbours, the step from one to the next (advance
 *   plus the font's kerning), read from resvg drawing the pair. A name of new letters costs only
 *   the pairs not seen yet, and a warm worker draws a page without resvg laying out any text.
 * - A text that needs more than pair kerning (a ligature such as fi or fl, Arabic or Hebrew,
 *   combining marks, a glyph DejaVu lacks) is read whole from resvg, anchored and on its baseline
 *   as the chart has it, and kept by its string (headings recur on every chart).
 *
 * Either way the picture is what resvg drew from the <text>: same glyphs, kerning, anchor and
 * baseline (test/unit/textOutlines.test.ts compares the pixels). A <text> with an attribute or style
 * not reproduced here is left as it is, for resvg to draw.
 */
import { Resvg } from '@resvg/resvg-js';

/** A glyph's outline in em: pen at (0, 0) on the alphabetic baseline, y down. Commands as usvg writes them. */
interface Outline {
  ops: string[];
  /** Numbers of each op, flattened: x, y, x, y... */
  nums: number[];
  /** By font size: the outline in 1/1000 px, its first point and the rest as relative commands. */
  sized?: Map<number, { x: number; y: number; rest: string }>;
}

export interface OutlineFont {
  fontFiles: string[];
  family: string;
  /** Advance of one character in em (the width the layout uses, render.ts measureTextWidth). */
  advanceEm(ch: string, bold: boolean): number;
}

/** Size the outlines are read at: usvg prints f32, so ~1e-7 em of precision. */
const UNITS = 1000;
/** Two readings of the same point differ by f32 rounding only (units). */
const SAME = 0.01;

/**
 * Characters laid out by pair kerning alone: Latin, Greek, Cyrillic and common punctuation/symbols,
 * no combining marks, format or control characters, nothing beyond the BMP (emoji).
 */
const SIMPLE_TEXT = /^(?:(?![\p{M}\p{Cf}\p{Cc}\p{Co}])[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}])*$/u;

const TEXT_ELEMENT = /<text\b([^>]*)>([^<]*)<\/text>/g;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;
/** Attributes that mean the same on a <path> as on a <text> and are copied over. */
const PATH_ATTRIBUTES = new Set([
  'transform',
  'fill',
  'fill-opacity',
  'opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'paint-order',
  'clip-path',
  'class',
  'id',
]);
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

interface TextSpec {
  text: string;
  size: number;
  bold: boolean;
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  central: boolean;
  /** Attributes copied to the <path>. */
  keep: string;
  /** Drawable from characters and pairs (see SIMPLE_TEXT); otherwise read whole. */
  simple: boolean;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower]!;
  });
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A <text> we can draw as outlines, or null to leave it to resvg. */
function parseText(attrs: string, content: string, family: string): TextSpec | null {
  const a = new Map<string, string>();
  for (const m of attrs.matchAll(ATTRIBUTE)) a.set(m[1]!, m[2]!);
  const font = new Map<string, string>();
  for (const decl of (a.get('style') ?? '').split(';')) {
    if (decl.trim() === '') continue;
    const i = decl.indexOf(':');
    if (i < 0) return null;
    font.set(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
  }
  for (const k of ['font-size', 'font-family', 'font-weight', 'font-style']) if (a.has(k)) font.set(k, a.get(k)!);
  for (const k of font.keys()) if (!['font-size', 'font-family', 'font-weight', 'font-style'].includes(k)) return null;

  const sizeText = (font.get('font-size') ?? '').replace(/px$/, '');
  if (!NUMBER.test(sizeText)) return null;
  const size = Number(sizeText);
  const fam = (font.get('font-family') ?? family).replace(/^['"]|['"]$/g, '');
  if (fam !== family && fam !== 'sans-serif') return null;
  const weight = font.get('font-weight') ?? 'normal';
  const bold = ['bold', 'bolder', '600', '700', '800', '900'].includes(weight);
  if (!bold && !['normal', '400'].includes(weight)) return null;
  if (!['normal', undefined].includes(font.get('font-style'))) return null;

  const anchor = a.get('text-anchor') ?? 'start';
  if (anchor !== 'start' && anchor !== 'middle' && anchor !== 'end') return null;
  const baseline = a.get('dominant-baseline') ?? 'auto';
  if (!['auto', 'alphabetic', 'central'].includes(baseline)) return null;
  const x = a.get('x') ?? '0';
  const y = a.get('y') ?? '0';
  if (!NUMBER.test(x) || !NUMBER.test(y)) return null;

  let keep = '';
  for (const [k, v] of a) {
    if (PATH_ATTRIBUTES.has(k)) keep += ` ${k}="${v}"`;
    else if (!['x', 'y', 'style', 'text-anchor', 'dominant-baseline', 'xml:space', ...font.keys()].includes(k)) return null;
  }

  // SVG 1.1 white space: xml:space="preserve" turns newlines and tabs into spaces; otherwise they go,
  // and spaces are trimmed and collapsed.
  const raw = decodeEntities(content);
  const text =
    a.get('xml:space') === 'preserve'
      ? raw.replace(/[\n\r\t]/g, ' ')
      : raw
          .replace(/[\n\r]/g, '')
          .replace(/\t/g, ' ')
          .trim()
          .replace(/ +/g, ' ');
  const simple = SIMPLE_TEXT.test(text) && [...text].every((c) => c.codePointAt(0)! <= 0xffff);
  return { text, size, bold, x: Number(x), y: Number(y), anchor, central: baseline === 'central', keep, simple };
}

function parseOutline(d: string): Outline {
  const ops: string[] = [];
  const nums: number[] = [];
  for (const t of d.match(/[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []) {
    if (/[A-Za-z]/.test(t)) {
      if (!'MLQCZ'.includes(t)) throw new Error(`unexpected path command ${t} from resvg`);
      ops.push(t);
    } else nums.push(Number(t) / UNITS);
  }
  return { ops, nums };
}

const ARITY: Record<string, number> = { M: 2, L: 2, Q: 4, C: 6, Z: 0 };

/**
 * The step from a to b (em) if the pair drawn together is exactly a, then b moved right by the
 * step; null if the font joined them (a ligature) or moved anything else.
 */
function pairStep(a: Outline | null, b: Outline, pair: Outline | null): number | null {
  const aOps = a?.ops ?? [];
  const aNums = a?.nums ?? [];
  const got = pair ?? { ops: [], nums: [] };
  if (got.ops.length !== aOps.length + b.ops.length || got.nums.length !== aNums.length + b.nums.length) return null;
  for (let i = 0; i < got.ops.length; i++) if (got.ops[i] !== (i < aOps.length ? aOps[i] : b.ops[i - aOps.length])) return null;
  const tol = SAME / UNITS;
  for (let i = 0; i < aNums.length; i++) if (Math.abs(got.nums[i]! - aNums[i]!) > tol) return null;
  const dx = got.nums[aNums.length]! - b.nums[0]!;
  for (let i = 0; i < b.nums.length; i++) {
    const want = b.nums[i]! + (i % 2 === 0 ? dx : 0);
    if (Math.abs(got.nums[aNums.length + i]! - want) > tol) return null;
  }
  return dx;
}

/** 1/1000 px as an integer -> px ('12345' -> '12.345'): the same string every time. */
function px(milli: number): string {
  return String(milli / 1000);
}

/**
 * `outline` at `size` px in whole 1/1000 px: its first point, and the rest of it as relative
 * commands, so that placing a glyph formats one point. Relative steps between rounded points add
 * up exactly, so no error accumulates along a contour. (At 1/100 px, a few glyph edges were already
 * anti-aliased a shade differently from resvg's own text.)
 */
function sized(outline: Outline, size: number): { x: number; y: number; rest: string } {
  outline.sized ??= new Map();
  let done = outline.sized.get(size);
  if (done) return done;
  const at = (i: number) => Math.round(outline.nums[i]! * size * 1000);
  let rest = '';
  let n = 0;
  let [cx, cy, sx, sy] = [0, 0, 0, 0];
  const [x, y] = [at(0), at(1)];
  outline.ops.forEach((op, i) => {
    if (op === 'Z') {
      rest += 'z';
      [cx, cy] = [sx, sy];
      return;
    }
    let part = i === 0 ? '' : op.toLowerCase();
    let [ex, ey] = [cx, cy];
    for (let k = 0; k < ARITY[op]!; k += 2, n += 2) {
      [ex, ey] = [at(n), at(n + 1)];
      if (i > 0) part += `${k === 0 ? '' : ' '}${px(ex - cx)} ${px(ey - cy)}`;
    }
    [cx, cy] = [ex, ey];
    if (op === 'M') [sx, sy] = [cx, cy];
    rest += part;
  });
  done = { x, y, rest };
  outline.sized.set(size, done);
  return done;
}

/** One character as resvg draws it alone. */
interface Glyph {
  /** Null: no ink (a space). */
  outline: Outline | null;
  /** Advance in em, read from resvg (the text drawn anchored at its end); null with no ink. */
  advance: number | null;
  /** The font lacks it: resvg draws its .notdef box. */
  missing: boolean;
}

type Weight = 'r' | 'b';

/** A private-use code point: DejaVu has no glyph for it, so resvg draws the .notdef box. */
const NOTDEF = '\uE000';

function sameOutline(a: Outline | null, b: Outline | null): boolean {
  if (!a || !b) return a === b;
  return a.ops.join() === b.ops.join() && a.nums.length === b.nums.length && a.nums.every((v, i) => v === b.nums[i]);
}

/** Texts read whole kept at most (a few KB each); then the cache starts again. */
const MAX_WHOLE_TEXTS = 500;

type Mode = 'start' | 'middle' | 'end';

/** One text for resvg to lay out at UNITS px, at (0, 0). */
interface Layout {
  w: Weight;
  text: string;
  anchor: Mode;
  central: boolean;
}

export class TextOutliner {
  /** Weight + character -> how resvg draws it. */
  private readonly glyphs = new Map<string, Glyph>();
  /** Weight + pair -> step in em from the first to the second, or null: not a plain pair (a ligature). */
  private readonly steps = new Map<string, number | null>();
  /** How far dominant-baseline="central" moves the baseline down (em). */
  private readonly central: Partial<Record<Weight, number>> = {};
  private readonly notdef: Partial<Record<Weight, Outline | null>> = {};
  /** wholeKey -> the text as resvg draws it, relative to its anchor point (null: no ink). */
  private readonly wholes = new Map<string, Outline | null>();

  constructor(private readonly font: OutlineFont) {}

  /** `svg` with every text it can draw as outlines replaced by a <path>. */
  outline(svg: string): string {
    const specs = new Map<string, TextSpec | null>();
    for (const m of svg.matchAll(TEXT_ELEMENT)) {
      if (!specs.has(m[0])) specs.set(m[0], parseText(m[1]!, m[2]!, this.font.family));
    }
    const texts = [...specs.values()].filter((s): s is TextSpec => s !== null);
    this.loadGlyphs(texts.filter((t) => t.simple));
    const paths = new Map<TextSpec, string>();
    const whole: TextSpec[] = [];
    for (const t of texts) {
      const path = t.simple ? this.drawFromGlyphs(t) : null;
      if (path === null) whole.push(t);
      else paths.set(t, path);
    }
    this.loadWholes(whole);
    for (const t of whole) paths.set(t, this.drawWhole(t));
    return svg.replace(TEXT_ELEMENT, (element) => {
      const spec = specs.get(element);
      return spec ? paths.get(spec)! : element;
    });
  }

  /** resvg's outlines of `layouts`, in one layout run (by index; missing: no ink). */
  private layOut(layouts: Layout[]): Map<number, Outline> {
    const texts = layouts
      .map(
        (l, i) =>
          `<text id="t${i}" x="0" y="0" font-family="${this.font.family}" font-size="${UNITS}"${l.w === 'b' ? ' font-weight="bold"' : ''}${l.central ? ' dominant-baseline="central"' : ''}${l.anchor === 'start' ? '' : ` text-anchor="${l.anchor}"`} xml:space="preserve">${escapeText(l.text)}</text>`,
      )
      .join('');
    const out = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">${texts}</svg>`, {
      font: { fontFiles: this.font.fontFiles, loadSystemFonts: false, defaultFontFamily: this.font.family },
      logLevel: 'off',
    }).toString();
    // usvg keeps each text's id on the group of its paths, and drops a text with no ink.
    const drawn = new Map<number, Outline>();
    for (const part of out.split('<g id="t').slice(1)) {
      const id = Number(/^(\d+)"/.exec(part)![1]);
      drawn.set(id, parseOutline([...part.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]!).join(' ')));
    }
    return drawn;
  }

  /** Reads every character and pair the texts need and the cache lacks, in one layout run. */
  private loadGlyphs(texts: TextSpec[]): void {
    const layouts: Layout[] = [];
    const index = new Map<string, number>();
    const queue = (w: Weight, text: string, anchor: Mode, central = false) => {
      const key = `${anchor}${central ? 'c' : 'a'}${w}${text}`;
      if (!index.has(key)) index.set(key, layouts.push({ w, text, anchor, central }) - 1);
    };
    for (const t of texts) {
      const w: Weight = t.bold ? 'b' : 'r';
      if (this.central[w] === undefined) {
        queue(w, 'H', 'start');
        queue(w, 'H', 'start', true);
        queue(w, NOTDEF, 'start');
      }
      const chars = [...t.text];
      chars.forEach((c, i) => {
        if (!this.glyphs.has(w + c)) {
          queue(w, c, 'start');
          queue(w, c, 'end');
        }
        const next = chars[i + 1];
        if (next !== undefined && !this.steps.has(w + c + next)) queue(w, c + next, 'start');
      });
    }
    if (layouts.length === 0) return;
    const drawn = this.layOut(layouts);
    const at = (w: Weight, text: string, anchor: Mode, central = false) =>
      drawn.get(index.get(`${anchor}${central ? 'c' : 'a'}${w}${text}`)!) ?? null;

    for (const w of ['r', 'b'] as const) {
      if (this.central[w] !== undefined || !index.has(`startc${w}H`)) continue;
      this.notdef[w] = at(w, NOTDEF, 'start');
      this.central[w] = at(w, 'H', 'start', true)!.nums[1]! - at(w, 'H', 'start')!.nums[1]!;
    }
    // Characters first, so that pairs can be compared with them.
    layouts.forEach((l, i) => {
      if (l.anchor !== 'end') return;
      const outline = at(l.w, l.text, 'start');
      const end = drawn.get(i);
      this.glyphs.set(l.w + l.text, {
        outline,
        advance: outline && end ? outline.nums[0]! - end.nums[0]! : null,
        missing: sameOutline(outline, this.notdef[l.w] ?? null),
      });
    });
    layouts.forEach((l, i) => {
      const chars = [...l.text];
      if (l.anchor !== 'start' || l.central || chars.length !== 2) return;
      const a = this.glyphs.get(l.w + chars[0]!)!;
      const b = this.glyphs.get(l.w + chars[1]!)!;
      // Nothing of b to place (a space): the step is a's own advance (fonts don't kern against a space).
      this.steps.set(l.w + l.text, b.outline ? pairStep(a.outline, b.outline, drawn.get(i) ?? null) : this.advance(l.w, chars[0]!));
    });
  }

  private advance(w: Weight, ch: string): number {
    return this.glyphs.get(w + ch)?.advance ?? this.font.advanceEm(ch, w === 'b');
  }

  /** The <path> for a text put together from its characters, or null if that would not be what resvg draws. */
  private drawFromGlyphs(t: TextSpec): string | null {
    const w: Weight = t.bold ? 'b' : 'r';
    const chars = [...t.text];
    const pens: number[] = [];
    let pen = 0;
    for (let i = 0; i < chars.length; i++) {
      if (this.glyphs.get(w + chars[i]!)!.missing) return null;
      pens.push(pen);
      if (i + 1 < chars.length) {
        const step = this.steps.get(w + chars[i]! + chars[i + 1]!);
        if (step === null || step === undefined) return null;
        pen += step;
      } else pen += this.advance(w, chars[i]!);
    }
    const x0 = t.x - (t.anchor === 'end' ? pen : t.anchor === 'middle' ? pen / 2 : 0) * t.size;
    const y0 = t.y + (t.central ? this.central[w]! : 0) * t.size;
    const parts = chars.map((c, i) => ({ outline: this.glyphs.get(w + c)!.outline, x: x0 + pens[i]! * t.size }));
    return pathElement(t, parts, y0);
  }

  private wholeKey(t: TextSpec): string {
    return `${t.bold ? 'b' : 'r'}${t.anchor}${t.central ? 'c' : 'a'}\u0000${t.text}`;
  }

  /** Reads the texts the cache lacks whole, in one layout run. */
  private loadWholes(texts: TextSpec[]): void {
    const missing = [...new Map(texts.map((t) => [this.wholeKey(t), t])).entries()].filter(([key]) => !this.wholes.has(key));
    if (missing.length === 0) return;
    if (this.wholes.size + missing.length > MAX_WHOLE_TEXTS) this.wholes.clear();
    const drawn = this.layOut(missing.map(([, t]) => ({ w: t.bold ? 'b' : 'r', text: t.text, anchor: t.anchor, central: t.central })));
    missing.forEach(([key], i) => this.wholes.set(key, drawn.get(i) ?? null));
  }

  private drawWhole(t: TextSpec): string {
    return pathElement(t, [{ outline: this.wholes.get(this.wholeKey(t)) ?? null, x: t.x }], t.y);
  }
}

/** One <path> of outlines in em, each scaled to the text's size and moved to (x, y). */
function pathElement(t: TextSpec, parts: { outline: Outline | null; x: number }[], y: number): string {
  let d = '';
  const oy = Math.round(y * 1000);
  for (const { outline, x } of parts) {
    if (!outline || outline.ops.length === 0) continue;
    const g = sized(outline, t.size);
    d += `M${px(Math.round(x * 1000) + g.x)} ${px(oy + g.y)}${g.rest}`;
  }
  return d === '' ? '' : `<path${t.keep} d="${d}"/>`;
}
