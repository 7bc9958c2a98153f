// Shared helpers of bench/run.mjs and bench/watch.mjs: paths, compiling the tool, the cached
// corpora, timing a command with /usr/bin/time, small statistics. Plain Node ESM, no dependencies.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(BENCH, '..');
export const GEN_CORPUS = join(ROOT, 'test', 'fixtures', 'gen-corpus.mjs');
export const CACHE = join(tmpdir(), 'bantin-bench');
/** The CLI measured; BANTIN_BENCH_BIN points the scripts at another one (e.g. a stand-in while a command is being written). */
export const BANTIN_BIN = process.env.BANTIN_BENCH_BIN ? resolve(process.env.BANTIN_BENCH_BIN) : join(ROOT, 'bin', 'bantin.js');
export const SAMPLE_JPEG = join(BENCH, 'fixtures', 'sample.jpg');

/** Bump when the preparation of a generated corpus changes: old cached corpora are then not used. */
const PREP_VERSION = 3; // 3: linked pages go to bench/sites/bantin/static/, not into content/ (BT009 since the trust boundary)

/** The value after `name` in `args` (`--runs 3`), or `fallback` when `name` is absent. */
export function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i === -1 ? fallback : args[i + 1];
}

export function die(message, code = 1) {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export function log(message = '') {
  process.stdout.write(`${message}\n`);
}

/** Compile src/ into lib/ (`tsc -p tsconfig.json`), as `npm ci` does. Type errors are reported, not fatal, when lib/ is there. */
export function compileTool() {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = existsSync(tsc)
    ? spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(0, 15).join('\n');
    if (!existsSync(join(ROOT, 'lib', 'cli.js'))) die(`tsc -p tsconfig.json failed and lib/ is missing:\n${out}`);
    log(`warning: tsc -p tsconfig.json reported errors (lib/ was still emitted, measuring it as it is):\n${out}\n`);
  }
}

/** Temporary folder removed by `cleanup()` (also on Ctrl-C). */
const temps = new Set();
const cleanups = new Set();
export function makeTemp(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.add(dir);
  return dir;
}
export function onCleanup(fn) {
  cleanups.add(fn);
}
export function cleanup() {
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      // keep cleaning
    }
  }
  cleanups.clear();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  temps.clear();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

// ---------- corpora ----------

/** Same slugs as bantin (src/text/vietnamese.ts); replaced by the compiled one when lib/ is there. */
let slugify = (text) =>
  text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/đ/g, 'd').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
export async function loadProjectSlugify() {
  const mod = await import(join(ROOT, 'lib', 'text', 'vietnamese.js'));
  if (typeof mod.slugify === 'function') slugify = mod.slugify;
  return slugify;
}
/** bantin's article slug: from the title, at most 120 characters (src/content/article.ts). */
export function articleSlug(title) {
  return slugify(title).slice(0, 120).replace(/-+$/, '');
}
export function categorySlug(name) {
  return slugify(name);
}

