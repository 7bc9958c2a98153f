#!/usr/bin/env node
// Compiles src/ into lib/ with the repository's TypeScript (a devDependency).
//
//   node scripts/build-lib.mjs           `prepare`: after `npm ci` in a clone, so `npx bantin` works
//   node scripts/build-lib.mjs --clean   `prepack`: removes lib/ first, so a package never ships a file
//                                        left behind by a moved or deleted source
//
// npm runs `prepack` then `prepare` for `npm pack` and `npm publish`; the second compile is skipped
// there. A site that installs the packed tarball runs neither: it gets lib/ ready-made.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const clean = process.argv.includes('--clean');

if (!clean && process.env.npm_lifecycle_event === 'prepare' && ['pack', 'publish'].includes(process.env.npm_command ?? '')) {
  process.stderr.write('lib/ was just built by prepack.\n');
  process.exit(0);
}

const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
if (!existsSync(tsc)) {
  process.stderr.write('build-lib: TypeScript is not installed (node_modules/typescript). Run `npm ci` in the clone first.\n');
  process.exit(1);
}
if (clean) rmSync(join(ROOT, 'lib'), { recursive: true, force: true });
// tsc's report goes to stderr: `npm pack --json` prints its JSON on stdout.
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
process.exit(r.status ?? 1);
