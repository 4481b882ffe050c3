import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  CHART_FONT_FAMILY,
  COLORS,
  chartFontFiles,
  chartTextOutliner,
  measureTextWidth,
  outlineTexts,
  renderSvg,
  svgToPng,
} from '../../src/charts/render';
import { athleteTrendOption } from '../../src/charts/athleteCharts';
import { hardSetsHeight, teamHardSetsChart, teamHardSetsOption, teamHardSetsSvg, teamWeeklyLoadOption } from '../../src/charts/teamCharts';
import { decodePng, inkIn } from '../support/png';

const WEEKS = ['2025-12-22', '2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];
// Kerned pairs (To, Ty, Yo, Va, AV), accents, Cyrillic, Greek, quotes, an ampersand, and the longest name cut with '…'.
const NAMES = [
  'Tom Yates',
  'Ty Vo, Jr.',
  'Yolanda Vasquez',
  'AVA Tàyè',
  'Zoë Ødegaard',
  'Дмитрий Иванов',
  'Νίκος Παππάς',
  'Wolfgang “Wolfie” Tåg',
  'A&B <Co>',
  'Maximiliana Wolfeschlegelsteinha',
];

/** How resvg drew the charts before (and still draws what the outliner leaves as <text>). */
function resvgPixels(svg: string): Uint8Array {
  return new Resvg(svg, {
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
    background: COLORS.background,
    logLevel: 'off',
  }).render().pixels;
}

function compare(a: Uint8Array, b: Uint8Array): { max: number; differing: number } {
  let max = 0;
  let differing = 0;
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
    if (d > 0) differing++;
    max = Math.max(max, d);
  }
  return { max, differing };
}

/**
 * The most a pixel may change: one anti-aliasing step on an edge (resvg covers pixels in sub-pixel
 * steps; rounding the coordinates to 1/1000 px can land an edge on the other side of one).
 */
const QUARTER_PIXEL = 72;

