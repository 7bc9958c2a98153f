import { lstat, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { libraryVersions, TOOL_VERSION } from '../version.js';
import { articleCacheFile, hasArticleCache, loadArticleCache, saveArticleCache, type CacheFile } from '../cache/article-cache.js';
import { loadRelatedCache, relatedCacheFile, saveRelatedCache } from '../cache/related-cache.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/types.js';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { prepareImages, type ImageStats } from '../images/process-images.js';
import type { OutputFile } from '../output/write-output.js';
import { articleCacheKey, articleSettings, buildSiteOutput, type ArticleCache, type MarkdownSource, type SiteOutput } from '../pipeline.js';
import { decodeSource } from '../text/decode.js';
import { setFlagsFromString } from 'node:v8';
import { SpillFile } from '../cache/spill-file.js';
import { PARALLEL_THRESHOLD, prefillInParallel, startArticleWorkers } from '../workers/parallel-parse.js';
import { loadTheme, type LoadedTheme } from './load-theme.js';
import { resolvePaths, type SiteOptions, type SitePaths } from './paths.js';
import { readBytesSync, scanFolder, type ScannedFile } from './scan.js';
import { readMarkdownFiles } from './read-sources.js';
import { displayPath } from '../util/paths.js';
import { cacheFolderProblem } from '../cache/trust.js';
import { checkContentFile, isMarkdownPath, SNIFF_BYTES } from '../content/file-types.js';

export interface LoadedSite {
  readonly paths: SitePaths;
  readonly config: ResolvedConfig;
  readonly output: SiteOutput;
  /** Content files copied as they are: output path → absolute source. */
  readonly copies: Map<string, string>;
  /** Prefix that turns a content-relative path into the displayed one, e.g. `content/`. */
  readonly contentLabel: string;
  /** Articles whose per-article stage came from the cache, and how many ran on worker threads; images processed; bytes of bodies and texts parked (0: none). */
  readonly stats: { readonly articles: number; readonly cached: number; readonly parallel: number; readonly images?: ImageStats | undefined; readonly parkedBytes: number };
  /** Image variants to write (src/images/process-images.ts); the originals they replace are not in `copies`. */
  readonly images: OutputFile[];
  /** The article cache being saved (never rejects): await it before the process ends. */
  readonly cacheSaved: Promise<void>;
  /**
   * Once everything of this site is written (pages, files, the cache): frees what the build kept
   * until then (the spill file of parked bodies, see `SiteOptions.parkBodies`). Never rejects.
   */
  close(): Promise<void>;
}

/** From this many Markdown files, a build parks bodies and texts outside the heap (content/parked-body.ts). */
export const PARK_THRESHOLD = 20_000;

/**
 * While a parked build renders: the heap may grow by this percentage over what a full collection
 * left, instead of V8's own factor (up to ×4 for a large heap: 1.2 GB live grew to 2.7 GB before
 * it collected, at 100,000 articles). Costs collections; only for sites past `PARK_THRESHOLD`.
 * At 100,000 articles: 20 % gave a peak of 2.44 GB in 214 s, 10 % 2.34 GB in 200 s (one run each).
 */
const PARKED_HEAP_GROWTH_PERCENT = 10;

/** A site as read from disk, before the pure pipeline. */
export interface SiteSources {
  readonly paths: SitePaths;
  readonly config: ResolvedConfig;
  /** Text of the config file (for code frames), when there is one. */
  readonly configText: string | undefined;
  /** Problems of the config that do not stop the build, then of the content and theme scans. */
  readonly diagnostics: Diagnostic[];
  /** Whether the scans found problems that stop the build (pages must not be written). */
  readonly scanFailed: boolean;
  readonly markdown: MarkdownSource[];
  /** Content-relative paths of the other content files. */
  readonly assets: string[];
  /** Size in bytes of every content file, by content-relative path. */
  readonly assetSizes: Map<string, number>;
  /** Files copied as they are (content files, then theme assets): output path → absolute source. */
  readonly copies: Map<string, string>;
  readonly theme: LoadedTheme;
  /** Output paths of the files of the trusted `static/` folder (their sources are in `copies`). */
  readonly staticFiles: string[];
  /** Prefix that turns a content-relative path into the displayed one, e.g. `content/`. */
  readonly contentLabel: string;
  /** Absolute path → path shown to the user (relative to the working folder when inside it). */
  readonly display: (abs: string) => string;
}

/**
 * Read and resolve a site's config (`bantin.yaml`, or none). Throws UserError when it cannot be
 * read or has errors; `diagnostics` are its warnings.
 */
export async function readConfig(
  paths: SitePaths,
  options: Pick<SiteOptions, 'baseUrl'>,
): Promise<{ config: ResolvedConfig; configText: string | undefined; diagnostics: Diagnostic[]; display: (abs: string) => string }> {
  const display = (abs: string) => displayPath(paths.cwd, abs);
  let configText: string | undefined;
  const configLabel = paths.config ? display(paths.config) : 'bantin.yaml';
  if (paths.config) {
    let bytes: Buffer;
    try {
      bytes = await readFile(paths.config);
    } catch {
      throw new UserError([error('BT203', configLabel, `Không đọc được tệp cấu hình "${configLabel}".`, 'Kiểm tra đường dẫn sau --config.')]);
    }
    const decoded = decodeSource(configLabel, bytes);
    if (decoded.text === undefined) throw new UserError(decoded.diagnostics);
    configText = decoded.text;
  }
  const resolved = resolveConfig(configText, configLabel, { baseUrl: options.baseUrl });
  if (!resolved.config) throw new UserError(resolved.diagnostics);
  return { config: resolved.config, configText, diagnostics: resolved.diagnostics, display };
}

/** A site as scanned: what `SiteSources` holds but the Markdown files' bytes (read by `readMarkdownFiles`). */
export type ScannedSite = Omit<SiteSources, 'markdown'> & { readonly markdownFiles: readonly ScannedFile[] };

/**
 * Read a site's config, content and theme from disk. Throws UserError for problems that stop
 * everything before content is read (config, missing content folder).
 */
export async function readSite(options: SiteOptions): Promise<SiteSources> {
  const scanned = await scanSite(options);
  return withMarkdown(scanned, await readMarkdownFiles(scanned.markdownFiles, scanned.display));
}

/** A scanned site with the bytes of its Markdown files: its sources. */
function withMarkdown(scanned: ScannedSite, markdown: MarkdownSource[]): SiteSources {
  const { markdownFiles: _listed, ...rest } = scanned;
  return { ...rest, markdown };
}

/** `readSite` but for the bytes of the Markdown files: their list, to read when the caller is ready. */
export async function scanSite(options: SiteOptions): Promise<ScannedSite> {
  const paths = resolvePaths(options);
  const { config, configText, display, diagnostics: configDiagnostics } = await readConfig(paths, options);

  // Content.
  const contentInfo = await stat(paths.content).catch(() => undefined);
  if (!contentInfo?.isDirectory()) {
    throw new UserError([
      error('BT005', display(paths.content), `Không tìm thấy thư mục nội dung "${display(paths.content)}".`, 'Tạo thư mục content và đặt các bài viết .md vào đó, hoặc chỉ đường bằng --content.'),
    ]);
  }
  const scanned = await scanFolder(paths.content, display, options.scan);
  const contentLabel = `${display(paths.content)}/`.replace(/^\.\//, '');
  const assets: string[] = [];
  const assetSizes = new Map<string, number>();
  const copies = new Map<string, string>();
  // The trust boundary: content holds Markdown and an allowlist of media and documents, checked by their bytes.
  const typeDiagnostics: Diagnostic[] = [];
  const markdownFiles = scanned.files.filter((file) => {
    if (isMarkdownPath(file.path)) {
      assetSizes.set(file.path, file.size);
      return true;
    }
    const refused = checkContentFile(file.path, readBytesSync(file.abs, display, SNIFF_BYTES), contentLabel + file.path);
    if (refused) {
      // Never copied; still known, so links to it are not reported a second time as missing.
      typeDiagnostics.push(refused);
      assets.push(file.path);
      return false;
    }
    assetSizes.set(file.path, file.size);
    assets.push(file.path);
    copies.set(file.path, file.abs);
    return false;
  });

  const theme = await loadTheme(paths.templates, display);
  for (const [path, abs] of theme.assets) copies.set(path, abs);
  // The trusted static/ folder: copied as it is to the output root (reviewed like templates/).
  const statics = await readStatic(paths.static, display);
  for (const [path, abs] of statics.files) copies.set(path, abs);
  const scanDiagnostics = [...scanned.diagnostics, ...typeDiagnostics, ...theme.diagnostics, ...statics.diagnostics];
  return {
    paths,
    config,
    configText,
    diagnostics: [...configDiagnostics, ...scanDiagnostics],
    scanFailed: scanDiagnostics.length > 0,
    markdownFiles,
    assets,
    assetSizes,
    copies,
    theme,
    staticFiles: [...statics.files.keys()],
    contentLabel,
    display,
  };
}

/** The files of the trusted `static/` folder (output path → absolute source); none when it does not exist. */
export async function readStatic(folder: string, display: (abs: string) => string): Promise<{ files: Map<string, string>; diagnostics: Diagnostic[] }> {
  const files = new Map<string, string>();
  const info = await lstat(folder).catch(() => undefined);
  if (!info) return { files, diagnostics: [] };
  if (!info.isDirectory()) {
    return { files, diagnostics: [error('BT010', display(folder), `"${display(folder)}" không phải là thư mục.`, 'Thư mục static/ chứa các tệp đăng nguyên dạng; xoá hoặc đổi tên tệp này.')] };
  }
  const scanned = await scanFolder(folder, display);
  for (const f of scanned.files) files.set(f.path, f.abs);
  return { files, diagnostics: scanned.diagnostics };
}

/**
 * Read a site from disk and run the pure pipeline on it. Throws UserError for problems that stop
 * the build before content is read (config, missing folders); content problems are in `output.diagnostics`.
 *
 * Long: the build's edge in order (cache, parked bodies, Markdown workers, images, the pure pipeline, the cache save, the embargo), in one try so the spill file it opens is closed whatever throws; each step is a few lines over the same sources.
 */
export async function loadAndBuild(options: SiteOptions, cache?: ArticleCache): Promise<LoadedSite> {
  const scanned = await scanSite(options);
  const { paths, config, theme } = scanned;
  // Many sources are read on a thread of their own while this one loads the cache (read-sources.ts).
  const reading = readMarkdownFiles(scanned.markdownFiles, scanned.display);
  reading.catch(() => undefined); // Awaited below; not an unhandled rejection meanwhile.

  // The per-article stage: from the cache when the source is unchanged, on worker threads when
  // there is enough new work, else inside the pipeline below.
  const cacheDir = await usableCacheFolder(options, paths);
  const persistent = cache === undefined && cacheDir !== undefined ? await persistentCacheFile(options, paths) : undefined;
  // In the cache's folder when there is one (on disk; the system's temporary folder may be memory).
  const park = (options.parkBodies ?? scanned.markdownFiles.length >= PARK_THRESHOLD) ? SpillFile.open(cacheDir) : undefined;
  // A cold build of many articles: the Markdown workers start now and load their modules while
  // this thread reads the sources (about 0.4 s of a 10,000-article build).
  const cold = cache === undefined && (persistent === undefined || !hasArticleCache(persistent));
  const early = options.threads !== 1 && cold && scanned.markdownFiles.length >= PARALLEL_THRESHOLD ? startArticleWorkers(options.threads) : undefined;
  try {
    // The related lists of the last build, read while the article cache is: taken if nothing they depend on changed.
    const relatedFile = persistent ? relatedCacheFile(persistent.dir, TOOL_VERSION) : undefined;
    const [articleCache, previousRelated, markdown] = await Promise.all([
      cache ?? (persistent ? loadArticleCache(persistent, { park }) : new Map()),
      relatedFile === undefined ? undefined : loadRelatedCache(relatedFile),
      reading,
    ]);
    const sources = withMarkdown(scanned, markdown);
    const settings = articleSettings(config);
    const cachedBefore = markdown.filter((m) => articleCache.has(articleCacheKey(m, settings))).length;
    const parallel = options.threads === 1 ? 0 : await prefillInParallel(markdown, settings, articleCache, { park, workers: early, ...(options.threads ? { threads: options.threads, threshold: 0 } : {}) });
    // Responsive variants of the images articles use, cached by digest beside the article cache.
    const images = await prepareImages({
      config,
      markdown,
      settings,
      cache: articleCache,
      assets: sources.assets,
      copies: sources.copies,
      cacheDir: cacheDir === undefined ? undefined : resolve(cacheDir, 'images'),
      onEncode: options.onImageEncode,
    });
    for (const path of images?.replaced ?? []) sources.copies.delete(path);
    // The embargo: files only drafts and scheduled articles use wait for them, with every variant.
    const withheld = new Set<string>();
    const embargo = (paths: readonly string[]) => {
      for (const path of paths) {
        withheld.add(path);
        const record = images?.manifest.images.get(path);
        for (const v of record ? [...record.variants, ...(record.og ? [record.og] : [])] : []) withheld.add(v.path);
        sources.copies.delete(path);
      }
    };

    const articles = markdown.length;
    // The Markdown workers are done: from here on, a parked build keeps its heap close to what it holds.
    if (park) setFlagsFromString(`--heap-growing-percent=${PARKED_HEAP_GROWTH_PERCENT}`);
    const output = buildSiteOutput(
      {
        config,
        // Moved out of `sources`: the pipeline frees them once read (`releaseSources`).
        markdown: markdown.splice(0),
        releaseSources: true,
        assets: sources.assets,
        assetSizes: sources.assetSizes,
        templates: theme.templates,
        themeAssets: [...theme.assets.keys()],
        staticFiles: sources.staticFiles,
        options: { drafts: Boolean(options.drafts), future: Boolean(options.future), now: options.now ?? Date.now() },
        contentLabel: sources.contentLabel,
        images: images?.manifest,
        encodePages: options.encodePages,
        onPage: options.onPage,
        onModel: options.onCopies
          ? (withheldPaths: readonly string[]) => {
              embargo(withheldPaths);
              options.onCopies!(sources.copies);
            }
          : undefined,
        searchIndexer: options.searchIndexer,
        park,
        previousRelated,
      },
      articleCache,
    );
    // Only an accelerator: a cache that cannot be written slows the next build, nothing more. Saved
    // while the caller writes the site (the writes wait on the disk, the cache's encoding on the CPU).
    const cacheSaved = persistent
      ? Promise.all([
          saveArticleCache(persistent, output.used, articleCache).catch(() => undefined),
          relatedFile !== undefined && output.related && !output.related.reused ? saveRelatedCache(relatedFile, output.related.memo).catch(() => undefined) : undefined,
        ]).then(() => undefined)
      : Promise.resolve();
    embargo(output.withheld);
    output.diagnostics.unshift(...sources.diagnostics);
    if (sources.scanFailed) output.pages.length = 0;
    if (sources.scanFailed) output.files.length = 0;
    return {
      paths,
      config,
      output,
      copies: sources.copies,
      contentLabel: sources.contentLabel,
      stats: { articles, cached: cachedBefore, parallel, images: images?.stats, parkedBytes: park?.bytes ?? 0 },
      images: (images?.outputs ?? []).filter((f) => !withheld.has(f.path)),
      cacheSaved,
      close: async () => {
        await cacheSaved;
        releasePark(park);
      },
    };
  } catch (e) {
    // Nothing was handed out: the spill file is this function's to close, the early workers to stop.
    releasePark(park);
    for (const worker of early ?? []) void worker.terminate();
    throw e;
  }
}

/** The end of a parked build: V8 decides the heap's growth again (0), the spill file is closed. */
function releasePark(park: SpillFile | undefined): void {
  if (!park) return;
  setFlagsFromString('--heap-growing-percent=0');
  park.close();
}

/** Default folder of the build cache under the site root: where the ecosystem keeps caches, never in a repository. */
export const DEFAULT_CACHE_DIR = 'node_modules/.cache/bantin';

/** The cache folder of a site: `--cache-dir`, default ROOT/node_modules/.cache/bantin (articles, and images/ inside). */
export function cacheFolder(options: SiteOptions, paths: SitePaths): string {
  return resolve(paths.cwd, options.cacheDir || resolve(paths.root, DEFAULT_CACHE_DIR));
}

/**
 * The cache folder when it may be used: not turned off, and neither it nor a folder between the
 * site root and it is a symbolic link (which would make the build read and write elsewhere).
 */
export async function usableCacheFolder(options: SiteOptions, paths: SitePaths): Promise<string | undefined> {
  if (options.cacheDir === false) return undefined;
  const dir = cacheFolder(options, paths);
  return (await cacheFolderProblem(dir, paths.root)) === undefined ? dir : undefined;
}

/** Where the persistent article cache of a site lives, or undefined when there is none to use (see `usableCacheFolder`). */
export async function persistentCacheFile(options: SiteOptions, paths: SitePaths): Promise<CacheFile | undefined> {
  const dir = await usableCacheFolder(options, paths);
  return dir === undefined ? undefined : articleCacheFile(dir, TOOL_VERSION, await libraryVersions());
}

/**
 * The build keeps the text of files whose own stage found problems; site-wide problems (broken
 * links, duplicate URLs) are in other files: read those too, so every message shows its line.
 */
export async function withAllTexts(diagnostics: readonly Diagnostic[], texts: ReadonlyMap<string, string>, cwd: string): Promise<ReadonlyMap<string, string>> {
  const all = new Map(texts);
  for (const file of new Set(diagnostics.filter((d) => d.line !== undefined).map((d) => d.file))) {
    if (all.has(file)) continue;
    const bytes = await readFile(resolve(cwd, file)).catch(() => undefined);
    const text = bytes ? decodeSource(file, bytes).text : undefined;
    if (text !== undefined) all.set(file, text);
  }
  return all;
}
