/**
 * `bantin import wordpress|hugo|jekyll`: the edges. Read the source and the target site, let the
 * pure planners decide, write, report.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeSource } from '../text/decode.js';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { CONFIG_FILES, DATA_FILES, isJekyllHtmlSource, MARKDOWN_FILE, planStaticSiteImport, type StaticSiteKind } from '../importers/hugo-jekyll.js';
import { applyPlan, formatReport, readTarget, type ImportPlan, type ImportSiteOptions } from '../importers/shared.js';
import { planWordPressImport, WxrError } from '../importers/wordpress.js';
import { displayPath } from '../util/paths.js';
import { SNIFF_BYTES } from '../content/file-types.js';
import { readBytesSync } from '../project/scan.js';

export interface ImportCommandOptions extends ImportSiteOptions {
  /** Category for items that have none. */
  category?: string | undefined;
  /** Print the report without writing anything. */
  dryRun?: boolean | undefined;
  /** The old site's address (its links become internal ones), instead of the one in its config. */
  oldUrl?: string | undefined;
}

export interface WordPressCommandOptions extends ImportCommandOptions {
  /** A local copy of `wp-content/uploads`. */
  uploads?: string | undefined;
  /** Import pages too, as pages (`type: page`). */
  pages?: boolean | undefined;
}

/** Folders never walked in a source site. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'vendor', 'public', 'resources', '_site', 'themes', 'dist']);

/** `bantin import wordpress EXPORT.xml`: returns the exit code (0 imported, 1 the export or the site cannot be read). */
export async function runImportWordPress(exportFile: string, options: WordPressCommandOptions, logger: Logger): Promise<number> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const abs = resolve(cwd, exportFile);
  const shown = displayPath(cwd, abs);
  try {
    const bytes = await readFile(abs).catch(() => {
      throw new UserError([error('BT801', shown, `Không đọc được tệp xuất WordPress "${shown}".`, 'Trong trang quản trị WordPress, vào Công cụ → Xuất (Tools → Export), tải tệp .xml về rồi ghi đường dẫn của tệp đó.')]);
    });
    const decoded = decodeSource(shown, bytes);
    if (decoded.text === undefined) throw new UserError(decoded.diagnostics);
    const target = await readTarget(options);
    let uploads: Map<string, string> | undefined;
    let uploadHeads: Map<string, Uint8Array> | undefined;
    if (options.uploads) {
      const dir = resolve(cwd, options.uploads);
      if (!(await isDirectory(dir))) {
        throw new UserError([error('BT802', displayPath(cwd, dir), `Không tìm thấy thư mục ảnh "${displayPath(cwd, dir)}".`, 'Chép thư mục wp-content/uploads của trang WordPress về máy rồi ghi đường dẫn sau --uploads.')]);
      }
      uploads = await listFiles(dir, () => false);
      uploadHeads = headsOf(uploads);
    }
    let plan: ImportPlan;
    try {
      plan = planWordPressImport(decoded.text, target, { exportLabel: shown, uploads, uploadHeads, pages: options.pages, category: options.category, oldUrl: options.oldUrl });
    } catch (e) {
      if (e instanceof WxrError) {
        throw new UserError([error('BT803', shown, e.message, 'Dùng tệp .xml tải về từ Công cụ → Xuất (Tools → Export) của WordPress, không sửa tay.', e.line)]);
      }
      throw e;
    }
    return await finish(plan, target, `"${shown}"`, options, logger);
  } catch (e) {
    return failed(e, logger);
  }
}