const textCount = (svg: string) => (svg.match(/<text\b/g) ?? []).length;
const svgOf = (text: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><text x="10" y="30" style="font-size:22px;font-family:${CHART_FONT_FAMILY};" fill="#111111"${attrs}>${text}</text></svg>`;

describe('texts drawn as outlines (resvg does no font work per chart)', () => {
  const charts: [string, string][] = [
    [
      'team load (rotated, end-anchored week labels)',
      renderSvg(
        teamWeeklyLoadOption({ weeks: WEEKS, load: [10450, 11200, 9800, 12640, 13100, null, 7400, 11980], title: 'Team load, 8 weeks' }),
      ),
    ],
    [
      'hard sets (names right-aligned, bar labels)',
      teamHardSetsSvg(
        { athletes: NAMES.map((name, i) => ({ name, glutes: i * 2, hamstrings: 20 - i, lowerBack: i % 5 })) },
        { width: 760, height: hardSetsHeight(NAMES.length) },
      ),
    ],
    [
      'athlete trend (bold title, three panels)',
      renderSvg(
        athleteTrendOption({
          name: 'Tyrone Vázquez-Ávila',
          weeks: WEEKS,
          load: [1450, 1600, 1380, 1720, 1900, null, 980, 1650],
          painMax: [2, 3, 2, 4, 6, null, 3, 7],
        }),
        { width: 760, height: 960 },
      ),
    ],
  ];

  it.each(charts)('%s: every text becomes a path, drawn as resvg drew the text', (_, svg) => {
    const outlined = outlineTexts(svg);
    expect(textCount(svg)).toBeGreaterThan(20);
    expect(textCount(outlined)).toBe(0);
    // Same glyphs, kerning, anchors and baselines: a shade of anti-aliasing on a few edges at most,
    // never a moved or missing glyph (that would change hundreds of pixels by far more).
    const { max, differing } = compare(resvgPixels(svg), resvgPixels(outlined));
    expect(max).toBeLessThanOrEqual(QUARTER_PIXEL);
    expect(differing).toBeLessThan(200);
  });

  it('keeps the font kerning: the o of "To" sits closer to the T than its advance', () => {
    const d = (text: string) => /<path[^>]* d="([^"]*)"/.exec(outlineTexts(svgOf(text)))![1]!;
    // Each glyph starts with an absolute M, so the o of "To" is the second; DejaVu kerns T-o by 0.17 em.
    const firstX = (path: string, glyph: number) => Number(path.split('M')[glyph]!.split(' ')[0]);
    const step = firstX(d('To'), 2) - firstX(d('o'), 1);
    expect(step).toBeGreaterThan(measureTextWidth('T', 22) - 0.2 * 22);
    expect(step).toBeLessThan(measureTextWidth('T', 22) - 0.15 * 22);
  });

  it('reads whole what pair kerning cannot draw: ligatures, other scripts, marks, emoji, glyphs DejaVu lacks', () => {
    for (const text of ['Sofia Griffin', 'محمد علي', 'שרה כהן', '李小龙', 'Emoji 💪 Kim', 'Jose\u0301', '\uE000']) {
      for (const anchor of ['start', 'middle', 'end']) {
        const svg = svgOf(
          text,
          ` text-anchor="${anchor}" dominant-baseline="central" transform="translate(${anchor === 'start' ? 0 : 180} 0)"`,
        );
        const outlined = outlineTexts(svg);
        expect(textCount(outlined), text).toBe(0);
        const { max, differing } = compare(resvgPixels(svg), resvgPixels(outlined));
        expect(max, `${text} ${anchor}`).toBeLessThanOrEqual(QUARTER_PIXEL);
        expect(differing, `${text} ${anchor}`).toBeLessThan(20);
      }
    }
    // Something it does not reproduce (letter-spacing) stays a <text>, for resvg to draw.
    expect(textCount(outlineTexts(svgOf('Tom', ' letter-spacing="2"')))).toBe(1);
  });

  it('draws the same SVG from a fresh cache as from a warm one (a new worker and an old one agree)', () => {
    const svg = charts[1]![1];
    outlineTexts(renderSvg(teamHardSetsOption({ athletes: [{ name: 'Someone Else', glutes: 1, hamstrings: 2, lowerBack: 3 }] })));
    expect(chartTextOutliner().outline(svg)).toBe(outlineTexts(svg));
  });

  it('a 32-character name has its ink where the name column is, as wide as measureTextWidth says', () => {
    const name = 'Maximiliana Wolfeschlegelsteinha';
    const data = { athletes: [{ name, glutes: 12, hamstrings: 8, lowerBack: 4 }] };
    const image = teamHardSetsChart(data);
    expect(teamHardSetsChart(data).png.equals(image.png)).toBe(true);

    const svg = renderSvg(teamHardSetsOption(data), { width: image.width, height: image.height });
    const tag = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].find((m) => m[1]!.startsWith('Maximiliana'))!;
    const shown = tag[1]!;
    const [, ax, ay] = /translate\(([\d.]+) ([\d.]+)\)/.exec(tag[0])!;
    const anchor = { x: Number(ax), y: Number(ay) };
    expect(shown.endsWith('…')).toBe(true);

    const pixels = decodePng(image.png);
    const band = { y0: anchor.y - 14, y1: anchor.y + 14 };
    const width = measureTextWidth(shown, 22);
    // Ink across the measured width (right-aligned at the anchor), none left of it.
    expect(inkIn(pixels, { x0: Math.round(anchor.x - width), x1: Math.round(anchor.x - width / 2), ...band })).toBeGreaterThan(100);
    expect(inkIn(pixels, { x0: Math.round(anchor.x - width / 2), x1: Math.round(anchor.x), ...band })).toBeGreaterThan(100);
    expect(inkIn(pixels, { x0: 0, x1: Math.floor(anchor.x - width) - 1, ...band })).toBe(0);
  });

  it('keeps the PNG bytes the same for the same input', () => {
    const svg = charts[0]![1];
    expect(svgToPng(svg).png.equals(svgToPng(svg).png)).toBe(true);
  });
});
