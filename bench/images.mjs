#!/usr/bin/env node
// What responsive images cost (issue #8). A script, not a test: it prints numbers and asserts nothing.
//
//   node bench/images.mjs                       sample site + 1,000 articles with one image each + page weight
//   node bench/images.mjs --articles 200        a smaller corpus
//   node bench/images.mjs --size 1600x1200      the corpus' photos (default 2000x1500, ~0.5 MB each)
//   node bench/images.mjs --runs 3              runs of each quick build (default 3; the first build of the corpus runs once)
//   node bench/images.mjs --only sample,weight  some parts: sample, corpus, weight
//
// Every build is a separate `bantin build` process measured with /usr/bin/time (wall and CPU seconds).
// "without images" is `images: {process: false}` in bantin.yaml (images copied as they are, as before
// issue #8); "first" starts from an empty cache folder; "rebuild" keeps the cache of the previous build
// (nothing changed), into an empty output folder as in CI. On a busy machine compare the ratios
// within one run, and CPU seconds rather than wall seconds.
//
// Page weight: bytes a reader's browser loads for a typical article — HTML, CSS, JS, and its images:
// before, the originals (3 phone photos of ~6 MB, made here); after, the variant the browser picks
// from srcset/sizes for a phone (360 CSS px at 2x) and for a desktop (1280 px at 1x), WebP.
//
// The tool measured is lib/ (compiled from src/ first), or $BANTIN_BENCH_BIN.

import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { BANTIN_BIN, ROOT, cleanup, compileTool, die, fmt, log, makeTemp, median, table, timed } from './lib.mjs';

const USAGE = 'usage: node bench/images.mjs [--articles N] [--size WxH] [--runs N] [--only sample,corpus,weight]';
const argv = process.argv.slice(2);
let articles = 1000;
let size = [2000, 1500];
let runs = 3;
let only = ['sample', 'corpus', 'weight'];
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  const value = () => inline ?? argv[++i] ?? die(`${flag} needs a value\n${USAGE}`, 2);
  if (flag === '--articles') articles = Number(value());
  else if (flag === '--size') size = value().split('x').map(Number);
  else if (flag === '--runs') runs = Number(value());
  else if (flag === '--only') only = value().split(',');
  else if (flag === '-h' || flag === '--help') {
    log(USAGE);
    process.exit(0);
  } else die(`unknown option ${argv[i]}\n${USAGE}`, 2);
}
if (!(Number.isInteger(articles) && articles > 0) || !(runs > 0) || size.length !== 2 || size.some((n) => !(n > 0))) die(USAGE, 2);

if (!process.env.BANTIN_BENCH_BIN) compileTool();
log(`bantin ${BANTIN_BIN}; ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

// ---------- helpers ----------

/** `bantin build` of `root` into `out` with the cache in `cache`; exits on failure. */
function build(root, out, cache) {
  rmSync(out, { recursive: true, force: true });
  const r = timed(process.execPath, [BANTIN_BIN, 'build', '--root', root, '--out', out, '--cache-dir', cache], { timeoutSeconds: 3600 });
  if (!r.ok) {
    cleanup();
    die(`bantin build ${root} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

function withConfig(root, extra) {
  const file = join(root, 'bantin.yaml');
  let base = '';
  try {
    base = readFileSync(file, 'utf8').replace(/(^|\n)images:[\s\S]*$/, '$1');
  } catch {
    // No config yet.
  }
  writeFileSync(file, `${base}${extra}`);
}

/** Wall and CPU seconds of: without images (first, rebuild), with images (first, rebuild). */
function measure(root, n, firstRuns) {
  const out = join(root, '..', 'out');
  const rows = [];
  for (const [label, extra] of [
    ['without image processing', 'images:\n  process: false\n'],
    ['with image processing', 'images:\n  process: true\n'],
  ]) {
    withConfig(root, extra);
    const first = [];
    const again = [];
    for (let r = 0; r < firstRuns; r++) {
      const cache = join(root, '..', `cache-${label.length}-${r}`);
      rmSync(cache, { recursive: true, force: true });
      first.push(build(root, out, cache));
      if (r === 0) for (let k = 0; k < runs; k++) again.push(build(root, out, cache));
      rmSync(cache, { recursive: true, force: true });
    }
    const m = (list, key) => median(list.map((x) => x[key]));
    rows.push([label, `${fmt(m(first, 'wall'))} s`, `${fmt(m(first, 'cpu'))} s`, `${fmt(m(again, 'wall'))} s`, `${fmt(m(again, 'cpu'))} s`, `${fmt(m(first, 'rssMB'), 0)} MB`]);
    log(`  ${label}: ${first.at(-1).stdout.trim().split('\n').at(-1)}`);
  }
  return table([[`${n}`, 'first: wall', 'first: CPU', 'rebuild: wall', 'rebuild: CPU', 'peak RSS'], ...rows]);
}

/** A photo-like picture: gradients, texture and fine noise; `seed` makes each one different. */
async function photo(width, height, seed, quality = 85, exif = false) {
  const pixels = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  const phase = (seed % 97) / 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const noise = (s / 4294967296 - 0.5) * 50;
      const texture = Math.sin(x / 37 + phase) * Math.cos(y / 53) * 40 + Math.sin((x + y) / 211) * 50;
      const i = (y * width + x) * 3;
      pixels[i] = Math.max(0, Math.min(255, 90 + (120 * x) / width + texture + noise));
      pixels[i + 1] = Math.max(0, Math.min(255, 140 - (60 * y) / height + texture * 0.7 + noise));
      pixels[i + 2] = Math.max(0, Math.min(255, 60 + (100 * y) / height - texture * 0.5 + noise));
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality });
  if (exif) image = image.withMetadata({ orientation: 6 }).withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '15/1 7/1 3/1' } });
  return image.toBuffer();
}

