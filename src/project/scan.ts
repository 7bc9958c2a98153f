import { closeSync, fstatSync, lstatSync, openSync, readSync, type Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { outputNameProblem } from '../output/write-output.js';
import { isInside } from '../util/paths.js';

export interface ScannedFile {
  /** Path relative to the scanned folder, `/` separators, NFC. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly abs: string;
  readonly size: number;
}

/** Seams of `scanFolder`, absent in normal use. */
export interface ScanOptions {
  /** Lists a folder (default `readdir` with file types); tests list in another order. */
  readonly readdir?: ((dir: string) => Promise<Dirent[]>) | undefined;
}

/**
 * Most bytes `readBytesSync` reads from one file. Far above any article size limit (the build reports
 * a larger file as too big): a stray multi-gigabyte file is never loaded into memory whole.
 */
export const READ_LIMIT = 64 * 1024 * 1024;

/**
 * List every file under `root`, sorted by path. Hidden files and folders (`.git`, `.DS_Store`) are
 * skipped. A symbolic link is followed only when it is a file inside `root`; any other link (outside,
 * to a folder, broken, a loop) is reported naming the link, never followed. A name that cannot be
 * written to a site (`CON`, a control character, `\`) and a folder that cannot be read are reported
 * too; the scan goes on, so every problem is listed together.
 *
 * Entries are sorted by name whatever order the system lists them in (tests prove it by passing a
 * `readdir` that lists them in another order).
 *
 * @param display Turns an absolute path into the path shown in messages.
 */
export async function scanFolder(root: string, display: (abs: string) => string, options: ScanOptions = {}): Promise<{ files: ScannedFile[]; diagnostics: Diagnostic[] }> {
  const files: ScannedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = await realpath(root);
  const list = options.readdir ?? ((dir: string) => readdir(dir, { withFileTypes: true }));
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await list(dir);
    } catch (err) {
      diagnostics.push(error('BT007', display(dir), `Không đọc được thư mục "${display(dir)}" (${errnoOf(err)}).`, 'Kiểm tra quyền đọc của thư mục, hoặc chuyển nó ra khỏi thư mục của trang.'));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(dir, entry.name);
      const nameProblem = outputNameProblem(entry.name);
      if (nameProblem !== undefined) {
        diagnostics.push(
          error(
            'BT006',
            display(abs),
            `Tên "${printable(entry.name)}" ${nameProblem}; tệp này không thể đưa lên trang web.`,
            'Đổi tên tệp hoặc thư mục: chỉ dùng chữ, số, dấu gạch ngang và dấu chấm, ví dụ "anh-hoi-nghi.jpg".',
          ),
        );
        continue;
      }
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          diagnostics.push(error('BT003', display(abs), 'Liên kết tượng trưng (symlink) bị hỏng hoặc trỏ vòng.', 'Xoá liên kết này và đặt tệp thật vào thư mục nội dung.'));
          continue;
        }
        const info = await stat(target).catch(() => undefined);
        if (!info?.isFile() || !isInside(target, realRoot)) {
          diagnostics.push(
            error('BT003', display(abs), 'Liên kết tượng trưng (symlink) trỏ ra ngoài thư mục nội dung hoặc tới một thư mục; bantin không theo nó.', 'Sao chép tệp thật vào thư mục nội dung thay cho liên kết.'),
          );
          continue;
        }
        files.push({ path: toPosix(relative(root, abs)), abs, size: info.size });
      } else if (entry.isDirectory()) {
        await walk(abs);
      } else if (entry.isFile()) {
        // Synchronous, as `readBytesSync`: one round trip to libuv's thread pool per file, awaited in
        // turn, took about a second for 15,000 files; this takes a few milliseconds.
        const info = lstatSync(abs);
        files.push({ path: toPosix(relative(root, abs)), abs, size: info.size });
      }
    }
  };
  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: withoutCollisions(files, display, diagnostics), diagnostics };
}

/**
 * Read a file's bytes, at most `limit` (default `READ_LIMIT`) of them: a larger file gives its
 * first `limit` bytes, enough for the size check to refuse it. A file that cannot be read (removed
 * meanwhile, no permission) is a `UserError` BT008 naming it.
 *
 * Synchronous on purpose: four system calls on this thread instead of four round trips to libuv's
 * thread pool per file (the promise version took about 0.5 s longer for 10,000 articles). A build
 * has nothing else waiting on the event loop while it reads its sources.
 *
 * @param display Turns the absolute path into the path shown in the message.
 */
export function readBytesSync(abs: string, display: (abs: string) => string = (p) => p, limit = READ_LIMIT): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const size = fstatSync(fd).size;
    const want = Math.min(limit, size);
    const buffer = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const bytesRead = readSync(fd, buffer, filled, want - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === want ? buffer : buffer.subarray(0, filled);
  } catch (err) {
    throw new UserError([error('BT008', display(abs), `Không đọc được tệp "${display(abs)}" (${errnoOf(err)}).`, 'Kiểm tra tệp còn đó và có quyền đọc, rồi dựng lại.')], { cause: err });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Names that are one name on many hosts and checkouts: two Unicode spellings of the same letters
 * (NFC "ệ" and NFD "e" + marks; paths are already NFC here, so both spellings give one path) and
 * names that differ only by case. Each clash is an error on the second file, and both are dropped
 * from the site (which one a host would serve is not known).
 */
function withoutCollisions(files: ScannedFile[], display: (abs: string) => string, diagnostics: Diagnostic[]): ScannedFile[] {
  const byKey = new Map<string, ScannedFile>();
  const clashing = new Set<ScannedFile>();
  for (const file of files) {
    const key = file.path.toLowerCase();
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, file);
      continue;
    }
    clashing.add(first).add(file);
    const sameLetters = first.path === file.path;
    diagnostics.push(
      error(
        'BT011',
        display(file.abs),
        sameLetters
          ? `Tên "${display(file.abs)}" và "${display(first.abs)}" là cùng một tên viết theo hai kiểu mã Unicode (dựng sẵn và tổ hợp); nhiều máy chủ coi chúng là một tệp.`
          : `Tên "${display(file.abs)}" và "${display(first.abs)}" chỉ khác nhau chữ hoa, chữ thường; nhiều máy chủ và máy tính coi chúng là một tệp.`,
        'Đổi tên hoặc xoá một trong hai tệp, để mỗi tệp có một tên riêng.',
      ),
    );
  }
  return clashing.size === 0 ? files : files.filter((f) => !clashing.has(f));
}


function toPosix(path: string): string {
  return path.split(sep).join('/').normalize('NFC');
}

/** A name as it can be shown in a message: control characters as `\u….`. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function errnoOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : String(err);
}
