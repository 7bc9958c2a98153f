/**
 * The site kept in memory for `bantin serve`: sources, per-article results, the last good page
 * plans and the HTML rendered so far. `rebuild(changes)` brings it up to date with the disk after
 * a change, doing only the work the change needs:
 *
 * - a Markdown file: re-read that file, render its Markdown (nothing for the others: their results
 *   are kept by digest), then re-plan the site. Planning is cheap because page views and related
 *   articles are made on request (`lazy`), and pages are rendered only when a browser asks for them;
 * - a template: recompile the theme and drop the rendered HTML; no Markdown is rendered, no re-plan;
 * - the config: read everything again (articles whose digest and settings did not change are
 *   still not rendered again).
 *
 * While the sources have errors, the last good site keeps being served and `state.diagnostics`
 * says what is wrong. The watcher only feeds `rebuild`; tests call it directly.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { readRange } from '../cache/spill-file.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ArticleData, ArticleSettings } from '../content/article.js';
import { checkImageSizes } from '../content/check-images.js';
import {
  articleCacheKey,
  articleSettings,
  articleStage,
  DEFAULT_MAX_FILE_SIZE,
  processSource,
  siteStage,
  type ArticleCache,
  type ArticleResult,
  type BuiltPage,
  type BuiltFile,
  type SiteStage,
} from '../pipeline.js';
import { SEARCH_INDEX_ROOT } from '../outputs/search-index.js';
import type { LazyPagePlan } from '../pages/plan.js';
import { prepareQuickPage, quickArticlePage } from '../pages/quick-page.js';
import { decodeSource } from '../text/decode.js';
import { createTemplates, type TemplateSet } from '../render/templates.js';
import { compareDiagnostics, error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadArticleCache, saveArticleCache } from '../cache/article-cache.js';
import { BUILTIN_THEME, loadTheme, type LoadedTheme } from '../project/load-theme.js';
import { prefillInParallel } from '../workers/parallel-parse.js';
import { readBytesSync, scanFolder } from '../project/scan.js';
import { checkContentFile, isMarkdownPath, SNIFF_BYTES } from '../content/file-types.js';
import { persistentCacheFile, readSite } from '../project/load-site.js';
import { resolvePaths, type SiteOptions, type SitePaths } from '../project/paths.js';
import { type TemplateName } from '../pages/views.js';
import { type BuildOptions, type LeftOut, type SiteArticle } from '../site/model.js';

/** Which part of the site a changed path belongs to. */
export type ChangeKind = 'content' | 'templates' | 'config' | 'static';

export interface Change {
  readonly kind: ChangeKind;
  /** Absolute path of the file or folder that changed; it may be gone. */
  readonly path: string;
}

/** What one (re)build did, for the terminal. */
export interface RebuildReport {
  /**
   * `full`: config and everything read again; `templates`: theme only; `content`: some content
   * files, site re-planned; `article`: only the text of articles changed, only their pages redone.
   */
  readonly scope: 'full' | 'templates' | 'content' | 'article' | 'none';
  /** Displayed paths of the files that changed. */
  readonly changed: readonly string[];
  /** Articles whose Markdown was rendered by this rebuild. */
  readonly rendered: number;
  readonly ms: number;
  /** No errors: the site served is the new one. */
  readonly ok: boolean;
  readonly state: SessionState;
}

export interface SessionState {
  /** Problems of the current sources (errors and warnings), sorted. */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of files with problems, by displayed path, for code frames. */
  readonly texts: ReadonlyMap<string, string>;
  readonly published: number;
  readonly leftOut: readonly LeftOut[];
  /** Whether a site without errors has been built (it is what is served). */
  readonly hasSite: boolean;
  readonly timeZone: string;
  readonly basePath: string;
}

/** How the dev server should answer a path of the site. */
export type Lookup =
  | { readonly type: 'page'; readonly html: string }
  /** A file the build makes that is not a page (feeds, sitemap.xml, robots.txt, the search index). */
  | { readonly type: 'generated'; readonly path: string; readonly contents: string }
  | { readonly type: 'file'; readonly abs: string }
  | { readonly type: 'redirect'; readonly location: string }
  | { readonly type: 'error'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly type: 'missing' };

export interface SessionOptions extends SiteOptions {
  /** Called when rendering a page on request finds a template problem (it is also in `state`). */
  onProblem?: ((diagnostic: Diagnostic) => void) | undefined;
}

