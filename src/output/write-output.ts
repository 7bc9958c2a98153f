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
 * - a disk problem (full disk, read-only folder, …) becomes a `UserError` (BT909) that says
 *   what happened in Vietnamese; the temporary folder is removed and the old site stays.
 *
 * Tests reach inside through two seams of `WriteOptions`, both absent in normal use: an injectable
 * file system (`fs`, e.g. to fail a write with ENOSPC), and `pause`, called at each `PAUSE_POINTS`
 * point (a test running the build in a child process waits there and kills it).
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError, error, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { displayPath, isInside } from '../util/paths.js';
import { machineKey, sign } from '../cache/trust.js';
import type { WriteBatch, WriteItem, WriteReply, WriterData } from './write-worker.js';
import type { SpilledFile } from '../content/parked-body.js';
import { readRange } from '../cache/spill-file.js';

export type OutputFile =
  /** `path`: posix, relative to the output root, e.g. "hoat-dong/bai-viet/index.html". */
  | { path: string; contents: string | Uint8Array }
  /** `copyFrom`: absolute path of a source file to copy (assets). */
  | { path: string; copyFrom: string }
  /** `spilled`: bytes in a spill file of this process (the search index of a large build, cache/spill-file.ts). */
  | SpilledFile;

export interface WriteResult {
  /** Number of files from the input written (the mark file is not counted). */
  written: number;
}

/** The file operations `writeSite` uses; tests replace some of them to inject failures. */
export interface OutputFs {
  copyFile: typeof fsp.copyFile;
  lstat: typeof fsp.lstat;
  mkdir: typeof fsp.mkdir;
  readdir: typeof fsp.readdir;
  realpath: typeof fsp.realpath;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
  rmdir: typeof fsp.rmdir;
  stat: typeof fsp.stat;
  writeFile: typeof fsp.writeFile;
}

export interface WriteOptions {
  /** Replaces some file operations (tests: inject ENOSPC, EROFS, …). */
  readonly fs?: Partial<OutputFs>;
  /** Called at each point of `PAUSE_POINTS` and awaited (tests: stop a build there and kill it). */
  readonly pause?: ((point: PausePoint) => Promise<void> | void) | undefined;
  /** `false`: write on this thread, not a worker thread (tests compare the two). */
  readonly thread?: boolean | undefined;
}

const nodeFs: OutputFs = {
  copyFile: fsp.copyFile,
  lstat: fsp.lstat,
  mkdir: fsp.mkdir,
  readdir: fsp.readdir,
  realpath: fsp.realpath,
  rename: fsp.rename,
  rm: fsp.rm,
  rmdir: fsp.rmdir,
  stat: fsp.stat,
  writeFile: fsp.writeFile,
};

/**
 * Points where `WriteOptions.pause` is called, in the order they are reached: `render`
 * (pages rendered, nothing written yet), `write` (half the files in the temporary folder),
 * `swap` (the old output moved aside, the new one not yet in place), `cleanup` (the new output in
 * place, the old one not yet deleted).
 */
export const PAUSE_POINTS = ['render', 'write', 'swap', 'cleanup'] as const;
export type PausePoint = (typeof PAUSE_POINTS)[number];

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
 *
 * Long: each refusal (the root, home, a protected folder or one inside it, a file, a non-empty folder bantin did not make) is its own located error with its own hint, checked in order of danger.
 */