/** `bantin import hugo DIR` / `bantin import jekyll DIR`. */
export async function runImportStaticSite(kind: StaticSiteKind, sourceDir: string, options: ImportCommandOptions, logger: Logger): Promise<number> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const dir = resolve(cwd, sourceDir);
  const shown = displayPath(cwd, dir);
  const name = kind === 'hugo' ? 'Hugo' : 'Jekyll';
  try {
    if (!(await isDirectory(dir))) {
      throw new UserError([error('BT804', shown, `Không tìm thấy thư mục trang ${name} "${shown}".`, `Ghi đường dẫn tới thư mục gốc của trang ${name} (thư mục có ${kind === 'hugo' ? 'content/' : '_posts/'}).`)]);
    }
    const target = await readTarget(options);
    const contentDir = target.contentDir;
    // The target's own content folder is never read as a source (`bantin import hugo .`).
    const files = await listFiles(dir, (abs, rel) => abs === contentDir || SKIPPED_FOLDERS.has(rel));
    const texts = new Map<string, string>();
    const unreadable: Array<{ source: string; reason: string }> = [];
    for (const [path, abs] of files) {
      if (!MARKDOWN_FILE.test(path) && !CONFIG_FILES.includes(path) && !DATA_FILES.includes(path) && !(kind === 'jekyll' && isJekyllHtmlSource(path))) continue;
      const decoded = decodeSource(path, await readFile(abs));
      if (decoded.text !== undefined) texts.set(path, decoded.text);
      else unreadable.push({ source: `${shown}/${path}`, reason: decoded.diagnostics[0]?.message ?? 'không đọc được.' });
    }
    const postsFolder = kind === 'hugo' ? [...files.keys()].some((p) => MARKDOWN_FILE.test(p)) : [...files.keys()].some((p) => /(^|\/)_(posts|drafts)\//.test(p));
    if (!postsFolder) {
      throw new UserError([error('BT805', shown, `Thư mục "${shown}" không có bài viết ${name} nào${kind === 'jekyll' ? ' (không có thư mục _posts)' : ''}.`, `Ghi đường dẫn tới thư mục gốc của trang ${name}.`)]);
    }
    const heads = headsOf(new Map([...files].filter(([path]) => !texts.has(path))));
    const plan = planStaticSiteImport(target, { kind, sourceLabel: shown, files, texts, heads, category: options.category, oldUrl: options.oldUrl });
    plan.skipped.push(...unreadable);
    return await finish(plan, target, `trang ${name} "${shown}"`, options, logger);
  } catch (e) {
    return failed(e, logger);
  }
}

async function finish(plan: ImportPlan, target: Awaited<ReturnType<typeof readTarget>>, what: string, options: ImportCommandOptions, logger: Logger): Promise<number> {
  if (!options.dryRun) {
    await applyPlan(plan, target).catch((e: unknown) => {
      // Only the parts written before the failure are there: say what was planned.
      if (e instanceof UserError && e.diagnostics[0]?.code === 'BT807') logger.error(formatReport(plan, target, what));
      throw e;
    });
  }
  const report = formatReport(plan, target, what);
  logger.info(options.dryRun ? `(Chạy thử: chưa ghi tệp nào.)\n${report}` : report);
  return 0;
}

function failed(e: unknown, logger: Logger): number {
  if (e instanceof UserError) {
    logger.error(formatDiagnostics(e.diagnostics));
    logger.error('\nNhập bài thất bại.');
    return 1;
  }
  throw e;
}


async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The first bytes of each file (what `checkContentFile` reads to tell whether content/ may publish it); empty when unreadable. */
function headsOf(files: ReadonlyMap<string, string>): Map<string, Uint8Array> {
  const heads = new Map<string, Uint8Array>();
  for (const [path, abs] of files) {
    try {
      heads.set(path, readBytesSync(abs, undefined, SNIFF_BYTES));
    } catch {
      heads.set(path, new Uint8Array(0));
    }
  }
  return heads;
}

/**
 * Every regular file under `root` (hidden files and the folders `skip` names left out, symbolic
 * links never followed): path relative to root (`/`, NFC) → absolute path, sorted.
 */
async function listFiles(root: string, skip: (abs: string, rel: string) => boolean): Promise<Map<string, string>> {
  const out: Array<[string, string]> = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(dir, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (skip(abs, childRel)) continue;
        await walk(abs, childRel);
      } else if (entry.isFile()) {
        out.push([childRel.normalize('NFC'), abs]);
      }
    }
  };
  await walk(root, '');
  out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(out);
}
