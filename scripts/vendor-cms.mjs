#!/usr/bin/env node
/**
 * Put the Decap CMS bundle into `vendor/decap-cms/`, which the bantin package ships (package.json
 * "files"). `bantin build` copies it from there into a site's `dist/admin/` when the site has the
 * browser editor: sites install no CMS package and pages never load it from a CDN.
 *
 * The bundle (`dist/` of the npm package decap-cms) is self-contained, so only that one tarball is
 * fetched — `npm pack decap-cms@VERSION` from the npm registry, checked against the pinned
 * integrity below — instead of installing decap-cms and its ~730 dependencies into every
 * contributor's node_modules. Run by `prepare` and `prepack`; when the bundle of the pinned version
 * is already there it does nothing; when the registry cannot be reached it keeps what is there and
 * says so. It reports on stderr: `npm pack --json` prints its JSON on stdout.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pinned version and its registry integrity (`npm view decap-cms@VERSION dist.integrity`). */
const VERSION = '3.16.3';
const INTEGRITY = 'sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'vendor', 'decap-cms');
const stamp = join(target, 'VERSION');
const FILE = /^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$/;

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === VERSION && existsSync(join(target, 'decap-cms.js'))) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'bantin-vendor-cms-'));
try {
  let tarball;
  try {
    const out = execFileSync('npm', ['pack', `decap-cms@${VERSION}`, '--json', '--pack-destination', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    tarball = join(work, JSON.parse(out)[0].filename);
  } catch (e) {
    console.error(`vendor-cms: could not fetch decap-cms@${VERSION} (${e.message.split('\n')[0]}); ${existsSync(join(target, 'decap-cms.js')) ? 'keeping vendor/decap-cms.' : 'the browser editor bundle is missing.'}`);
    process.exit(0);
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY) {
    console.error(`vendor-cms: decap-cms@${VERSION} does not match its pinned integrity; not used.`);
    process.exit(1);
  }
  execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/dist', 'package/package.json'], { stdio: 'ignore' });
  const dist = join(work, 'package', 'dist');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  let count = 0;
  for (const name of readdirSync(dist)) {
    if (!FILE.test(name)) continue;
    copyFileSync(join(dist, name), join(target, name));
    count++;
  }
  writeFileSync(stamp, `${VERSION}\n`);
  console.error(`vendor-cms: ${count} files of decap-cms ${VERSION} in vendor/decap-cms/`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
