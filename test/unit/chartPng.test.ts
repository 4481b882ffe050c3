import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/charts/png';
import { CHART_FONT_FAMILY, COLORS, chartFontFiles, outlineTexts, svgToPng } from '../../src/charts/render';
import { hardSetsHeight, teamHardSetsSvg } from '../../src/charts/teamCharts';
import { decodePng } from '../support/png';

describe('PNG encoding (Node zlib instead of resvg asPng)', () => {
  const svg = outlineTexts(
    teamHardSetsSvg(
      {
        athletes: [
          { name: 'Ana Souza', glutes: 12, hamstrings: 16, lowerBack: 6 },
          { name: 'Maximiliana Wolfeschlegelsteinha', glutes: 22, hamstrings: 3.5, lowerBack: 19.5 },
        ],
      },
      { width: 760, height: hardSetsHeight(2) },
    ),
  );

  it('writes the very pixels resvg rendered, at their size', () => {
    const rendered = new Resvg(svg, {
      font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
      background: COLORS.background,
      logLevel: 'off',
    }).render();
    const ours = decodePng(svgToPng(svg).png);
    const resvgs = decodePng(rendered.asPng());
    expect({ width: ours.width, height: ours.height }).toEqual({ width: 760, height: hardSetsHeight(2) });
    expect(Buffer.from(ours.rgba).equals(Buffer.from(resvgs.rgba))).toBe(true);
    // And about as small as resvg's own file (mostly runs of a few colours).
    expect(svgToPng(svg).png.length).toBeLessThan(rendered.asPng().length * 1.2);
  });

  it('gives the same bytes for the same pixels, and refuses a buffer of the wrong size', () => {
    const rgba = new Uint8Array(4 * 3 * 2).map((_, i) => (i * 37) % 256);
    expect(encodePng(rgba, 3, 2).equals(encodePng(rgba, 3, 2))).toBe(true);
    expect(decodePng(encodePng(rgba, 3, 2)).rgba).toEqual(rgba);
    expect(() => encodePng(rgba, 4, 2)).toThrow(RangeError);
  });
});
