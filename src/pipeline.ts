import type { ResolvedConfig } from './config/types.js';
import { compareDiagnostics, error, type Diagnostic } from './diagnostics/diagnostic.js';
import { parseArticle, type ArticleData, type ArticleSettings } from './content/article.js';
import { checkImageSizes } from './content/check-images.js';
import { createDiscovery } from './outputs/discovery.js';
import { redirectFiles } from './outputs/redirects.js';
import { applyMedia } from './site/media.js';
import { documentsPage } from './pages/documents-page.js';
import { planPagesLazily, type LazyPagePlan } from './pages/plan.js';
import type { StagePlan } from './pages/quick-page.js';
import { buildSite, type KeptRelated } from './site/build-site.js';
import type { RelatedMemo } from './site/related-memo.js';
import { decodeSource, digest } from './text/decode.js';
import { createTemplates, type TemplateSource } from './render/templates.js';
import { combineExtensions } from './pages/plan.js';
import { documentsOf, type BuildOptions, type LeftOut, type SiteModel } from './site/model.js';
import { type ImageManifest } from './site/images.js';
import { isParked, parkArticle, type SpilledFile, type SpillStore } from './content/parked-body.js';
import type { SearchIndexer } from './outputs/search-index.js';

/** One Markdown source as read from disk. */
export interface MarkdownSource {
  /** Path relative to the content folder, `/` separators. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface SiteInput {
  readonly config: ResolvedConfig;
  readonly markdown: readonly MarkdownSource[];
  /**
   * `markdown` is the pipeline's to empty once every article is read: their bytes (~360 MB for
   * 100,000 articles) are then freed before the pages render. The caller must hold no other reference.
   */
  readonly releaseSources?: boolean;
  /** Content-relative paths of the other content files (copied as they are). */
  readonly assets: readonly string[];
  /** Theme files: templates and `strings.yaml`. */
  readonly templates: readonly TemplateSource[];
  /** Paths (relative to the output) of the theme's static files, e.g. `assets/style.css`. */
  readonly themeAssets: readonly string[];
  /** Paths (relative to the output) of the files of the trusted `static/` folder, published as they are. */
  readonly staticFiles?: readonly string[];
  readonly options: BuildOptions;
  /** Prefix that turns a content-relative path into the path shown to the user, e.g. `content/`. */
  readonly contentLabel: string;
  /** Largest Markdown file accepted, in bytes. */
  readonly maxFileSize?: number;
  /** Size in bytes of each content file by content-relative path, for the image size check (none without it). */
  readonly assetSizes?: ReadonlyMap<string, number>;
  /** What the edge made of the images articles use (src/images/process-images.ts); absent: images stay as written. */
  readonly images?: ImageManifest | undefined;
  /**
   * Keep each rendered page as UTF-8 bytes rather than a string (for writing): a page of Vietnamese
   * text is a two-byte string in V8's heap, its bytes take half that, outside the heap. At 100,000
   * articles the pages alone would otherwise take some 2.7 GB of a 4 GB heap.
   */
  readonly encodePages?: boolean;
  /**
   * Each page as it is rendered (the build writes it while the next ones render); `pages` then
   * keeps only their paths (`contents` empty), so the pages of a large site are never all in
   * memory. Pages of a build that fails are handed over too: the caller discards them.
   */
  readonly onPage?: ((page: BuiltPage) => void) | undefined;
  /**
   * Called once, before the first page renders, with `SiteOutput.withheld` (known from the site
   * model): the caller can hand the writer the files copied as they are while the pages render,
   * instead of after them. Not called when the build already has errors.
   */
  readonly onModel?: ((withheld: readonly string[]) => void) | undefined;
  /** Makes the search index (see `SearchIndexer`); default: on this thread when first needed. */
  readonly searchIndexer?: SearchIndexer | undefined;
  /** Park each article's body and text in this spill file once read (content/parked-body.ts). */
  readonly park?: SpillStore | undefined;
  /** The related lists an earlier build kept (site/related-memo.ts): taken when still right for this site. */
  readonly previousRelated?: RelatedMemo | undefined;
}

export interface BuiltPage {
  readonly path: string;
  /** HTML, as a string, or as UTF-8 bytes when the input asked for `encodePages`. */
  readonly contents: string | Uint8Array;
}

/** A file that is not a page: its contents, or, for the search index of a large build, where its bytes were spilled. */
export type BuiltFile = BuiltPage | SpilledFile;

