/**
 * The trusted `static/` folder of a site (beside `templates/`, reviewed like templates): copied to
 * the output as it is. When it holds the browser editor (`static/admin/config.yml`), the Decap CMS
 * bundle bantin ships is copied beside it (`admin/decap-cms.js` and its chunks), so a site's
 * repository never carries the 6 MB bundle and the page never loads it from a CDN.
 *
 * This is the smallest copying of `static/` the editor needs; the trust-boundary issue owns the
 * folder's rules (what it may hold, review) and may replace this function.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { scanFolder } from '../project/scan.js';

/** Name of the trusted folder, under the site root. */
export const STATIC_FOLDER = 'static';

/** Files of the Decap bundle a page needs: the entry, its lazily loaded chunks, WebAssembly, licence. */
const BUNDLE_FILE = /^(decap-cms\.js|\d+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)$/;

/**
 * Folder holding the Decap bundle: `vendor/decap-cms/` of the bantin package (made by
 * scripts/vendor-cms.mjs when bantin is packed or installed from its sources), else the `dist/` of
 * an installed `decap-cms` package. Undefined when neither is there.
 */
export function decapBundleFolder(): string | undefined {
  const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
  const vendored = join(packageRoot, 'vendor', 'decap-cms');
  if (existsSync(join(vendored, 'decap-cms.js'))) return vendored;
  try {
    const pkg = createRequire(import.meta.url).resolve('decap-cms/package.json');
    const dist = join(pkg, '..', 'dist');
    return existsSync(join(dist, 'decap-cms.js')) ? dist : undefined;
  } catch {
    return undefined;
  }
}

/** The bundle's files: output path (`admin/…`) → absolute source. */
export function decapBundleFiles(folder: string, outDir = 'admin'): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).sort()) if (BUNDLE_FILE.test(name)) files.set(`${outDir}/${name}`, join(folder, name));
  return files;
}

/**
 * Everything `static/` adds to the output: its files at the same paths, and the editor's bundle when
 * `static/admin/config.yml` exists. `display` turns an absolute path into the one shown in messages.
 */
export async function staticCopies(root: string, display: (abs: string) => string): Promise<{ copies: Map<string, string>; diagnostics: Diagnostic[] }> {
  const folder = resolve(root, STATIC_FOLDER);
  const copies = new Map<string, string>();
  if (!existsSync(folder)) return { copies, diagnostics: [] };
  const scanned = await scanFolder(folder, display);
  const diagnostics = [...scanned.diagnostics];
  for (const file of scanned.files) copies.set(file.path, file.abs);
  if (copies.has('admin/config.yml')) {
    const bundle = decapBundleFolder();
    if (bundle === undefined) {
      diagnostics.push(
        error(
          'BT721',
          display(join(folder, 'admin', 'config.yml')),
          'Không tìm thấy bộ mã của trình soạn bài (Decap CMS) trong bantin đã cài.',
          'Cài lại bantin (npm install), hoặc xoá thư mục static/admin nếu không dùng trình soạn bài.',
        ),
      );
    } else {
      for (const [path, abs] of decapBundleFiles(bundle)) if (!copies.has(path)) copies.set(path, abs);
    }
  }
  return { copies, diagnostics };
}

/**
 * The output files `static/` adds to a build whose other files are `taken` (output paths). A static
 * file may not replace a page or file bantin makes: that is an error naming it.
 */
export async function staticOutputs(
  root: string,
  taken: ReadonlySet<string>,
  display: (abs: string) => string,
): Promise<{ files: Array<{ path: string; copyFrom: string }>; diagnostics: Diagnostic[] }> {
  const { copies, diagnostics } = await staticCopies(root, display);
  const files: Array<{ path: string; copyFrom: string }> = [];
  for (const [path, abs] of copies) {
    if (taken.has(path)) {
      diagnostics.push(error('BT722', display(abs), `Tệp "${STATIC_FOLDER}/${path}" trùng địa chỉ với một trang hay tệp bantin tạo ("/${path}").`, 'Đổi tên hoặc chuyển tệp này sang thư mục khác trong static/.'));
      continue;
    }
    files.push({ path, copyFrom: abs });
  }
  return { files, diagnostics };
}
