import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { staticOutputs } from '../cms/static-files.js';
import { acquireOutputLock, type LockOptions, type OutputLock } from '../output/lock.js';
import { checkOutputDir, openOutput, recoverOutput, writeSite, type OutputFile, type OutputWriter, type WriteOptions } from '../output/write-output.js';
import { feedsNote } from '../outputs/discovery.js';
import { loadAndBuild, PARK_THRESHOLD, usableCacheFolder, type LoadedSite } from '../project/load-site.js';
import { SpillFile } from '../cache/spill-file.js';
import { resolvePaths, type SiteOptions } from '../project/paths.js';
import { formatShortDate } from '../text/dates.js';
import { type LeftOut } from '../site/model.js';
import { displayPath, isInside } from '../util/paths.js';
import { withAllTexts } from '../project/load-site.js';
import { threadedSearchIndexer } from '../workers/search-indexer.js';
import { SEARCH_INDEX_ROOT } from '../outputs/search-index.js';
import { detectForeignSite } from '../importers/detect.js';
import { type Diagnostic } from '../diagnostics/diagnostic.js';

export interface BuildCommandOptions extends SiteOptions {
  out?: string | undefined;
  /** Fail on warnings too (`--strict`), as `bantin check --strict` does. */
  strict?: boolean | undefined;
  /** Seams of the output writer (tests: a pause point to kill the build at); not a command-line option. */
  write?: WriteOptions | undefined;
  /** Seams of the output lock (tests: fail it with EROFS); not a command-line option. */
  lock?: Pick<LockOptions, 'fs'> | undefined;
}

/**
 * `bantin build`: returns the exit code (0 written, 1 content/config/template errors).
 *
 * Long: the build's steps in order (check the output folder, lock, recover, build while pages stream to the writer, report, refuse, write the rest and commit), each a few lines sharing the lock, the writer and the cache save that `finally` settles; split, each part would pass those three around.
 */