export interface SiteOutput {
  /** Rendered pages; empty when there are errors. */
  readonly pages: BuiltPage[];
  /** Files that are not pages (feeds, sitemap.xml, robots.txt, search index); empty when there are errors. */
  readonly files: BuiltFile[];
  readonly diagnostics: Diagnostic[];
  readonly published: number;
  /** The published articles (for `bantin check`'s look at what readers will see). */
  readonly articles: readonly ArticleData[];
  readonly leftOut: readonly LeftOut[];
  /** Decoded text of each source by displayed path, for code frames in messages. */
  readonly texts: ReadonlyMap<string, string>;
  /** The per-article results this build used, by cache key: what a persistent cache keeps. */
  readonly used: ArticleCache;
  /** Address of every published article and page (content-relative sources), made on first use. */
  readonly addresses: readonly PublishedAddress[];
  /** Content files that only unpublished articles use: not published (with their variants) until those are. */
  readonly withheld: readonly string[];
  /** The related lists of this build, to keep for the next one (see `SiteInput.previousRelated`). */
  readonly related?: KeptRelated | undefined;
}

/** Where one published article or page lives, for `check` (unpinned URLs, `--since`). */
export interface PublishedAddress {
  /** Content-relative path. */
  readonly source: string;
  /** Path under the base: `thong-bao/hop-dan/`, `gioi-thieu/`. */
  readonly url: string;
  readonly kind: 'article' | 'page';
  readonly title: string;
  /** Whether the URL is written in the file (`slug:`) rather than made from the title. */
  readonly pinned: boolean;
  /** Line of `title:` in the file. */
  readonly titleLine: number;
  /** Line of `aliases:`, when written. */
  readonly aliasesLine: number | undefined;
  /** Old addresses that redirect here (paths under the base). */
  readonly aliases: readonly string[];
}

/** The addresses of a site model's published articles and pages, by source path. */
export function addressesOf(site: SiteModel): PublishedAddress[] {
  return documentsOf(site)
    .map((a) => ({
      source: a.source,
      url: a.url,
      kind: a.kind === 'page' ? ('page' as const) : ('article' as const),
      title: a.title,
      pinned: a.lines.slug !== undefined,
      titleLine: a.lines.title ?? 1,
      aliasesLine: a.lines.aliases,
      aliases: a.aliases ?? [],
    }))
    .sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : 0));
}

/**
 * The addresses a site would publish, from its config and Markdown sources alone: the per-article
 * stage and the site model, no media, no pages rendered. Pure; for a past version of the site read
 * from git (`check --since`). Articles with errors have no address.
 */
export function plannedAddresses(config: ResolvedConfig, markdown: readonly MarkdownSource[], options: BuildOptions, cache?: ArticleCache): PublishedAddress[] {
  const settings = articleSettings(config);
  const articles: ArticleData[] = [];
  for (const source of markdown) {
    const { result } = articleStage(source, settings, DEFAULT_MAX_FILE_SIZE, cache);
    if (result.article) articles.push(result.article);
  }
  const { site } = buildSite(articles, [], config, options, { lazyRelated: true });
  return addressesOf(site);
}

/** What the per-article stage gives for one source. */
export interface ArticleResult {
  readonly article?: ArticleData;
  readonly diagnostics: Diagnostic[];
}

/** Cache of the per-article stage, keyed by `articleCacheKey`. */
export type ArticleCache = Map<string, ArticleResult>;

/** Settings of the per-article stage for a config. */
export function articleSettings(config: ResolvedConfig): ArticleSettings {
  return { timeZone: config.timeZone, basePath: config.basePath, defaultAuthor: config.defaultAuthor };
}

/**
 * The digest of each source's bytes, made once: a build asks for a source's key three times (how
 * many are cached, the Markdown workers' share, the article stage), 60 MB of hashing each at
 * 10,000 articles. A source's bytes are never changed once read (a changed file is read anew).
 */
const byteDigests = new WeakMap<Uint8Array, string>();

/** Cache key of one source: digest of its bytes, its path (links resolve from it) and the settings. */
export function articleCacheKey(source: MarkdownSource, settings: ArticleSettings): string {
  let bytesDigest = byteDigests.get(source.bytes);
  if (bytesDigest === undefined) byteDigests.set(source.bytes, (bytesDigest = digest(source.bytes)));
  return `${bytesDigest}\0${source.path}\0${settings.timeZone}\0${settings.basePath}\0${settings.defaultAuthor}`;
}