interface MarkdownEntry {
  bytes: Uint8Array;
  key: string | undefined;
  result: ArticleResult;
}

/** A site without errors: what the dev server shows. */
interface ServedSite {
  readonly stage: SiteStage;
  readonly templates: TemplateSet;
  /** Plans by output path (`x/index.html`, `404.html`). */
  readonly pages: Map<string, LazyPagePlan>;
  /** Rendered HTML by output path, filled on request. */
  readonly html: Map<string, string>;
  /** Files made by the build besides pages, by output path; made on the first request of one. */
  files?: Map<string, string>;
  /** The same without the search index (`SiteStage.filesButSearch`): for any other path. */
  lightFiles?: Map<string, string>;
  /** Articles were patched in place since the stage was planned: its generated files may be stale. */
  patched?: boolean;
  /**
   * Pages planned apart after an edit that moves an article in lists (`quickArticlePage`), by
   * output path: served as they are; anything else is answered only after the site is planned again (`settle`).
   */
  quick?: Map<string, LazyPagePlan>;
}

export interface SiteSession {
  readonly paths: SitePaths;
  readonly state: SessionState;
  /** Read everything and build; call once before anything else. */
  start(): Promise<RebuildReport>;
  /** Bring the site up to date after these changes. Never call it while another call runs (see createRebuildQueue). */
  rebuild(changes: readonly Change[]): Promise<RebuildReport>;
  /**
   * Answer a request for `sitePath`: the decoded path below the base path, without the leading `/`
   * (`''` home, `tin/bai/` a page, `tin/anh.jpg` a file).
   */
  lookup(sitePath: string): Lookup;
  /** The 404 page of the served site, or undefined when there is none. */
  notFoundPage(): string | undefined;
  /** The folders files are served from (content, templates, static/, the built-in theme): nothing outside them is served. */
  servedRoots(): string[];
  /** Output paths of the pages of the served site (`index.html`, `tin/bai/index.html`, `404.html`), in build order. */
  pagePaths(): string[];
  /** Keep what this session rendered for the next `bantin build` (best effort). */
  saveCache(): Promise<void>;
  /**
   * After an edit whose page was planned apart (a title, date, tag or category change), plan the
   * whole site now; `lookup` does it anyway before answering any other path. Returns whether it planned.
   */
  settle(): boolean;
  /**
   * Run the Markdown pipeline once on this thread, without keeping the result: after a start whose
   * articles all came from the cache or worker threads, the first edit then does not pay for compiling it.
   */
  warmUp(): void;
}

/** Sample pages rendered right after the templates change, so template errors show at once. */
const SAMPLE_TEMPLATES: readonly TemplateName[] = ['article', 'home', 'category', '404'];

/**
 * Create a session for a site; nothing is read until `start()`.
 *
 * Long: the dev server's session is one closure over the in-memory site (sources, cache, plans, template set) that its methods update incrementally; its parts are inner functions with their own doc comments. Splitting it into a class or modules would expose that state.
 */