export async function runBuild(options: BuildCommandOptions, logger: Logger): Promise<number> {
  const started = performance.now();
  const paths = resolvePaths(options);
  const out = options.out ? resolve(paths.cwd, options.out) : resolve(paths.root, 'dist');
  let lock: OutputLock | undefined;
  /** The article cache, saved while the site is written (settled before the lock is released). */
  let saving: Promise<void> | undefined;
  let writer: OutputWriter | undefined;
  let site: LoadedSite | undefined;
  /** Files of the content folder handed to the writer before the pages rendered (output path → file). */
  const copied = new Map<string, string>();
  /** Where a large site's search index is written as it is made (never all in memory), open until the site is written. */
  let searchSpill: SpillFile | undefined;
  // Said on failure: that the old site is kept only when there is one.
  const kept = existsSync(out) ? `Trang web cũ trong "${displayPath(paths.cwd, out)}" được giữ nguyên.` : `Chưa ghi gì vào "${displayPath(paths.cwd, out)}".`;
  try {
    const readFolders = [paths.content, ...(paths.templates ? [paths.templates] : [])];
    for (const dir of readFolders) {
      if (out !== dir && isInside(out, dir)) {
        const shown = (abs: string) => displayPath(paths.cwd, abs);
        throw new UserError([
          error(
            'BT908',
            shown(out),
            `Thư mục xuất "${shown(out)}" nằm trong thư mục "${shown(dir)}" mà bantin đọc; lần dựng sau sẽ đọc lại chính các trang đã xuất.`,
            'Chọn thư mục xuất nằm ngoài thư mục nội dung và giao diện, ví dụ --out dist trong thư mục trang.',
          ),
        ]);
      }
    }
    // The output folder is replaced as a whole: it must not be or contain anything of the site.
    const protectedDirs = [paths.cwd, paths.root, ...readFolders, ...(paths.config ? [dirname(paths.config)] : [])];
    await checkOutputDir(out, protectedDirs);
    // One build per output folder at a time (BT910 names the other); then undo what a killed run left.
    lock = await acquireOutputLock(out, options.lock);
    await recoverOutput(out);
    // Pages are written as they are rendered, into the new output's temporary folder, on a thread of
    // their own; a failed build removes that folder (the old site stays). Test seams that pause or
    // fail the writer get the whole site at once, as `writeSite` takes it.
    const seams = options.write !== undefined && (options.write.pause !== undefined || options.write.fs !== undefined);
    writer = seams ? undefined : await openOutput(out, options.write);
    // A large site's spill files go in its cache folder when there is one (see SpillFile.open).
    const spillDir = await usableCacheFolder(options, paths);
    // Streamed pages go as text: the writer thread encodes them (UTF-8), not this one.
    // The search index is made on a thread of its own while the pages render.
    site = await loadAndBuild({
      searchIndexer: threadedSearchIndexer({ spill: (documents) => (documents >= PARK_THRESHOLD ? (searchSpill ??= SpillFile.open(spillDir)) : undefined) }),
      ...options,
      ...(writer
        ? {
            onPage: (page: OutputFile) => writer!.add([page]),
            // Copied while the pages render (the writer thread has room then), not after them.
            onCopies: (copies: ReadonlyMap<string, string>) => {
              for (const [path, abs] of copies) copied.set(path, abs);
              writer!.add([...copies].map(([path, abs]) => ({ path, copyFrom: abs })));
            },
          }
        : { encodePages: true }),
    });
    // What went ahead must be exactly what the build publishes: never a withheld file.
    if ([...copied].some(([path, abs]) => site!.copies.get(path) !== abs)) throw new Error('build: files copied ahead differ from the final copies');
    saving = site.cacheSaved;
    const { output } = site;
    const statics = await staticOutputsOf(site);
    output.diagnostics.push(...statics.diagnostics);
    const errors = output.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) sayIfForeignSite(paths.root, paths.cwd, logger);
    // The same messages as `bantin check`, code frames included.
    if (output.diagnostics.length > 0) logger.error(formatDiagnostics(output.diagnostics, await withAllTexts(output.diagnostics, output.texts, paths.cwd)));
    const refused = refusal(output.diagnostics, output.pages.length, Boolean(options.strict));
    if (refused) {
      logger.error(`\n${refused} ${kept}`);
      return 1;
    }
    const files: OutputFile[] = [
      ...(writer ? [] : output.pages.map((p) => ({ path: p.path, contents: p.contents }))),
      ...output.files.map((f) => ('spilled' in f ? { path: f.path, spilled: f.spilled } : { path: f.path, contents: f.contents })),
      ...[...site.copies].map(([path, abs]) => ({ path, copyFrom: abs })),
      ...site.images,
      ...statics.files,
    ];
    // A file copied as it is (static/, the theme) on the path of a file bantin makes (a feed, the
    // search index): refused here, where the generated files are known, instead of a stack in writeSite.
    const clashes = staticClashes([...files, ...(writer ? output.pages : [])], site.copies, paths.cwd);
    if (clashes.length > 0) {
      logger.error(formatDiagnostics(clashes));
      logger.error(`\nDựng trang thất bại: ${clashes.length} lỗi. ${kept}`);
      return 1;
    }
    const written = files.length + (writer ? output.pages.length : 0);
    if (writer) {
      // The search index's bytes (made on its thread, each file in a buffer of its own) are moved to the writer, not copied.
      const index = (f: OutputFile) => f.path.startsWith(SEARCH_INDEX_ROOT) && 'contents' in f && typeof f.contents !== 'string';
      writer.add(files.filter((f) => !index(f) && !('copyFrom' in f && copied.get(f.path) === f.copyFrom)));
      writer.add(files.filter(index), { move: true });
      const done = writer;
      writer = undefined;
      await Promise.all([done.commit(), site.cacheSaved]);
    } else await Promise.all([writeSite(out, files, options.write), site.cacheSaved]);
    logger.info(summaryLine(site, written, performance.now() - started));
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      sayIfForeignSite(paths.root, paths.cwd, logger);
      logger.error(formatDiagnostics(e.diagnostics, await withAllTexts(e.diagnostics, new Map(), paths.cwd)));
      logger.error(`
Dựng trang thất bại. ${kept}`);
      return 1;
    }
    throw e;
  } finally {
    // Not committed: a failed build leaves nothing of itself.
    await writer?.abort();
    await saving;
    await site?.close();
    searchSpill?.close();
    await lock?.release();
  }
}

