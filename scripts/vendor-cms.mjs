#!/usr/bin/env node
/**
 * Copy the Decap CMS bundle (the pinned devDependency `decap-cms`) into `vendor/decap-cms/`, which
 * the bantin package ships (package.json "files"). `bantin build` copies it from there into a site's
 * `dist/admin/` when the site has the browser editor: sites install no CMS package (decap-cms
 * brings ~730 packages) and pages never load it from a CDN. Run by `prepare` (npm ci, npm pack,
 * installs from git); without decap-cms installed it keeps what is there. It reports on stderr:
 * `npm pack --json` prints its JSON on stdout.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'vendor', 'decap-cms');
const FILE = /^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$/;

let dist;
try {
  dist = join(dirname(createRequire(import.meta.url).resolve('decap-cms/package.json')), 'dist');
} catch {
  console.error(existsSync(join(target, 'decap-cms.js')) ? 'vendor-cms: decap-cms not installed; keeping vendor/decap-cms.' : 'vendor-cms: decap-cms not installed; the browser editor bundle is missing.');
  process.exit(0);
}
const version = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version;
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
let count = 0;
for (const name of readdirSync(dist)) {
  if (!FILE.test(name)) continue;
  copyFileSync(join(dist, name), join(target, name));
  count++;
}
if (existsSync(join(dist, '..', 'LICENSE'))) copyFileSync(join(dist, '..', 'LICENSE'), join(target, 'LICENSE'));
console.error(`vendor-cms: ${count} files of decap-cms ${version} in vendor/decap-cms/`);
