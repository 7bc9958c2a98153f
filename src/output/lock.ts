/**
 * One writer per output folder: a lock file beside the output folder, so two builds (or a build
 * and `bantin serve`) never replace one output folder at the same time.
 *
 * The lock is `<parent>/.<name>.bantin-lock` for the output folder `<parent>/<name>`: outside the
 * output folder (which is swapped as a whole) and hidden. It holds who owns it (PID, host, command,
 * start time, a random token) as JSON. It appears in one step (written aside, then hard-linked into
 * place, which fails when a lock already exists), so a reader never sees half a lock.
 *
 * A lock whose process is dead (same host, PID gone) is stale: it is taken over. Two processes that
 * both find the same stale lock take it over one at a time, through a short-lived `.takeover` file,
 * and each checks that the lock it removes is still the stale one it read.
 *
 * Usage (the build; `serve` does the same around its whole session or around each rebuild):
 *
 * ```ts
 * const lock = await acquireOutputLock(outDir);            // UserError BT910 when another one runs
 * try { … write the site … } finally { await lock.release(); }
 * // or: await withOutputLock(outDir, () => …, { command: 'serve', waitMs: 30_000 });
 * ```
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { displayPath } from '../util/paths.js';
import { outputDiskError } from './write-output.js';

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** What holds it: `build`, `serve`, … (shown to whoever finds the lock taken). */
  readonly command: string;
  /** ISO 8601 time the lock was taken. */
  readonly startedAt: string;
  /** Random; tells this holder's lock from a later one of the same PID. */
  readonly token: string;
}

export interface OutputLock {
  /** Absolute path of the lock file. */
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this one. Safe to call more than once. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** What takes the lock, shown to others: `build` (default), `serve`, … */
  readonly command?: string;
  /** How long to wait for a live holder to finish, in ms. 0 (default): fail at once. */
  readonly waitMs?: number;
  /** Called once, when the lock is found taken and we start waiting (only with `waitMs`). */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  /** Time between two tries while waiting, in ms (default 200). */
  readonly pollMs?: number;
  /** Replaces the file operations that make the lock (tests: fail them with EROFS, EACCES, ENOSPC). */
  readonly fs?: Partial<LockFs> | undefined;
}

/** The file operations that create the lock file. */
export interface LockFs {
  mkdir: typeof mkdir;
  writeFile: typeof writeFile;
  link: typeof link;
}

/** A lock file that cannot be read as JSON is stale once it is this old (a crash while writing it). */
const UNREADABLE_STALE_MS = 5_000;
/** A takeover file is stale once it is this old: a takeover takes milliseconds. */
const TAKEOVER_STALE_MS = 10_000;