export async function checkOutputDir(outDir: string, protectedDirs: readonly string[], options: WriteOptions = {}): Promise<void> {
  const fs: OutputFs = { ...nodeFs, ...options.fs };
  const outAbs = path.resolve(outDir);
  const shown = displayPath(process.cwd(), outAbs);
  const real = await canonicalPath(fs, outAbs);

  if (path.parse(real).root === real) {
    throw refuse(
      'BT903',
      shown,
      `Thư mục xuất "${shown}" là thư mục gốc của hệ thống tệp; bantin sẽ không ghi vào đó.`,
      'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    );
  }

  const home = await canonicalPath(fs, path.resolve(os.homedir()));
  if (isInside(home, real)) {
    throw refuse(
      'BT904',
      shown,
      `Thư mục xuất "${shown}" là thư mục nhà của người dùng hoặc chứa nó; bantin sẽ không thay thế thư mục này.`,
      'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    );
  }

  const cwd = await canonicalPath(fs, process.cwd());
  if (isInside(cwd, real)) {
    throw refuse(
      'BT905',
      shown,
      `Thư mục xuất "${shown}" là thư mục đang làm việc hoặc chứa nó; bantin sẽ không thay thế thư mục này.`,
      'Chọn một thư mục con riêng bằng --out, ví dụ --out dist.',
    );
  }

  for (const dir of protectedDirs) {
    const dirAbs = path.resolve(dir);
    const dirReal = await canonicalPath(fs, dirAbs);
    if (isInside(dirReal, real)) {
      const shownDir = displayPath(process.cwd(), dirAbs);
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
    st = await fs.lstat(outAbs);
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
  if (await isMarked(fs, outAbs)) return;
  const entries = await fs.readdir(outAbs);
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
 * when the output folder is refused or the disk fails (BT909, with the errno as `code`; the
 * temporary folder is removed and the previous output is left as it was).
 */
export async function writeSite(outDir: string, files: readonly OutputFile[], options: WriteOptions = {}): Promise<WriteResult> {
  // Pure validation first: a bad path must not touch the disk at all.
  checkPaths(files);
  await options.pause?.('render');
  const writer = await openOutput(outDir, options);
  try {
    const half = Math.ceil(files.length / 2);
    writer.add(files.slice(0, half));
    await writer.flushed();
    await options.pause?.('write');
    writer.add(files.slice(half));
    return await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/**
 * A new output being written into its temporary folder beside `outDir`: files are added as they
 * are made (pages as they are rendered) and written while the caller goes on, on a thread of
 * their own (the caller renders on this one); `commit` waits for them and swaps the folder into
 * place, `abort` removes it and leaves the old output as it was. Paths are checked as they are
 * added (a bad or repeated path throws a plain `Error`: a bug in the caller), disk problems
 * reject `flushed`/`commit` with BT909.
 */
export interface OutputWriter {
  /**
   * Queue files. `move`: bytes that own their buffer are moved to the writer's thread, not copied
   * (the caller's arrays are emptied): for large generated files nobody reads again (the search index).
   */
  add(files: readonly OutputFile[], options?: { readonly move?: boolean }): void;
  /** Resolves when every file added so far is on disk. */
  flushed(): Promise<void>;
  commit(): Promise<WriteResult>;
  /** Removes the temporary folder (best effort); the old output stays. */
  abort(): Promise<void>;
}

/**
 * Opens a new output for `outDir`: checks the folder (`checkOutputDir`), puts right what a killed
 * run left beside it, and makes the marked temporary folder. Writes go through a worker thread
 * unless a test seam replaces file operations (`options.fs`) or pauses the writer, when they run
 * on this thread with the same checks.
 */
export async function openOutput(outDir: string, options: WriteOptions = {}): Promise<OutputWriter> {
  const fs: OutputFs = { ...nodeFs, ...options.fs };
  const outAbs = path.resolve(outDir);
  await checkOutputDir(outAbs, [], options);
  const parent = path.dirname(outAbs);
  const base = path.basename(outAbs);
  const tmpName = siblingName(base, TMP_INFIX);
  const tmpDir = path.join(parent, tmpName);
  activeSiblings.add(tmpName);
  let tmpMade = false;
  try {
    await recoverLeftovers(fs, parent, base);
    // Recovery may have moved an old output back; make sure it is still acceptable.
    await checkOutputDir(outAbs, [], options);
    await fs.mkdir(parent, { recursive: true });
    await fs.mkdir(tmpDir);
    tmpMade = true;
    // Mark first, so even an interrupted temp folder is recognisable as ours.
    await fs.writeFile(path.join(tmpDir, OUTPUT_MARK), MARK_CONTENTS, { flag: 'wx' });
  } catch (err) {
    if (tmpMade) await fs.rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
    activeSiblings.delete(tmpName);
    throw diskError(err, outAbs);
  }

  const backend = options.fs || options.pause || options.thread === false ? inlineBackend(fs, tmpDir) : threadBackend(tmpDir);
  const files = new Set<string>();
  const dirs = new Set<string>();
  let closed = false;
  const finish = async () => {
    closed = true;
    activeSiblings.delete(tmpName);
    await backend.close();
  };
  return {
    add(added, addOptions) {
      if (closed) throw new Error('writeSite: output already committed or aborted');
      const batch: PlannedFile[] = [];
      for (const file of added) {
        const segments = checkAdded(file, files, dirs);
        const newDirs: string[] = [];
        for (let i = 1; i < segments.length; i++) {
          const dir = segments.slice(0, i).join('/');
          if (!dirs.has(dir)) {
            dirs.add(dir);
            newDirs.push(dir);
          }
        }
        files.add(file.path);
        batch.push({ segments, file, newDirs });
      }
      backend.write(batch, addOptions?.move ?? false);
    },
    flushed: () => backend.flushed().catch((err: unknown) => Promise.reject(diskError(err, outAbs))),
    async commit() {
      try {
        await backend.flushed();
        await finish();
        // The folder may have changed while we were building; check again right before the swap.
        await checkOutputDir(outAbs, [], options);
        await swapIntoPlace(fs, tmpDir, outAbs, parent, base, options);
        return { written: files.size };
      } catch (err) {
        await fs.rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
        throw diskError(err, outAbs);
      }
    },
    async abort() {
      await finish().catch(() => undefined);
      await fs.rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** The segments of an added file's path, after the checks `checkPaths` makes on a whole list. */
function checkAdded(file: OutputFile, files: ReadonlySet<string>, dirs: ReadonlySet<string>): string[] {
  const segments = validateOutputPath(file.path);
  if ('copyFrom' in file && (typeof file.copyFrom !== 'string' || !path.isAbsolute(file.copyFrom) || file.copyFrom.includes('\0'))) {
    throw new Error(`writeSite: copyFrom of "${file.path}" must be an absolute path, got ${JSON.stringify(file.copyFrom)}`);
  }
  if (files.has(file.path)) throw new Error(`writeSite: duplicate output path "${file.path}"`);
  let used = dirs.has(file.path);
  for (let i = 1; i < segments.length && !used; i++) used = files.has(segments.slice(0, i).join('/'));
  if (used) throw new Error(`writeSite: output path "${file.path}" is used both as a file and as a directory`);
  return segments;
}

/** Where an output's files are written: on this thread (test seams) or on a worker thread. */
interface WriteBackend {
  /** Queue files; their new folders (parents first) are made before them. `move`: see `OutputWriter.add`. */
  write(batch: readonly PlannedFile[], move: boolean): void;
  /** Every queued file written, or the first failure. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

/** Files per message to the writer thread (or fewer bytes than `BATCH_BYTES`). */
const BATCH_FILES = 32;
const BATCH_BYTES = 4 << 20;
/**
 * Most KiB sent to the writer thread and not yet written. Pages render faster than a disk takes
 * them: without a bound, the queue held most of a 100,000-article site (GBs) at once. Past it, the
 * rendering thread waits (Atomics.wait: rendering is synchronous) until the writer catches up.
 */
const INFLIGHT_KIB = 64 * 1024;
/** The longest the rendering thread waits for the writer at once before sending anyway (a writer that died must not hang the build). */
const INFLIGHT_WAIT_MS = 30_000;

function threadBackend(root: string): WriteBackend {
  // Compiled: the worker sits beside this file. Under a TypeScript test runner: use lib/.
  const beside = new URL('./write-worker.js', import.meta.url);
  const workerUrl = existsSync(fileURLToPath(beside)) ? beside : new URL('../../lib/output/write-worker.js', import.meta.url);
  const inflight = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(workerUrl, { workerData: { inflight } satisfies WriterData });
  let buffer: WriteItem[] = [];
  let transfer: ArrayBuffer[] = [];
  let bytes = 0;
  let nextId = 0;
  let pending = 0;
  let failure: unknown;
  let waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  const settle = () => {
    if (failure === undefined && pending > 0) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) failure === undefined ? w.resolve() : w.reject(failure);
  };
  worker.on('message', (reply: WriteReply) => {
    pending--;
    if (reply.error && failure === undefined) {
      failure = Object.assign(new Error(reply.error.message), { code: reply.error.code, path: reply.error.path });
    }
    settle();
  });
  worker.on('error', (err) => {
    failure ??= err;
    settle();
  });
  const send = () => {
    if (buffer.length === 0) return;
    pending++;
    const kib = Math.ceil(bytes / 1024);
    const deadline = Date.now() + INFLIGHT_WAIT_MS;
    for (let queued = Atomics.load(inflight, 0); queued > 0 && queued + kib > INFLIGHT_KIB && Date.now() < deadline; queued = Atomics.load(inflight, 0)) {
      Atomics.wait(inflight, 0, queued, 100);
    }
    Atomics.add(inflight, 0, kib);
    worker.postMessage({ id: nextId++, items: buffer, kib } satisfies WriteBatch, transfer);
    buffer = [];
    transfer = [];
    bytes = 0;
  };
  return {
    write(batch, move) {
      for (const item of batch) {
        const file = item.file;
        // The segments passed `validateOutputPath` (no "..", ".", empty, absolute or backslashed
        // part): joined under the root they stay inside it, without resolving each path again.
        const dirs = (item.newDirs ?? []).map((dir) => root + path.sep + dir.split('/').join(path.sep));
        const target = root + path.sep + item.segments.join(path.sep);
        if ('copyFrom' in file) buffer.push({ dirs, target, copyFrom: file.copyFrom });
        else if ('spilled' in file) buffer.push({ dirs, target, spilled: file.spilled });
        else {
          // Text goes as it is (copied to the thread, encoded there as UTF-8 when written).
          const { contents } = file;
          buffer.push({ dirs, target, contents });
          bytes += typeof contents === 'string' ? contents.length * 2 : contents.byteLength;
          if (move && typeof contents !== 'string' && contents.byteOffset === 0 && contents.byteLength === contents.buffer.byteLength && contents.buffer instanceof ArrayBuffer) {
            transfer.push(contents.buffer);
          }
        }
        if (buffer.length >= BATCH_FILES || bytes >= BATCH_BYTES) send();
      }
    },
    flushed() {
      send();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        settle();
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

function inlineBackend(fs: OutputFs, root: string): WriteBackend {
  let chain: Promise<void> = Promise.resolve();
  return {
    write(batch) {
      const newDirs = batch.flatMap((item) => item.newDirs ?? []);
      chain = chain.then(async () => {
        for (const dir of newDirs) await fs.mkdir(resolveInside(root, dir.split('/')));
        await runBounded(batch, CONCURRENCY, (item) => writeOne(fs, root, item));
      });
    },
    flushed: () => chain,
    close: () => chain.then(() => undefined, () => undefined),
  };
}

/**
 * Puts right what a killed run left beside `outDir`: moves a replaced output back when the
 * output is missing, removes temporary folders of dead runs. Call it (holding the output lock)
 * before reporting anything about the old output, so even a failing build leaves it in place.
 */
export async function recoverOutput(outDir: string, options: WriteOptions = {}): Promise<void> {
  const fs: OutputFs = { ...nodeFs, ...options.fs };
  const outAbs = path.resolve(outDir);
  try {
    await recoverLeftovers(fs, path.dirname(outAbs), path.basename(outAbs));
  } catch (err) {
    throw diskError(err, outAbs);
  }
}

/**
 * Why a file or folder name cannot be written to a site, in Vietnamese, or undefined when it
 * can: control characters, `\`, a drive letter, Windows device names (`CON`, `aux.jpg`). The
 * same rule `writeSite` enforces, so content can be checked (and located) before writing.
 */
export function outputNameProblem(name: string): string | undefined {
  if (CONTROL_CHAR_RE.test(name)) return 'có ký tự điều khiển (xuống dòng, tab, NUL…)';
  if (name.includes('\\')) return 'có dấu gạch chéo ngược "\\"';
  if (/^[A-Za-z]:/.test(name)) return 'bắt đầu bằng tên ổ đĩa (như "C:")';
  if (DEVICE_NAME_RE.test(name)) return 'là tên thiết bị dành riêng của Windows (CON, PRN, AUX, NUL, COM1, LPT1…)';
  return undefined;
}

/** Errno codes that are a disk or permission problem the user can act on, not a bug. */
const DISK_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'EBUSY', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'EXDEV', 'ELOOP', 'ETXTBSY', 'EFBIG']);

/** A UserError from a disk failure: BT909, the errno kept as `code`, the original as `cause`. */
export class OutputWriteError extends UserError {
  readonly code: string;
  constructor(code: string, shown: string, message: string, hint: string, cause: unknown) {
    super([error('BT909', shown, message, hint)], { cause });
    this.name = 'OutputWriteError';
    this.code = code;
  }
}

/** `err` as BT909 (`OutputWriteError`) when it is a disk or permission problem, else `err` itself. */
export function outputDiskError(err: unknown, outAbs: string): unknown {
  return diskError(err, outAbs);
}

function diskError(err: unknown, outAbs: string): unknown {
  if (err instanceof UserError) return err;
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !DISK_ERRNOS.has(code)) return err;
  const shown = displayPath(process.cwd(), outAbs);
  const where = typeof (err as { path?: unknown }).path === 'string' ? displayPath(process.cwd(), (err as { path: string }).path) : shown;
  // The new site is written beside the old one and swapped in at the end: a failure leaves the old one.
  const kept = existsSync(outAbs) ? `Trang web cũ trong "${shown}" được giữ nguyên.` : `Chưa có trang web nào trong "${shown}".`;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return new OutputWriteError(code, shown, `Ổ đĩa đã đầy (hoặc hết hạn mức), không ghi được trang web vào "${shown}". ${kept}`, 'Giải phóng chỗ trống trên ổ đĩa rồi dựng lại.', err);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new OutputWriteError(code, shown, `Không có quyền ghi vào "${where}" (thư mục chỉ đọc hoặc bị khoá). ${kept}`, 'Kiểm tra quyền ghi của thư mục xuất và thư mục chứa nó, hoặc chọn thư mục khác bằng --out.', err);
    case 'ENOENT':
      return new OutputWriteError(code, shown, `Không tìm thấy "${where}" trong lúc ghi trang web; có lẽ tệp vừa bị xoá hoặc đổi tên. ${kept}`, 'Chạy lại lệnh dựng khi không còn ai sửa các tệp của trang.', err);
    case 'ENAMETOOLONG':
      return new OutputWriteError(code, shown, `Đường dẫn "${where}" quá dài để ghi. ${kept}`, 'Đặt trang ở thư mục có đường dẫn ngắn hơn, hoặc đổi tên tệp, thư mục cho ngắn lại.', err);
    default:
      return new OutputWriteError(code, shown, `Không ghi được trang web vào "${shown}" (lỗi ${code} ở "${where}"). ${kept}`, 'Kiểm tra ổ đĩa và thư mục xuất rồi dựng lại.', err);
  }
}

// ---------------------------------------------------------------------------
// Planning and path validation (pure)
// ---------------------------------------------------------------------------

interface PlannedFile {
  readonly segments: readonly string[];
  readonly file: OutputFile;
  /** Folders (posix, relative) this file is the first to need, parents first. */
  readonly newDirs?: readonly string[];
}

/** Checks every path of `files` (as `OutputWriter.add` does), without touching the disk. */
function checkPaths(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  const dirs = new Set<string>();
  for (const file of files) {
    const segments = checkAdded(file, seen, dirs);
    seen.add(file.path);
    for (let i = 1; i < segments.length; i++) dirs.add(segments.slice(0, i).join('/'));
  }
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

async function writeOne(fs: OutputFs, root: string, item: PlannedFile): Promise<void> {
  const target = resolveInside(root, item.segments);
  const file = item.file;
  if ('copyFrom' in file) {
    await fs.copyFile(file.copyFrom, target, fsConstants.COPYFILE_EXCL);
  } else if ('spilled' in file) {
    await fs.writeFile(target, readRange(file.spilled), { flag: 'wx' });
  } else {
    await fs.writeFile(target, file.contents, { flag: 'wx' });
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
async function swapIntoPlace(fs: OutputFs, tmpDir: string, outAbs: string, parent: string, base: string, options: WriteOptions): Promise<void> {
  let oldDir: string | undefined;
  let oldName: string | undefined;
  if (await exists(fs, outAbs)) {
    oldName = siblingName(base, OLD_INFIX);
    oldDir = path.join(parent, oldName);
    activeSiblings.add(oldName);
    // Who moves it aside, before it moves: only a folder this machine recorded is ever moved back.
    await fs.writeFile(oldDir + OWNER_SUFFIX, await ownerRecord(oldName), { flag: 'wx' });
    try {
      await fs.rename(outAbs, oldDir);
    } catch (err) {
      // Nothing moved: the record of a move that did not happen goes too.
      await fs.rm(oldDir + OWNER_SUFFIX, { force: true }).catch(() => undefined);
      throw err;
    }
  }
  try {
    await options.pause?.('swap');
    try {
      await fs.rename(tmpDir, outAbs);
    } catch (err) {
      if (oldDir !== undefined && !(await exists(fs, outAbs))) {
        // Back in place: its record goes. If it cannot move back, the record stays beside it, so
        // the next run (recoverOutput) knows this machine moved it and puts it back.
        const back = await fs.rename(oldDir, outAbs).then(() => true, () => false);
        if (back) await fs.rm(oldDir + OWNER_SUFFIX, { force: true }).catch(() => undefined);
      }
      throw err;
    }
    await options.pause?.('cleanup');
    if (oldDir !== undefined) {
      // Best effort: the new site is in place; a leftover is cleaned up by the next run.
      await removeOld(fs, oldDir).catch(() => undefined);
    }
  } finally {
    if (oldName !== undefined) activeSiblings.delete(oldName);
  }
}

/**
 * Deletes a replaced output: only when it carries the mark (else only if empty), its mark last, so
 * a run killed while deleting leaves a marked folder the next run removes, never an unmarked copy.
 * Then its owner record.
 */
async function removeOld(fs: OutputFs, oldDir: string): Promise<void> {
  if (await isMarked(fs, oldDir)) {
    for (const name of await fs.readdir(oldDir)) {
      if (name !== OUTPUT_MARK) await fs.rm(path.join(oldDir, name), { recursive: true, force: true });
    }
    await fs.rm(path.join(oldDir, OUTPUT_MARK), { force: true });
  }
  await fs.rmdir(oldDir);
  await fs.rm(oldDir + OWNER_SUFFIX, { force: true });
}

/** Suffix of the file beside a replaced output that records who moved it aside. */
const OWNER_SUFFIX = '.owner';

/**
 * The owner record of a replaced output `name`: host, PID, the random token of the name, and a
 * signature of them with the machine key (src/cache/trust.ts), so a folder copied or committed from
 * elsewhere with a made-up record is never taken for one of ours.
 */
async function ownerRecord(name: string): Promise<string> {
  const key = await machineKey();
  const identity = `${os.hostname()}\0${process.pid}\0${name}`;
  const mac = key ? sign(key, 'bantin old output\0', identity).toString('hex') : '';
  return `${JSON.stringify({ host: os.hostname(), pid: process.pid, name, mac })}\n`;
}

/** Whether the replaced output `dir` was moved aside by a run on this machine (its owner record is ours). */
async function ownedHere(fs: OutputFs, dir: string): Promise<boolean> {
  try {
    const info = await fs.lstat(dir + OWNER_SUFFIX);
    if (!info.isFile() || info.size > 4096) return false;
    const record = JSON.parse(String(await fsp.readFile(dir + OWNER_SUFFIX, 'utf8'))) as { host?: unknown; pid?: unknown; name?: unknown; mac?: unknown };
    const name = path.basename(dir);
    if (record.host !== os.hostname() || record.name !== name || typeof record.pid !== 'number' || typeof record.mac !== 'string') return false;
    const key = await machineKey();
    if (!key) return false;
    const expected = sign(key, 'bantin old output\0', `${record.host}\0${record.pid}\0${name}`).toString('hex');
    return record.mac === expected && leftoverKind(name, name.slice(0, name.indexOf(OLD_INFIX)))?.pid === record.pid;
  } catch {
    return false;
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
async function recoverLeftovers(fs: OutputFs, parent: string, base: string): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(parent, { withFileTypes: true });
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
    // A replaced output this machine did not record (committed, copied from elsewhere) is not ours: left alone.
    else if (!(await ownedHere(fs, full))) continue;
    else if (await isMarked(fs, full)) olds.push(full);
    else await removeOld(fs, full).catch(() => undefined); // an empty replaced folder; kept if not empty
  }
  // Owner records whose folder is gone (a run killed between writing one and moving the folder).
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(OWNER_SUFFIX)) continue;
    const folder = entry.name.slice(0, -OWNER_SUFFIX.length);
    const kind = leftoverKind(folder, base);
    if (kind?.type === 'old' && !isInUse(folder, kind.pid) && !entries.some((e) => e.name === folder)) await fs.rm(path.join(parent, entry.name), { force: true });
  }

  const outAbs = path.join(parent, base);
  if (olds.length > 0 && !(await exists(fs, outAbs))) {
    let newest: { dir: string; mtime: number } | undefined;
    for (const dir of olds) {
      const mtime = (await fs.stat(dir)).mtimeMs;
      if (newest === undefined || mtime > newest.mtime) newest = { dir, mtime };
    }
    if (newest !== undefined) {
      await fs.rename(newest.dir, outAbs);
      await fs.rm(newest.dir + OWNER_SUFFIX, { force: true });
      olds.splice(olds.indexOf(newest.dir), 1);
    }
  }

  for (const dir of tmps) await fs.rm(dir, { recursive: true, force: true });
  for (const dir of olds) await removeOld(fs, dir);
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

async function isMarked(fs: OutputFs, dir: string): Promise<boolean> {
  try {
    return (await fs.lstat(path.join(dir, OUTPUT_MARK))).isFile();
  } catch {
    return false;
  }
}

async function exists(fs: OutputFs, p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
}

/** Real path of `p`, resolving symlinks in its deepest existing ancestor. */
async function canonicalPath(fs: OutputFs, p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch {
      const up = path.dirname(current);
      if (up === current) return p;
      rest.push(path.basename(current));
      current = up;
    }
  }
}



function refuse(code: DiagnosticCode, file: string, message: string, hint: string): UserError {
  return new UserError([error(code, file, message, hint)]);
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
