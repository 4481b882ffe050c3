/**
 * Chart rendering for the weekly staff digest: an ECharts option -> SVG -> PNG.
 *
 * Why ECharts server-side rendering (SSR) + resvg:
 * - ECharts can build a chart as an SVG string with no DOM and no canvas
 *   (`init(null, null, { renderer: 'svg', ssr: true })` + `renderToSVGString()`),
 *   so nothing native has to be compiled: no `canvas`/cairo/pango, no node-gyp,
 *   no build tools on the bot host.
 * - @resvg/resvg-js turns the SVG into pixels, written as a PNG with Node's
 *   zlib (png.ts; Discord shows PNG attachments inline, it does not preview
 *   SVG). resvg is Rust; the npm package pulls a prebuilt binary for the
 *   platform as an optional dependency (`@resvg/resvg-js-linux-x64-gnu`,
 *   `-darwin-arm64`, ...), so `npm ci` needs no compiler either.
 * - No system fonts: resvg gets exactly the DejaVu TTF files shipped in the
 *   `dejavu-fonts-ttf` npm package and `loadSystemFonts: false`. A fresh
 *   container with no fonts installed draws the same glyphs as a developer
 *   laptop, and the PNG bytes only depend on the input data (and on the
 *   versions in package-lock.json and Node's zlib).
 * - Deterministic: animation is off, nothing random is used, the background
 *   is painted opaque white, and the same option always gives the same SVG,
 *   hence the same PNG bytes (the tests render twice and compare buffers).
 *
 * - Text widths: with no canvas, ECharts would guess widths from a built-in
 *   Helvetica table. Instead resvg itself measures them (`measureTextWidth`):
 *   each character's advance is read once from the bounding box resvg gives for
 *   "H<char>H" minus "HH", drawn with the same DejaVu files, and cached. So
 *   legend spacing, label boxes and name truncation match what resvg draws
 *   (kerning aside), with no hand-written TrueType parsing of our own.
 * - Text drawing: svgToPng hands resvg the texts as outlines (textOutlines.ts), read from resvg
 *   itself once per thread and put together with the font's own kerning, so the picture is the
 *   one resvg draws from the <text>s, without resvg re-reading the font file for every glyph.
 *
 * Limit: glyphs outside DejaVu (emoji, CJK names) have no font here and are
 * drawn as empty boxes (loading system fonts would make the output depend
 * on the machine).
 *
 * Sizes: charts are drawn for a phone. Discord shows a picture at the width of
 * the screen, about 380 px on a phone, so charts are CHART_WIDTH = 760 px wide
 * (2x) and every text is at least 22 px: at least 11 px once the phone scales
 * the picture down. Tall charts (the hard-sets chart) are portrait.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { EChartsOption, TitleComponentOption } from 'echarts';
import { encodePng } from './png';
import { TextOutliner } from './textOutlines';

/** Default picture size in px: 2x a phone's ~380 px width. */
export const CHART_WIDTH = 760;
export const CHART_HEIGHT = 480;

/** The only font the charts use; shipped in the `dejavu-fonts-ttf` package. */
export const CHART_FONT_FAMILY = 'DejaVu Sans Condensed';
const FONT_FILES = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'] as const;

/** Font sizes (px at CHART_WIDTH): nothing smaller than FONT_SIZE.min, i.e. 11 px on a ~380 px phone screen. */
export const FONT_SIZE = { min: 22, label: 22, axis: 22, legend: 22, subtitle: 22, title: 28, noData: 28 } as const;

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
// Text measurement by resvg itself (same font files, same shaping engine).

const advanceCache = new Map<string, number>();

