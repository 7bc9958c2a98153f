/**
 * `bantin serve --cms`: the browser editor against the site's own folder. Decap's local backend
 * (`decap-server`, its API) runs as a child process on 127.0.0.1 only, with the site root as the
 * "repository"; the preview serves `admin/` from `static/admin/` with the bundle bantin ships, and
 * points the editor's `local_backend` at that process. Both stop with the preview.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Lookup, SiteSession } from '../dev/session.js';
import { userCacheDir } from '../cache/trust.js';
import { decapBundleFiles, decapBundleFolder, STATIC_FOLDER } from './static-files.js';

export interface LocalBackend {
  /** `http://127.0.0.1:PORT/api/v1`, what the editor's `local_backend.url` is set to. */
  readonly url: string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the system, then released for the child to take). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The decap-server version `serve --cms` runs (installed on first use, see `decapServerEntry`). */
export const DECAP_SERVER_VERSION = '3.11.3';

/**
 * Entry script of decap-server: an installed one when the project has it, else the pinned version
 * in the user's cache (`~/.cache/bantin/decap-server-VERSION`), installed there from the npm
 * registry on the first `serve --cms`. Not a dependency of bantin: its ~125 packages would be in
 * every ward site's and contributor's install for a command few run.
 */
async function decapServerEntry(log: (line: string) => void): Promise<string> {
  try {
    const pkg = createRequire(import.meta.url).resolve('decap-server/package.json');
    return join(pkg, '..', 'dist', 'index.js');
  } catch {
    // Not installed with bantin: the cached copy.
  }
  const prefix = join(userCacheDir(), `decap-server-${DECAP_SERVER_VERSION}`);
  const entry = join(prefix, 'node_modules', 'decap-server', 'dist', 'index.js');
  if (existsSync(entry)) return entry;
  log(`Cài decap-server ${DECAP_SERVER_VERSION} vào ${prefix} (chỉ lần đầu, cần mạng tới kho gói npm)…`);
  await new Promise<void>((resolveInstall, reject) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--omit=dev', `decap-server@${DECAP_SERVER_VERSION}`],
      { timeout: 300_000 },
      (err) => (err ? reject(new Error(`npm install decap-server@${DECAP_SERVER_VERSION}: ${err.message.split('\n')[0]}`)) : resolveInstall()),
    );
  });
  if (!existsSync(entry)) throw new Error(`decap-server was not installed in ${prefix}`);
  return entry;
}

/**
 * Start decap-server (file-system mode) on 127.0.0.1 with `root` as the repository; resolves once it
 * answers. `log` receives its output lines.
 */
export async function startLocalBackend(root: string, log: (line: string) => void = () => undefined): Promise<LocalBackend> {
  const entry = await decapServerEntry(log);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/v1`;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    // Its working folder is its own package: it reads a `.env` there (dotenv), never the site's.
    cwd: join(entry, '..', '..'),
    env: { ...process.env, PORT: String(port), BIND_HOST: '127.0.0.1', MODE: 'fs', GIT_REPO_DIRECTORY: realpathSync(root), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  const exit = new Promise<void>((resolveExit) => child.once('exit', () => {
    exited = true;
    resolveExit();
  }));
  const lines = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') log(line);
  };
  child.stdout?.on('data', lines);
  child.stderr?.on('data', lines);
  const close = async () => {
    if (!exited) child.kill('SIGTERM');
    await exit;
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) throw new Error('decap-server stopped before answering');
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'info' }) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`decap-server did not answer on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, close };
}

/**
 * The preview's answers for `static/` and the editor: `admin/` and `admin/index.html` as they are
 * (without the reload snippet, so saving an article does not reload the editor), `admin/config.yml`
 * with `local_backend` pointed at the running decap-server, the bundle beside them, and every other
 * file of `static/`. Undefined: not one of these, ask the site.
 */
export function staticLookup(root: string, sitePath: string, backendUrl: string | undefined): Lookup | undefined {
  const folder = join(root, STATIC_FOLDER);
  if (sitePath === 'admin' && existsSync(join(folder, 'admin', 'index.html'))) return { type: 'redirect', location: 'admin/' };
  const path = sitePath === 'admin/' ? 'admin/index.html' : sitePath;
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.'))) return undefined;
  const abs = join(folder, ...path.split('/'));
  if (path === 'admin/index.html' && existsSync(abs)) return { type: 'generated', path, contents: readFileSync(abs, 'utf8') };
  if (path === 'admin/config.yml' && existsSync(abs)) {
    const text = readFileSync(abs, 'utf8');
    if (backendUrl === undefined) return { type: 'generated', path, contents: text };
    try {
      const data = parse(text) as Record<string, unknown>;
      return { type: 'generated', path, contents: stringify({ ...data, local_backend: { url: backendUrl } }) };
    } catch {
      return { type: 'generated', path, contents: text };
    }
  }
  if (path.startsWith('admin/') && existsSync(join(folder, 'admin', 'config.yml'))) {
    const bundle = decapBundleFolder();
    const file = bundle ? decapBundleFiles(bundle).get(path) : undefined;
    if (file && !existsSync(abs)) return { type: 'file', abs: file };
  }
  return existsSync(abs) ? { type: 'file', abs } : undefined;
}

/** The session as the dev server sees it, with `static/` and the editor in front of the site. */
export function withStatic(session: SiteSession, backendUrl: string | undefined): Pick<SiteSession, 'lookup' | 'notFoundPage' | 'state'> {
  return {
    get state() {
      return session.state;
    },
    notFoundPage: () => session.notFoundPage(),
    lookup(sitePath: string): Lookup {
      const isAdmin = sitePath === 'admin' || sitePath.startsWith('admin/');
      if (isAdmin) {
        const found = staticLookup(session.paths.root, sitePath, backendUrl);
        if (found) return found;
      }
      const site = session.lookup(sitePath);
      if (site.type !== 'missing') return site;
      return staticLookup(session.paths.root, sitePath, backendUrl) ?? site;
    },
  };
}
