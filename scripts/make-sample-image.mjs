#!/usr/bin/env node
// Writes small but real baseline JPEG (JFIF) placeholder photos for the sample site.
//
//   node scripts/make-sample-image.mjs [--size WxH] [--colors RRGGBB,RRGGBB] FILE.jpg [FILE.jpg ...]
//
// Each picture is a simple "scene": a sky gradient, a ground band, a sun and a few
// blocks. Without --colors the colours come from a hash of the file name, so every
// image looks different and running the script again writes byte-identical files.
//
// No dependencies: a minimal baseline DCT encoder (8-bit, YCbCr 4:4:4, quality 75,
// the standard Huffman tables of ITU-T T.81 Annex K.3). Default size 320x200.
//
// The sample site's pictures were made with (1600x1000, so bantin makes 480, 960 and 1600 px variants;
// each about 50 KB). Write to a temporary file and move it over the old one: a sample file may be
// a hard link shared with other checkouts, which writing in place would change too.
//   node scripts/make-sample-image.mjs --size 1600x1000 content/*/*.jpg      (colours from each file name)
//   node scripts/make-sample-image.mjs --size 1600x1000 --colors 1a2340,3b4a78 content/an-ninh-quoc-phong/tuan-tra-dem.jpg

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

// ---------- tables ----------

/** ZIGZAG[i] is the natural (row-major) index of the i-th coefficient in zigzag order. */
const ZIGZAG = (() => {
  const order = [];
  for (let s = 0; s <= 14; s++) {
    const lo = Math.max(0, s - 7);
    const hi = Math.min(s, 7);
    if (s % 2 === 0) for (let r = hi; r >= lo; r--) order.push(r * 8 + (s - r));
    else for (let r = lo; r <= hi; r++) order.push(r * 8 + (s - r));
  }
  return order;
})();

// Annex K.1 quantisation tables, natural order.
const BASE_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
  14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const BASE_CHROMA = Array.from({ length: 64 }, (_, k) => {
  const rows = [[17, 18, 24, 47], [18, 21, 26, 66], [24, 26, 56], [47, 66]];
  const r = k >> 3, c = k & 7;
  return rows[r]?.[c] ?? 99;
});

/** Scales a base table the way libjpeg does for a quality of 1..100. */
function scaleTable(base, quality) {
  const f = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return base.map((q) => Math.min(255, Math.max(1, Math.floor((q * f + 50) / 100))));
}

// Annex K.3 Huffman tables: counts of codes of length 1..16, then the symbols.
const DC_LUMA = { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const DC_CHROMA = { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const AC_LUMA = {
  bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  vals: [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
  ],
};
const AC_CHROMA = {
  bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  vals: [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
    0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
    0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
    0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
    0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
    0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
  ],
};

/** Canonical codes (Annex C): codes[symbol] = [code, length]. */
function buildCodes({ bits, vals }) {
  const codes = [];
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]; i++) codes[vals[k++]] = [code++, len];
    code <<= 1;
  }
  return codes;
}

// cosTable[u][x] = C(u)/2 * cos((2x+1)uπ/16), so F = T·f·Tᵀ is the JPEG forward DCT.
const COS = Array.from({ length: 8 }, (_, u) =>
  Array.from({ length: 8 }, (_, x) => (u === 0 ? Math.SQRT1_2 : 1) / 2 * Math.cos(((2 * x + 1) * u * Math.PI) / 16)),
);

/** Forward DCT of one 8x8 block (level-shifted samples, row-major). */
function fdct(block) {
  const tmp = new Float64Array(64);
  const out = new Float64Array(64);
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += COS[u][x] * block[y * 8 + x];
      tmp[y * 8 + u] = s;
    }
  for (let u = 0; u < 8; u++)
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += COS[v][y] * tmp[y * 8 + u];
      out[v * 8 + u] = s;
    }
  return out;
}

// ---------- encoder ----------

/**
 * Encodes an RGB picture as a baseline JFIF JPEG.
 * @param width, height  size in pixels (1..65535)
 * @param pixel          (x, y) => [r, g, b], each 0..255
 * @returns the file's bytes
 */
