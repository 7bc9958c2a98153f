/**
 * The published package and a new ward site on a fresh machine (issue 18):
 * - `npm pack` ships exactly the command, the compiled code, the default theme, the editors' guide
 *   and the README; `prepack` compiles lib/ from nothing; `npm publish --dry-run` is clean;
 * - the README's Vietnamese start, run as it is written with the packed tarball beside it, makes a
 *   site (`bantin init`) that installs and builds;
 * - that site, copied to a folder with no bantin checkout and no tarball beside it, installs with
 *   `npm ci` (bantin from its own vendor/ folder, the rest from the registry) and builds with
 *   `npx bantin build`: what its CI recipes do.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm without its notices, so outputs are only what was asked for. */
const QUIET = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
const OWN = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  files: string[];
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
};
const TARBALL = `bantin-${OWN.version}.tgz`;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bantin-package-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** The lines of the README's code block that follows `<!-- marker -->`. */
function readmeBlock(readme: string, marker: string): string[] {
  const at = readme.indexOf(`<!-- ${marker}`);
  if (at === -1) throw new Error(`README.md has no <!-- ${marker} … --> block`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
  if (block === undefined) throw new Error(`no sh code block after <!-- ${marker} -->`);
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

describe('the npm package', () => {
  it('should ship only the command, the compiled code, the default theme, the editors’ guide, the browser editor bundle and the README', async () => {
    const { stdout } = await exec(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, env: QUIET, maxBuffer: 16 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as PackResult[])[0]!.files.map((f) => f.path).sort();
    const outside = files.filter((f) => !/^(lib|templates|vendor\/decap-cms)\//.test(f) && !['bin/bantin.js', 'docs/huong-dan-bien-tap.md', 'package.json', 'README.md'].includes(f));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/bantin.js', 'docs/huong-dan-bien-tap.md', 'lib/cli.js', 'package.json', 'README.md', 'templates/layouts/base.hbs', 'templates/strings.yaml', 'templates/assets/style.css']));
    expect(files.filter((f) => f.startsWith('lib/') && !f.endsWith('.js'))).toEqual([]);
    // The Decap CMS bundle (scripts/vendor-cms.mjs): its entry, chunks and licences, no source maps.
    expect(files).toEqual(expect.arrayContaining(['vendor/decap-cms/decap-cms.js', 'vendor/decap-cms/decap-cms.js.LICENSE.txt']));
    expect(files.filter((f) => f.startsWith('vendor/') && f.endsWith('.map'))).toEqual([]);
    expect(OWN.files).toEqual(['bin/bantin.js', 'lib/', 'templates/', 'vendor/decap-cms/', 'docs/huong-dan-bien-tap.md', 'README.md']);
    expect(OWN.bin).toEqual({ bantin: 'bin/bantin.js' });
    // A consumer installs lib/ ready-made: prepack compiles it, prepare is for clones only.
    expect(OWN.scripts.prepack).toBe('node scripts/build-lib.mjs --clean && node scripts/vendor-cms.mjs');
    expect(OWN.scripts.prepare).toBe('node scripts/build-lib.mjs && node scripts/vendor-cms.mjs');
    expect(OWN.engines.node).toBe('>=20.19.0');
  });

  it('should publish cleanly (npm publish --dry-run: no warning but the dry run’s missing login)', async () => {
    const { stdout, stderr } = await exec(NPM, ['publish', '--dry-run', '--ignore-scripts'], { cwd: REPO, env: { ...QUIET, npm_config_loglevel: 'warn' }, maxBuffer: 16 * 1024 * 1024 });
    const warnings = stderr.split('\n').filter((l) => /\b(warn|ERR)\b/i.test(l) && !/requires you to be logged in/.test(l));
    expect(warnings).toEqual([]);
    expect(stdout).toContain(`+ bantin@${OWN.version}`);
  });

  it('should compile lib/ from nothing in prepack, leaving out files of sources that are gone', async () => {
    // A copy of the repository's package sources, packed with its scripts as `npm publish` packs them.
    const stage = path.join(tmp, 'stage');
    await mkdir(path.join(stage, 'scripts'), { recursive: true });
    for (const entry of ['package.json', 'README.md', 'tsconfig.json', 'bin', 'templates', 'docs', 'src', 'scripts/build-lib.mjs', 'scripts/vendor-cms.mjs']) {
      await cp(path.join(REPO, entry), path.join(stage, entry), { recursive: true });
    }
    await symlink(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    await mkdir(path.join(stage, 'lib'), { recursive: true });
    await writeFile(path.join(stage, 'lib', 'removed-module.js'), 'export {};\n');
    const tarballs = path.join(tmp, 'tarballs');
    await mkdir(tarballs);
    const packed = await exec(NPM, ['pack', '--json', '--pack-destination', tarballs], { cwd: stage, env: QUIET, maxBuffer: 16 * 1024 * 1024 });
    const result = (JSON.parse(packed.stdout) as PackResult[])[0]!;
    expect(result.filename).toBe(TARBALL);
    const files = result.files.map((f) => f.path);
    expect(files).toContain('lib/cli.js');
    expect(files).toContain('lib/init/tool-package.js');
    expect(files).not.toContain('lib/removed-module.js');
    expect(files).toContain('vendor/decap-cms/decap-cms.js');
  }, 120_000);

  it(
    'should take a new ward from nothing to a built site with the README’s commands, then install and build that site on a fresh machine',
    async () => {
      const tarball = path.join(tmp, 'tarballs', TARBALL);
      expect(existsSync(tarball), 'the prepack test packs the tarball first').toBe(true);

      // 1. The README's Vietnamese start, as written, in a folder holding only the tarball.
      const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
      const commands = readmeBlock(readme, 'lệnh-bắt-đầu');
      expect(commands[0]).toBe(`npx --yes --package ./${TARBALL} bantin init phuong-tran-phu --name "Phường Trần Phú"`);
      expect(commands).toContain('npx bantin build');
      const first = path.join(tmp, 'may-thu-nhat');
      await mkdir(first);
      await cp(tarball, path.join(first, TARBALL));
      // npx's cache is per user; a private one keeps the run from reusing an older bantin.
      const env = { ...QUIET, npm_config_cache: path.join(tmp, 'npm-cache-1') };
      const script = ['set -e', ...commands].join('\n');
      const ran = await exec('sh', ['-c', script], { cwd: first, env, timeout: 200_000, maxBuffer: 16 * 1024 * 1024 });
      expect(ran.stdout).toContain('Đã tạo trang tin cho Phường Trần Phú');
      // init's welcome article is a draft (a tutorial, not news): nothing is published yet.
      expect(ran.stdout).toContain('Đã đăng 0 bài');
      const site = path.join(first, 'phuong-tran-phu');
      expect(await readFile(path.join(site, 'dist/index.html'), 'utf8')).toContain('Cổng thông tin điện tử Phường Trần Phú');
      const pkg = JSON.parse(await readFile(path.join(site, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      expect(pkg.dependencies).toEqual({ bantin: `file:vendor/${TARBALL}` });
      // The lock file names bantin by the site's own relative path, nothing outside the site.
      const lock = await readFile(path.join(site, 'package-lock.json'), 'utf8');
      expect(lock).toContain(`"resolved": "file:vendor/${TARBALL}"`);
      expect(lock).not.toContain(tmp);
      expect(lock).not.toContain(REPO);
      // Installing the tool compiled nothing: no TypeScript came with it.
      expect(existsSync(path.join(site, 'node_modules/typescript'))).toBe(false);
      expect((await readdir(path.join(site, 'node_modules/bantin'))).sort()).toEqual(['README.md', 'bin', 'docs', 'lib', 'package.json', 'templates', 'vendor']);

      // 2. The site as its repository holds it (no node_modules, no dist), on another machine.
      const second = await mkdtemp(path.join(os.tmpdir(), 'bantin-may-khac-'));
      try {
        await cp(site, second, { recursive: true, filter: (src) => !/[\\/](node_modules|dist)$/.test(src) });
        expect(existsSync(path.join(second, 'node_modules'))).toBe(false);
        const env2 = { ...QUIET, npm_config_cache: path.join(second, '.npm') };
        await exec(NPM, ['ci'], { cwd: second, env: env2, timeout: 200_000, maxBuffer: 16 * 1024 * 1024 });
        const version = await exec(NPX, ['--no-install', 'bantin', '--version'], { cwd: second, env: env2 });
        expect(version.stdout.trim()).toBe(OWN.version);
        const built = await exec(NPX, ['--no-install', 'bantin', 'build'], { cwd: second, env: env2 });
        expect(built.stdout).toContain('Đã đăng 0 bài');
        expect(await readFile(path.join(second, 'dist/index.html'), 'utf8')).toContain('Cổng thông tin điện tử Phường Trần Phú');
        // The default theme came from inside the installed package.
        expect(existsSync(path.join(second, 'dist/assets/style.css'))).toBe(true);
        // The browser editor init wrote is published with the bundle from inside the installed bantin;
        // the site installs neither decap-cms (730 packages) nor decap-server (installed on the first serve --cms).
        expect(existsSync(path.join(second, 'dist/admin/config.yml'))).toBe(true);
        expect(existsSync(path.join(second, 'dist/admin/decap-cms.js'))).toBe(true);
        expect(existsSync(path.join(second, 'node_modules/decap-cms'))).toBe(false);
        expect(existsSync(path.join(second, 'node_modules/decap-server'))).toBe(false);
      } finally {
        await rm(second, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
