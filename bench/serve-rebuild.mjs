#!/usr/bin/env node
// bantin serve, by kind of change (issue #4): time from saving a file to the updated page being
// served, with the real watcher and server running in this process, so that the time of the rebuild
// itself (`rebuild ms`, from the session's report) can be shown beside the save-to-page time, and the
// process's CPU time per save (which includes the polling requests). A script, not a test. bench/watch.mjs measures the `bantin serve`
// command from outside; this one also covers title and template changes.
//
//   node bench/serve-rebuild.mjs                     1,000 and 10,000 articles, 7 saves of each kind
//   node bench/serve-rebuild.mjs --sizes 1000 --saves 3
//
// Kinds: `text` appends a sentence to an article's body (only its page changes: the fast path);
// `title` changes an article's title (lists, related articles and discovery pages change: the site is
// planned again); `date`, `tag` and `category` change those fields (the article moves in lists, to a
// tag page, to another category's address); `template` changes the article template (no Markdown is
// rendered again).

import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BENCH, ROOT, articleSlug, categorySlug, cleanup, compileTool, die, ensureCorpus, fmt, frontField, linkTree, loadProjectSlugify, log, makeTemp,
  median, pickArticle, table,
} from './lib.mjs';

const USAGE = 'usage: node bench/serve-rebuild.mjs [--sizes 1000,10000] [--saves N]';
const argv = process.argv.slice(2);
let sizes = [1000, 10000];
let saves = 7;
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  const value = () => inline ?? argv[++i] ?? die(`${flag} needs a value\n${USAGE}`, 2);
  if (flag === '--sizes') sizes = value().split(',').map((s) => Number(s.replace(/[_.]/g, '').trim()));
  else if (flag === '--saves') saves = Number(value());
  else if (flag === '-h' || flag === '--help') {
    log(USAGE);
    process.exit(0);
  } else die(`unknown option ${argv[i]}\n${USAGE}`, 2);
}
if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !(Number.isInteger(saves) && saves > 0)) die(USAGE, 2);

compileTool();
await loadProjectSlugify();
const { startServe } = await import(pathToFileURL(join(ROOT, 'lib', 'commands', 'serve.js')).href);

