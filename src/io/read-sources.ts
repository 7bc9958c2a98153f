import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

export interface ScannedFile {
  /** Path relative to the scanned folder, `/` separators, NFC. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly abs: string;
  readonly size: number;
}

/**
 * List every file under `root`, sorted by path. Hidden files and folders (`.git`, `.DS_Store`) are
 * skipped. A symbolic link is followed only when it is a file inside `root`; any other link is
 * reported, never followed.
 *
 * @param display Turns an absolute path into the path shown in messages.
 */
export async function scanFolder(root: string, display: (abs: string) => string): Promise<{ files: ScannedFile[]; diagnostics: Diagnostic[] }> {
  const files: ScannedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = await realpath(root);
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          diagnostics.push(error('BT003', display(abs), 'Liên kết tượng trưng (symlink) bị hỏng hoặc trỏ vòng.', 'Xoá liên kết này và đặt tệp thật vào thư mục nội dung.'));
          continue;
        }
        const info = await stat(target);
        if (!info.isFile() || !isInside(realRoot, target)) {
          diagnostics.push(
            error('BT003', display(abs), 'Liên kết tượng trưng (symlink) trỏ ra ngoài thư mục nội dung hoặc tới một thư mục; bantin không theo nó.', 'Sao chép tệp thật vào thư mục nội dung thay cho liên kết.'),
          );
          continue;
        }
        files.push({ path: toPosix(relative(root, abs)), abs, size: info.size });
      } else if (entry.isDirectory()) {
        await walk(abs);
      } else if (entry.isFile()) {
        const info = await lstat(abs);
        files.push({ path: toPosix(relative(root, abs)), abs, size: info.size });
      }
    }
  };
  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

export function readBytes(abs: string): Promise<Buffer> {
  return readFile(abs);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function toPosix(path: string): string {
  return path.split(sep).join('/').normalize('NFC');
}
