/**
 * PNG encoding of a rendered chart with Node's own zlib, in place of resvg's `asPng()`.
 *
 * Why: resvg-js encodes with zlib level 6 and no choice of settings, which took ~11 ms of a
 * hard-sets page (760 x 1146 RGBA). Rows unfiltered at level 3 take ~5 ms, and since a chart is
 * mostly runs of the same few colours the file is about as small (72 KB against 71 KB). Lossless
 * either way: the same pixels (test/unit/chartPng.test.ts decodes both and compares).
 *
 * The bytes depend only on the pixels and on Node's zlib, so the same chart gives the same PNG.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const LEVEL = 3;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * The rows with their filter bytes, kept for the thread's next chart: a fresh 3.5 MB buffer for a
 * page cost 2.5 ms of page faults, more than copying into it.
 */
let rows = Buffer.alloc(0);

/**
 * An 8-bit RGBA PNG of `rgba` (straight alpha, row by row). resvg's pixels are premultiplied, which
 * is the same thing for the opaque pictures svgToPng draws (an opaque background under everything).
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 4;
  if (rgba.length !== stride * height) throw new RangeError(`encodePng: ${rgba.length} bytes for ${width}x${height} RGBA`);
  const size = (stride + 1) * height;
  if (rows.length < size) rows = Buffer.alloc(size);
  for (let y = 0; y < height; y++) {
    rows[y * (stride + 1)] = 0; // filter: none
    rows.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows.subarray(0, size), { level: LEVEL })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
