#!/usr/bin/env node
// Build-time benchmark of bantin against Hugo and Eleventy (issue #6). A script, not a test: it prints
// numbers and asserts nothing.
//
//   npm run bench                          1,000 and 10,000 articles
//   npm run bench -- --full                also 100,000 (and the bantin time-per-1,000 curve)
//   npm run bench -- --sizes 1000,5000     chosen sizes
//   npm run bench -- --runs 3              runs per tool and mode (default 5 at ≤1,000, 3 at ≤10,000, 1 above)
//   npm run bench -- --tools bantin,hugo   only some tools (bantin, hugo, eleventy)
//   npm run bench -- --timeout 60          minutes one build may take before it is stopped (default 40)
//   npm run bench -- --quiet-check         refuse to run when the load average is above 0.5 (a busy machine's ratios are no result)
//   npm run bench -- --hugo-related        also Hugo with the bench site's own [related] section (tags and category,
//                                          threshold 0: 3-4x Hugo's lean build; not the reference)
//
// The Hugo row is Hugo's lean form: bench/sites/hugo with Hugo's default related-content settings (no
// [related] section). The issue's targets (#19) are printed per size with their ratios:
//   cold <= 1.5x lean Hugo; warm <= 0.5x lean Hugo; full default site <= 1.3x bantin's own cold;
//   peak memory of the full site at 100,000 articles <= 2.5 GB. (serve: node bench/serve-rebuild.mjs.)
//
// Corpora come from test/fixtures/gen-corpus.mjs (a copy of shared/bench/gen-corpus.mjs) and are kept
// under os.tmpdir()/bantin-bench/ between runs. Each tool builds the same pages (bench/sites/*):
// one page per article with 5 related articles, a home list and one list per category paginated by
// 20, and a 404 page. Tools run one after the other (the reference machine has 2 cores).
//
// bantin cold: no cache folder. bantin warm: the cache of the previous build, one article changed,
// empty output folder (as in CI). Each run is measured with /usr/bin/time -f '%e %U %S %M'.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BANTIN_BIN, BENCH, ROOT, cleanup, compileTool, countIndexFiles, die, ensureCorpus, fmt, linkTree, loadProjectSlugify, log,
  makeTemp, median, pickArticle, relPath, replaceFile, table, timed, TIME_BIN, categorySlug, frontField,
} from './lib.mjs';
import { installBenchDeps } from './install.mjs';

// ---------- arguments ----------
const USAGE = 'usage: npm run bench -- [--full] [--sizes 1000,10000] [--runs N] [--tools bantin,hugo,eleventy] [--timeout MINUTES] [--quiet-check] [--hugo-related]';
const argv = process.argv.slice(2);
let full = false;
let sizes = null;
let runsArg = null;
let tools = ['bantin', 'hugo', 'eleventy'];
let timeoutMinutes = 40;
let quietCheck = false;
let hugoRelated = false;
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split(/=(.*)/s);
  const value = () => {
    const v = inline ?? argv[++i];
    if (v === undefined) die(`${flag} needs a value\n${USAGE}`, 2);
    return v;
  };
  if (flag === '--full') full = true;
  else if (flag === '--sizes') sizes = value().split(',').map((s) => Number(s.replace(/[_.]/g, '').trim()));
  else if (flag === '--runs') runsArg = Number(value());
  else if (flag === '--tools') tools = value().split(',').map((s) => s.trim().toLowerCase());
  else if (flag === '--timeout') timeoutMinutes = Number(value());
  else if (flag === '--quiet-check') quietCheck = true;
  else if (flag === '--hugo-related') hugoRelated = true;
  else if (flag === '-h' || flag === '--help') {
    log(USAGE);
    process.exit(0);
  } else die(`unknown option ${argv[i]}\n${USAGE}`, 2);
}
sizes ??= full ? [1000, 10000, 100000] : [1000, 10000];
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) die(`--sizes needs positive whole numbers\n${USAGE}`, 2);
if (runsArg !== null && !(Number.isInteger(runsArg) && runsArg > 0)) die(`--runs needs a positive whole number\n${USAGE}`, 2);
if (tools.some((t) => !['bantin', 'hugo', 'eleventy'].includes(t))) die(`--tools: bantin, hugo, eleventy\n${USAGE}`, 2);
if (!(timeoutMinutes > 0)) die(`--timeout needs a positive number of minutes\n${USAGE}`, 2);
const timeoutSeconds = timeoutMinutes * 60;
const runsFor = (n) => runsArg ?? (n <= 1000 ? 5 : n <= 10000 ? 3 : 1);
/** Without --runs, a size stops adding rounds (all tools) once the next one would end after this many seconds. */
const budgetFor = (n) => (runsArg !== null ? Infinity : n <= 1000 ? 150 : n <= 10000 ? 400 : Infinity);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
/** Largest 1-minute load average at which --quiet-check lets a run start. */
const QUIET_LOAD = 0.5;
if (quietCheck && loadavg()[0] > QUIET_LOAD) {
  die(`--quiet-check: the load average is ${load()} (1, 5, 15 min), above ${QUIET_LOAD}: something else is running, and ratios measured now are no result. Wait until the machine is quiet (uptime) and run again.`, 3);
}

