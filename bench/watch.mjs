#!/usr/bin/env node
// Watch-mode benchmark (issue #6): time from saving one article to its updated page being served by
// `bantin serve`, on sites of 1,000 and 10,000 articles. A script, not a test: it prints numbers.
//
//   npm run bench:watch                       1,000 and 10,000 articles
//   npm run bench:watch -- --sizes 1000       chosen sizes
//   npm run bench:watch -- --edits 20         saves per size (default 10 at ≤1,000, 7 above)
//
// Each save appends a unique sentence to one article's body the way editors save atomically (write a
// temporary file beside it, rename it over the article), then GETs the article's URL every 5 ms
// until the page contains the sentence. The site is a hard-linked copy of the cached corpus
// (os.tmpdir()/bantin-bench/), so the corpus itself is never changed.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BANTIN_BIN, BENCH, ROOT, articleSlug, categorySlug, cleanup, compileTool, die, ensureCorpus, fmt, frontField, linkTree,
  loadProjectSlugify, log, makeTemp, median, onCleanup, percentile, pickArticle, relPath, table,
} from './lib.mjs';

const USAGE = 'usage: npm run bench:watch -- [--sizes 1000,10000] [--edits N]';
const argv = process.argv.slice(2);
let sizes = [1000, 10000];
let editsArg = null;
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  const value = () => {
    const v = inline ?? argv[++i];
    if (v === undefined) die(`${flag} needs a value\n${USAGE}`, 2);
    return v;
  };
  if (flag === '--sizes') sizes = value().split(',').map((s) => Number(s.replace(/[_.]/g, '').trim()));
  else if (flag === '--edits') editsArg = Number(value());
  else if (flag === '-h' || flag === '--help') {
    log(USAGE);
    process.exit(0);
  } else die(`unknown option ${argv[i]}\n${USAGE}`, 2);
}
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) die(`--sizes needs positive whole numbers\n${USAGE}`, 2);
if (editsArg !== null && !(Number.isInteger(editsArg) && editsArg > 0)) die(`--edits needs a positive whole number\n${USAGE}`, 2);
const editsFor = (n) => editsArg ?? (n <= 1000 ? 10 : 7);

/** How long to wait for the first page and for one change to show (the first build of 10,000 articles takes minutes on 2 cores). */
const START_TIMEOUT_MS = 15 * 60_000;
const CHANGE_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 5;

compileTool();
await loadProjectSlugify();

// `bantin serve --help` exits 0 even without a serve command (commander prints the program's help),
// so the help text must be the serve command's own.
const help = spawnSync(process.execPath, [BANTIN_BIN, 'serve', '--help'], { cwd: ROOT, encoding: 'utf8' });
const helpText = `${help.stdout}${help.stderr}`;
if (help.status !== 0 || !/bantin serve\b/.test(helpText)) {
  log(`bantin serve is not available yet (node bin/bantin.js serve --help: exit ${help.status}, no "Usage: bantin serve"): no watch-mode numbers to measure.`);
  process.exit(0);
}
const serveOptions = new Set(helpText.match(/--[a-z][a-z-]*/g) ?? []);

log(`bantin serve benchmark — Node ${process.version}, ${availableParallelism()} CPU; save → updated page served, polled every ${POLL_MS} ms`);

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function get(url) {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    const body = await res.text();
    return { status: res.status, body };
  } catch (e) {
    return { status: 0, body: '', error: e };
  }
}

/** The article's URL as bantin makes it: /{category slug}/{slug: or slug of the title}/. */
function articleUrl(text) {
  const slug = frontField(text, 'slug') || articleSlug(frontField(text, 'title') ?? '');
  return `/${categorySlug(frontField(text, 'category') ?? '')}/${slug}/`;
}

