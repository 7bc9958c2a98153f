/**
 * The build cache is never trusted for what it says: it may come from a repository (a folder
 * committed with `git add -f`, a symbolic link to elsewhere), from another version, or be damaged.
 * This module holds what every reader of the cache shares:
 *
 * - `cacheFolderProblem`: the cache folder, and every folder between the site root and it, must be a
 *   real folder, not a symbolic link (a link would make the build read and write elsewhere);
 * - a machine key, kept outside every repository (`$XDG_CACHE_HOME/bantin/key`, default
 *   `~/.cache/bantin/key`), with which bantin signs what it writes to the cache. An entry whose
 *   signature does not match was not written by bantin on this machine (or in this CI cache): it is
 *   a miss, never used. Checking a signature costs one HMAC over bytes read anyway.
 * - `readRegularFile`: read a cache file only when it is a regular file inside the cache folder,
 *   not a link, and not larger than a limit.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Length in bytes of a signature (HMAC-SHA-256). */
export const SIGNATURE_BYTES = 32;

/** bantin's folder in the user's cache home (`$XDG_CACHE_HOME/bantin`, default `~/.cache/bantin`): outside every site. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(home, 'bantin');
}

/** Where the machine key lives: outside every site, in the user's cache home. */
export function keyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), 'key');
}

const keys = new Map<string, Promise<Buffer | undefined>>();

/**
 * The machine key (32 random bytes), made on first use. Undefined when it can be neither read nor
 * made (a read-only home): then nothing is signed and every entry is a miss.
 */
export function machineKey(file: string = keyFile()): Promise<Buffer | undefined> {
  let pending = keys.get(file);
  if (!pending) {
    pending = loadOrMakeKey(file);
    keys.set(file, pending);
  }
  return pending;
}

async function loadOrMakeKey(file: string): Promise<Buffer | undefined> {
  const existing = await readRegularFile(file, SIGNATURE_BYTES).catch(() => undefined);
  if (existing?.length === SIGNATURE_BYTES) return existing;
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, randomBytes(SIGNATURE_BYTES), { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
    // Another process may have made one meanwhile: the file on disk wins.
    const made = await readRegularFile(file, SIGNATURE_BYTES);
    return made.length === SIGNATURE_BYTES ? made : undefined;
  } catch {
    return undefined;
  }
}

/** HMAC-SHA-256 of `parts` with `key`. */
export function sign(key: Buffer, ...parts: Array<Uint8Array | string>): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Whether `signature` is the HMAC of `parts` (constant time). */
export function verify(key: Buffer, signature: Uint8Array, ...parts: Array<Uint8Array | string>): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false;
  return timingSafeEqual(sign(key, ...parts), signature);
}

/**
 * Why a cache folder cannot be used, or undefined when it can: it (or a folder between `root` and
 * it, when it lies inside `root`) is a symbolic link or not a folder. A folder that does not exist
 * yet is fine (it is made as a real folder).
 */
export async function cacheFolderProblem(dir: string, root: string): Promise<string | undefined> {
  const target = resolve(dir);
  const rel = relative(resolve(root), target);
  const inside = rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
  const chain: string[] = [];
  if (inside) {
    let current = resolve(root);
    for (const part of rel.split(sep)) {
      current = join(current, part);
      chain.push(current);
    }
  } else chain.push(target);
  for (const folder of chain) {
    let info: Stats;
    try {
      info = await lstat(folder);
    } catch {
      return undefined; // Not there yet: made as a real folder.
    }
    if (info.isSymbolicLink()) return `"${folder}" là liên kết tượng trưng`;
    if (!info.isDirectory()) return `"${folder}" không phải là thư mục`;
  }
  return undefined;
}

/**
 * Read a whole file only if it is a regular file (never through a symbolic link: O_NOFOLLOW on the
 * last part, lstat before) no larger than `limit` bytes. Throws otherwise.
 */
export async function readRegularFile(file: string, limit: number): Promise<Buffer> {
  const before = await lstat(file);
  if (!before.isFile()) throw new Error(`not a regular file: ${file}`);
  if (before.size > limit) throw new Error(`too large: ${file}`);
  const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > limit || info.ino !== before.ino) throw new Error(`changed: ${file}`);
    return await readFile(handle);
  } finally {
    await handle.close();
  }
}