// ---------- tools ----------
compileTool();
await loadProjectSlugify();

const SITES = join(BENCH, 'sites');
const bantinVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const buildHelp = spawnSync(process.execPath, [BANTIN_BIN, 'build', '--help'], { cwd: ROOT, encoding: 'utf8' });
const hasCacheDir = buildHelp.status === 0 && /--cache-dir\b/.test(`${buildHelp.stdout}${buildHelp.stderr}`);
// bantin also writes tag, author and archive pages, a site map page and a search index ("discovery"),
// which the Hugo and Eleventy sites have not. `outputs: { discovery: false }` (bench/sites/bantin/same-pages.yaml)
// leaves them out: the main rows use it (same pages for the three tools); one full-site build per size
// (bantin.yaml) is shown apart. Versions before that option had a hidden switch, BANTIN_DISCOVERY=0.
const resolveJs = join(ROOT, 'lib', 'config', 'resolve-config.js');
const hasOutputsOption = existsSync(resolveJs) && readFileSync(resolveJs, 'utf8').includes("'outputs'");
const buildJs = join(ROOT, 'lib', 'commands', 'build.js');
const legacySwitch = !hasOutputsOption && existsSync(buildJs) && readFileSync(buildJs, 'utf8').includes('BANTIN_DISCOVERY');
const hasDiscoverySwitch = hasOutputsOption || legacySwitch;
const samePagesEnv = legacySwitch ? { ...process.env, BANTIN_DISCOVERY: '0' } : process.env;
const samePagesConfig = hasOutputsOption ? ['--config', join(SITES, 'bantin', 'same-pages.yaml')] : [];

function findHugo() {
  for (const candidate of ['/usr/bin/hugo', 'hugo']) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return { bin: candidate, version: r.stdout.trim().replace(/^hugo /, '').split(' ')[0] };
  }
  return null;
}
const hugo = tools.includes('hugo') ? findHugo() : null;
// Hugo again with its default related-content settings (no [related] section: keywords, date and tags,
// threshold 80): the bench site's own [related] (tags and category, threshold 0) makes `.Related` most
// of Hugo's build, and the issue's reference figure for Hugo looks like the default one.
// This lean form is the reference row ("Hugo"); the bench's own [related] is an extra row with --hugo-related.
const hugoLeanConfig = hugo ? join(makeTemp('bantin-bench-hugo-'), 'hugo-lean.toml') : null;
if (hugoLeanConfig) {
  const config = readFileSync(join(BENCH, 'sites', 'hugo', 'hugo.toml'), 'utf8');
  writeFileSync(hugoLeanConfig, config.slice(0, config.indexOf('[related]')));
}

