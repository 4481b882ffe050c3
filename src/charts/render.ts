/**
 * Chart rendering for the weekly staff digest: an ECharts option -> SVG -> PNG.
 *
 * Why ECharts server-side rendering (SSR) + resvg:
 * - ECharts can build a chart as an SVG string with no DOM and no canvas
 *   (`init(null, null, { renderer: 'svg', ssr: true })` + `renderToSVGString()`),
 *   so nothing native has to be compiled: no `canvas`/cairo/pango, no node-gyp,
 *   no build tools on the bot host.
 * - @resvg/resvg-js turns the SVG into a PNG (Discord shows PNG attachments
 *   inline; it does not preview SVG). resvg is Rust; the npm package pulls a
 *   prebuilt binary for the platform as an optional dependency
 *   (`@resvg/resvg-js-linux-x64-gnu`, `-darwin-arm64`, ...), so `npm ci`
 *   needs no compiler either.
 * - No system fonts: resvg gets exactly the DejaVu TTF files shipped in the
 *   `dejavu-fonts-ttf` npm package and `loadSystemFonts: false`. A fresh
 *   container with no fonts installed draws the same glyphs as a developer
 *   laptop, and the PNG bytes only depend on the input data (and on the
 *   versions in package-lock.json).
 * - Deterministic: animation is off, nothing random is used, the background
 *   is painted opaque white, and the same option always gives the same SVG,
 *   hence the same PNG bytes (the tests render twice and compare buffers).
 *
 * - Text widths: with no canvas, ECharts would guess widths from a built-in
 *   Helvetica table. Instead `measureTextWidth` reads the advance widths from
 *   the same DejaVu TTF files (cmap + hmtx tables) and is installed as
 *   ECharts' `measureText`, so legend spacing, label boxes and name
 *   truncation match what resvg draws (kerning aside).
 *
 * Limit: glyphs outside DejaVu (emoji, CJK names) have no font here and are
 * left out of the picture (loading system fonts would make the output depend
 * on the machine).
 *
 * Sizes: every chart defaults to CHART_WIDTH x CHART_HEIGHT = 1200 x 675 px
 * (16:9, Discord's inline preview ratio). All text is at least 22 px at that
 * width, so it stays readable when a phone scales the picture down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { EChartsOption, TitleComponentOption } from 'echarts';

/** Default picture size in px (16:9). */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;

/** The only font the charts use; shipped in the `dejavu-fonts-ttf` package. */
export const CHART_FONT_FAMILY = 'DejaVu Sans Condensed';
const FONT_FILES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'] as const;

/** Font sizes (px at 1200 px width): nothing smaller than FONT_SIZE.min. */
export const FONT_SIZE = { min: 22, label: 22, axis: 22, legend: 24, subtitle: 22, title: 32, noData: 36 } as const;

/**
 * High-contrast palette from Okabe & Ito (2008), chosen to stay distinct for
 * the common colour-vision deficiencies; status is never shown by colour alone.
 */
export const COLORS = {
  text: '#111111',
  mutedText: '#333333',
  axis: '#222222',
  grid: '#d0d0d0',
  background: '#ffffff',
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  purple: '#CC79A7',
  band: 'rgba(0, 158, 115, 0.16)',
  bandEdge: '#00664a',
  limit: '#8B0000',
} as const;

export interface ChartSize {
  width?: number;
  height?: number;
}

/** A rendered chart: PNG bytes plus the pixel size. */
export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

let fontFilesCache: string[] | undefined;