/** Why a built site must not be written (errors, no page, warnings under --strict), or undefined. */
function refusal(diagnostics: readonly Diagnostic[], pages: number, strict: boolean): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0 || pages === 0) return `Dựng trang thất bại: ${errors} lỗi, ${diagnostics.length - errors} cảnh báo.`;
  if (strict && diagnostics.length > 0) return `Dựng trang thất bại vì --strict: ${diagnostics.length} cảnh báo (sửa chúng, hoặc dựng không có --strict).`;
  return undefined;
}

/** One draft or scheduled article for messages: `tin/hop-dan.md — 01/06/2025 08:00`. */
export function leftOutEntry(entry: LeftOut, timeZone: string): string {
  return `${entry.source} — ${formatShortDate(entry.date, timeZone, true)}`;
}

/** The build's last line: published, pages written, what was left out (named), time taken. */
export function summaryLine(site: LoadedSite, written: number, ms: number): string {
  const { output, config } = site;
  const drafts = output.leftOut.filter((l) => l.reason === 'draft');
  const scheduled = output.leftOut.filter((l) => l.reason === 'scheduled');
  const parts = [`Đã đăng ${output.published} bài`, `ghi ${output.pages.length} trang (${written} tệp)`];
  const warnings = output.diagnostics.filter((d) => d.severity === 'warning').length;
  if (drafts.length > 0) parts.push(`bỏ qua ${drafts.length} bản nháp (${drafts.map((d) => leftOutEntry(d, config.timeZone)).join(', ')})`);
  else parts.push('0 bản nháp');
  if (scheduled.length > 0) {
    parts.push(`${scheduled.length} bài hẹn giờ chưa đăng (${scheduled.map((d) => leftOutEntry(d, config.timeZone)).join(', ')})`);
  } else parts.push('0 bài hẹn giờ');
  if (warnings > 0) parts.push(`${warnings} cảnh báo`);
  const note = config.outputs.discovery ? feedsNote(config) : undefined;
  if (note) parts.push(note);
  if (site.stats.cached > 0) parts.push(`${site.stats.cached}/${site.stats.articles} bài lấy từ bộ nhớ đệm`);
  const images = site.stats.images;
  if (images && images.images > 0) parts.push(`${images.images} ảnh (${images.encoded} xử lý mới, ${images.cached} lấy từ bộ nhớ đệm)`);
  if (images && images.cleaned > 0) parts.push(`${images.cleaned} ảnh không bài nào dùng đã được xoá thông tin kèm theo (vị trí GPS, máy chụp)`);
  return `${parts.join(', ')}; xong trong ${(ms / 1000).toFixed(2)} giây.`;
}



/**
 * A Hugo or Jekyll tree built as it is gives dozens of errors that are only symptoms: say first,
 * in one line, how to import it.
 */
export function sayIfForeignSite(root: string, cwd: string, logger: Logger): void {
  const foreign = detectForeignSite(root, [], displayPath(cwd, root));
  if (foreign) logger.error(`${foreign.message}\n`);
}

/** The trusted `static/` folder and the browser editor's bundle (src/cms/static-files.ts). */
async function staticOutputsOf(site: LoadedSite) {
  const { output, paths } = site;
  const taken = new Set([...output.pages.map((p) => p.path), ...output.files.map((f) => f.path), ...site.copies.keys(), ...site.images.map((f) => f.path)]);
  return staticOutputs(paths.root, taken, (abs) => displayPath(paths.cwd, abs));
}

/** Files copied as they are whose output path is also a file bantin makes: BT131 at the copied file. */
export function staticClashes(files: readonly OutputFile[], copies: ReadonlyMap<string, string>, cwd: string): Diagnostic[] {
  const made = new Set(files.filter((f) => !('copyFrom' in f)).map((f) => f.path));
  const out: Diagnostic[] = [];
  for (const [path, abs] of copies) {
    if (!made.has(path)) continue;
    const shown = displayPath(cwd, abs);
    out.push(error('BT131', shown, `Tệp "${shown}" trùng chỗ với một tệp do bantin tạo ra (${path}).`, 'Đổi tên hoặc chuyển tệp này sang thư mục khác trong static/.'));
  }
  return out;
}
