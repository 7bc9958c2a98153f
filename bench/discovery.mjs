#!/usr/bin/env node
// What discovery (issue #5: tags, authors, archives, sitemap and search pages, feeds, sitemap.xml,
// robots.txt, the search index) adds to a build, as a ratio against a baseline run in the same
// command: the same corpus built with `outputs: { discovery: false }` (no discovery) and without it, one after
// the other, alternating which goes first, medians of the runs. Also the size of the search index.
//
//   node bench/discovery.mjs [--sizes 1000,10000] [--runs 3]
//
// Corpora as bench/run.mjs prepares them (bench/lib.mjs); the default theme, an absolute baseUrl
// (so feeds and sitemap.xml are written), no cache. BANTIN_BENCH_BIN measures another build of the CLI.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BANTIN_BIN, cleanup, compileTool, ensureCorpus, fmt, log, makeTemp, option, median, table } from './lib.mjs';

const args = process.argv.slice(2);
const sizes = String(option(args, '--sizes', '1000,10000')).split(',').map(Number);
const runs = Number(option(args, '--runs', 3));

if (!process.env.BANTIN_BENCH_BIN) compileTool();
const work = makeTemp('bantin-discovery-bench-');
const config = join(work, 'bantin.yaml');
const settings = 'title: Bản tin phường (đo)\nbaseUrl: https://phuong.example.gov.vn/\npageSize: 20\nrelatedCount: 5\n';
writeFileSync(config, settings);
const samePages = join(work, 'same-pages.yaml');
writeFileSync(samePages, `${settings}outputs:\n  discovery: false\n`);

/** Sizes of the files under a folder: count, bytes, sorted sizes, and gzip bytes when asked. */
function sizesOf(dir, gzip = true) {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile());
  const bytes = files.map((f) => statSync(join(dir, f)).size).sort((a, b) => a - b);
  const gz = gzip ? files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f))).length, 0) : NaN;
  return { count: files.length, bytes: bytes.reduce((a, b) => a + b, 0), gzip: gz, sorted: bytes };
}

/** One build under /usr/bin/time: wall and CPU seconds (user + sys, worker threads included). */
function build(corpus, out, discovery) {
  rmSync(out, { recursive: true, force: true });
  const argv = ['build', '--root', work, '--content', corpus, '--config', discovery ? config : samePages, '--out', out, '--no-cache'];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, BANTIN_BIN, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`build failed (${discovery ? 'with' : 'without'} discovery):\n${r.stdout}\n${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

const rows = [['articles', 'run', 'without s (cpu)', 'with s (cpu)', 'ratio wall', 'ratio cpu']];
const summary = [];
for (const n of sizes) {
  const { dir: corpus } = ensureCorpus(n);
  const out = join(work, `out-${n}`);
  mkdirSync(out, { recursive: true });
  const base = [];
  const disc = [];
  for (let r = 0; r < runs; r++) {
    // Alternate the order, so neither always runs on a warmer disk cache.
    const order = r % 2 === 0 ? [false, true] : [true, false];
    for (const d of order) (d ? disc : base).push(build(corpus, out, d));
    const b = base[r];
    const w = disc[r];
    rows.push([n, r + 1, `${fmt(b.wall, 1)} (${fmt(b.cpu, 1)})`, `${fmt(w.wall, 1)} (${fmt(w.cpu, 1)})`, fmt(w.wall / b.wall), fmt(w.cpu / b.cpu)]);
    log(table(rows));
    log();
  }
  const mb = median(base.map((x) => x.wall));
  const md = median(disc.map((x) => x.wall));
  const cb = median(base.map((x) => x.cpu));
  const cd = median(disc.map((x) => x.cpu));
  // The last build of the loop may be the baseline: build once more with discovery to measure the index.
  build(corpus, out, true);
  const indexRoot = join(out, 'tim-kiem', 'chi-muc');
  const folder = join(indexRoot, readdirSync(indexRoot)[0]);
  const shards = sizesOf(join(folder, 't'));
  const docs = sizesOf(join(folder, 'd'));
  const all = sizesOf(out, false);
  summary.push({ n, mb, md, cb, cd, shards, docs, all });
}

log('Medians:');
log(
  table([
    ['articles', 'without: wall s', 'with: wall s', 'wall +%', 'without: cpu s', 'with: cpu s', 'cpu +%'],
    ...summary.map((s) => [s.n, fmt(s.mb, 1), fmt(s.md, 1), fmt((s.md / s.mb - 1) * 100, 1), fmt(s.cb, 1), fmt(s.cd, 1), fmt((s.cd / s.cb - 1) * 100, 1)]),
  ]),
);
log();
log('Search index:');
const kb = (b) => `${fmt(b / 1024, 1)} KB`;
const mbytes = (b) => `${fmt(b / 1024 / 1024, 2)} MB`;
log(
  table([
    ['articles', 'shards', 'shards total', 'gzip', 'shard median', 'shard max', 'article files', 'total', 'gzip', 'whole output'],
    ...summary.map((s) => [
      s.n,
      s.shards.count,
      mbytes(s.shards.bytes),
      mbytes(s.shards.gzip),
      kb(s.shards.sorted[s.shards.sorted.length >> 1]),
      kb(s.shards.sorted[s.shards.sorted.length - 1]),
      s.docs.count,
      mbytes(s.docs.bytes),
      mbytes(s.docs.gzip),
      `${mbytes(s.all.bytes)}, ${s.all.count} files`,
    ]),
  ]),
);
cleanup();
