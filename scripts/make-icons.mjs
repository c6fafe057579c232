// Draws the toolbar icon (a ring with a clock hand) as PNGs; run once when the icon changes.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const accent = [51, 85, 209];
function pixel(x, y, s) {
  const cx = s / 2, cy = s / 2, r = Math.hypot(x - cx, y - cy) / (s / 2);
  if (r > 0.98) return [0, 0, 0, 0];
  if (r > 0.78) return [...accent, 255];
  // clock hand from centre towards 2 o'clock, and a dot at centre
  const ang = Math.atan2(y - cy, x - cx), hand = -Math.PI / 3;
  const along = (x - cx) * Math.cos(hand) + (y - cy) * Math.sin(hand);
  const across = Math.abs(-(x - cx) * Math.sin(hand) + (y - cy) * Math.cos(hand));
  if ((along > 0 && along < s * 0.3 && across < s * 0.06) || r < 0.14) return [...accent, 255];
  void ang;
  return [255, 255, 255, 255];
}
mkdirSync('extension/public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`extension/public/icon/${size}.png`, png(size, pixel));