const get = (url) =>
  new Promise((resolve) => {
    const req = request(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });

/** Editors' atomic save: a hidden temporary file beside the target, renamed over it. */
function atomicSave(path, text) {
  const tmp = join(dirname(path), `.${basename(path)}.bench-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const cpuMs = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

/** Save, then poll `url` every 2 ms until its page contains `marker`: wall and CPU ms. */
async function timeSave(path, text, url, marker) {
  const cpu0 = process.cpuUsage();
  atomicSave(path, text);
  const t0 = performance.now();
  for (;;) {
    const r = await get(url);
    if (r.status === 200 && r.body.includes(marker)) return { wall: performance.now() - t0, cpu: cpuMs(cpu0) };
    if (performance.now() - t0 > 120_000) return { wall: NaN, cpu: NaN };
    await sleep(2);
  }
}

log(`bantin serve by kind of change — Node ${process.version}, ${availableParallelism()} CPU; in-process watcher and server, polled every 2 ms`);
const rows = [['articles', 'change', 'saves', 'median ms', 'min ms', 'max ms', 'rebuild ms', 'CPU ms']];
const summary = (n, kind, results) => [
  n.toLocaleString('en'), kind, String(results.length), fmt(median(results.map((r) => r.wall)), 0), fmt(Math.min(...results.map((r) => r.wall)), 0),
  fmt(Math.max(...results.map((r) => r.wall)), 0), fmt(median(results.map((r) => r.rebuild)), 0), fmt(median(results.map((r) => r.cpu)), 0),
];
try {
  for (const n of sizes) {
    const corpus = ensureCorpus(n);
    const tmp = makeTemp('bantin-bench-serve-');
    const site = join(tmp, 'site');
    cpSync(join(BENCH, 'sites', 'bantin'), site, { recursive: true });
    const content = join(tmp, 'content');
    linkTree(corpus.dir, content);
    const quiet = { info() {}, warn() {}, error() {} };
    const t0 = performance.now();
    const handle = await startServe({ root: site, content, port: 0, cacheDir: join(tmp, 'cache') }, quiet);
    if (typeof handle === 'number') die(`bantin serve could not start on ${n} articles`);
    log(`${n.toLocaleString('en')} articles: first build ${fmt((performance.now() - t0) / 1000, 1)} s`);
    await sleep(500);
    const urlOf = (text) => `${handle.url}${categorySlug(frontField(text, 'category'))}/${frontField(text, 'slug') || articleSlug(frontField(text, 'title'))}/`;

    const kinds = {
      text: (k, text) => {
        const marker = `bench-text-${k}-${Date.now().toString(36)}`;
        return { text: `${text.trimEnd()}\n\nCâu đánh dấu ${marker}.\n`, marker };
      },
      title: (k, text) => {
        const marker = `Đánh dấu ${k} ${Date.now().toString(36)}`;
        return { text: text.replace(/^title: "(.*)"$/m, `title: "$1 ${marker}"`), marker };
      },
      // The article moves in its lists (home, category): its page shows the new date.
      date: (k, text) => {
        const day = String(1 + (k % 27)).padStart(2, '0');
        const minute = String((k * 7 + Date.now()) % 60).padStart(2, '0');
        const marker = `${day}/01/2019 08:${minute}`;
        return { text: text.replace(/^date: .*$/m, `date: "${marker}"`), marker };
      },
      // A new tag (tag pages, related articles): its page lists it.
      tag: (k, text) => {
        const marker = `Thẻ đo ${k} ${Date.now().toString(36)}`;
        return { text: text.replace(/^tags:\n/m, `tags:\n  - "${marker}"\n`), marker };
      },
      // Another category: the page moves to the new category's address (polled there).
      category: (k, text) => {
        const from = frontField(text, 'category');
        const to = from === 'Thông báo' ? 'Kinh tế' : 'Thông báo';
        const marker = `bench-category-${k}-${Date.now().toString(36)}`;
        const moved = text.replace(/^category: .*$/m, `category: "${to}"`);
        return { text: `${moved.trimEnd()}\n\nCâu đánh dấu ${marker}.\n`, marker, url: urlOf(moved) };
      },
    };
    for (const [kind, edit] of Object.entries(kinds)) {
      const results = [];
      for (let k = 0; k < saves; k++) {
        // A published article (the corpus has drafts and scheduled ones), not one changed before.
        let path;
        let text;
        let url;
        for (let j = 0; ; j++) {
          path = join(content, pickArticle(content, k + (kind === 'title' ? 1000 : 0) + j * 7919));
          text = readFileSync(path, 'utf8');
          url = urlOf(text);
          if ((await get(url)).status === 200) break;
          if (j === 50) die(`no published article found near save ${k} (last tried ${url})`);
        }
        const changed = edit(k, text);
        const r = await timeSave(path, changed.text, changed.url ?? url, changed.marker);
        await handle.idle();
        results.push({ ...r, rebuild: handle.reports.at(-1).ms });
        await sleep(200);
      }
      rows.push(summary(n, kind, results));
    }

    // Template: the article page template, a marker added to it.
    const template = join(site, 'templates', 'pages', 'article.hbs');
    const original = readFileSync(template, 'utf8');
    const results = [];
    const sample = readFileSync(join(content, pickArticle(content, 0)), 'utf8');
    for (let k = 0; k < saves; k++) {
      const marker = `bench-template-${k}-${Date.now().toString(36)}`;
      const r = await timeSave(template, original.replace('{{#> base}}', `{{#> base}}<!-- ${marker} -->`), urlOf(sample), marker);
      await handle.idle();
      results.push({ ...r, rebuild: handle.reports.at(-1).ms });
      await sleep(200);
    }
    writeFileSync(template, original);
    rows.push(summary(n, 'template', results));
    await handle.close();
    log(`   load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  }
  log('');
  log(table(rows));
  log('');
  log('Target (issue #19): one edit of any kind at 10,000 articles <= 100 ms from save to updated page (median "save → page" above).');
} finally {
  cleanup();
}
