import { inflateSync } from 'node:zlib';

/** A decoded picture: RGBA bytes, row by row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Decodes the 8-bit RGBA or RGB PNGs resvg writes (not interlaced), so tests can look at the pixels. */
export function decodePng(png: Buffer): Pixels {
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('decodePng: only 8-bit, non-interlaced PNGs');
      channels = ({ 2: 3, 6: 4 } as Record<number, number>)[data[9]!] ?? 0;
      if (channels === 0) throw new Error(`decodePng: colour type ${data[9]} not supported`);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = y * (stride + 1) + 1;
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? rows[y * stride + i - channels]! : 0;
      const up = y > 0 ? rows[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? rows[(y - 1) * stride + i - channels]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rows[y * stride + i] = (raw[line + i]! + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = rows[p * channels + c]!;
    rgba[p * 4 + 3] = channels === 4 ? rows[p * channels + 3]! : 255;
  }
  return { width, height, rgba };
}

/** Pixels darker than `threshold` (mean of R, G, B) in the box [x0, x1) x [y0, y1). */
export function inkIn(p: Pixels, box: { x0: number; y0: number; x1: number; y1: number }, threshold = 128): number {
  let ink = 0;
  for (let y = Math.max(0, box.y0); y < Math.min(p.height, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x < Math.min(p.width, box.x1); x++) {
      const i = (y * p.width + x) * 4;
      if ((p.rgba[i]! + p.rgba[i + 1]! + p.rgba[i + 2]!) / 3 < threshold) ink++;
    }
  }
  return ink;
}