/** Save like an editor's atomic save: temporary (hidden) file beside the article, renamed over it. */
function atomicSave(path, text) {
  const tmp = join(dirname(path), `.${basename(path)}.bench-save-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function benchSize(n) {
  const corpus = ensureCorpus(n);
  log('');
  log(`== ${n.toLocaleString('en')} articles (${corpus.cached ? 'cached corpus' : `corpus generated in ${fmt(corpus.meta.seconds, 1)} s`}: ${relPath(corpus.dir)}) ==`);
  const tmp = makeTemp('bantin-bench-watch-');
  // Site folder and content are copies in the temporary folder: whatever serve writes (output, cache) stays there.
  const site = join(tmp, 'site');
  cpSync(join(BENCH, 'sites', 'bantin'), site, { recursive: true });
  const content = join(tmp, 'content');
  linkTree(corpus.dir, content);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = [BANTIN_BIN, 'serve', '--root', site, '--content', content, '--port', String(port)];
  if (serveOptions.has('--cache-dir')) args.push('--cache-dir', join(tmp, 'cache'));
  if (serveOptions.has('--out')) args.push('--out', join(tmp, 'out'));
  const output = [];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    output.push(...String(chunk).split('\n'));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit((exited = { code, signal }))));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };
  onCleanup(() => {
    if (!exited) child.kill('SIGKILL');
  });
  const fail = async (message) => {
    log(`   ${message}`);
    log('   last lines of bantin serve:');
    for (const line of output.filter(Boolean).slice(-20)) log(`     ${line}`);
    await stop();
  };

  try {
    // First page.
    const t0 = performance.now();
    let first = null;
    while (performance.now() - t0 < START_TIMEOUT_MS && !exited) {
      const r = await get(`${base}/`);
      if (r.status === 200) {
        first = performance.now() - t0;
        break;
      }
      await sleep(100);
    }
    if (first === null) {
      await fail(exited ? `bantin serve exited (code ${exited.code}, signal ${exited.signal}) before serving /` : `no page at ${base}/ after ${START_TIMEOUT_MS / 1000} s`);
      return;
    }

    // Saves. Different articles of the biggest category, each saved once.
    const edits = editsFor(n);
    const latencies = [];
    let timeouts = 0;
    for (let k = 0; k < edits && !exited; k++) {
      const file = pickArticle(content, k);
      const path = join(content, file);
      const text = readFileSync(path, 'utf8');
      const url = `${base}${encodeURI(articleUrl(text))}`;
      const before = await get(url);
      if (before.status !== 200) {
        await fail(`GET ${url} gave ${before.status} before any change (${file}): is the article URL computed as bantin makes it?`);
        return;
      }
      const marker = `bench-${n}-${k}-${Date.now().toString(36)}`;
      atomicSave(path, `${text.trimEnd()}\n\nCâu đánh dấu ${marker} để đo thời gian cập nhật.\n`);
      const saved = performance.now();
      let seen = null;
      while (performance.now() - saved < CHANGE_TIMEOUT_MS && !exited) {
        const r = await get(url);
        if (r.status === 200 && r.body.includes(marker)) {
          seen = performance.now() - saved;
          break;
        }
        await sleep(POLL_MS);
      }
      if (seen === null) {
        timeouts++;
        log(`   save ${k + 1}: ${file} not updated after ${CHANGE_TIMEOUT_MS / 1000} s`);
      } else latencies.push(seen);
      // Let the server settle before the next save (no overlapping rebuilds).
      await sleep(300);
    }
    if (exited) {
      await fail(`bantin serve exited (code ${exited.code}, signal ${exited.signal}) during the saves`);
      return;
    }

    const rows = [['articles', 'first page s', 'saves', 'median ms', 'p90 ms', 'min ms', 'max ms', 'timeouts']];
    rows.push([
      n.toLocaleString('en'), fmt(first / 1000, 1), String(latencies.length), fmt(median(latencies), 0), fmt(percentile(latencies, 90), 0),
      fmt(Math.min(...latencies), 0), fmt(Math.max(...latencies), 0), String(timeouts),
    ]);
    log(table(rows).replace(/^/gm, '   '));
    log(`   each save: ${latencies.map((x) => x.toFixed(0)).join(', ')} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    await stop();
  }
}

try {
  for (const n of sizes) await benchSize(n);
} finally {
  cleanup();
}