const kb = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

// ---------- the sample site ----------

if (only.includes('sample')) {
  const dir = makeTemp('bantin-bench-images-');
  const root = join(dir, 'site');
  mkdirSync(root);
  cpSync(join(ROOT, 'content'), join(root, 'content'), { recursive: true });
  cpSync(join(ROOT, 'bantin.yaml'), join(root, 'bantin.yaml'));
  const images = readdirSync(join(root, 'content'), { recursive: true }).filter((f) => /\.jpe?g$/i.test(String(f))).length;
  log(`\nSample site (${images} photos of 1600×1000), median of ${runs}:`);
  log(measure(root, 'sample site', runs));
}

// ---------- 1,000 articles with one image each ----------

if (only.includes('corpus')) {
  const dir = makeTemp('bantin-bench-images-');
  const root = join(dir, 'site');
  const [w, h] = size;
  const t0 = performance.now();
  // A few base photos, each article's copy changed in one corner so every file has its own digest.
  const bases = await Promise.all(Array.from({ length: 8 }, (_, k) => photo(w, h, 1000 + k)));
  let bytes = 0;
  for (let i = 0; i < articles; i++) {
    const folder = join(root, 'content', `tin-${String(i % 20).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const mark = await sharp({ create: { width: 48, height: 48, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 13) % 256 } } }).png().toBuffer();
    const jpeg = await sharp(bases[i % bases.length]).composite([{ input: mark, left: (i * 7) % (w - 48), top: (i * 11) % (h - 48) }]).jpeg({ quality: 85 }).toBuffer();
    bytes += jpeg.length;
    writeFileSync(join(folder, `anh-${i}.jpg`), jpeg);
    const date = new Date(Date.UTC(2020, 0, 1) + i * 36e5 * 7).toISOString().slice(0, 10);
    writeFileSync(
      join(folder, `bai-${i}.md`),
      `---\ntitle: "Bài số ${i} về hoạt động của phường"\ndate: ${date}\nauthor: Ban biên tập\ncategory: Tin ${i % 20}\nimage: anh-${i}.jpg\n---\n\nĐoạn mở đầu của bài số ${i}.\n\n![Ảnh của bài ${i}](anh-${i}.jpg "Ảnh minh hoạ bài ${i}")\n\nĐoạn thứ hai của bài, có vài câu để trang có nội dung.\n`,
    );
  }
  writeFileSync(join(root, 'bantin.yaml'), 'title: Bản tin thử\n');
  log(`\n${articles.toLocaleString('en')} articles with one ${w}×${h} photo each (${kb(bytes / articles)} average, made in ${fmt((performance.now() - t0) / 1000, 0)} s); first build once, rebuild median of ${runs}:`);
  log(measure(root, `${articles} articles`, 1));
}

// ---------- page weight of a typical article ----------

/** Bytes of the pictures a browser loads on a page: from each <picture>'s WebP srcset, the first width ≥ `px`. */
function pictureBytes(html, dist, px) {
  let total = 0;
  for (const m of html.matchAll(/<source type="image\/webp" srcset="([^"]+)"/g)) {
    const candidates = m[1].split(', ').map((c) => {
      const [url, w] = c.split(' ');
      return { url, w: parseInt(w, 10) };
    });
    const pick = candidates.find((c) => c.w >= px) ?? candidates.at(-1);
    total += statSync(join(dist, decodeURI(pick.url))).size;
  }
  for (const m of html.matchAll(/<img (?![^>]*srcset)[^>]*src="(\/[^"]+)"/g)) total += statSync(join(dist, decodeURI(m[1]))).size;
  return total;
}

function pageWeight(dist, page) {
  const html = readFileSync(join(dist, page), 'utf8');
  const assets = [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="(\/[^"]+)"/g)].reduce((n, m) => n + statSync(join(dist, m[1])).size, 0);
  return { html: Buffer.byteLength(html), assets, text: Buffer.byteLength(html) + assets };
}

if (only.includes('weight')) {
  const dir = makeTemp('bantin-bench-images-');
  const root = join(dir, 'site');
  mkdirSync(join(root, 'content', 'tin'), { recursive: true });
  const photos = [];
  for (let k = 0; k < 3; k++) {
    const jpeg = await photo(4000, 3000, 77 + k, 92, true);
    photos.push(jpeg.length);
    writeFileSync(join(root, 'content', 'tin', `anh-${k}.jpg`), jpeg);
  }
  const body = [
    'Sáng 7/10, UBND phường tổ chức họp dân tổ 3 về chỉnh trang đô thị. '.repeat(6),
    '![Toàn cảnh buổi họp](anh-0.jpg "Toàn cảnh buổi họp dân tổ 3")',
    'Người dân đóng góp nhiều ý kiến về vỉa hè, đèn chiếu sáng và thu gom rác. '.repeat(8),
    '![Người dân phát biểu](anh-1.jpg "Người dân phát biểu ý kiến")',
    'UBND phường ghi nhận và sẽ trả lời bằng văn bản trong tháng. '.repeat(5),
    '![Khu vực sẽ chỉnh trang](anh-2.jpg "Khu vực sẽ được chỉnh trang")',
  ].join('\n\n');
  writeFileSync(join(root, 'content', 'tin', 'hop-dan.md'), `---\ntitle: "Họp dân tổ 3 về chỉnh trang đô thị"\ndate: 2024-10-07\nauthor: Hà Vân\ncategory: Thông báo\nimage: anh-0.jpg\n---\n\n${body}\n`);
  const page = 'thong-bao/hop-dan-to-3-ve-chinh-trang-do-thi/index.html';
  const out = join(dir, 'out');
  withConfig(root, 'images:\n  process: false\n');
  build(root, out, join(dir, 'cache'));
  const before = pageWeight(out, page);
  const originals = photos.reduce((a, b) => a + b, 0);
  withConfig(root, 'images:\n  process: true\n');
  build(root, out, join(dir, 'cache'));
  const after = pageWeight(out, page);
  const html = readFileSync(join(out, page), 'utf8');
  const phone = pictureBytes(html, out, 720);
  const desktop = pictureBytes(html, out, 736);
  const firstPhone = pictureBytes(html.slice(0, html.indexOf('</picture>') + 10), out, 720);
  log(`\nPage weight of an article with 3 phone photos (4000×3000, ${photos.map((b) => `${(b / 1048576).toFixed(1)} MB`).join(', ')}; EXIF orientation 6 and GPS):`);
  log(
    table([
      ['', 'HTML+CSS+JS', 'images', 'total'],
      ['before (originals)', kb(before.text), kb(originals), kb(before.text + originals)],
      ['after, phone 360 px @2x', kb(after.text), kb(phone), kb(after.text + phone)],
      ['after, desktop 1280 px @1x', kb(after.text), kb(desktop), kb(after.text + desktop)],
      ['after, phone, first screen only', kb(after.text), kb(firstPhone), kb(after.text + firstPhone)],
    ]),
  );
  const sample = makeTemp('bantin-bench-images-');
  cpSync(join(ROOT, 'content'), join(sample, 'content'), { recursive: true });
  cpSync(join(ROOT, 'bantin.yaml'), join(sample, 'bantin.yaml'));
  const seed = 'hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/index.html';
  withConfig(sample, 'images:\n  process: false\n');
  build(sample, join(sample, 'out'), join(sample, 'cache'));
  const sBefore = pageWeight(join(sample, 'out'), seed);
  const sOriginal = statSync(join(sample, 'content', 'hoat-dong-cua-xa-phuong', 'toan-canh-hoi-nghi.jpg')).size;
  withConfig(sample, 'images:\n  process: true\n');
  build(sample, join(sample, 'out'), join(sample, 'cache'));
  const sAfter = pageWeight(join(sample, 'out'), seed);
  const sHtml = readFileSync(join(sample, 'out', seed), 'utf8');
  log(`\nPage weight of the sample site's seed article (one 1600×1000 photo of ${kb(sOriginal)}):`);
  log(
    table([
      ['', 'HTML+CSS+JS', 'images', 'total'],
      ['before', kb(sBefore.text), kb(sOriginal), kb(sBefore.text + sOriginal)],
      ['after, phone 360 px @2x', kb(sAfter.text), kb(pictureBytes(sHtml, join(sample, 'out'), 720)), kb(sAfter.text + pictureBytes(sHtml, join(sample, 'out'), 720))],
    ]),
  );
}

cleanup();