// Eleventy lives in bench/node_modules (bench/package.json), installed here on first use.
if (tools.includes('eleventy')) installBenchDeps();
const eleventyCmd = join(BENCH, 'node_modules', '@11ty', 'eleventy', 'cmd.cjs');
const eleventy = tools.includes('eleventy') && existsSync(eleventyCmd)
  ? { version: JSON.parse(readFileSync(join(BENCH, 'node_modules', '@11ty', 'eleventy', 'package.json'), 'utf8')).version }
  : null;

log(`bantin build benchmark — Node ${process.version}, ${availableParallelism()} CPU (${cpus()[0]?.model.trim() ?? '?'}), corpus sizes ${sizes.join(', ')}`);
if (!TIME_BIN) log('warning: /usr/bin/time not found: wall time only (no CPU, no memory).');
if (tools.includes('bantin')) {
  log(`bantin ${bantinVersion}: node bin/bantin.js build --root ${relPath(join(SITES, 'bantin'))}${hasCacheDir ? ' --cache-dir <tmp>' : ''}`);
  if (!hasCacheDir) log('bantin build has no --cache-dir option yet: no warm build to measure, warm == cold.');
  log(
    hasDiscoverySwitch
      ? 'bantin cold/warm rows: outputs.discovery false (the same pages as Hugo and Eleventy); "full site" row: also tag, author, archive, site map pages and search index, 1 run'
      : 'note: bantin writes the same pages as Hugo and Eleventy, plus whatever else its version makes (no outputs.discovery option found)',
  );
}
if (tools.includes('hugo')) log(hugo ? `Hugo ${hugo.version} (${hugo.bin}), lean: hugo -s ${relPath(join(SITES, 'hugo'))} --config <hugo.toml without its [related] section: Hugo's default related settings> --contentDir <corpus> --cacheDir <fresh tmp> --quiet` : 'Hugo: not installed (apt-get install hugo)');
if (hugo && hugoRelated) log('Hugo, bench [related] (--hugo-related): the same with hugo.toml as it is (related on tags and category, threshold 0)');
if (tools.includes('eleventy')) log(eleventy ? `Eleventy ${eleventy.version}: eleventy --config=${relPath(join(SITES, 'eleventy', 'eleventy.config.mjs'))} --input=<corpus> --quiet` : 'Eleventy: not installed (bench/node_modules/@11ty/eleventy missing; node bench/install.mjs)');

// ---------- one size ----------
/** Median results per size, for the curve. */
const summary = [];

function showFailure(name, r) {
  const text = `${r.stderr}\n${r.stdout}`.trim().split('\n');
  log(`  ${name} failed (exit ${r.status}); its output${text.length > 30 ? ' (first 30 lines)' : ''}:`);
  for (const line of text.slice(0, 30)) log(`    ${line}`);
}