/** Absolute paths of the bundled DejaVu TTF files (throws if the package is missing). */
export function chartFontFiles(): string[] {
  if (fontFilesCache) return fontFilesCache;
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const files = FONT_FILES.map((f) => join(dir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new Error(`chart fonts missing: ${missing.join(', ')} (is dejavu-fonts-ttf installed?)`);
  fontFilesCache = files;
  return files;
}

// ---------------------------------------------------------------------------
// Text measurement from the TTF files (advance widths, no shaping/kerning).

interface FontMetrics {
  /**
   * Advance width of a code point in em; 1 em for a code point the font lacks
   * (ZRender takes the width of '国' as the line height, so a missing glyph
   * must not measure as the narrow .notdef box).
   */
  advance(codePoint: number): number;
}

/** Read the cmap (format 4 or 12) and hmtx tables of a TrueType font. */
export function parseFontMetrics(font: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(font.toString('latin1', rec, rec + 4), font.readUInt32BE(rec + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advanceOfGlyph = (glyph: number): number => font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // Prefer a full-Unicode subtable (3,10 format 12), else the BMP one (3,1 / 0,x format 4).
  const cmap = table('cmap');
  let sub4: number | undefined;
  let sub12: number | undefined;
  const subtables = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const at = cmap + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(at);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) sub12 ??= at;
    if (format === 4) sub4 ??= at;
  }
  const glyphOf = (cp: number): number => {
    if (sub12 !== undefined) {
      const groups = font.readUInt32BE(sub12 + 12);
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = sub12 + 16 + mid * 12;
        const start = font.readUInt32BE(g);
        const end = font.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return font.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    }
    if (sub4 === undefined || cp > 0xffff) return 0;
    const segCount = font.readUInt16BE(sub4 + 6) / 2;
    const ends = sub4 + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const rangeOffsets = deltas + 2 * segCount;
    for (let i = 0; i < segCount; i++) {
      if (cp > font.readUInt16BE(ends + 2 * i)) continue;
      const start = font.readUInt16BE(starts + 2 * i);
      if (cp < start) return 0;
      const delta = font.readUInt16BE(deltas + 2 * i);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * i);
      if (rangeOffset === 0) return (cp + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + 2 * i + rangeOffset + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    advance(cp: number): number {
      let em = cache.get(cp);
      if (em === undefined) {
        const glyph = glyphOf(cp);
        em = glyph === 0 ? 1 : advanceOfGlyph(glyph) / unitsPerEm;
        cache.set(cp, em);
      }
      return em;
    },
  };
}

let metricsCache: { regular: FontMetrics; bold: FontMetrics } | undefined;

function fontMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  if (!metricsCache) {
    const [regular, bold] = chartFontFiles().map((f) => parseFontMetrics(readFileSync(f)));
    metricsCache = { regular: regular!, bold: bold! };
  }
  return metricsCache;
}

/** Width in px of `text` in the chart font (advance widths; no kerning). */
export function measureTextWidth(text: string, fontSize: number, bold = false): number {
  const metrics = bold ? fontMetrics().bold : fontMetrics().regular;
  let em = 0;
  for (const ch of text) em += metrics.advance(ch.codePointAt(0)!);
  return em * fontSize;
}

/** ECharts font shorthand ('bold 22px DejaVu Sans Condensed') -> size and weight. */
function parseCssFont(font: string | undefined): { size: number; bold: boolean } {
  const size = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return { size: size ? Number(size[1]) : 12, bold: /\b(bold|bolder|[6-9]00)\b/.test(font ?? '') };
}

let platformInstalled = false;

/** Make ECharts measure text with the bundled font (global to the echarts module; idempotent). */
function installTextMeasurement(): void {
  if (platformInstalled) return;
  echarts.setPlatformAPI({
    measureText: (text: string, font?: string) => {
      const { size, bold } = parseCssFont(font);
      return { width: measureTextWidth(text, size, bold) };
    },
  });
  platformInstalled = true;
}

/** Cut `text` with an ellipsis so that it is at most `maxWidth` px wide. */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number, bold = false): string {
  const trimmed = text.trim();
  if (measureTextWidth(trimmed, fontSize, bold) <= maxWidth) return trimmed;
  const chars = [...trimmed];
  while (chars.length > 0 && measureTextWidth(`${chars.join('').trimEnd()}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

function resolveSize(size: ChartSize = {}): { width: number; height: number } {
  const width = size.width ?? CHART_WIDTH;
  const height = size.height ?? CHART_HEIGHT;
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 100 || v > 4000) throw new RangeError(`chart ${k} must be an integer from 100 to 4000, got ${String(v)}`);
  }
  return { width, height };
}

/** Render an ECharts option to an SVG string (server side, no DOM). */
export function renderSvg(option: EChartsOption, size: ChartSize = {}): string {
  const { width, height } = resolveSize(size);
  installTextMeasurement();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false }, { notMerge: true, lazyUpdate: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** Rasterise an SVG with the bundled font only (no system fonts), at its own size. */
export function svgToPng(svg: string): ChartImage {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
      defaultFontSize: FONT_SIZE.min,
    },
    background: COLORS.background,
    fitTo: { mode: 'original' },
    logLevel: 'off',
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Option -> PNG. */
export function renderChart(option: EChartsOption, size: ChartSize = {}): ChartImage {
  return svgToPng(renderSvg(option, size));
}

// ---------------------------------------------------------------------------
// Shared look: used by the chart builders so every chart reads the same way.

/** Base text style: the bundled font, dark text, the minimum size. */
export const BASE_TEXT_STYLE = { fontFamily: CHART_FONT_FAMILY, fontSize: FONT_SIZE.min, color: COLORS.text } as const;

/** Title (bold, large) plus an optional subtitle, top left. */
export function titleOption(text: string, subtext?: string): TitleComponentOption {
  return {
    text,
    subtext: subtext ?? '',
    left: 24,
    top: 14,
    itemGap: 6,
    textStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.title, fontWeight: 'bold' },
    subtextStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.subtitle, color: COLORS.mutedText },
  };
}

/** Common top-level settings (font, background, no animation, no tooltip). */
export function baseOption(): EChartsOption {
  return {
    animation: false,
    backgroundColor: COLORS.background,
    textStyle: { ...BASE_TEXT_STYLE },
    aria: { enabled: false },
  };
}

/** The friendly "nothing to show" picture (empty data must not throw). */
export const NO_DATA_TEXT = 'No data for this week';

export function noDataOption(title: string, message: string = NO_DATA_TEXT): EChartsOption {
  return {
    ...baseOption(),
    title: [
      titleOption(title),
      {
        text: message,
        left: 'center',
        top: 'middle',
        textStyle: { ...BASE_TEXT_STYLE, fontSize: FONT_SIZE.noData, color: COLORS.mutedText, fontWeight: 'normal' },
      },
    ],
    series: [],
  };
}

// ---------------------------------------------------------------------------
// Text styles shared by the chart builders (all at least FONT_SIZE.min).

export function axisLabelStyle(): { fontFamily: string; fontSize: number; color: string } {
  return { fontFamily: BASE_TEXT_STYLE.fontFamily, fontSize: FONT_SIZE.axis, color: COLORS.text };
}

export function labelStyle(): { fontFamily: string; fontSize: number; color: string } {
  return { fontFamily: BASE_TEXT_STYLE.fontFamily, fontSize: FONT_SIZE.label, color: COLORS.text };
}

export function axisNameStyle(gap: number): {
  nameLocation: 'middle';
  nameGap: number;
  nameTextStyle: { fontFamily: string; fontSize: number; color: string; fontWeight: 'bold' };
} {
  return {
    nameLocation: 'middle',
    nameGap: gap,
    nameTextStyle: { fontFamily: BASE_TEXT_STYLE.fontFamily, fontSize: FONT_SIZE.axis, color: COLORS.text, fontWeight: 'bold' },
  };
}

export function legendOption(names: string[]): NonNullable<EChartsOption['legend']> {
  return {
    data: names,
    left: 24,
    top: 100,
    itemWidth: 40,
    itemHeight: 24,
    itemGap: 36,
    textStyle: { fontFamily: BASE_TEXT_STYLE.fontFamily, fontSize: FONT_SIZE.legend, color: COLORS.text },
    selectedMode: false,
  };
}

// ---------------------------------------------------------------------------
// Small pure helpers shared by the builders.

/** A finite number or null (NaN, Infinity, undefined -> null). */
export function finiteOrNull(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** `values` aligned to `length`: missing entries become null, extra ones are dropped. */
export function alignTo(values: readonly (number | null | undefined)[] | undefined, length: number): (number | null)[] {
  return Array.from({ length }, (_, i) => finiteOrNull(values?.[i]));
}

/**
 * A bar for a week with no data: zero height, labelled "no data" just above
 * the axis, so a missing week is not mistaken for a zero-load week.
 */
export const NO_DATA_BAR_TEXT = 'no data';

export function noDataBar(): { value: number; itemStyle: { borderWidth: number }; label: object } {
  return {
    value: 0,
    itemStyle: { borderWidth: 0 },
    label: { show: true, position: 'top', formatter: NO_DATA_BAR_TEXT, fontSize: FONT_SIZE.label, color: COLORS.mutedText },
  };
}

/** The session-RPE load axis (AU), the same on the team and the athlete charts. */
export function loadAxis(): Record<string, unknown> {
  return {
    type: 'value',
    min: 0,
    name: 'Load (AU)',
    ...axisNameStyle(105),
    nameRotate: 90,
    axisLabel: { ...axisLabelStyle(), formatter: (v: number) => formatInt(v) },
    splitLine: { lineStyle: { color: COLORS.grid } },
  };
}

/** 12345.6 -> '12,346' (fixed, locale-independent so the picture is identical everywhere). */
export function formatInt(v: number): string {
  const sign = v < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(v))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 12.5 -> '12.5', 12 -> '12' (at most one decimal). */
export function formatSets(v: number): string {
  return String(Math.round(v * 10) / 10);
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * Axis labels for ISO weeks: '2025-W14' -> 'W14', plus the axis name with the
 * year(s) ('ISO week, 2025' or 'ISO week, 2025-2026'). Strings that are not
 * ISO weeks are shown as they are.
 */
export function weekAxis(weeks: readonly string[]): { labels: string[]; name: string } {
  const years = new Set<string>();
  const labels = weeks.map((w) => {
    const m = ISO_WEEK.exec(w);
    if (!m) return w;
    years.add(m[1]!);
    return `W${m[2]!}`;
  });
  const sorted = [...years].sort();
  const yearText = sorted.length === 0 ? '' : sorted.length === 1 ? `, ${sorted[0]!}` : `, ${sorted[0]!}–${sorted[sorted.length - 1]!}`;
  return { labels, name: `ISO week${yearText}` };
}

/** Round up to a "nice" axis maximum (1, 2, 2.5, 5, 10 x 10^n). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const exp = Math.floor(Math.log10(v));
  const base = 10 ** exp;
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * base >= v - 1e-9) return step * base;
  }
  return 10 * base;
}