/** The per-article stage for one source: decode, then parse, validate and render. Pure. */
export function processSource(source: MarkdownSource, settings: ArticleSettings): ArticleResult {
  const decoded = decodeSource(source.path, source.bytes);
  return decoded.text === undefined ? { diagnostics: decoded.diagnostics } : parseArticle(source.path, decoded.text, settings);
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/**
 * The per-article stage for one source with the file size limit, from `cache` when the same
 * source was processed before. Diagnostics name the content-relative path.
 *
 * @returns `key`: the cache key, absent when the file is refused for its size (nothing cached).
 */
export function articleStage(source: MarkdownSource, settings: ArticleSettings, maxSize: number, cache?: ArticleCache): { key?: string; result: ArticleResult } {
  if (source.bytes.length > maxSize) {
    return {
      result: {
        diagnostics: [
          error('BT004', source.path, `Tệp quá lớn (${Math.round(source.bytes.length / 1024)} KB, giới hạn ${Math.round(maxSize / 1024)} KB).`, 'Chia bài thành nhiều bài nhỏ hơn; ảnh và tài liệu đặt thành tệp riêng rồi liên kết tới.'),
        ],
      },
    };
  }
  const key = articleCacheKey(source, settings);
  let result = cache?.get(key);
  if (!result) {
    result = processSource(source, settings);
    cache?.set(key, result);
  }
  return { key, result };
}

export interface SiteStageInput {
  readonly config: ResolvedConfig;
  /** Articles the per-article stage gave, any order. */
  readonly articles: readonly ArticleData[];
  /** Content-relative paths of Markdown files that gave no article (their errors are reported already). */
  readonly broken: ReadonlySet<string>;
  readonly assets: readonly string[];
  readonly themeAssets: readonly string[];
  /** Paths (relative to the output) of the files of the trusted `static/` folder. */
  readonly staticFiles?: readonly string[];
  readonly options: BuildOptions;
  readonly contentLabel: string;
  readonly assetSizes?: ReadonlyMap<string, number> | undefined;
  /** Related articles and page views made on first use, for the dev server: planning then costs little. */
  readonly lazy?: boolean;
  /** What the edge made of the images articles use; absent: images stay as written (dev server). */
  readonly images?: ImageManifest | undefined;
  /** Makes the search index (see `SearchIndexer`); default: on this thread when first needed. */
  readonly searchIndexer?: SearchIndexer | undefined;
  /** See `SiteInput.previousRelated`. */
  readonly previousRelated?: RelatedMemo | undefined;
}

export interface SiteStage {
  readonly site: SiteModel;
  /** The related lists picked (or taken from `previousRelated`); absent when they are picked on request (`lazy`). */
  readonly related?: KeptRelated | undefined;
  /** Every page in output order; `view()` makes the template data. */
  readonly pages: LazyPagePlan[];
  /** Site-wide problems, with displayed paths. */
  readonly diagnostics: Diagnostic[];
  /** Files that are not pages (feeds, sitemap.xml, robots.txt, search index), made on the first call. */
  files(): BuiltFile[];
  /** The same files but the search index (feeds, sitemap, robots.txt, redirects): all the dev server needs for a path outside the index. */
  filesButSearch(): BuiltFile[];
  /** What planned the pages, for a later plan of one changed article (src/pages/quick-page.ts). */
  readonly plan: StagePlan;
}

/**
 * The stage after the per-article one: theme/content file clashes, site model, page plans, image
 * sizes. Pure; the templates are not needed until pages are rendered.
 */
export function siteStage(input: SiteStageInput): SiteStage {
  const { config } = input;
  const diagnostics: Diagnostic[] = [];
  const label = (d: Diagnostic): Diagnostic => ({ ...d, file: input.contentLabel + d.file });

  // Theme files and content files must not land on one path.
  const themeAssets = new Set([...input.themeAssets, ...(input.staticFiles ?? [])]);
  for (const asset of input.assets) {
    if (themeAssets.has(asset)) {
      diagnostics.push(error('BT128', input.contentLabel + asset, `Tệp "${asset}" trùng tên với tệp của giao diện hoặc của thư mục static/.`, 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.'));
    }
  }

  const {
    site: built,
    diagnostics: siteDiagnostics,
    related,
  } = buildSite(input.articles, input.assets, config, input.options, {
    broken: input.broken,
    display: (source) => input.contentLabel + source,
    lazyRelated: input.lazy ?? false,
    previousRelated: input.previousRelated,
  });
  diagnostics.push(...siteDiagnostics.map(label));
  // Pictures, attachments and documents (src/site/media.ts): before discovery, so feeds see the final bodies.
  const media = applyMedia(built, { manifest: input.images, assetSizes: input.assetSizes });
  diagnostics.push(...media.diagnostics.map(label));
  const site: SiteModel = { ...built, media: media.media, trustedFiles: [...input.themeAssets, ...(input.staticFiles ?? [])] };
  const discovery = !config.outputs.discovery ? undefined : createDiscovery(site, { display: (source) => input.contentLabel + source, searchIndexer: input.searchIndexer });
  const extension = combineExtensions(discovery?.extension, documentsPage(built.config, media.documents, media.media.documentsUrl));
  const { pages, diagnostics: pageDiagnostics, redirects, configDiagnostics, siteView } = planPagesLazily(site, extension);
  diagnostics.push(...pageDiagnostics.map(label), ...configDiagnostics, ...(discovery?.diagnostics ?? []));
  // Two pages on one output path (an article `slug: "2"` in category "Trang" and page 2 of that
  // category): located at the article, found by check as by build (the same plan).
  diagnostics.push(...duplicatePages(site, pages, input.contentLabel));
  // A file of static/ must not replace a page bantin makes.
  if (input.staticFiles && input.staticFiles.length > 0) {
    const outputs = new Set(pages.map((p) => p.outputPath));
    for (const file of input.staticFiles) {
      if (outputs.has(file)) {
        diagnostics.push(error('BT131', `static/${file}`, `Tệp "static/${file}" trùng chỗ với một trang do bantin tạo ra (${file}).`, 'Đổi tên hoặc chuyển tệp này sang thư mục khác trong static/.'));
      }
    }
  }
  if (input.assetSizes) diagnostics.push(...checkImageSizes(documentsOf(site), input.assetSizes, config.maxImageSize, config.images.process).map(label));
  let made: BuiltFile[] | undefined;
  const files = () => (made ??= [...(discovery?.files(pages) ?? []), ...redirectFiles(redirects, config, input.assets)]);
  let light: BuiltFile[] | undefined;
  const filesButSearch = () => made ?? (light ??= [...(discovery?.files(pages, false) ?? []), ...redirectFiles(redirects, config, input.assets)]);
  return { site, related, pages, diagnostics, files, filesButSearch, plan: { siteView, extension, redirects, staticFiles: input.staticFiles ?? [], assetSizes: input.assetSizes, images: input.images !== undefined } };
}

/**
 * The whole pure pipeline: decode → parse and render each article → site model → pages →
 * templates. No file access: the caller reads sources and writes the result.
 */
export function buildSiteOutput(input: SiteInput, cache?: ArticleCache): SiteOutput {
  const { config } = input;
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string>();
  const label = (d: Diagnostic): Diagnostic => ({ ...d, file: input.contentLabel + d.file });
  const settings = articleSettings(config);
  /** Entries used by this build: what a persistent cache should keep. */
  const used: ArticleCache = new Map();
  const maxSize = input.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;

  const articles: ArticleData[] = [];
  /** Markdown files that gave no article (their errors are reported already). */
  const broken = new Set<string>();
  for (const source of input.markdown) {
    const stage = articleStage(source, settings, maxSize, cache);
    const { key } = stage;
    let { result } = stage;
    if (input.park && result.article && !isParked(result.article)) {
      result = { ...result, article: parkArticle(result.article, input.park) };
      if (key !== undefined) cache?.set(key, result);
    }
    if (key !== undefined) {
      used.set(key, result);
      if (result.diagnostics.length > 0) {
        // Only files with problems need their text, for the code frame under each message.
        const decoded = decodeSource(source.path, source.bytes);
        if (decoded.text !== undefined) texts.set(input.contentLabel + source.path, decoded.text);
      }
    }
    diagnostics.push(...result.diagnostics.map(label));
    if (result.article) articles.push(result.article);
    else broken.add(source.path);
  }
  if (input.releaseSources) (input.markdown as MarkdownSource[]).length = 0;

  const templates = createTemplates(input.templates, { basePath: config.basePath, timeZone: config.timeZone });
  diagnostics.push(...templates.diagnostics);

  const stage = siteStage({
    config,
    articles,
    broken,
    assets: input.assets,
    themeAssets: input.themeAssets,
    staticFiles: input.staticFiles,
    options: input.options,
    contentLabel: input.contentLabel,
    assetSizes: input.assetSizes,
    images: input.images,
    searchIndexer: input.searchIndexer,
    previousRelated: input.previousRelated,
  });
  diagnostics.push(...stage.diagnostics);

  const withheld = embargoedFiles(articles, new Set(stage.site.articles.map((a) => a.source)), input.assets);
  const renders = templates.templates && !diagnostics.some((d) => d.severity === 'error') ? templates.templates : undefined;
  const pages = renders ? (input.onModel?.(withheld), renderPages(stage.pages, renders, input, diagnostics)) : [];
  diagnostics.sort(compareDiagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  // Made on first use: `bantin check` never asks for them, so it builds no search index.
  let files: BuiltFile[] | undefined;
  let addresses: PublishedAddress[] | undefined;
  return {
    pages: failed ? [] : pages,
    get files() {
      return (files ??= failed ? [] : stage.files());
    },
    diagnostics,
    published: stage.site.articles.length,
    articles: stage.site.articles,
    leftOut: stage.site.leftOut,
    withheld,
    texts,
    used,
    related: stage.related,
    get addresses() {
      return (addresses ??= addressesOf(stage.site));
    },
  };
}

/** Render every planned page, in order; each is handed to `input.onPage` when there is one (see `SiteInput.onPage`). */
function renderPages(plans: readonly LazyPagePlan[], templates: NonNullable<ReturnType<typeof createTemplates>['templates']>, input: SiteInput, diagnostics: Diagnostic[]): BuiltPage[] {
  const pages: BuiltPage[] = [];
  for (const plan of plans) {
    const rendered = templates.render({ url: plan.url, outputPath: plan.outputPath, template: plan.template, view: plan.view() });
    if (rendered.diagnostic) diagnostics.push(rendered.diagnostic);
    if (rendered.html === undefined) continue;
    const page = { path: plan.outputPath, contents: input.encodePages ? Buffer.from(rendered.html, 'utf8') : rendered.html };
    if (input.onPage) {
      input.onPage(page);
      pages.push({ path: page.path, contents: '' });
    } else pages.push(page);
  }
  return pages;
}

/** Pages planned on the same output path, each reported once, at the article when one of them is an article's page. */
function duplicatePages(site: SiteModel, pages: readonly { url: string; outputPath: string }[], contentLabel: string): Diagnostic[] {
  const byOutput = new Map<string, string>();
  const byUrl = new Map(documentsOf(site).map((a) => [a.url, a]));
  const out: Diagnostic[] = [];
  for (const p of pages) {
    const first = byOutput.get(p.outputPath);
    if (first === undefined) {
      byOutput.set(p.outputPath, p.url);
      continue;
    }
    const article = byUrl.get(p.url) ?? byUrl.get(first);
    // Lists on lists (a category on a discovery page…) have their own located errors (BT501…).
    if (article === undefined) continue;
    const line = article ? (article.lines.slug ?? article.lines.title) : undefined;
    out.push(
      error(
        'BT132',
        article ? contentLabel + article.source : 'bantin.yaml',
        `Hai trang cùng ghi vào "/${p.outputPath.replace(/index\.html$/, '')}"${article ? `: trang của bài "${article.title}" trùng với một trang danh sách hoặc trang khác do bantin tạo ra` : ''}.`,
        article ? 'Đặt slug khác cho bài này (ví dụ thêm chữ: slug: "thong-bao-2"), hoặc đổi tên chuyên mục.' : 'Đổi slug của chuyên mục hoặc từ khoá trùng trong bantin.yaml.',
        line,
        line === undefined ? undefined : 1,
      ),
    );
  }
  return out;
}

/** Content files an article links to or shows: references, cover, first image, documents. */
function filesOfArticle(a: ArticleData): string[] {
  const out: string[] = [];
  for (const ref of a.references) if (ref.kind === 'file' || ref.kind === 'url') out.push(ref.target.replace(/^\/+/, ''));
  if (a.image) out.push(a.image);
  if (a.firstImage) out.push(a.firstImage);
  for (const d of a.documents ?? []) out.push(d.file);
  return out;
}

/**
 * The embargo: content files that only unpublished articles (drafts, scheduled) link to or show.
 * They are published with their article, not before (their address would give the article away).
 */
export function embargoedFiles(articles: readonly ArticleData[], published: ReadonlySet<string>, assets: readonly string[]): string[] {
  const shown = new Set<string>();
  const waiting = new Set<string>();
  for (const a of articles) for (const f of filesOfArticle(a)) (published.has(a.source) ? shown : waiting).add(f);
  const known = new Set(assets);
  return [...waiting].filter((f) => !shown.has(f) && known.has(f)).sort();
}
