import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/types.js';
import { articleCacheKey, articleSettings, buildSiteOutput, type ArticleCache, type SiteOutput } from '../core/build.js';
import { articleCacheFile, loadArticleCache, saveArticleCache } from '../io/article-cache.js';
import { prefillInParallel } from '../io/parallel-parse.js';
import { libraryVersions, TOOL_VERSION } from '../version.js';
import { formatShortDate } from '../core/dates.js';
import { decodeSource } from '../core/source.js';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { loadTheme } from '../io/load-theme.js';
import { readBytes, scanFolder } from '../io/read-sources.js';
import { checkOutputDir, writeSite, type OutputFile } from '../io/write-output.js';
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
}

export interface BuildCommandOptions extends SiteOptions {
  out?: string | undefined;
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
  /** Articles whose per-article stage came from the cache, and how many ran on worker threads. */
  readonly stats: { readonly articles: number; readonly cached: number; readonly parallel: number };
}

/**
 * Read a site from disk and run the pure pipeline on it. Throws UserError for problems that stop
 * the build before content is read (config, missing folders); content problems are in `output.diagnostics`.
 */
export async function loadAndBuild(options: SiteOptions, cache?: ArticleCache): Promise<LoadedSite> {
  const paths = resolvePaths(options);
  const display = (abs: string) => {
    const rel = relative(paths.cwd, abs).split('\\').join('/');
    return rel.startsWith('..') ? abs : rel || '.';
  };

  // Config.
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
  const config = resolved.config;

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
  const copies = new Map<string, string>();
  const markdownFiles = scanned.files.filter((file) => {
    if (/\.md$/i.test(file.path)) return true;
    assets.push(file.path);
    copies.set(file.path, file.abs);
    return false;
  });
  const markdown = await mapLimit(markdownFiles, 64, async (file) => ({ path: file.path, bytes: await readBytes(file.abs) }));

  // The per-article stage: from the cache when the source is unchanged, on worker threads when
  // there is enough new work, else inside the pipeline below.
  const persistent = cache === undefined && options.cacheDir !== false ? articleCacheFile(resolve(paths.cwd, options.cacheDir || resolve(paths.root, '.cache/bantin')), TOOL_VERSION, await libraryVersions()) : undefined;
  const articleCache: ArticleCache = cache ?? (persistent ? await loadArticleCache(persistent) : new Map());
  const settings = articleSettings(config);
  const cachedBefore = markdown.filter((m) => articleCache.has(articleCacheKey(m, settings))).length;
  const parallel = options.threads === 1 ? 0 : await prefillInParallel(markdown, settings, articleCache, options.threads ? { threads: options.threads, threshold: 0 } : {});

  const theme = await loadTheme(paths.templates, display);
  for (const [path, abs] of theme.assets) copies.set(path, abs);

  const output = buildSiteOutput(
    {
      config,
      markdown,
      assets,
      templates: theme.templates,
      themeAssets: [...theme.assets.keys()],
      options: { drafts: Boolean(options.drafts), future: Boolean(options.future), now: options.now ?? Date.now() },
      contentLabel,
    },
    articleCache,
  );
  if (persistent) {
    // Only an accelerator: a cache that cannot be written slows the next build, nothing more.
    await saveArticleCache(persistent, output.used).catch(() => undefined);
  }
  output.diagnostics.unshift(...resolved.diagnostics, ...scanned.diagnostics, ...theme.diagnostics);
  if (scanned.diagnostics.length > 0 || theme.diagnostics.length > 0) output.pages.length = 0;
  return { paths, config, output, copies, stats: { articles: markdown.length, cached: cachedBefore, parallel } };
}

/** Map with at most `limit` calls in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

/** `bantin build`: returns the exit code (0 written, 1 content/config/template errors). */
export async function runBuild(options: BuildCommandOptions, logger: Logger): Promise<number> {
  const started = performance.now();
  const paths = resolvePaths(options);
  const out = options.out ? resolve(paths.cwd, options.out) : resolve(paths.root, 'dist');
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
    const site = await loadAndBuild(options);
    const { output } = site;
    const errors = output.diagnostics.filter((d) => d.severity === 'error');
    if (output.diagnostics.length > 0) logger.error(formatDiagnostics(output.diagnostics, output.texts));
    if (errors.length > 0 || output.pages.length === 0) {
      logger.error(`\nBuild thất bại: ${errors.length} lỗi, ${output.diagnostics.length - errors.length} cảnh báo. Trang web cũ trong "${relative(paths.cwd, out) || '.'}" được giữ nguyên.`);
      return 1;
    }
    const files: OutputFile[] = [
      ...output.pages.map((p) => ({ path: p.path, contents: p.contents })),
      ...[...site.copies].map(([path, abs]) => ({ path, copyFrom: abs })),
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
  }
}

/** True when `child` is `parent` or lies inside it (absolute paths). */
function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The build's last line: published, pages written, what was left out (named), time taken. */
export function summaryLine(site: LoadedSite, written: number, ms: number): string {
  const { output, config } = site;
  const drafts = output.leftOut.filter((l) => l.reason === 'draft');
  const scheduled = output.leftOut.filter((l) => l.reason === 'scheduled');
  const parts = [`Đã đăng ${output.published} bài`, `ghi ${output.pages.length} trang (${written} tệp)`];
  const warnings = output.diagnostics.filter((d) => d.severity === 'warning').length;
  if (drafts.length > 0) parts.push(`bỏ qua ${drafts.length} bản nháp (${drafts.map((d) => d.source).join(', ')})`);
  else parts.push('0 bản nháp');
  if (scheduled.length > 0) {
    parts.push(`${scheduled.length} bài hẹn giờ chưa đăng (${scheduled.map((d) => `${d.source} — ${formatShortDate(d.date, config.timeZone, true)}`).join(', ')})`);
  } else parts.push('0 bài hẹn giờ');
  if (warnings > 0) parts.push(`${warnings} cảnh báo`);
  if (site.stats.cached > 0) parts.push(`${site.stats.cached}/${site.stats.articles} bài lấy từ bộ nhớ đệm`);
  return `${parts.join(', ')}; xong trong ${(ms / 1000).toFixed(2)} giây.`;
}


