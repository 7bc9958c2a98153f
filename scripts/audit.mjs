#!/usr/bin/env node
// Lighthouse audit of the default theme on the sample site: `npm run audit`.
//
//   node scripts/audit.mjs [--desktop] [--keep]
//
// 1. compiles the tool (tsc) and builds the sample site into dist/;
// 2. serves dist/ from 127.0.0.1 (scripts/serve-static.mjs);
// 3. runs Lighthouse 12 (its CLI, with Debian's Chromium: $CHROME_PATH or /usr/bin/chromium) on the
//    home page and on a typical article, emulating a phone on a slow network (Lighthouse's default;
//    --desktop for the desktop preset);
// 4. prints the four scores per page, the audits that cost points, and exits 1 when a score is
//    under the theme's targets: Performance ≥ 95, Accessibility 100, Best Practices ≥ 95, SEO 100.
//
// The JSON reports are written to test-artifacts/lighthouse-*.json (git-ignored).
// Lighthouse is not a dependency of the repository: it is installed on demand into bench/node_modules
// (bench/package.json, bench/install.mjs).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { installBenchDeps } from '../bench/install.mjs';
import { start } from './serve-static.mjs';

const run = promisify(execFile);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(REPO, 'dist');
const ARTIFACTS = join(REPO, 'test-artifacts');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = [
  ['performance', 'Performance', 95],
  ['accessibility', 'Accessibility', 100],
  ['best-practices', 'Best Practices', 95],
  ['seo', 'SEO', 100],
];
const args = new Set(process.argv.slice(2));

if (!existsSync(CHROME)) {
  console.error(`Không tìm thấy Chromium tại ${CHROME}. Cài gói chromium (apt-get install chromium) hoặc đặt biến CHROME_PATH.`);
  process.exit(2);
}

installBenchDeps();

// 1. Compile and build the sample site.
const require = createRequire(import.meta.url);
const node = process.execPath;
try {
  await run(node, [require.resolve('typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.json')], { cwd: REPO });
} catch (error) {
  // Type errors still emit JavaScript; the build below says whether lib/ works.
  console.warn(`tsc báo lỗi kiểu (lib/ vẫn được biên dịch):\n${String(error.stdout ?? error).trim()}`);
}
const built = await run(node, [join(REPO, 'bin', 'bantin.js'), 'build', '--root', REPO, '--out', DIST], { cwd: REPO });
console.log(built.stdout.trim().split('\n').at(-1));

// The pages: home, and the seed article (else the first article found).
const article = await findArticle();
const targets = [
  ['Trang chủ', ''],
  ['Bài viết', article],
];

// 2. Serve, 3. audit.
const server = await start({ root: DIST, port: 0 });
const benchRequire = createRequire(join(REPO, 'bench', 'package.json'));
const lighthouse = join(dirname(benchRequire.resolve('lighthouse/package.json')), 'cli', 'index.js');
await mkdir(ARTIFACTS, { recursive: true });
const rows = [];
let failed = false;
try {
  for (const [label, path] of targets) {
    const url = server.url + path;
    const output = join(ARTIFACTS, `lighthouse-${path ? 'article' : 'home'}.json`);
    await run(
      node,
      [
        lighthouse,
        url,
        `--chrome-path=${CHROME}`,
        `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
        `--only-categories=${CATEGORIES.map(([id]) => id).join(',')}`,
        ...(args.has('--desktop') ? ['--preset=desktop'] : []),
        '--output=json',
        `--output-path=${output}`,
        '--quiet',
      ],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(await readFile(output, 'utf8'));
    if (report.runtimeError) throw new Error(`Lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`);
    const scores = CATEGORIES.map(([id]) => Math.round((report.categories[id]?.score ?? 0) * 100));
    rows.push({ label, url, scores });
    CATEGORIES.forEach(([id, , target], i) => {
      if (scores[i] < target) failed = true;
      // What cost points: audits of this category with a weight and a score under 1.
      const lost = report.categories[id].auditRefs
        .filter((ref) => ref.weight > 0 && report.audits[ref.id].score !== null && report.audits[ref.id].score < 1)
        .map((ref) => `${ref.id} (${report.audits[ref.id].displayValue || report.audits[ref.id].score})`);
      if (lost.length > 0) rows.at(-1).notes = [...(rows.at(-1).notes ?? []), `${id}: ${lost.join(', ')}`];
    });
  }
} finally {
  await server.close();
}

// 4. Print.
const width = Math.max(...rows.map((r) => r.label.length), 8);
console.log(`\nLighthouse ${args.has('--desktop') ? 'desktop' : 'mobile'} — ${rows.map((r) => r.url).join(', ')}`);
console.log(`${'Trang'.padEnd(width)}  ${CATEGORIES.map(([, name]) => name.padStart(16)).join('')}`);
for (const r of rows) {
  console.log(`${r.label.padEnd(width)}  ${r.scores.map((s) => String(s).padStart(16)).join('')}`);
  for (const note of r.notes ?? []) console.log(`${''.padEnd(width)}    – ${note}`);
}
console.log(`${'Mục tiêu'.padEnd(width)}  ${CATEGORIES.map(([, , t]) => `≥ ${t}`.padStart(16)).join('')}`);
await writeFile(join(ARTIFACTS, 'lighthouse-scores.json'), `${JSON.stringify(rows, null, 2)}\n`);
if (failed) {
  console.error('\nCó điểm dưới mục tiêu.');
  process.exitCode = 1;
}

/** Path (under the base URL) of the seed article of the sample site, else of the first article. */
async function findArticle() {
  const categories = (await readdir(DIST, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== 'assets' && e.name !== 'trang');
  const found = [];
  for (const c of categories) {
    for (const e of await readdir(join(DIST, c.name), { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'trang' && existsSync(join(DIST, c.name, e.name, 'index.html'))) found.push(`${c.name}/${e.name}/`);
    }
  }
  found.sort();
  const seed = found.find((p) => p.includes('hoi-nghi-bch'));
  if (!seed && found.length === 0) throw new Error('Không tìm thấy bài viết nào trong dist/.');
  return seed ?? found[0];
}