/** Ink box (px) of `text` as resvg draws it at 100 px. */
function inkBox(text: string, bold: boolean): { width: number; height: number } {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="200"><text x="10" y="150" font-family="${CHART_FONT_FAMILY}" font-size="100"${bold ? ' font-weight="bold"' : ''} xml:space="preserve">${escaped}</text></svg>`;
  const resvg = new Resvg(svg, {
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    logLevel: 'off',
  });
  const box = resvg.getBBox();
  return { width: box?.width ?? 0, height: box?.height ?? 0 };
}

/** The box resvg draws for a character the font lacks (.notdef), from a private-use code point. */
const notdefCache: Partial<Record<'b' | 'r', { width: number; height: number }>> = {};

/**
 * Advance of one character in em: box("H" + c + "H") - box("HH") at 100 px, so the outer
 * H's ink cancels out. A character the font lacks (drawn as the .notdef box) measures 1 em:
 * ZRender takes the width of '国' as the line height, so it must not measure narrow.
 */
function advanceEm(ch: string, bold: boolean): number {
  const key = `${bold ? 'b' : 'r'}${ch}`;
  let em = advanceCache.get(key);
  if (em === undefined) {
    const style = bold ? 'b' : 'r';
    const notdef = (notdefCache[style] ??= inkBox('\uE000', bold));
    const own = inkBox(ch, bold);
    const missing = ch.trim() !== '' && Math.abs(own.width - notdef.width) < 0.01 && Math.abs(own.height - notdef.height) < 0.01;
    em = missing ? 1 : (inkBox(`H${ch}H`, bold).width - inkBox('HH', bold).width) / 100;
    advanceCache.set(key, em);
  }
  return em;
}

/** Width in px of `text` in the chart font (advances measured by resvg; no kerning). */
export function measureTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += advanceEm(ch, bold);
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
  for (const [k, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 100 || v > 4000)
      throw new RangeError(`chart ${k} must be an integer from 100 to 4000, got ${String(v)}`);
  }
  return { width, height };
}

/** SVG drawn over a chart once ECharts has laid it out, from its elements (teamCharts.ts's bar values). */
export type ChartOverlay = (chart: echarts.ECharts) => string;

/** Render an ECharts option to an SVG string (server side, no DOM), with `overlay` drawn on top. */
export function renderSvg(option: EChartsOption, size: ChartSize = {}, overlay?: ChartOverlay): string {
  const { width, height } = resolveSize(size);
  installTextMeasurement();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false }, { notMerge: true, lazyUpdate: false });
    const svg = chart.renderToSVGString();
    if (!overlay) return svg;
    const end = svg.lastIndexOf('</svg>');
    return `${svg.slice(0, end)}${overlay(chart)}${svg.slice(end)}`;
  } finally {
    chart.dispose();
  }
}

/** 1.23456 -> '1.2346', as ZRender writes coordinates. */
function svgNumber(v: number): string {
  return String(Math.round(v * 1e4) / 1e4);
}

/** A <text> as ECharts writes a label: `x`, `y` its left end, vertically centred, in the label style. */
export function labelText(text: string, x: number, y: number): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<text dominant-baseline="central" text-anchor="start" style="font-size:${FONT_SIZE.label}px;font-family:${CHART_FONT_FAMILY};"${/\s/.test(text) ? ' xml:space="preserve"' : ''} transform="translate(${svgNumber(x)} ${svgNumber(y)})" fill="${COLORS.text}">${escaped}</text>`;
}

/** A text outliner for the chart font with its own, empty cache (textOutlines.ts). */
export function chartTextOutliner(): TextOutliner {
  return new TextOutliner({ fontFiles: chartFontFiles(), family: CHART_FONT_FAMILY, advanceEm });
}

let outliner: TextOutliner | undefined;

/**
 * `svg` with its texts as outlines (textOutlines.ts): resvg then does no font work. The glyphs are
 * read from resvg once per thread (a chart worker keeps them for its life).
 */
export function outlineTexts(svg: string): string {
  outliner ??= chartTextOutliner();
  return outliner.outline(svg);
}

