import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/types.js';
import { articleCacheKey, articleSettings, buildSiteOutput, type ArticleCache, type MarkdownSource, type SiteOutput } from '../core/build.js';
import { articleCacheFile, loadArticleCache, saveArticleCache, type CacheFile } from '../io/article-cache.js';
import { prefillInParallel } from '../io/parallel-parse.js';
import { prepareImages, type ImageStats, type ProcessOptions } from '../io/images.js';
import { libraryVersions, TOOL_VERSION } from '../version.js';
import { formatShortDate } from '../core/dates.js';
import type { LeftOut } from '../core/site.js';
import { decodeSource } from '../core/source.js';
import { feedsNote } from '../core/discovery.js';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { loadTheme, type LoadedTheme } from '../io/load-theme.js';
import { readBytesSync, scanFolder } from '../io/read-sources.js';
import { checkOutputDir, recoverOutput, writeSite, type OutputFile } from '../io/write-output.js';
import { acquireOutputLock, type OutputLock } from '../io/lock.js';
import type { Logger } from '../logger.js';

/** Options shared by every command that reads a site. */
export interface SiteOptions {
  root?: string | undefined;
  content?: string | undefined;
  templates?: string | undefined;
  config?: string | undefined;
  baseUrl?: string | undefined;
  drafts?: boolean | undefined;
  future?: boolean | undefined;
  /** Working folder that relative paths start from (default: process.cwd()). */
  cwd?: string | undefined;
  /** The build's start (default: now); tests fix it. */
  now?: number | undefined;
  /** Folder of the persistent article cache (default ROOT/.cache/bantin); false turns it off. */
  cacheDir?: string | false | undefined;
  /** Worker threads for Markdown (default: decided by the amount of uncached work); 1 turns them off. */
  threads?: number | undefined;
  /** Called each time an image is encoded, not taken from the cache (tests count encodes). */
  onImageEncode?: ProcessOptions['onEncode'];
  /** Keep rendered pages as UTF-8 bytes, as writing them needs (see `SiteInput.encodePages`). */
  encodePages?: boolean | undefined;
}

export interface BuildCommandOptions extends SiteOptions {
  out?: string | undefined;
  /** Fail on warnings too (`--strict`), as `bantin check --strict` does. */
  strict?: boolean | undefined;
}

export interface SitePaths {
  readonly cwd: string;
  readonly root: string;
  readonly content: string;
  readonly templates: string | undefined;
  readonly config: string | undefined;
  readonly configGiven: boolean;
}

/** Resolve the folders of a site; command-line paths are relative to the working folder. */
export function resolvePaths(options: SiteOptions): SitePaths {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = resolve(cwd, options.root ?? '.');
  const content = options.content ? resolve(cwd, options.content) : resolve(root, 'content');
  const templatesDefault = resolve(root, 'templates');
  const templates = options.templates ? resolve(cwd, options.templates) : existsSync(templatesDefault) ? templatesDefault : undefined;
  const configDefault = resolve(root, 'bantin.yaml');
  const config = options.config ? resolve(cwd, options.config) : existsSync(configDefault) ? configDefault : undefined;
  return { cwd, root, content, templates, config, configGiven: Boolean(options.config) };
}

export interface LoadedSite {
  readonly paths: SitePaths;
  readonly config: ResolvedConfig;
  readonly output: SiteOutput;
  /** Content files copied as they are: output path → absolute source. */
  readonly copies: Map<string, string>;
  /** Prefix that turns a content-relative path into the displayed one, e.g. `content/`. */
  readonly contentLabel: string;
  /** Articles whose per-article stage came from the cache, and how many ran on worker threads; images processed. */
  readonly stats: { readonly articles: number; readonly cached: number; readonly parallel: number; readonly images?: ImageStats | undefined };
  /** Image variants to write (src/io/images.ts); the originals they replace are not in `copies`. */
  readonly images: OutputFile[];
}

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
  const display = (abs: string) => {
    const rel = relative(paths.cwd, abs).split('\\').join('/');
    return rel.startsWith('..') ? abs : rel || '.';
  };
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

/**
 * Read a site's config, content and theme from disk. Throws UserError for problems that stop
 * everything before content is read (config, missing content folder).
 */