export function encodeJpeg(width, height, pixel, quality = 75) {
  const qt = [scaleTable(BASE_LUMA, quality), scaleTable(BASE_CHROMA, quality)];
  const dc = [buildCodes(DC_LUMA), buildCodes(DC_CHROMA)];
  const ac = [buildCodes(AC_LUMA), buildCodes(AC_CHROMA)];
  const out = [];
  const u16 = (n) => out.push(n >> 8, n & 0xff);
  const marker = (m, payload) => { out.push(0xff, m); u16(payload.length + 2); out.push(...payload); };

  out.push(0xff, 0xd8); // SOI
  marker(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // APP0 "JFIF\0" v1.1, 1:1
  for (let t = 0; t < 2; t++) marker(0xdb, [t, ...ZIGZAG.map((k) => qt[t][k])]); // DQT
  marker(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]); // SOF0
  [[0x00, DC_LUMA], [0x10, AC_LUMA], [0x01, DC_CHROMA], [0x11, AC_CHROMA]].forEach(([id, t]) =>
    marker(0xc4, [id, ...t.bits, ...t.vals]), // DHT
  );
  marker(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]); // SOS

  let acc = 0;
  let nbits = 0;
  const put = (code, len) => {
    for (let i = len - 1; i >= 0; i--) {
      acc = (acc << 1) | ((code >> i) & 1);
      if (++nbits === 8) {
        out.push(acc);
        if (acc === 0xff) out.push(0); // byte stuffing
        acc = 0;
        nbits = 0;
      }
    }
  };
  const size = (v) => { let a = Math.abs(v), n = 0; while (a) { n++; a >>= 1; } return n; };
  const bitsOf = (v, n) => (v < 0 ? v + (1 << n) - 1 : v);

  const pred = [0, 0, 0];
  const blocks = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  for (let by = 0; by < height; by += 8)
    for (let bx = 0; bx < width; bx += 8) {
      for (let i = 0; i < 64; i++) {
        const x = Math.min(bx + (i & 7), width - 1); // edges are repeated to fill partial blocks
        const y = Math.min(by + (i >> 3), height - 1);
        const [r, g, b] = pixel(x, y);
        blocks[0][i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
        blocks[1][i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
        blocks[2][i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
      }
      for (let c = 0; c < 3; c++) {
        const t = c === 0 ? 0 : 1;
        const coef = fdct(blocks[c]);
        const q = ZIGZAG.map((k) => Math.round(coef[k] / qt[t][k]));
        const diff = q[0] - pred[c];
        pred[c] = q[0];
        const n = size(diff);
        put(...dc[t][n]);
        if (n) put(bitsOf(diff, n), n);
        let run = 0;
        for (let k = 1; k < 64; k++) {
          if (q[k] === 0) { run++; continue; }
          for (; run > 15; run -= 16) put(...ac[t][0xf0]); // ZRL
          const m = size(q[k]);
          put(...ac[t][(run << 4) | m]);
          put(bitsOf(q[k], m), m);
          run = 0;
        }
        if (run) put(...ac[t][0x00]); // EOB
      }
    }
  if (nbits) put((1 << (8 - nbits)) - 1, 8 - nbits); // pad with 1 bits
  out.push(0xff, 0xd9); // EOI
  return Uint8Array.from(out);
}

// ---------- the picture ----------

function hash(s) {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

function hsl(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255));
}

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

/** A pixel function for a small flat-colour scene whose palette depends on `seed`. */
function scene(width, height, seed, colors) {
  const hue = seed % 360;
  const top = colors?.[0] ?? hsl(hue, 0.55, 0.78);
  const bottom = colors?.[1] ?? hsl((hue + 40) % 360, 0.5, 0.55);
  const ground = mix(bottom, [40, 40, 40], 0.45);
  const horizon = Math.round(height * 0.68);
  const sun = { x: width * (0.2 + ((seed >>> 9) % 60) / 100), y: height * 0.25, r: height * 0.1 };
  const houses = Array.from({ length: 4 }, (_, i) => {
    const w = Math.round(width * (0.1 + ((seed >>> (i * 3)) % 5) / 50));
    const h = Math.round(height * (0.18 + ((seed >>> (i * 4 + 1)) % 7) / 40));
    const x0 = Math.round(width * (0.06 + i * 0.23));
    return { x0, x1: x0 + w, y0: horizon - h, color: hsl((hue + 150 + i * 45) % 360, 0.45, 0.5 + (i % 2) * 0.12) };
  });
  return (x, y) => {
    for (const b of houses) if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < horizon) return b.color;
    if (y >= horizon) return ground;
    if ((x - sun.x) ** 2 + (y - sun.y) ** 2 < sun.r ** 2) return [250, 220, 120];
    return mix(top, bottom, y / horizon);
  };
}

// ---------- command line ----------

function usage(msg) {
  if (msg) process.stderr.write(`make-sample-image: ${msg}\n`);
  process.stderr.write('usage: node scripts/make-sample-image.mjs [--size WxH] [--colors RRGGBB,RRGGBB] FILE.jpg...\n');
  process.exit(2);
}

function main(argv) {
  let width = 320;
  let height = 200;
  let colors;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--size') {
      const m = /^(\d+)x(\d+)$/.exec(argv[++i] ?? '');
      if (!m || +m[1] < 1 || +m[2] < 1 || +m[1] > 4096 || +m[2] > 4096) usage('--size must be WxH, 1..4096');
      width = +m[1];
      height = +m[2];
    } else if (a === '--colors') {
      colors = (argv[++i] ?? '').split(',').map((c) => {
        if (!/^#?[0-9a-f]{6}$/i.test(c)) usage(`bad colour "${c}", use RRGGBB`);
        const n = parseInt(c.replace('#', ''), 16);
        return [n >> 16, (n >> 8) & 0xff, n & 0xff];
      });
    } else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) usage('no output file given');
  for (const file of files) {
    const bytes = encodeJpeg(width, height, scene(width, height, hash(basename(file)), colors));
    writeFileSync(file, bytes);
    process.stdout.write(`${file}: ${width}x${height}, ${bytes.length} bytes\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