/** Front-matter fields written by gen-corpus.mjs (`key: "…"` with \\ and \" escapes, or a bare value). */
export function frontField(text, key) {
  const end = text.indexOf('\n---', 4);
  const head = end === -1 ? text : text.slice(0, end);
  const m = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(head);
  if (!m) return undefined;
  const v = m[1].trim();
  if (v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

/** Every `.md` file under dir (content-relative paths, sorted). */
export function markdownFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md'))
    .map((p) => p.split('\\').join('/'))
    .sort();
}

function corpusId() {
  if (!existsSync(GEN_CORPUS)) {
    die(
      `The corpus generator is missing: ${GEN_CORPUS}\n` +
        'bench/ uses test/fixtures/gen-corpus.mjs (a copy of shared/bench/gen-corpus.mjs).',
    );
  }
  return createHash('sha1').update(readFileSync(GEN_CORPUS)).update(`prep ${PREP_VERSION}`).digest('hex').slice(0, 10);
}

/**
 * The prepared corpus of n articles, generated once and kept under os.tmpdir()/bantin-bench/:
 * `node test/fixtures/gen-corpus.mjs DIR n`, then made buildable (see `prepareCorpus`).
 * Returns { dir, meta }; the folder must not be changed by the caller.
 */
export function ensureCorpus(n) {
  const id = corpusId();
  const dir = join(CACHE, `corpus-${n}-${id}`);
  const metaFile = `${dir}.json`;
  if (existsSync(dir) && existsSync(metaFile)) return { dir, meta: JSON.parse(readFileSync(metaFile, 'utf8')), cached: true };
  mkdirSync(CACHE, { recursive: true });
  // Corpora of this size from another generator or preparation version are stale.
  for (const old of readdirSync(CACHE)) {
    if (old.startsWith(`corpus-${n}-`) && !old.startsWith(`corpus-${n}-${id}`)) rmSync(join(CACHE, old), { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  onCleanup(() => rmSync(partial, { recursive: true, force: true }));
  const started = performance.now();
  const r = spawnSync(process.execPath, [GEN_CORPUS, partial, String(n)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) die(`gen-corpus.mjs ${n} failed (exit ${r.status}):\n${r.stderr}`);
  const meta = { n, generator: r.stdout.trim(), ...prepareCorpus(partial) };
  renameSync(partial, dir);
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  meta.seconds = (performance.now() - started) / 1000;
  return { dir, meta, cached: false };
}

/**
 * Make a generated corpus buildable by all three generators, the same way for each:
 * - every article gets `slug: <file name>` right after its opening `---`: gen-corpus repeats titles
 *   and makes the file names unique (`x-2.md`), while bantin makes URLs from titles, so such pairs
 *   would be one URL (BT122, by design); with the slug, all three tools give /{category}/{file name}/;
 * - every site-absolute link to a page the corpus has not (gen-corpus links to `/gioi-thieu/`, an
 *   "about" page) gets a tiny `<page>/index.html` file, which bantin's link check accepts (BT126 otherwise);
 * - every `/images/YYYY/MM/x.jpg` it references is created under `<corpus>/images/…` as a hard link
 *   to one small JPEG (bench/fixtures/sample.jpg).
 * Returns what was added, for the report.
 */
function prepareCorpus(dir) {
  const files = markdownFiles(dir);
  const categories = new Set();
  const links = new Map();
  const images = new Set();
  const urls = new Map();
  let slugs = 0;
  for (const f of files) {
    let text = readFileSync(join(dir, f), 'utf8');
    if (frontField(text, 'slug') === undefined) {
      text = text.replace(/^---\r?\n/, (open) => `${open}slug: ${basename(f, '.md')}\n`);
      writeFileSync(join(dir, f), text);
      slugs++;
    }
    const catSlug = categorySlug(frontField(text, 'category') ?? '');
    categories.add(catSlug);
    const url = `${catSlug}/${frontField(text, 'slug')}/`;
    urls.set(url, [...(urls.get(url) ?? []), f]);
    for (const m of text.matchAll(/\]\((\/[^\s)]*)/g)) {
      const target = m[1].replace(/[?#].*$/, '');
      if (target.startsWith('//')) continue;
      if (target.startsWith('/images/')) images.add(target.slice(1));
      else links.set(target, (links.get(target) ?? 0) + 1);
    }
  }
  const duplicates = [...urls.values()].filter((g) => g.length > 1);
  if (duplicates.length > 0) log(`warning: ${duplicates.length} URLs still shared by two articles, e.g. ${duplicates[0].join(' and ')}`);

  // Pages the corpus links to but has not (gen-corpus links to /gioi-thieu/): a tiny page each in
  // bantin's trusted static/ folder (bench/sites/bantin/static/, committed; an HTML file in
  // content/ is refused, BT009). Never a category's page.
  const pages = {};
  for (const [target, count] of links) {
    const path = target.replace(/^\/+/, '');
    if (path === '' || categories.has(path.replace(/\/$/, ''))) continue;
    const file = join(BENCH, 'sites', 'bantin', 'static', path.endsWith('/') ? `${path}index.html` : path);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `<!doctype html>\n<html lang="vi"><meta charset="utf-8"><title>Giới thiệu</title><h1>Giới thiệu</h1></html>\n`);
      log(`note: wrote ${relPath(file)} (the corpus links to ${target}); commit it`);
    }
    pages[target] = count;
  }

  // Images: hard links to one JPEG (copied into the cache folder so that it is on the same disk).
  const sample = join(CACHE, 'sample.jpg');
  if (!existsSync(sample) || statSync(sample).size !== statSync(SAMPLE_JPEG).size) copyFileSync(SAMPLE_JPEG, sample);
  for (const img of images) {
    const target = join(dir, img);
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(sample, target);
    } catch (e) {
      if (e.code === 'EEXIST') continue;
      copyFileSync(sample, target);
    }
  }
  return { articles: files.length, images: images.size, slugs, pages };
}

/** A copy of the corpus made of hard links (fast, no extra disk): replace a file with `replaceFile`, never write into one. */
export function linkTree(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const a = join(from, entry.name);
    const b = join(to, entry.name);
    if (entry.isDirectory()) linkTree(a, b);
    else {
      try {
        linkSync(a, b);
      } catch (e) {
        // ext4 allows 65,000 links to one inode: the corpus' images are all links to one JPEG, so
        // from about 100,000 articles on, some must be copies.
        if (e.code !== 'EMLINK') throw e;
        copyFileSync(a, b);
      }
    }
  }
}

/** Write a file of a hard-linked tree without touching the original (new inode). */
export function replaceFile(path, text) {
  const tmp = `${path}.bench-tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** An article of the corpus to change (the k-th pick): one of the biggest category, the same for every run. */
export function pickArticle(dir, k = 0) {
  const files = markdownFiles(dir).filter((f) => f.startsWith('hoat-dong-cua-xa-phuong/'));
  const pool = files.length > 0 ? files : markdownFiles(dir);
  return pool[(Math.floor(pool.length / 3) + k * 37) % pool.length];
}

// ---------- measuring ----------

export const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const TIMEOUT_BIN = existsSync('/usr/bin/timeout') ? '/usr/bin/timeout' : null;

/**
 * Run a command under `/usr/bin/time -f '%e %U %S %M'`: wall s, user s, sys s, peak RSS KB.
 * With `timeoutSeconds`, it runs under `timeout` (time's figures include the command: Linux gives the
 * waiting process its descendants' usage), and a run that takes longer is stopped: `timedOut` is true.
 * Returns { ok, status, timedOut, wall, user, sys, cpu, rssMB, stdout, stderr }.
 */
export function timed(command, args, options = {}) {
  const { timeoutSeconds, ...rest } = options;
  const spawnOptions = { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'], ...rest };
  if (timeoutSeconds && TIMEOUT_BIN) {
    args = ['--kill-after=30', String(Math.ceil(timeoutSeconds)), command, ...args];
    command = TIMEOUT_BIN;
  }
  if (!TIME_BIN) {
    const t0 = performance.now();
    const r = spawnSync(command, args, spawnOptions);
    const wall = (performance.now() - t0) / 1000;
    return { ok: r.status === 0, status: r.status, wall, user: NaN, sys: NaN, cpu: NaN, rssMB: NaN, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }
  const r = spawnSync(TIME_BIN, ['-f', '%e %U %S %M', command, ...args], spawnOptions);
  const stderr = r.stderr ?? '';
  const lines = stderr.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last.trim());
  // GNU time adds "Command exited with non-zero status N" before its line.
  const own = lines.slice(0, -1).filter((l) => !/^Command (exited with non-zero status|terminated by signal)/.test(l)).join('\n');
  const timedOut = Boolean(timeoutSeconds && TIMEOUT_BIN && (r.status === 124 || r.status === 137));
  if (!m) return { ok: false, status: r.status, timedOut, wall: NaN, user: NaN, sys: NaN, cpu: NaN, rssMB: NaN, stdout: r.stdout ?? '', stderr };
  const [wall, user, sys, kb] = m.slice(1).map(Number);
  return { ok: r.status === 0, status: r.status, timedOut, wall, user, sys, cpu: user + sys, rssMB: kb / 1024, stdout: r.stdout ?? '', stderr: own };
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** Number of `index.html` files under dir. */
export function countIndexFiles(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((p) => basename(String(p)) === 'index.html').length;
}

/** A plain text table: rows of cells, first row the header; numbers right-aligned. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r
      .map((c, i) => {
        const s = String(c ?? '');
        return /^[\d.,x×~–-]+( ?[a-zA-Z%]+)?$/.test(s) && i > 0 ? s.padStart(widths[i]) : s.padEnd(widths[i]);
      })
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function fmt(x, digits = 2) {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

export function relPath(p) {
  const r = relative(ROOT, p);
  return r.startsWith('..') ? p : r;
}
