/**
 * The published package: what `npm pack` ships, and that the packed tarball installs and runs
 * outside this repository (`bantin init`, `npm install <tarball>`, `npx bantin build`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../src/commands/init.js';
import { createMemoryLogger } from '../src/logger.js';

const exec = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
/** npm without its notices, so outputs are only what was asked for. */
const QUIET = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

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

describe('the npm package', () => {
  it('should ship only the command, the compiled code, the default theme and the README', async () => {
    const { stdout } = await exec(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, env: QUIET, maxBuffer: 16 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as PackResult[])[0]!.files.map((f) => f.path).sort();
    const outside = files.filter((f) => !/^(bin|lib|templates)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(outside).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/bantin.js', 'package.json', 'README.md', 'templates/layouts/base.hbs', 'templates/strings.yaml', 'templates/assets/style.css']));
    // Compiled code only: `npm ci` and `npm pack` run `prepare` (tsc) first.
    expect(files.filter((f) => f.startsWith('lib/') && !f.endsWith('.js'))).toEqual([]);
    const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string>; files: string[]; bin: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('tsc -p tsconfig.json');
    expect(pkg.bin).toEqual({ bantin: 'bin/bantin.js' });
    for (const folder of ['src', 'test', 'content', 'bench', 'scripts', 'dist', 'node_modules']) {
      expect(files.some((f) => f.startsWith(`${folder}/`))).toBe(false);
    }
  });

  it(
    'should install from the packed tarball into a new site and build it with npx bantin',
    async () => {
      // A copy of the package with freshly compiled code, packed as `npm pack` would pack this
      // repository, without touching the repository's own lib/ while other tests read it.
      const stage = path.join(tmp, 'stage');
      await mkdir(stage, { recursive: true });
      for (const entry of ['package.json', 'README.md', 'bin', 'templates']) await cp(path.join(REPO, entry), path.join(stage, entry), { recursive: true });
      // Type errors are the typecheck's business; tsc emits the JavaScript either way.
      await exec(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json'), '--outDir', path.join(stage, 'lib')], { cwd: REPO }).catch(() => undefined);
      expect(existsSync(path.join(stage, 'lib/cli.js'))).toBe(true);
      const tarballs = path.join(tmp, 'tarballs');
      await mkdir(tarballs);
      const packed = await exec(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs], { cwd: stage, env: QUIET, maxBuffer: 16 * 1024 * 1024 });
      const tarball = path.join(tarballs, (JSON.parse(packed.stdout) as PackResult[])[0]!.filename);
      expect(existsSync(tarball)).toBe(true);

      // A new ward site, depending on the tarball instead of the registry's bantin.
      const site = path.join(tmp, 'phuong-tran-phu');
      expect(await runInit(site, { name: 'Phường Trần Phú', governingBody: 'UBND thành phố Quảng Ngãi' }, createMemoryLogger())).toBe(0);
      const pkgFile = path.join(site, 'package.json');
      const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as { dependencies: Record<string, string> };
      pkg.dependencies.bantin = `file:${tarball}`;
      await writeFile(pkgFile, JSON.stringify(pkg, null, 2));

      await exec(NPM, ['install', '--no-audit', '--no-fund'], { cwd: site, env: QUIET, timeout: 200_000, maxBuffer: 16 * 1024 * 1024 });
      const installed = path.join(site, 'node_modules/bantin');
      expect((await readdir(installed)).sort()).toEqual(['README.md', 'bin', 'lib', 'package.json', 'templates']);
      expect(existsSync(path.join(installed, 'templates/layouts/base.hbs'))).toBe(true);

      const version = await exec(NPX, ['--no-install', 'bantin', '--version'], { cwd: site, env: QUIET });
      expect(version.stdout.trim()).toBe((JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
      const built = await exec(NPX, ['--no-install', 'bantin', 'build'], { cwd: site, env: QUIET });
      expect(built.stdout).toContain('Đã đăng 1 bài');
      const home = await readFile(path.join(site, 'dist/index.html'), 'utf8');
      expect(home).toContain('Ra mắt Cổng thông tin điện tử Phường Trần Phú');
      // The default theme came from inside the installed package.
      expect(existsSync(path.join(site, 'dist/assets/style.css'))).toBe(true);
    },
    240_000,
  );
});