/** Path of the lock file that guards `outDir`. */
export function lockFileFor(outDir: string): string {
  const abs = path.resolve(outDir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.bantin-lock`);
}

/** The current holder of the lock of `outDir`, or undefined when it is free (or unreadable). */
export async function readOutputLock(outDir: string): Promise<LockHolder | undefined> {
  const read = await readHolder(lockFileFor(outDir));
  return read.kind === 'held' ? read.holder : undefined;
}

/**
 * Take the lock of `outDir`. Throws `UserError` BT910 naming the holder (PID, command, start time)
 * when a live process holds it, after waiting up to `waitMs`. A stale lock (dead process on this
 * machine) is taken over. The parent folder of `outDir` is created when missing.
 */
export async function acquireOutputLock(outDir: string, options: LockOptions = {}): Promise<OutputLock> {
  try {
    return await acquire(outDir, options);
  } catch (err) {
    // A read-only, full or forbidden folder: BT909 naming it, never a stack.
    throw outputDiskError(err, path.resolve(outDir));
  }
}

async function acquire(outDir: string, options: LockOptions): Promise<OutputLock> {
  const ops: LockFs = { mkdir: options.fs?.mkdir ?? mkdir, writeFile: options.fs?.writeFile ?? writeFile, link: options.fs?.link ?? link };
  const file = lockFileFor(outDir);
  await ops.mkdir(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    command: options.command ?? 'build',
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + Math.max(0, options.waitMs ?? 0);
  let waited = false;
  for (;;) {
    if (await createLockFile(file, holder, ops)) return ownLock(file, holder);
    const read = await readHolder(file);
    if (read.kind === 'free') continue; // released between our two steps: try again
    if (read.kind === 'stale') {
      await takeOver(file, read.raw);
      continue;
    }
    const current = read.kind === 'held' ? read.holder : undefined;
    if (Date.now() >= deadline) throw busy(outDir, file, current);
    if (!waited) {
      waited = true;
      options.onWait?.(current);
    }
    await sleep(Math.min(options.pollMs ?? 200, Math.max(1, deadline - Date.now())));
  }
}

/** Run `fn` while holding the lock of `outDir`; the lock is released however `fn` ends. */
export async function withOutputLock<T>(outDir: string, fn: (lock: OutputLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireOutputLock(outDir, options);
  try {
    return await fn(lock);
  } finally {
    await lock.release();
  }
}

// ---------------------------------------------------------------------------

type ReadResult =
  | { kind: 'free' }
  | { kind: 'held'; holder: LockHolder; raw: string }
  /** Unreadable but young: probably being written by a filesystem without hard links. */
  | { kind: 'unknown'; raw: string }
  | { kind: 'stale'; raw: string };

async function readHolder(file: string): Promise<ReadResult> {
  let raw: string;
  let mtime: number;
  try {
    raw = await readFile(file, 'utf8');
    mtime = (await stat(file)).mtimeMs;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { kind: 'free' };
    throw err;
  }
  const holder = parseHolder(raw);
  if (holder === undefined) {
    return Date.now() - mtime > UNREADABLE_STALE_MS ? { kind: 'stale', raw } : { kind: 'unknown', raw };
  }
  if (holder.hostname === os.hostname() && !isAlive(holder.pid)) return { kind: 'stale', raw };
  return { kind: 'held', holder, raw };
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder> | null;
    if (v && Number.isSafeInteger(v.pid) && (v.pid as number) > 0 && typeof v.hostname === 'string' && typeof v.token === 'string') {
      return {
        pid: v.pid as number,
        hostname: v.hostname,
        command: typeof v.command === 'string' ? v.command : 'build',
        startedAt: typeof v.startedAt === 'string' ? v.startedAt : '',
        token: v.token,
      };
    }
  } catch {
    // Not JSON: unreadable.
  }
  return undefined;
}

/** Creates the lock file with its full content in one step; false when a lock exists. */
async function createLockFile(file: string, holder: LockHolder, ops: LockFs): Promise<boolean> {
  const text = `${JSON.stringify(holder)}\n`;
  const aside = `${file}.${holder.pid}-${holder.token}.tmp`;
  await ops.writeFile(aside, text, { flag: 'wx' });
  try {
    await ops.link(aside, file);
    return true;
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    // No hard links here (FAT, some network drives): exclusive create, written at once.
    if (isErrno(err, 'EPERM') || isErrno(err, 'ENOTSUP') || isErrno(err, 'EOPNOTSUPP') || isErrno(err, 'ENOSYS')) {
      try {
        await ops.writeFile(file, text, { flag: 'wx' });
        return true;
      } catch (e) {
        if (isErrno(e, 'EEXIST')) return false;
        throw e;
      }
    }
    throw err;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Remove a stale lock, one process at a time: the `.takeover` file is the turn; the lock is
 * removed only when it still has the stale content we read (not a fresh lock of a faster process).
 */
async function takeOver(file: string, staleRaw: string): Promise<void> {
  const turn = `${file}.takeover`;
  try {
    await writeFile(turn, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
    // Someone else is taking over; a turn left by a process killed meanwhile is cleared.
    const age = await stat(turn).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > TAKEOVER_STALE_MS) await unlink(turn).catch(() => undefined);
    await sleep(20);
    return;
  }
  try {
    const now = await readFile(file, 'utf8').catch((e: unknown) => (isErrno(e, 'ENOENT') ? undefined : Promise.reject(e)));
    if (now === staleRaw) await unlink(file).catch((e: unknown) => (isErrno(e, 'ENOENT') ? undefined : Promise.reject(e)));
  } finally {
    await unlink(turn).catch(() => undefined);
  }
}

function ownLock(file: string, holder: LockHolder): OutputLock {
  let released = false;
  // A process that exits while holding the lock (process.exit) leaves no lock behind.
  const onExit = () => {
    try {
      if (parseHolder(readFileSync(file, 'utf8'))?.token === holder.token) unlinkSync(file);
    } catch {
      // Gone already.
    }
  };
  process.once('exit', onExit);
  return {
    file,
    holder,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      const read = await readFile(file, 'utf8').catch(() => undefined);
      if (read !== undefined && parseHolder(read)?.token === holder.token) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

function busy(outDir: string, file: string, holder: LockHolder | undefined): UserError {
  const shown = displayPath(process.cwd(), path.resolve(outDir));
  const who = holder
    ? `PID ${holder.pid}${holder.hostname !== os.hostname() ? ` trên máy ${holder.hostname}` : ''}, lệnh bantin ${holder.command}${holder.startedAt ? `, bắt đầu lúc ${holder.startedAt}` : ''}`
    : 'đang ghi tệp khoá';
  return new UserError([
    error(
      'BT910',
      shown,
      `Một lần dựng khác đang chạy (${who}) và đang ghi vào thư mục "${shown}".`,
      `Chờ lần dựng kia xong rồi chạy lại. Nếu chắc chắn không còn lần dựng nào đang chạy, xoá tệp khoá "${displayPath(process.cwd(), file)}".`,
    ),
  ]);
}

/** True when a process with this PID exists (on this machine). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM'); // exists, owned by someone else
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