export async function readSite(options: SiteOptions): Promise<SiteSources> {
  const paths = resolvePaths(options);
  const { config, configText, display, diagnostics: configDiagnostics } = await readConfig(paths, options);

  // Content.
  const contentInfo = await stat(paths.content).catch(() => undefined);
  if (!contentInfo?.isDirectory()) {
    throw new UserError([
      error('BT005', display(paths.content), `Không tìm thấy thư mục nội dung "${display(paths.content)}".`, 'Tạo thư mục content và đặt các bài viết .md vào đó, hoặc chỉ đường bằng --content.'),
    ]);
  }
  const scanned = await scanFolder(paths.content, display);
  const contentLabel = `${display(paths.content)}/`.replace(/^\.\//, '');
  const assets: string[] = [];
  const assetSizes = new Map<string, number>();
  const copies = new Map<string, string>();
  const markdownFiles = scanned.files.filter((file) => {
    assetSizes.set(file.path, file.size);
    if (/\.md$/i.test(file.path)) return true;
    assets.push(file.path);
    copies.set(file.path, file.abs);
    return false;
  });
  const markdown = markdownFiles.map((file) => ({ path: file.path, bytes: readBytesSync(file.abs) }));

  const theme = await loadTheme(paths.templates, display);
  for (const [path, abs] of theme.assets) copies.set(path, abs);
  return {
    paths,
    config,
    configText,
    diagnostics: [...configDiagnostics, ...scanned.diagnostics, ...theme.diagnostics],
    scanFailed: scanned.diagnostics.length > 0 || theme.diagnostics.length > 0,
    markdown,
    assets,
    assetSizes,
    copies,
    theme,
    contentLabel,
    display,
  };
}

/**
 * Read a site from disk and run the pure pipeline on it. Throws UserError for problems that stop
 * the build before content is read (config, missing folders); content problems are in `output.diagnostics`.
 */
export async function loadAndBuild(options: SiteOptions, cache?: ArticleCache): Promise<LoadedSite> {
  const sources = await readSite(options);
  const { paths, config, markdown, theme } = sources;

  // The per-article stage: from the cache when the source is unchanged, on worker threads when
  // there is enough new work, else inside the pipeline below.
  const persistent = cache === undefined && options.cacheDir !== false ? persistentCacheFile(options, paths) : undefined;
  const articleCache: ArticleCache = cache ?? (persistent ? await loadArticleCache(await persistent) : new Map());
  const settings = articleSettings(config);
  const cachedBefore = markdown.filter((m) => articleCache.has(articleCacheKey(m, settings))).length;
  const parallel = options.threads === 1 ? 0 : await prefillInParallel(markdown, settings, articleCache, options.threads ? { threads: options.threads, threshold: 0 } : {});
  // Responsive variants of the images articles use, cached by digest beside the article cache.
  const images = await prepareImages({
    config,
    markdown,
    settings,
    cache: articleCache,
    assets: sources.assets,
    copies: sources.copies,
    cacheDir: options.cacheDir === false ? undefined : resolve(cacheFolder(options, paths), 'images'),
    onEncode: options.onImageEncode,
  });
  for (const path of images?.replaced ?? []) sources.copies.delete(path);

  const output = buildSiteOutput(
    {
      config,
      markdown,
      assets: sources.assets,
      assetSizes: sources.assetSizes,
      templates: theme.templates,
      themeAssets: [...theme.assets.keys()],
      options: { drafts: Boolean(options.drafts), future: Boolean(options.future), now: options.now ?? Date.now() },
      contentLabel: sources.contentLabel,
      // Hidden switch for measuring what discovery (tags, archives, feeds, search…) costs: BANTIN_DISCOVERY=0.
      discovery: process.env.BANTIN_DISCOVERY !== '0',
      images: images?.manifest,
      encodePages: options.encodePages,
    },
    articleCache,
  );
  if (persistent) {
    // Only an accelerator: a cache that cannot be written slows the next build, nothing more.
    await saveArticleCache(await persistent, output.used).catch(() => undefined);
  }
  output.diagnostics.unshift(...sources.diagnostics);
  if (sources.scanFailed) output.pages.length = 0;
  if (sources.scanFailed) output.files.length = 0;
  return {
    paths,
    config,
    output,
    copies: sources.copies,
    contentLabel: sources.contentLabel,
    stats: { articles: markdown.length, cached: cachedBefore, parallel, images: images?.stats },
    images: images?.outputs ?? [],
  };
}

/** The cache folder of a site: `--cache-dir`, default ROOT/.cache/bantin (articles, and images/ inside). */
export function cacheFolder(options: SiteOptions, paths: SitePaths): string {
  return resolve(paths.cwd, options.cacheDir || resolve(paths.root, '.cache/bantin'));
}

/** Where the persistent article cache of a site lives (`--cache-dir`, default ROOT/.cache/bantin). */
export async function persistentCacheFile(options: SiteOptions, paths: SitePaths): Promise<CacheFile> {
  return articleCacheFile(cacheFolder(options, paths), TOOL_VERSION, await libraryVersions());
}

/** `bantin build`: returns the exit code (0 written, 1 content/config/template errors). */
export async function runBuild(options: BuildCommandOptions, logger: Logger): Promise<number> {
  const started = performance.now();
  const paths = resolvePaths(options);
  const out = options.out ? resolve(paths.cwd, options.out) : resolve(paths.root, 'dist');
  let lock: OutputLock | undefined;
  try {
    const readFolders = [paths.content, ...(paths.templates ? [paths.templates] : [])];
    for (const dir of readFolders) {
      if (out !== dir && isInside(out, dir)) {
        const shown = (abs: string) => {
          const rel = relative(paths.cwd, abs).split(sep).join('/');
          return rel.startsWith('..') || isAbsolute(rel) ? abs : rel || '.';
        };
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
    lock = await acquireOutputLock(out);
    await recoverOutput(out);
    const site = await loadAndBuild({ ...options, encodePages: true });
    const { output } = site;
    const errors = output.diagnostics.filter((d) => d.severity === 'error');
    if (output.diagnostics.length > 0) logger.error(formatDiagnostics(output.diagnostics, output.texts));
    if (errors.length > 0 || output.pages.length === 0) {
      logger.error(`\nBuild thất bại: ${errors.length} lỗi, ${output.diagnostics.length - errors.length} cảnh báo. Trang web cũ trong "${relative(paths.cwd, out) || '.'}" được giữ nguyên.`);
      return 1;
    }
    if (options.strict && output.diagnostics.length > 0) {
      logger.error(`\nBuild thất bại vì --strict: ${output.diagnostics.length} cảnh báo (sửa chúng, hoặc dựng không có --strict). Trang web cũ trong "${relative(paths.cwd, out) || '.'}" được giữ nguyên.`);
      return 1;
    }
    const files: OutputFile[] = [
      ...output.pages.map((p) => ({ path: p.path, contents: p.contents })),
      ...output.files.map((f) => ({ path: f.path, contents: f.contents })),
      ...[...site.copies].map(([path, abs]) => ({ path, copyFrom: abs })),
      ...site.images,
    ];
    await writeSite(out, files);
    logger.info(summaryLine(site, files.length, performance.now() - started));
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      logger.error(formatDiagnostics(e.diagnostics));
      logger.error('\nBuild thất bại; trang web cũ được giữ nguyên.');
      return 1;
    }
    throw e;
  } finally {
    await lock?.release();
  }
}

/** True when `child` is `parent` or lies inside it (absolute paths). */
function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
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
  const note = feedsNote(config);
  if (note) parts.push(note);
  if (site.stats.cached > 0) parts.push(`${site.stats.cached}/${site.stats.articles} bài lấy từ bộ nhớ đệm`);
  const images = site.stats.images;
  if (images && images.images > 0) parts.push(`${images.images} ảnh (${images.encoded} xử lý mới, ${images.cached} lấy từ bộ nhớ đệm)`);
  if (images && images.cleaned > 0) parts.push(`${images.cleaned} ảnh không bài nào dùng đã được xoá thông tin kèm theo (vị trí GPS, máy chụp)`);
  return `${parts.join(', ')}; xong trong ${(ms / 1000).toFixed(2)} giây.`;
}


