#!/usr/bin/env node
// How much the per-article stage (front-matter, Markdown, checks) gains from worker threads on this
// machine (issue #19): the same N articles of the benchmark corpus on the main thread alone, then
// on 2 (and 4) worker threads as `bantin build` runs them (src/workers/parallel-parse.ts). Prints
// wall and process CPU seconds; a script, not a test.
//
//   node bench/worker-scaling.mjs [--articles 4000] [--rounds 2]

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, compileTool, die, ensureCorpus, fmt, loadProjectSlugify, log, option, table } from './lib.mjs';

const argv = process.argv.slice(2);
const n = Number(option(argv, '--articles', '4000'));
const rounds = Number(option(argv, '--rounds', '2'));
if (!(Number.isInteger(n) && n > 0 && n <= 10000 && Number.isInteger(rounds) && rounds > 0)) die('usage: node bench/worker-scaling.mjs [--articles N] [--rounds N]', 2);

compileTool();
await loadProjectSlugify();
const lib = (path) => import(pathToFileURL(join(ROOT, 'lib', path)).href);
const { processSource, articleSettings } = await lib('pipeline.js');
const { prefillInParallel } = await lib('workers/parallel-parse.js');
const { resolveConfig } = await lib('config/resolve-config.js');

const { dir } = ensureCorpus(n <= 1000 ? 1000 : 10000);
const sources = [];
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else if (e.name.endsWith('.md')) sources.push({ path: relative(dir, join(d, e.name)), bytes: readFileSync(join(d, e.name)) });
  }
})(dir);
const some = sources.slice(0, n);
const settings = articleSettings(resolveConfig('title: x\n', 'bantin.yaml').config);

async function measure(mode) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  if (mode === 'main thread') for (const s of some) processSource(s, settings);
  else await prefillInParallel(some, settings, new Map(), { threads: Number(mode.split(' ')[0]), threshold: 0 });
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const rows = [['mode', 'round', 'wall s', 'CPU s', 'ms / article (wall)']];
for (let r = 1; r <= rounds; r++) {
  for (const mode of ['main thread', '2 workers', '4 workers']) {
    const m = await measure(mode);
    rows.push([mode, String(r), fmt(m.wall), fmt(m.cpu), fmt((m.wall / some.length) * 1000, 3)]);
  }
}
log(`${some.length} articles of the benchmark corpus, Node ${process.version}`);
log(table(rows));