export function createSiteSession(options: SessionOptions): SiteSession {
  let paths = resolvePaths(options);
  const articleCache: ArticleCache = new Map();
  const markdown = new Map<string, MarkdownEntry>();
  const assets = new Map<string, { abs: string; size: number }>();
  /** Files of the trusted static/ folder: output path → absolute source (read at each full load). */
  const statics = new Map<string, string>();
  let config: ResolvedConfig | undefined;
  let configText: string | undefined;
  let settings: ArticleSettings | undefined;
  let contentLabel = 'content/';
  let display = (abs: string) => abs;
  let theme: LoadedTheme | undefined;
  let compiled: ReturnType<typeof createTemplates> = { diagnostics: [] };
  /** Problems found before the pipeline: config warnings, scans. */
  let readDiagnostics: Diagnostic[] = [];
  /** Problems found when a page was rendered on request; cleared by every rebuild. */
  let renderDiagnostics: Diagnostic[] = [];
  let lastStage: SiteStage | undefined;
  /** Options the last site stage ran with. */
  let lastOptions: BuildOptions | undefined;
  /** Published articles of `lastStage` by source, made when first needed. */
  let lastBySource: Map<string, SiteArticle> | undefined;
  let served: ServedSite | undefined;
  let state: SessionState = { diagnostics: [], texts: new Map(), published: 0, leftOut: [], hasSite: false, timeZone: 'Asia/Ho_Chi_Minh', basePath: '/' };
  let persistentLoaded = false;
  /** The last full read failed (config error): the next change reads everything again. */
  let loadFailed = true;
  /** Template problems found by the current template set (it reports each once; pages keep failing). */
  let templateProblems: Diagnostic[] = [];
  /** Counts changes to the sources in memory, to skip rebuilds that change nothing. */
  let mutations = 0;
  /** Counts files saved again with the same size (an image edited): nothing to plan, but pages must reload. */
  let touched = 0;

  const contentRelative = (abs: string): string | undefined => {
    const rel = relative(paths.content, abs);
    if (rel === '') return '';
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/').normalize('NFC');
  };

  /** The per-article stage for one Markdown source, kept in `markdown`. */
  const processMarkdown = (path: string, bytes: Uint8Array) => {
    const old = markdown.get(path);
    if (old?.key !== undefined) articleCache.delete(old.key);
    const { key, result } = articleStage({ path, bytes }, settings!, DEFAULT_MAX_FILE_SIZE, articleCache);
    markdown.set(path, { bytes, key, result });
    mutations++;
  };

  /** Read config, content and theme again; Markdown already rendered with the same settings is reused. */
  const loadAll = async (): Promise<number> => {
    paths = resolvePaths(options);
    const sources = await readSite(options);
    config = sources.config;
    configText = sources.configText;
    settings = articleSettings(config);
    contentLabel = sources.contentLabel;
    display = sources.display;
    theme = sources.theme;
    compiled = createTemplates(theme.templates, { basePath: config.basePath, timeZone: config.timeZone });
    templateProblems = [];
    readDiagnostics = sources.diagnostics;
    if (!persistentLoaded && options.cacheDir !== false) {
      persistentLoaded = true;
      const persistent = await persistentCacheFile(options, paths);
      if (persistent) for (const [key, value] of await loadArticleCache(persistent)) articleCache.set(key, value);
    }
    const missing = sources.markdown.filter((m) => !articleCache.has(articleCacheKey(m, settings!))).length;
    if (options.threads !== 1) await prefillInParallel(sources.markdown, settings, articleCache, options.threads ? { threads: options.threads, threshold: 0 } : {});
    const before = new Map(markdown);
    markdown.clear();
    for (const source of sources.markdown) {
      const old = before.get(source.path);
      if (old && old.key !== undefined && old.key === articleCacheKey(source, settings)) markdown.set(source.path, old);
      else processMarkdown(source.path, source.bytes);
    }
    statics.clear();
    for (const path of sources.staticFiles) {
      const abs = sources.copies.get(path);
      if (abs) statics.set(path, abs);
    }
    assets.clear();
    for (const path of sources.assets) {
      const abs = sources.copies.get(path);
      if (abs) assets.set(path, { abs, size: sources.assetSizes.get(path) ?? 0 });
    }
    // Entries of files that are gone would otherwise stay in memory for the whole session.
    const live = new Set([...markdown.values()].map((m) => m.key));
    for (const key of articleCache.keys()) if (!live.has(key)) articleCache.delete(key);
    return missing;
  };

  /** Reconcile one changed content path with the disk. Returns how many Markdown files were rendered. */
  const applyContentChange = async (abs: string): Promise<number> => {
    const rel = contentRelative(abs);
    if (rel === undefined) return 0;
    if (rel === '') throw new NeedsFullReload();
    // Hidden files and folders are never part of the site (as in scanFolder).
    if (rel !== '' && rel.split('/').some((part) => part.startsWith('.'))) return 0;
    const info = statOf(abs);
    const removeUnder = (prefix: string, keep: ReadonlySet<string> = new Set()) => {
      for (const map of [markdown, assets] as Array<Map<string, unknown>>) {
        for (const path of [...map.keys()]) {
          if ((path === prefix || path.startsWith(`${prefix}/`)) && !keep.has(path)) {
            const entry = markdown.get(path);
            if (map === markdown && entry?.key !== undefined) articleCache.delete(entry.key);
            map.delete(path);
            mutations++;
          }
        }
      }
    };
    if (!info) {
      removeUnder(rel);
      return 0;
    }
    if (info.isSymbolicLink()) throw new NeedsFullReload();
    if (info.isDirectory()) {
      // A new, renamed or replaced folder: take its files as they are now.
      const scanned = await scanFolder(abs, display);
      if (scanned.diagnostics.length > 0) throw new NeedsFullReload();
      const prefix = rel === '' ? '' : `${rel}/`;
      const present = new Set(scanned.files.map((f) => prefix + f.path));
      removeUnder(rel, present);
      let rendered = 0;
      for (const file of scanned.files) rendered += await applyFile(prefix + file.path, file.abs, file.size);
      return rendered;
    }
    if (!info.isFile()) return 0;
    return applyFile(rel, abs, info.size);
  };

  const applyFile = async (rel: string, abs: string, size: number): Promise<number> => {
    if (!isMarkdownPath(rel)) {
      // The trust boundary, as in readSite: a refused type (or one refused before) is reported by a full read.
      let head: Uint8Array;
      try {
        head = readBytesSync(abs, display, SNIFF_BYTES);
      } catch {
        throw new NeedsFullReload();
      }
      if (checkContentFile(rel, head, contentLabel + rel) || readDiagnostics.some((d) => d.file === contentLabel + rel)) throw new NeedsFullReload();
      const old = assets.get(rel);
      if (!old || old.abs !== abs || old.size !== size || markdown.has(rel)) mutations++;
      else touched++;
      markdown.delete(rel);
      assets.set(rel, { abs, size });
      return 0;
    }
    if (assets.delete(rel)) mutations++;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(abs);
    } catch {
      // Gone between the event and now: the next event says so.
      if (markdown.delete(rel)) mutations++;
      return 0;
    }
    const old = markdown.get(rel);
    if (old && Buffer.from(old.bytes).equals(bytes)) return 0;
    processMarkdown(rel, bytes);
    return 1;
  };

  const reloadTheme = async () => {
    theme = await loadTheme(paths.templates, display);
    compiled = createTemplates(theme.templates, { basePath: config!.basePath, timeZone: config!.timeZone });
    templateProblems = [];
    readDiagnostics = readDiagnostics.filter((d) => !isThemeFile(d.file)).concat(theme.diagnostics);
  };
  const isThemeFile = (file: string) => paths.templates !== undefined && file.startsWith(display(paths.templates));

  /**
   * Run the site stage over what is in memory, and serve the result when it has no errors.
   * @param reuseStage Only the templates changed: keep the page plans.
   * @param sample Render one page of each kind now (after the templates changed), so that a
   *   template error shows without visiting a page.
   */
  const assemble = (reuseStage: boolean, sample: boolean) => {
    const diagnostics: Diagnostic[] = [...readDiagnostics];
    const articles = [];
    const broken = new Set<string>();
    for (const [path, entry] of markdown) {
      for (const d of entry.result.diagnostics) diagnostics.push({ ...d, file: contentLabel + d.file });
      if (entry.result.article) articles.push(entry.result.article);
      else broken.add(path);
    }
    diagnostics.push(...compiled.diagnostics);
    const themeAssets = [...theme!.assets.keys()];
    let stage: SiteStage;
    if (reuseStage && lastStage) stage = lastStage;
    else {
      lastOptions = { drafts: Boolean(options.drafts), future: Boolean(options.future), now: options.now ?? Date.now() };
      stage = siteStage({
        config: config!,
        articles,
        broken,
        assets: [...assets.keys()],
        themeAssets,
        staticFiles: [...statics.keys()],
        options: lastOptions,
        contentLabel,
        assetSizes: assetSizes(),
        lazy: true,
      });
      lastBySource = undefined;
    }
    lastStage = stage;
    diagnostics.push(...stage.diagnostics);
    renderDiagnostics = [];
    if (compiled.templates && !diagnostics.some((d) => d.severity === 'error')) {
      const candidate: ServedSite = {
        stage,
        templates: compiled.templates,
        pages: new Map(stage.pages.map((p) => [p.outputPath, p])),
        html: new Map(),
      };
      for (const template of sample ? SAMPLE_TEMPLATES : []) {
        const plan = stage.pages.find((p) => p.template === template);
        if (!plan) continue;
        const rendered = render(candidate, plan);
        if (rendered.diagnostic) {
          templateProblems.push(rendered.diagnostic);
          diagnostics.push(rendered.diagnostic);
        }
      }
      if (!diagnostics.some((d) => d.severity === 'error')) served = candidate;
    }
    setState(diagnostics, stage);
  };

  const setState = (diagnostics: Diagnostic[], stage: SiteStage | undefined) => {
    diagnostics.sort(compareDiagnostics);
    state = {
      diagnostics,
      texts: textsFor(diagnostics),
      published: stage?.site.articles.length ?? 0,
      leftOut: stage?.site.leftOut ?? [],
      hasSite: served !== undefined,
      timeZone: config?.timeZone ?? state.timeZone,
      basePath: served ? served.stage.site.config.basePath : (config?.basePath ?? '/'),
    };
  };

  /** Source text of every file named by a diagnostic, for code frames. */
  const textsFor = (diagnostics: readonly Diagnostic[]): Map<string, string> => {
    const texts = new Map<string, string>();
    const files = new Set(diagnostics.map((d) => d.file));
    for (const file of files) {
      if (file.startsWith(contentLabel)) {
        const entry = markdown.get(file.slice(contentLabel.length));
        if (entry) {
          const decoded = decodeSource(file, entry.bytes);
          if (decoded.text !== undefined) texts.set(file, decoded.text);
          continue;
        }
      }
      const template = theme?.templates.find((t) => t.file === file);
      if (template) texts.set(file, template.text);
      else if (configText !== undefined && paths.config && file === display(paths.config)) texts.set(file, configText);
    }
    return texts;
  };

  const render = (site: ServedSite, plan: LazyPagePlan): { html?: string; diagnostic?: Diagnostic } => {
    const cached = site.html.get(plan.outputPath);
    if (cached !== undefined) return { html: cached };
    const rendered = site.templates.render({ url: plan.url, outputPath: plan.outputPath, template: plan.template, view: plan.view() });
    if (rendered.html !== undefined) site.html.set(plan.outputPath, rendered.html);
    if (rendered.diagnostic) templateProblems.push(rendered.diagnostic);
    return rendered;
  };

  /** Render a page of the served site; a template problem is recorded and reported once. */
  const renderServed = (plan: LazyPagePlan): Lookup => {
    const rendered = render(served!, plan);
    if (rendered.html !== undefined) return { type: 'page', html: rendered.html };
    // The template set reports a problem once; later pages with the same problem get nothing.
    const problems = rendered.diagnostic
      ? [rendered.diagnostic]
      : templateProblems.length > 0
        ? templateProblems
        : [error('BT403', `templates/pages/${plan.template}.hbs`, `Không dựng được trang /${plan.url}.`, 'Kiểm tra mẫu giao diện của trang này.')];
    const fresh = problems.filter((d) => !state.diagnostics.includes(d));
    if (fresh.length > 0) {
      renderDiagnostics.push(...fresh);
      setState([...state.diagnostics, ...fresh], lastStage);
      for (const d of fresh) options.onProblem?.(d);
    }
    return { type: 'error', diagnostics: problems };
  };

  /**
   * The common edit, done without re-planning the site: only the text of published articles
   * changed, nothing that lists, related articles or other pages show. Each article is patched in
   * the served model and only its page is rendered again.
   *
   * @returns how many articles were rendered, or undefined when the change needs the full path
   *   (new results are then in the cache, so that path renders nothing twice).
   */
  const rebuildArticlesOnly = async (paths_: readonly string[]): Promise<number | undefined> => {
    if (!served || served.stage !== lastStage || !lastOptions || state.diagnostics.some((d) => d.severity === 'error' && !renderDiagnostics.includes(d))) return undefined;
    const stageAtStart = lastStage;
    const bySource = lastPublishedBySource(lastStage);
    const updates: Array<{ rel: string; bytes: Uint8Array; old: SiteArticle; result: ArticleResult }> = [];
    for (const abs of paths_) {
      const rel = contentRelative(abs);
      if (rel === undefined || !/\.md$/i.test(rel)) return undefined;
      const old = bySource.get(rel);
      const entry = markdown.get(rel);
      const info = statOf(abs);
      if (!old || !entry || !info?.isFile()) return undefined;
      const bytes = bytesOf(abs);
      if (!bytes) return undefined;
      if (Buffer.from(entry.bytes).equals(bytes)) continue;
      const { result } = articleStage({ path: rel, bytes }, settings!, DEFAULT_MAX_FILE_SIZE, articleCache);
      if (!result.article || result.diagnostics.some((d) => d.severity === 'error') || listingSignature(result.article) !== listingSignature(old)) return undefined;
      updates.push({ rel, bytes, old, result });
    }
    // A request may have planned the site again while the files were read: patch only the plan served.
    if (lastStage !== stageAtStart || served.stage !== stageAtStart) return undefined;
    const sizes = assetSizes();
    const assetList = [...assets.keys()];
    let diagnostics = state.diagnostics.filter((d) => !renderDiagnostics.includes(d));
    renderDiagnostics = [];
    for (const { rel, bytes, old, result } of updates) {
      processMarkdown(rel, bytes);
      const article = result.article!;
      // The body as the site stage makes it (links to other articles resolved, images marked up):
      // the same stage, run on a site of this article and the articles it links to.
      const targets = article.references.flatMap((r) => (r.kind === 'article' && r.target !== rel ? [markdown.get(r.target)?.result.article] : [])).filter((a): a is ArticleData => a !== undefined);
      const resolved = siteStage({
        config: config!,
        articles: [article, ...targets],
        broken: new Set(),
        assets: assetList,
        themeAssets: [],
        options: lastOptions,
        contentLabel,
        assetSizes: sizes,
        lazy: true,
      }).site.articles.find((a) => a.source === rel);
      if (!resolved) throw new Error(`bantin: ${rel} vanished from its own one-article site`);
      const { url: _url, categoryRef: _category, related: _related, ...fields } = resolved;
      Object.assign(old, fields);
      served.html.delete(`${old.url}index.html`);
      // Feeds and the search index hold article text: they are made again when next asked for.
      served.patched = true;
      served.files = undefined;
      served.lightFiles = undefined;
      const file = contentLabel + rel;
      diagnostics = diagnostics.filter((d) => d.file !== file);
      for (const d of [...result.diagnostics, ...checkImageSizes([old], sizes, config!.maxImageSize, config!.images.process)]) diagnostics.push({ ...d, file });
    }
    setState(diagnostics, lastStage);
    return updates.length;
  };

  /**
   * An edit of one published article that moves it in lists or changes what other pages show of it
   * (title, date, tags, category): its page is planned apart (`quickArticlePage`) and served at
   * once; the rest of the site is planned by `settle`, before any other path is answered.
   *
   * @returns 1, or undefined when the change needs the site planned again now.
   */
  const rebuildOnePage = (paths_: readonly string[]): number | undefined => {
    if (paths_.length !== 1 || !served || served.stage !== lastStage || !lastOptions) return undefined;
    if (state.diagnostics.some((d) => d.severity === 'error' && !renderDiagnostics.includes(d))) return undefined;
    const rel = contentRelative(paths_[0]!);
    if (rel === undefined || !/\.md$/i.test(rel)) return undefined;
    const old = lastPublishedBySource(lastStage).get(rel);
    const info = statOf(paths_[0]!);
    const bytes = info?.isFile() ? bytesOf(paths_[0]!) : undefined;
    if (!old || !bytes || !markdown.has(rel)) return undefined;
    const { result } = articleStage({ path: rel, bytes }, settings!, DEFAULT_MAX_FILE_SIZE, articleCache);
    if (!result.article || result.diagnostics.some((d) => d.severity === 'error')) return undefined;
    const quick = quickArticlePage(lastStage, old, result.article, lastOptions);
    if (!quick) return undefined;
    processMarkdown(rel, bytes);
    served = { ...served, html: new Map(), quick: new Map([[quick.plan.outputPath, quick.plan]]) };
    const file = contentLabel + rel;
    const sizes = assetSizes();
    const diagnostics = state.diagnostics.filter((d) => !renderDiagnostics.includes(d) && d.file !== file);
    renderDiagnostics = [];
    for (const d of [...result.diagnostics, ...quick.diagnostics, ...checkImageSizes([quick.article], sizes, config!.maxImageSize, config!.images.process)]) diagnostics.push({ ...d, file });
    setState(diagnostics, lastStage);
    return 1;
  };

  /** Load errors (config, unreadable content) become the state; the old site stays served. */
  const failLoad = (e: unknown): void => {
    if (!(e instanceof UserError)) throw e;
    loadFailed = true;
    lastStage = undefined;
    setState([...e.diagnostics], undefined);
  };

  const report = (scope: RebuildReport['scope'], changed: readonly string[], rendered: number, started: number): RebuildReport => ({
    scope,
    changed,
    rendered,
    ms: performance.now() - started,
    ok: !state.diagnostics.some((d) => d.severity === 'error'),
    state,
  });

  const full = async (changed: readonly string[], started: number): Promise<RebuildReport> => {
    try {
      const rendered = await loadAll();
      loadFailed = false;
      assemble(false, true);
      return report('full', changed, rendered, started);
    } catch (e) {
      failLoad(e);
      return report('full', changed, 0, started);
    }
  };

  return {
    get paths() {
      return paths;
    },
    get state() {
      return state;
    },

    async start() {
      const first = await full([], performance.now());
      // Like a build: the next start (or build) finds these articles ready.
      if (first.rendered > 0) await this.saveCache();
      return first;
    },

    async rebuild(changes) {
      const started = performance.now();
      const changed = [...new Set(changes.map((c) => display(c.path)))];
      if (changes.length === 0) return report('none', changed, 0, started);
      // Without a config read successfully, or after a change of the config or of static/ (rare: a
      // verification file, a logo; its files may now clash with pages), everything is read again.
      if (loadFailed || !config || !theme || changes.some((c) => c.kind === 'config' || c.kind === 'static')) return full(changed, started);
      // Every path below starts from a whole plan.
      settle();
      const content = changes.filter((c) => c.kind === 'content');
      const templatesChanged = changes.some((c) => c.kind === 'templates');
      if (!templatesChanged) {
        const unique = [...new Set(content.map((c) => c.path))];
        const patched = await rebuildArticlesOnly(unique);
        if (patched !== undefined) return report(patched > 0 ? 'article' : 'none', changed, patched, started);
        const moved = rebuildOnePage(unique);
        if (moved !== undefined) return report('article', changed, moved, started);
      }
      let rendered = 0;
      const mutationsBefore = mutations;
      const touchedBefore = touched;
      try {
        // Several events for one path (atomic saves) are one change: the file as it is now.
        for (const path of new Set(content.map((c) => c.path))) rendered += await applyContentChange(path);
      } catch (e) {
        if (e instanceof NeedsFullReload) return full(changed, started);
        throw e;
      }
      const themeAssetsBefore = [...theme.assets.keys()].join('\n');
      if (templatesChanged) await reloadTheme();
      if (!templatesChanged && mutations === mutationsBefore) return report(touched !== touchedBefore ? 'content' : 'none', changed, 0, started);
      const reuse = mutations === mutationsBefore && themeAssetsBefore === [...theme.assets.keys()].join('\n');
      assemble(reuse, templatesChanged);
      return report(mutations !== mutationsBefore ? 'content' : 'templates', changed, rendered, started);
    },

    lookup(sitePath) {
      if (!served) return fileOrError(sitePath);
      const outputPath = sitePath === '' || sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath;
      if (served.quick) {
        const quick = served.quick.get(outputPath);
        if (quick) return renderServed(quick);
        // Files are the same whatever the plan; any other page waits for the whole plan.
        const file = currentFile(sitePath);
        if (file) return { type: 'file', abs: file };
        settle();
      }
      const page = served.pages.get(outputPath);
      if (page) return renderServed(page);
      const file = currentFile(sitePath);
      if (file) return { type: 'file', abs: file };
      const made = generatedFile(sitePath);
      if (made !== undefined) return { type: 'generated', path: sitePath, contents: made };
      if (!sitePath.endsWith('/') && (served.pages.has(`${sitePath}/index.html`) || currentFile(`${sitePath}/index.html`))) {
        return { type: 'redirect', location: `${sitePath}/` };
      }
      if (sitePath === '' || sitePath.endsWith('/')) {
        const index = currentFile(`${sitePath}index.html`);
        if (index) return { type: 'file', abs: index };
      }
      return { type: 'missing' };
    },

    servedRoots() {
      return [paths.content, paths.static, BUILTIN_THEME, ...(paths.templates ? [paths.templates] : [])];
    },

    notFoundPage() {
      settle();
      const plan = served?.pages.get('404.html');
      if (!plan) return undefined;
      const rendered = render(served!, plan);
      return rendered.html;
    },

    warmUp() {
      const first = markdown.entries().next().value;
      if (first && settings) processSource({ path: first[0], bytes: first[1].bytes }, settings);
      if (lastStage) lastPublishedBySource(lastStage);
    },

    settle: settleAndPrepare,

    pagePaths() {
      settle();
      return served ? [...served.pages.keys()] : [];
    },

    async saveCache() {
      if (options.cacheDir === false || markdown.size === 0) return;
      const used: ArticleCache = new Map();
      for (const entry of markdown.values()) if (entry.key !== undefined) used.set(entry.key, entry.result);
      const persistent = await persistentCacheFile(options, paths);
      if (persistent) await saveArticleCache(persistent, used).catch(() => undefined);
    },
  };

  /** `SiteSession.settle`: then get the served plan ready for the next edit's page planned apart. */
  function settleAndPrepare(): boolean {
    const planned = settle();
    if (served && served.stage === lastStage) {
      prepareQuickPage(served.stage);
      lastPublishedBySource(served.stage);
    }
    return planned;
  }

  /** Size of each content file by path, for the image size check. */
  function assetSizes(): Map<string, number> {
    return new Map([...assets].map(([path, a]) => [path, a.size]));
  }

  /** The published articles of the last plan (`lastStage`) by source, made once per plan. */
  function lastPublishedBySource(stage: SiteStage): Map<string, SiteArticle> {
    return (lastBySource ??= new Map(stage.site.articles.map((a) => [a.source, a])));
  }

  /** Plan the whole site when a page was planned apart since the last plan. */
  function settle(): boolean {
    if (!served?.quick) return false;
    const before = served;
    assemble(false, false);
    // With errors the last good site stays served, as it was (its quick page included).
    if (served === before) served = { ...before, quick: undefined };
    return true;
  }

  /** A file the build makes besides pages (feeds, sitemap, search index), from the served site. */
  function generatedFile(sitePath: string): string | undefined {
    settle();
    if (!served) return undefined;
    if (served.patched && !served.files && !served.lightFiles) {
      // Patched articles are not in the discovery files made for the old plan: plan the site again.
      assemble(false, false);
      if (!served) return undefined;
    }
    // The search index takes seconds on a large site: made only when its folder is asked for (a
    // page's new address, asked before the rebuild that makes it, used to build it every time).
    const text = (f: BuiltFile): [string, string] => [f.path, 'spilled' in f ? readRange(f.spilled).toString('utf8') : typeof f.contents === 'string' ? f.contents : Buffer.from(f.contents).toString('utf8')];
    if (!sitePath.startsWith(SEARCH_INDEX_ROOT)) {
      served.lightFiles ??= new Map(served.stage.filesButSearch().map(text));
      return served.lightFiles.get(sitePath);
    }
    served.files ??= new Map(served.stage.files().map(text));
    return served.files.get(sitePath);
  }

  /** A content or theme file as it is now (files are always served from the disk). */
  function currentFile(sitePath: string): string | undefined {
    const asset = assets.get(sitePath);
    if (asset) return asset.abs;
    return theme?.assets.get(sitePath) ?? statics.get(sitePath);
  }

  /** Before any good site: files are still served, pages answer with the errors. */
  function fileOrError(sitePath: string): Lookup {
    const file = currentFile(sitePath);
    if (file) return { type: 'file', abs: file };
    return { type: 'error', diagnostics: state.diagnostics };
  }
}

