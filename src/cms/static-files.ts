/**
 * The browser editor's bundle in a site's output. bantin copies the trusted `static/` folder as it is
 * (src/project/load-site.ts); when it holds the editor (`static/admin/config.yml`), the Decap CMS
 * bundle bantin ships is copied beside it (`admin/decap-cms.js` and its chunks), so a site's
 * repository never carries the 6 MB bundle and the page never loads it from a CDN.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

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
 * What the browser editor adds to a build: when `static/admin/config.yml` exists (bantin copies
 * `static/` itself), the Decap bundle beside it, at `admin/…` paths not already `taken`.
 * `display` turns an absolute path into the one shown in messages.
 */
export async function staticOutputs(
  root: string,
  taken: ReadonlySet<string>,
  display: (abs: string) => string,
): Promise<{ files: Array<{ path: string; copyFrom: string }>; diagnostics: Diagnostic[] }> {
  const config = resolve(root, STATIC_FOLDER, 'admin', 'config.yml');
  if (!existsSync(config)) return { files: [], diagnostics: [] };
  const bundle = decapBundleFolder();
  if (bundle === undefined) {
    const hint = 'Cài lại bantin (npm install), hoặc xoá thư mục static/admin nếu không dùng trình soạn bài.';
    return { files: [], diagnostics: [error('BT721', display(config), 'Không tìm thấy bộ mã của trình soạn bài (Decap CMS) trong bantin đã cài.', hint)] };
  }
  const files = [...decapBundleFiles(bundle)].filter(([path]) => !taken.has(path)).map(([path, abs]) => ({ path, copyFrom: abs }));
  return { files, diagnostics: [] };
}
