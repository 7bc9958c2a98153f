/**
 * How a new site gets bantin. Until bantin is in the npm registry, `bantin init` packs the running
 * tool (`npm pack`, the same files a published package has) into the site's `vendor/` folder and the
 * site depends on it by relative path: `"bantin": "file:vendor/bantin-0.1.0.tgz"`. The site then
 * installs with `npm ci` on any machine that reaches the registry (for bantin's own dependencies),
 * with no bantin checkout beside it, and its CI recipes work unchanged.
 *
 * Once bantin is published, `bantin init --from-registry` writes `"bantin": "^0.1.0"`; so does a
 * plain `init` when the running bantin was itself installed from the registry (npx bantin init).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the running bantin package (the folder of its package.json). */
export const TOOL_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folder of a new site the packed tool is placed in. */
export const VENDOR_DIR = 'vendor';

/** The tarball name `npm pack` gives this package: `bantin-0.1.0.tgz`. */
export function tarballName(version: string): string {
  return `bantin-${version}.tgz`;
}

/**
 * True when the running bantin was installed from a registry: npm's hidden lock file
 * (`node_modules/.package-lock.json`, also in npx's cache) records where each package came from.
 * A checkout, or a tool installed from a tarball or a folder, is not from the registry.
 */
export function installedFromRegistry(root: string = TOOL_ROOT): boolean {
  const nodeModules = dirname(root.replace(/[\\/]+$/, ''));
  if (basename(nodeModules) !== 'node_modules') return false;
  try {
    const lock = JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8')) as { packages?: Record<string, { resolved?: string }> };
    const resolved = lock.packages?.['node_modules/bantin']?.resolved ?? '';
    return /^https?:\/\//.test(resolved);
  } catch {
    return false;
  }
}

/** The npm command: the one running us when bantin was started by npm or npx, else `npm` on the PATH. */
function npmCommand(): { file: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /\.[cm]?js$/.test(execPath) && existsSync(execPath)) return { file: process.execPath, prefix: [execPath] };
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

/** Packing takes a second or two; a process that makes many sites (the tests) packs once. */
let packed: Promise<string> | undefined;

/**
 * Packs the running tool with `npm pack --ignore-scripts` (lib/ is already compiled: a consumer has no
 * TypeScript) and returns the tarball's path, in a temporary folder. Throws an Error whose message
 * says what failed.
 */
export function packTool(root: string = TOOL_ROOT): Promise<string> {
  packed ??= (async () => {
    if (!existsSync(join(root, 'lib', 'cli.js'))) throw new Error(`lib/cli.js is missing in ${root}: the tool is not compiled (npm ci compiles it)`);
    const out = await mkdtemp(join(tmpdir(), 'bantin-pack-'));
    const npm = npmCommand();
    await new Promise<void>((resolve, reject) => {
      execFile(
        npm.file,
        [...npm.prefix, 'pack', '--ignore-scripts', '--silent', '--pack-destination', out],
        { cwd: root, env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }, shell: process.platform === 'win32', maxBuffer: 16 * 1024 * 1024 },
        (err, _stdout, stderr) => (err ? reject(new Error(`npm pack: ${(stderr || err.message).trim().split('\n').slice(-3).join(' ')}`)) : resolve()),
      );
    });
    const tgz = (await readdir(out)).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error('npm pack wrote no .tgz file');
    return join(out, tgz);
  })();
  packed.catch(() => {
    packed = undefined;
  });
  return packed;
}

/** Copies the packed tool into `<site>/vendor/<name>`; returns the site-relative path. */
export async function vendorTool(siteRoot: string, version: string, root: string = TOOL_ROOT): Promise<string> {
  const tarball = await packTool(root);
  const rel = `${VENDOR_DIR}/${tarballName(version)}`;
  await mkdir(join(siteRoot, VENDOR_DIR), { recursive: true });
  await copyFile(tarball, join(siteRoot, VENDOR_DIR, tarballName(version)));
  return rel;
}
