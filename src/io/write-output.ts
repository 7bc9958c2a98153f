/**
 * Writes a built site to disk safely.
 *
 * The site is written into a temporary folder beside the output folder and swapped into
 * place at the end (out → old, tmp → out, delete old), so a failed or killed build never
 * leaves a half-written site, and a successful one never leaves a stale page.
 *
 * Safety rules:
 * - bantin marks every folder it creates with `OUTPUT_MARK`, and refuses to replace a
 *   non-empty folder without that mark (`checkOutputDir`).
 * - it refuses output folders that are, or contain, the site's own folders, the user's
 *   home, the filesystem root, or the current working directory.
 * - every output path is validated and resolved inside the temporary folder; files are
 *   created exclusively (`wx` / `COPYFILE_EXCL`), so nothing is written elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError, error } from '../diagnostics/diagnostic.js';

export type OutputFile =
  /** `path`: posix, relative to the output root, e.g. "hoat-dong/bai-viet/index.html". */
  | { path: string; contents: string | Uint8Array }
  /** `copyFrom`: absolute path of a source file to copy (assets). */
  | { path: string; copyFrom: string };

export interface WriteResult {
  /** Number of files from the input written (the mark file is not counted). */
  written: number;
}

/** Name of the mark file bantin puts in the root of every output folder it creates. */
export const OUTPUT_MARK = '.bantin-output';

/** Fixed content of the mark file: deterministic, so identical builds give identical trees. */
const MARK_CONTENTS = 'Thư mục này do bantin tạo ra; bantin có thể xoá và ghi lại toàn bộ.\n';

/** Maximum number of file writes / copies in flight. */
const CONCURRENCY = 64;

const TMP_INFIX = '.bantin-tmp-';
const OLD_INFIX = '.bantin-old-';
/** Suffix after the infix: `<pid>-<12 hex digits>`. */
const SUFFIX_RE = /^([1-9][0-9]*)-([0-9a-f]{12})$/;

/** Windows device names, reserved even with an extension (`CON.txt`). */
const DEVICE_NAME_RE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL_CHAR_RE = /[\u0000-\u001f\u007f]/;

/** Sibling folder names (tmp or old) currently used by a `writeSite` call in this process. */
const activeSiblings = new Set<string>();

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Refuses (throws `UserError`) output folders bantin must not replace:
 * the filesystem root, the user's home (or a folder containing it), a folder containing the
 * current working directory, a folder equal to or containing one of `protectedDirs`,
 * something that is not a plain directory, or a non-empty folder without the bantin mark.
 * A missing folder, an empty folder or a folder bantin created are accepted.
 */