/*
 * The few files a change names are read synchronously: the watcher keeps libuv's thread pool busy
 * (it lists the changed folder again, a stat per entry), and an asynchronous read would wait behind
 * those stats — 50 to 100 ms in a folder of 1,250 articles on a busy machine.
 */
function statOf(abs: string) {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}

function bytesOf(abs: string): Buffer | undefined {
  try {
    return readFileSync(abs);
  } catch {
    return undefined;
  }
}

/**
 * Everything of an article that other pages show or that decides where it is listed: when this is
 * unchanged, an edit changes only the article's own page (its body, `updated`). Link targets are included (their order
 * too), so that the article's links resolve as before.
 */
function listingSignature(a: ArticleData): string {
  return JSON.stringify([
    a.title,
    a.slug,
    a.date,
    a.dateHasTime,
    a.author,
    a.category,
    a.tags,
    a.summary,
    a.image,
    a.firstImage,
    a.draft,
    a.titleWords,
    // Fields bantin does not know may still be shown in lists or read by a later stage (`documents:`).
    a.params,
    // A page (`type: page`) or an old address (`aliases:`) changes the plan: redirects, menus, clashes.
    a.kind ?? null,
    a.aliases ?? [],
    a.references.map((r) => [r.kind, r.target, r.hash]),
  ]);
}

/** A change the incremental path does not handle (symbolic links, unreadable folders): read everything. */
class NeedsFullReload extends Error {}