function benchSize(n) {
  const started = performance.now();
  const corpus = ensureCorpus(n);
  const { meta } = corpus;
  const pages = Object.entries(meta.pages).map(([t, k]) => `${t}index.html (${k} links)`).join(', ');
  log('');
  log(`== ${n.toLocaleString('en')} articles (${corpus.cached ? 'cached corpus' : `corpus generated in ${fmt(meta.seconds, 1)} s`}: ${relPath(corpus.dir)}) ==`);
  log(`   prepared for every tool: slug: <file name> in ${meta.slugs} articles; ${meta.images} images (hard links to one JPEG)${pages ? `; linked page ${pages}` : ''}`);

  const runs = runsFor(n);
  const tmp = makeTemp('bantin-bench-run-');
  // Every build writes into a folder of its own, and no output is deleted until the end of the run:
  // ext4 without a journal (as here) skips inodes freed in the last 5-30 s when it makes files, so
  // a build that starts right after `rm -rf` of the previous output spends seconds in the kernel
  // (perf: recently_deleted under ext4_create/ext4_mkdir), whatever the tool.
  let outs = 0;
  let out = join(tmp, 'out-0');
  const freshOut = () => (out = join(tmp, `out-${++outs}`));
  const cacheDir = join(tmp, 'bantin-cache');
  // bantin reads a hard-linked copy, so that the warm runs can change one article without touching the cached corpus.
  const mirror = join(tmp, 'content');
  if (tools.includes('bantin')) linkTree(corpus.dir, mirror);
  const changed = tools.includes('bantin') ? pickArticle(mirror) : null;
  const original = changed ? readFileSync(join(mirror, changed), 'utf8') : null;

  const results = { bantinCold: [], bantinWarm: [], bantinFull: [], hugo: [], hugoRelated: [], eleventy: [] };
  const failed = new Set();
  const warned = new Set();
  const timedOut = new Set();
  const check = (key, label, r) => {
    if (r.timedOut) {
      failed.add(key);
      timedOut.add(key);
      log(`  ${label}: stopped after ${timeoutMinutes} min (--timeout)`);
      return;
    }
    if (!r.ok) {
      failed.add(key);
      showFailure(label, r);
      return;
    }
    r.pages = countIndexFiles(out);
    if (r.pages < n && !warned.has(key)) {
      warned.add(key);
      log(`  warning: ${label} wrote ${r.pages} index.html files, fewer than the ${n} articles`);
    }
    results[key].push(r);
  };

  const bantinArgs = (extra) => [BANTIN_BIN, 'build', '--root', join(SITES, 'bantin'), '--content', mirror, '--out', out, ...extra];
  const loadBefore = load();
  const budget = budgetFor(n);
  let done = 0;
  const roundsStarted = performance.now();
  for (let i = 0; i < runs; i++) {
    const elapsed = (performance.now() - roundsStarted) / 1000;
    if (i > 0 && elapsed + elapsed / i > budget) {
      log(`   stopped after ${i} of ${runs} rounds: the next one would pass the ${budget} s budget for this size (--runs N to insist)`);
      break;
    }
    if (process.stderr.isTTY) process.stderr.write(`  ${n}: round ${i + 1}/${runs}\r`);
    done++;
    if (tools.includes('bantin') && !failed.has('bantinCold')) {
      freshOut();
      rmSync(cacheDir, { recursive: true, force: true });
      check('bantinCold', 'bantin (cold)', timed(process.execPath, bantinArgs([...samePagesConfig, ...(hasCacheDir ? ['--cache-dir', cacheDir] : [])]), { env: samePagesEnv, timeoutSeconds }));
      if (hasCacheDir && !failed.has('bantinCold') && !failed.has('bantinWarm')) {
        // Warm: the cache written by the cold build just before, one article changed, output folder deleted.
        replaceFile(join(mirror, changed), `${original.trimEnd()}\n\nCâu thêm cho lần đo ấm thứ ${i + 1}.\n`);
        freshOut();
        check('bantinWarm', 'bantin (warm)', timed(process.execPath, bantinArgs([...samePagesConfig, '--cache-dir', cacheDir]), { env: samePagesEnv, timeoutSeconds }));
        replaceFile(join(mirror, changed), original);
        const page = join(out, categorySlug(frontField(original, 'category') ?? ''), frontField(original, 'slug') ?? '', 'index.html');
        if (!failed.has('bantinWarm') && !warned.has('stale') && !(existsSync(page) && readFileSync(page, 'utf8').includes(`đo ấm thứ ${i + 1}.`))) {
          warned.add('stale');
          log(`  warning: after the warm build, ${relPath(page)} does not show the sentence added to ${changed}`);
        }
      }
    }
    if (i === 0 && hasDiscoverySwitch && tools.includes('bantin') && !failed.has('bantinCold')) {
      // The whole site bantin makes by default, cold, once per size.
      freshOut();
      const fullCache = join(tmp, 'bantin-cache-full');
      check('bantinFull', 'bantin (full site, cold)', timed(process.execPath, bantinArgs(hasCacheDir ? ['--cache-dir', fullCache] : []), { timeoutSeconds }));
      rmSync(fullCache, { recursive: true, force: true });
    }
    if (hugo && hugoLeanConfig && !failed.has('hugo')) {
      freshOut();
      const hugoCache = join(tmp, `hugo-cache-${i}`);
      // HUGO_RESOURCEDIR: Hugo's resources/ folder goes to the temporary folder, not into bench/sites/hugo.
      const env = { ...process.env, HUGO_RESOURCEDIR: join(tmp, 'hugo-resources') };
      const args = ['-s', join(SITES, 'hugo'), '--config', hugoLeanConfig, '--contentDir', corpus.dir, '--destination', out, '--cacheDir', hugoCache, '--noBuildLock', '--quiet'];
      check('hugo', 'Hugo (lean)', timed(hugo.bin, args, { env, timeoutSeconds }));
      rmSync(hugoCache, { recursive: true, force: true });
    }
    if (hugo && hugoRelated && !failed.has('hugoRelated')) {
      freshOut();
      const hugoCache = join(tmp, `hugo-cache-related-${i}`);
      const env = { ...process.env, HUGO_RESOURCEDIR: join(tmp, 'hugo-resources') };
      check('hugoRelated', 'Hugo (bench [related])', timed(hugo.bin, ['-s', join(SITES, 'hugo'), '--contentDir', corpus.dir, '--destination', out, '--cacheDir', hugoCache, '--noBuildLock', '--quiet'], { env, timeoutSeconds }));
      rmSync(hugoCache, { recursive: true, force: true });
    }
    if (eleventy && !failed.has('eleventy')) {
      freshOut();
      check('eleventy', 'Eleventy', timed(process.execPath, [eleventyCmd, `--config=${join(SITES, 'eleventy', 'eleventy.config.mjs')}`, `--input=${corpus.dir}`, `--output=${out}`, '--quiet'], { timeoutSeconds }));
    }
  }
  if (process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(40)}\r`);

  const med = (key, field) => median(results[key].map((r) => r[field]));
  const row = (key) => ({ wall: med(key, 'wall'), cpu: med(key, 'cpu'), mem: med(key, 'rssMB'), pages: med(key, 'pages'), runs: results[key].length });
  const stats = {
    bantinCold: row('bantinCold'),
    bantinWarm: hasCacheDir ? row('bantinWarm') : row('bantinCold'),
    bantinFull: row('bantinFull'),
    hugo: row('hugo'),
    hugoRelated: row('hugoRelated'),
    eleventy: row('eleventy'),
  };
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
  const ratios = (s, other) => (stats[other].runs ? `${ratio(s.wall, stats[other].wall)} / ${ratio(s.cpu, stats[other].cpu)}` : '–');

  const rows = [['tool', 'mode', 'runs', 'wall s', 'CPU s', 'peak MB', 'index.html', 'bantin/Hugo lean (wall / CPU)', ...(hugoRelated ? ['bantin/Hugo bench [related]'] : []), 'bantin/Eleventy (wall / CPU)']];
  const add = (tool, mode, s, isBantin, note = '', key = '') => {
    if (!s.runs) {
      rows.push([tool, mode, '0', timedOut.has(key) ? `> ${timeoutMinutes * 60}` : 'failed', '', '', '', '', ...(hugoRelated ? [''] : []), '']);
      return;
    }
    rows.push([
      tool, mode + note, String(s.runs), fmt(s.wall), fmt(s.cpu), fmt(s.mem, 0), String(s.pages),
      isBantin ? ratios(s, 'hugo') : '', ...(hugoRelated ? [isBantin ? ratios(s, 'hugoRelated') : ''] : []), isBantin ? ratios(s, 'eleventy') : '',
    ]);
  };
  if (tools.includes('bantin')) {
    add('bantin', 'cold', stats.bantinCold, true, '', 'bantinCold');
    add('bantin', 'warm', stats.bantinWarm, true, hasCacheDir ? ` (1 changed)` : ' (= cold, no --cache-dir)', 'bantinWarm');
    if (hasDiscoverySwitch) add('bantin', 'cold, full site', stats.bantinFull, true, '', 'bantinFull');
  }
  if (hugo) add('Hugo', 'cold, lean (default related settings)', stats.hugo, false, '', 'hugo');
  if (hugo && hugoRelated) add('Hugo', 'cold, bench [related]', stats.hugoRelated, false, '', 'hugoRelated');
  if (eleventy) add('Eleventy', 'cold', stats.eleventy, false, '', 'eleventy');
  log(`   median of ${done} run${done > 1 ? 's' : ''}; ratios: cold vs cold, warm vs the others' cold (>1 = bantin slower); load average before ${loadBefore}, after ${load()}`);
  log(table(rows).replace(/^/gm, '   '));
  const busiest = Math.max(Number(loadBefore.split(' ')[0]), loadavg()[0]);
  if (busiest > availableParallelism()) {
    log(`   note: the machine was busy (load average ${busiest.toFixed(1)} on ${availableParallelism()} CPUs): wall times are inflated, CPU s is the steadier comparison`);
  }
  // The issue's targets (#19), each with the ratio it is judged on (wall time, medians of this run).
  const targets = [['target', 'limit', 'measured', 'result']];
  const judge = (name, limit, value, shown) => targets.push([name, limit, shown, Number.isFinite(value) ? (value <= Number(limit.replace(/[^\d.]/g, '')) ? 'met' : 'missed') : 'not measured']);
  const r = (a, b) => (a.runs && b.runs ? a.wall / b.wall : NaN);
  if (tools.includes('bantin')) {
    const cold = r(stats.bantinCold, stats.hugo);
    judge('cold vs lean Hugo', '≤ 1.5×', cold, Number.isFinite(cold) ? `${cold.toFixed(2)}×` : '–');
    const warm = r(stats.bantinWarm, stats.hugo);
    judge('warm (1 changed) vs lean Hugo', '≤ 0.5×', warm, Number.isFinite(warm) ? `${warm.toFixed(2)}×` : '–');
    const full = r(stats.bantinFull, stats.bantinCold);
    judge('full default site vs bantin cold', '≤ 1.3×', full, Number.isFinite(full) ? `${full.toFixed(2)}×` : '–');
    if (n >= 100000) {
      const gb = stats.bantinFull.runs ? stats.bantinFull.mem / 1024 : NaN;
      judge('peak memory, full site', '≤ 2.5 GB', gb, Number.isFinite(gb) ? `${gb.toFixed(2)} GB` : '–');
    }
    log(`   targets (issue #19) at ${n.toLocaleString('en')} articles:`);
    log(table(targets).replace(/^/gm, '   '));
  }
  log(`   (${fmt((performance.now() - started) / 1000, 0)} s for this size)`);

  if (changed) replaceFile(join(mirror, changed), original);
  // The outputs stay until the process ends (makeTemp's cleanup): see freshOut.
  summary.push({ n, ...stats });
}

try {
  for (const n of sizes) benchSize(n);

  const measured = summary.filter((s) => s.bantinCold.runs);
  if (tools.includes('bantin') && (full || measured.length > 1)) {
    log('');
    log('bantin cold build per 1,000 articles (flat = linear):');
    const rows = [['articles', 'wall s', 'wall s / 1,000', 'CPU s / 1,000', 'peak MB']];
    for (const s of measured) {
      rows.push([s.n.toLocaleString('en'), fmt(s.bantinCold.wall), fmt((s.bantinCold.wall / s.n) * 1000, 3), fmt((s.bantinCold.cpu / s.n) * 1000, 3), fmt(s.bantinCold.mem, 0)]);
    }
    log(table(rows).replace(/^/gm, '   '));
  }
} finally {
  cleanup();
}