export async function checkOutputDir(outDir: string, protectedDirs: readonly string[]): Promise<void> {
  const outAbs = path.resolve(outDir);
  const shown = displayPath(outAbs);
  const real = await canonicalPath(outAbs);

  if (path.parse(real).root === real) {
    throw refuse(
      'BT903',
      shown,
      `Thư mục xuất "${shown}" là thư mục gốc của hệ thống tệp; bantin sẽ không ghi vào đó.`,
      'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    );
  }

  const home = await canonicalPath(path.resolve(os.homedir()));
  if (isInsideOrEqual(home, real)) {
    throw refuse(
      'BT904',
      shown,
      `Thư mục xuất "${shown}" là thư mục nhà của người dùng hoặc chứa nó; bantin sẽ không thay thế thư mục này.`,
      'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    );
  }

  const cwd = await canonicalPath(process.cwd());
  if (isInsideOrEqual(cwd, real)) {
    throw refuse(
      'BT905',
      shown,
      `Thư mục xuất "${shown}" là thư mục đang làm việc hoặc chứa nó; bantin sẽ không thay thế thư mục này.`,
      'Chọn một thư mục con riêng bằng --out, ví dụ --out dist.',
    );
  }

  for (const dir of protectedDirs) {
    const dirAbs = path.resolve(dir);
    const dirReal = await canonicalPath(dirAbs);
    if (isInsideOrEqual(dirReal, real)) {
      const shownDir = displayPath(dirAbs);
      throw refuse(
        'BT902',
        shown,
        `Thư mục xuất "${shown}" trùng với hoặc chứa thư mục "${shownDir}" của trang; bantin sẽ không thay thế nó.`,
        'Chọn một thư mục xuất riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
      );
    }
  }

  let st;
  try {
    st = await lstat(outAbs);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  if (st.isSymbolicLink()) {
    throw refuse(
      'BT907',
      shown,
      `Thư mục xuất "${shown}" là một liên kết tượng trưng (symlink); bantin sẽ không thay thế liên kết này.`,
      'Dùng đường dẫn thật của thư mục trong --out, hoặc chọn thư mục khác.',
    );
  }
  if (!st.isDirectory()) {
    throw refuse(
      'BT906',
      shown,
      `"${shown}" đã tồn tại nhưng không phải là thư mục; bantin sẽ không ghi đè lên nó.`,
      'Chọn thư mục khác bằng --out, hoặc xoá tệp đó nếu chắc chắn không cần.',
    );
  }
  if (await isMarked(outAbs)) return;
  const entries = await readdir(outAbs);
  if (entries.length > 0) {
    throw refuse(
      'BT901',
      shown,
      `Thư mục xuất "${shown}" đã có nội dung nhưng không do bantin tạo ra; bantin sẽ không xoá nó.`,
      'Chọn thư mục khác bằng --out, hoặc xoá thư mục đó nếu chắc chắn không cần.',
    );
  }
}

/**
 * Writes `files` as the complete new content of `outDir`, atomically replacing what was there.
 * Throws a plain `Error` for invalid or duplicate paths (a bug in the caller), a `UserError`
 * when the output folder is refused, and rethrows IO errors after removing the temp folder.
 */
export async function writeSite(outDir: string, files: readonly OutputFile[]): Promise<WriteResult> {
  // Pure validation first: a bad path must not touch the disk at all.
  const plan = planWrites(files);

  const outAbs = path.resolve(outDir);
  await checkOutputDir(outAbs, []);

  const parent = path.dirname(outAbs);
  const base = path.basename(outAbs);
  await recoverLeftovers(parent, base);
  // Recovery may have moved an old output back; make sure it is still acceptable.
  await checkOutputDir(outAbs, []);

  await mkdir(parent, { recursive: true });
  const tmpName = siblingName(base, TMP_INFIX);
  const tmpDir = path.join(parent, tmpName);
  activeSiblings.add(tmpName);
  try {
    await mkdir(tmpDir);
    try {
      // Mark first, so even an interrupted temp folder is recognisable as ours.
      await writeFile(path.join(tmpDir, OUTPUT_MARK), MARK_CONTENTS, { flag: 'wx' });
      await createDirs(tmpDir, plan.dirLevels);
      await runBounded(plan.files, CONCURRENCY, (item) => writeOne(tmpDir, item));
      // The folder may have changed while we were building; check again right before the swap.
      await checkOutputDir(outAbs, []);
      await swapIntoPlace(tmpDir, outAbs, parent, base);
    } catch (err) {
      await rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
      throw err;
    }
  } finally {
    activeSiblings.delete(tmpName);
  }
  return { written: plan.files.length };
}

// ---------------------------------------------------------------------------
// Planning and path validation (pure)
// ---------------------------------------------------------------------------

interface PlannedFile {
  readonly segments: readonly string[];
  readonly file: OutputFile;
}

interface Plan {
  /** Distinct directories (as posix relative paths) grouped by depth, each level sorted. */
  readonly dirLevels: readonly (readonly string[])[];
  readonly files: readonly PlannedFile[];
}

function planWrites(files: readonly OutputFile[]): Plan {
  const seen = new Set<string>();
  const dirs = new Set<string>();
  const planned: PlannedFile[] = [];
  for (const file of files) {
    const segments = validateOutputPath(file.path);
    if ('copyFrom' in file) {
      if (typeof file.copyFrom !== 'string' || !path.isAbsolute(file.copyFrom) || file.copyFrom.includes('\0')) {
        throw new Error(`writeSite: copyFrom of "${file.path}" must be an absolute path, got ${JSON.stringify(file.copyFrom)}`);
      }
    }
    if (seen.has(file.path)) {
      throw new Error(`writeSite: duplicate output path "${file.path}"`);
    }
    seen.add(file.path);
    for (let i = 1; i < segments.length; i++) {
      dirs.add(segments.slice(0, i).join('/'));
    }
    planned.push({ segments, file });
  }
  for (const p of seen) {
    if (dirs.has(p)) {
      throw new Error(`writeSite: output path "${p}" is used both as a file and as a directory`);
    }
  }
  const levels: string[][] = [];
  for (const dir of dirs) {
    const depth = dir.split('/').length - 1;
    while (levels.length <= depth) levels.push([]);
    levels[depth]!.push(dir);
  }
  for (const level of levels) level.sort();
  return { dirLevels: levels, files: planned };
}

/** Validates a posix relative output path and returns its segments; throws a plain Error. */
function validateOutputPath(p: unknown): string[] {
  const bad = (why: string): Error => new Error(`writeSite: invalid output path ${JSON.stringify(p)}: ${why}`);
  if (typeof p !== 'string' || p === '') throw bad('must be a non-empty string');
  if (p.includes('\0')) throw bad('contains NUL');
  if (CONTROL_CHAR_RE.test(p)) throw bad('contains a control character');
  if (p.includes('\\')) throw bad('contains a backslash');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || path.isAbsolute(p)) throw bad('is absolute');
  if (p === OUTPUT_MARK) throw bad(`is reserved for the bantin mark file`);
  const segments = p.split('/');
  for (const segment of segments) {
    if (segment === '') throw bad('has an empty segment');
    if (segment === '.' || segment === '..') throw bad(`has a "${segment}" segment`);
    if (DEVICE_NAME_RE.test(segment)) throw bad(`"${segment}" is a Windows device name`);
  }
  return segments;
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** Resolves `segments` under `root` and asserts the result stays inside it. */
function resolveInside(root: string, segments: readonly string[]): string {
  const target = path.resolve(root, ...segments);
  const rel = path.relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    throw new Error(`writeSite: output path "${segments.join('/')}" resolves outside the output folder`);
  }
  return target;
}

async function createDirs(root: string, levels: readonly (readonly string[])[]): Promise<void> {
  // Parents are created before children (level by level); siblings in parallel.
  for (const level of levels) {
    await runBounded(level, CONCURRENCY, async (dir) => {
      await mkdir(resolveInside(root, dir.split('/')));
    });
  }
}

async function writeOne(root: string, item: PlannedFile): Promise<void> {
  const target = resolveInside(root, item.segments);
  const file = item.file;
  if ('copyFrom' in file) {
    await copyFile(file.copyFrom, target, fsConstants.COPYFILE_EXCL);
  } else {
    await writeFile(target, file.contents, { flag: 'wx' });
  }
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight. On the first failure no new
 * call starts; the in-flight ones are awaited, then the first error is thrown.
 */
async function runBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        if (!failed) {
          failed = true;
          firstError = err;
        }
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, items.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failed) throw firstError;
}

/** out → old, tmp → out, delete old. Restores the old output if the second rename fails. */
async function swapIntoPlace(tmpDir: string, outAbs: string, parent: string, base: string): Promise<void> {
  let oldDir: string | undefined;
  let oldName: string | undefined;
  if (await exists(outAbs)) {
    oldName = siblingName(base, OLD_INFIX);
    oldDir = path.join(parent, oldName);
    activeSiblings.add(oldName);
    await rename(outAbs, oldDir);
  }
  try {
    try {
      await rename(tmpDir, outAbs);
    } catch (err) {
      if (oldDir !== undefined && !(await exists(outAbs))) {
        await rename(oldDir, outAbs).catch(() => undefined);
      }
      throw err;
    }
    if (oldDir !== undefined) {
      // Best effort: the new site is in place; a leftover is cleaned up by the next run.
      await removeOld(oldDir).catch(() => undefined);
    }
  } finally {
    if (oldName !== undefined) activeSiblings.delete(oldName);
  }
}

/** Deletes a replaced output: recursively only when it carries the mark, else only if empty. */
async function removeOld(oldDir: string): Promise<void> {
  if (await isMarked(oldDir)) {
    await rm(oldDir, { recursive: true, force: true });
  } else {
    await rmdir(oldDir);
  }
}

// ---------------------------------------------------------------------------
// Recovery from killed runs
// ---------------------------------------------------------------------------

/**
 * If the output is missing but a marked `<base>.bantin-old-*` folder exists (a run was
 * killed between its two renames), moves the newest one back. Then removes leftover temp
 * folders and marked old folders (unmarked old folders only when empty). Folders belonging
 * to a live process are left alone.
 */
async function recoverLeftovers(parent: string, base: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(parent, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  const tmps: string[] = [];
  const olds: string[] = [];
  for (const entry of entries.map((e) => ({ name: e.name, isDir: e.isDirectory() })).sort(byName)) {
    if (!entry.isDir) continue; // never follow or remove symlinks or files
    const kind = leftoverKind(entry.name, base);
    if (kind === undefined || isInUse(entry.name, kind.pid)) continue;
    const full = path.join(parent, entry.name);
    if (kind.type === 'tmp') tmps.push(full);
    else if (await isMarked(full)) olds.push(full);
    else await rmdir(full).catch(() => undefined); // an empty replaced folder; kept if not empty
  }

  const outAbs = path.join(parent, base);
  if (olds.length > 0 && !(await exists(outAbs))) {
    let newest: { dir: string; mtime: number } | undefined;
    for (const dir of olds) {
      const mtime = (await stat(dir)).mtimeMs;
      if (newest === undefined || mtime > newest.mtime) newest = { dir, mtime };
    }
    if (newest !== undefined) {
      await rename(newest.dir, outAbs);
      olds.splice(olds.indexOf(newest.dir), 1);
    }
  }

  for (const dir of [...tmps, ...olds]) {
    await rm(dir, { recursive: true, force: true });
  }
}

function leftoverKind(name: string, base: string): { type: 'tmp' | 'old'; pid: number } | undefined {
  for (const [infix, type] of [
    [TMP_INFIX, 'tmp'],
    [OLD_INFIX, 'old'],
  ] as const) {
    const prefix = base + infix;
    if (!name.startsWith(prefix)) continue;
    const match = SUFFIX_RE.exec(name.slice(prefix.length));
    if (match === null) return undefined;
    return { type, pid: Number(match[1]) };
  }
  return undefined;
}

function isInUse(name: string, pid: number): boolean {
  if (pid === process.pid) return activeSiblings.has(name);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM'); // exists, owned by someone else
  }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function siblingName(base: string, infix: string): string {
  return `${base}${infix}${process.pid}-${randomBytes(6).toString('hex')}`;
}

async function isMarked(dir: string): Promise<boolean> {
  try {
    return (await lstat(path.join(dir, OUTPUT_MARK))).isFile();
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
}

/** Real path of `p`, resolving symlinks in its deepest existing ancestor. */
async function canonicalPath(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      const real = await realpath(current);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch {
      const up = path.dirname(current);
      if (up === current) return p;
      rest.push(path.basename(current));
      current = up;
    }
  }
}

/** True when `child` equals `ancestor` or lies inside it (absolute, normalised paths). */
function isInsideOrEqual(child: string, ancestor: string): boolean {
  const caseless = process.platform === 'win32' || process.platform === 'darwin';
  const c = caseless ? child.toLowerCase() : child;
  const a = caseless ? ancestor.toLowerCase() : ancestor;
  const rel = path.relative(a, c);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Path as the user knows it: relative to the working directory when inside it, `/` separators. */
function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  const shown = rel === '' ? '.' : rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

function refuse(code: string, file: string, message: string, hint: string): UserError {
  return new UserError([error(code, file, message, hint)]);
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