/** Rasterise an SVG with the bundled font only (no system fonts), at its own size. */
export function svgToPng(svg: string): ChartImage {
  const resvg = new Resvg(outlineTexts(svg), {
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
  return { png: encodePng(image.pixels, image.width, image.height), width: image.width, height: image.height };
}

/** Option -> PNG. */
export function renderChart(option: EChartsOption, size: ChartSize = {}): ChartImage {
  return svgToPng(renderSvg(option, size));
}

// ---------------------------------------------------------------------------
// Shared look: used by the chart builders so every chart reads the same way.

/** Base text style: the bundled font, dark text, the minimum size. */
export const BASE_TEXT_STYLE = { fontFamily: CHART_FONT_FAMILY, fontSize: FONT_SIZE.min, color: COLORS.text } as const;

/** A chart title and the size it is drawn at (smaller than FONT_SIZE.title only when a long name needs it). */
export interface ChartTitle {
  text: string;
  fontSize: number;
}

const TITLE_LEFT = 24;
/** ECharts pads a title by 5 px on each side. */
const TITLE_PADDING = 5;

/**
 * `lead + tail` as a title that fits a chart `width` px wide: drawn smaller (down to FONT_SIZE.min)
 * if it must, then `lead` (an athlete's name) cut with an ellipsis, so `tail` always shows.
 */
export function fitTitle(lead: string, tail: string, width: number = CHART_WIDTH): ChartTitle {
  const room = width - 2 * (TITLE_LEFT + TITLE_PADDING);
  for (let fontSize = FONT_SIZE.title; fontSize >= FONT_SIZE.min; fontSize -= 2) {
    if (measureTextWidth(`${lead}${tail}`, fontSize, true) <= room) return { text: `${lead}${tail}`, fontSize };
  }
  const fontSize = FONT_SIZE.min;
  return { text: `${truncateToWidth(lead, room - measureTextWidth(tail, fontSize, true), fontSize, true)}${tail}`, fontSize };
}

/** Title (bold, large) plus an optional subtitle, top left. */
export function titleOption(title: string | ChartTitle, subtext?: string): TitleComponentOption {
  const { text, fontSize } = typeof title === 'string' ? { text: title, fontSize: FONT_SIZE.title } : title;
  return {
    text,
    subtext: subtext ?? '',
    left: TITLE_LEFT,
    top: 14,
    itemGap: 6,
    // Lines a little taller than the font: DejaVu's descenders (y, g) reach below the em box, and
    // with lines of exactly the font size the title's touched the subtitle on a phone (380 px).
    textStyle: { ...BASE_TEXT_STYLE, fontSize, lineHeight: Math.round(fontSize * 1.2), fontWeight: 'bold' },
    subtextStyle: {
      ...BASE_TEXT_STYLE,
      fontSize: FONT_SIZE.subtitle,
      lineHeight: Math.round(FONT_SIZE.subtitle * 1.1),
      color: COLORS.mutedText,
    },
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

export function noDataOption(title: string | ChartTitle, message: string = NO_DATA_TEXT): EChartsOption {
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

/** A legend, only for two or more series (a single series is named by the title or its axis). */
export function legendOption(names: string[]): NonNullable<EChartsOption['legend']> {
  return {
    show: names.length >= 2,
    data: names,
    left: 24,
    top: 100,
    itemWidth: 30,
    itemHeight: 20,
    itemGap: 24,
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
    ...axisNameStyle(70),
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Axis labels for weeks given by their Monday ('2026-03-09' -> '9 Mar'), plus the axis name
 * ('Week starting (2026)' or '(2025-2026)'). A week still in progress gets a trailing '*'
 * and the name says so. Strings that are not dates are shown as they are.
 */
export function weekAxis(weeks: readonly string[], inProgress: readonly boolean[] = []): { labels: string[]; name: string } {
  const years = new Set<string>();
  const labels = weeks.map((w, i) => {
    const m = DATE.exec(w);
    if (!m) return w;
    years.add(m[1]!);
    return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}${inProgress[i] ? '*' : ''}`;
  });
  const sorted = [...years].sort();
  const yearText = sorted.length === 0 ? '' : sorted.length === 1 ? ` (${sorted[0]!})` : ` (${sorted[0]!}–${sorted[sorted.length - 1]!})`;
  return { labels, name: `Week starting${yearText}${inProgress.some(Boolean) ? ' · * in progress' : ''}` };
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
