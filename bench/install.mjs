#!/usr/bin/env node
// Installs the other tools of bench/ and scripts/audit.mjs (Eleventy, Lighthouse: bench/package.json)
// into bench/node_modules, on demand: `npm run bench` and `npm run audit` call this first. The
// contributor's `npm ci` at the root does not install them (issue 18: a light setup).
// Runs `npm ci` in bench/ only when bench/node_modules is missing or older than bench/package-lock.json.
// Plain Node ESM, no dependencies.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
const LOCK = join(BENCH, 'package-lock.json');
const INSTALLED = join(BENCH, 'node_modules', '.package-lock.json');

/** True when bench/node_modules holds what bench/package-lock.json says. */
export function benchDepsInstalled() {
  return existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs;
}

export function installBenchDeps() {
  if (benchDepsInstalled()) return;
  process.stdout.write('bench/: installing Eleventy and Lighthouse (bench/package.json) into bench/node_modules …\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`bench/: npm ci failed (exit ${r.status ?? r.signal}); run it by hand: cd bench && npm ci\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) installBenchDeps();
