/**
 * Discovery: the stage after page planning that adds what helps residents, aggregators and search
 * engines find the news — pages of tags, authors and archives, the sitemap page for readers, the
 * search page (through the same page plans and templates as every page), feed links and structured
 * data in each page's head, and the files that are not pages: feeds, `sitemap.xml`, `robots.txt`
 * and the search index. Pure: files are returned as `{ path, contents }`.
 *
 * With a relative baseUrl (`/`, `/sub/`) feeds and `sitemap.xml` are not written: readers,
 * aggregators and search engines need absolute addresses (an RSS link, an Atom id, a sitemap
 * `<loc>`, robots.txt's `Sitemap:` line), and a feed with addresses that only work on one host would
 * break silently once copied or aggregated. The build's summary says so (`feedsNote`), and the deploy
 * recipes of `bantin init` pass the site's address with `--base-url`. Every page, and the search, work
 * the same. A note rather than a warning: a local preview with `baseUrl: /` is not a mistake, and
 * `bantin check` (run on every pull request) and `--strict` should not complain about it.
 */
import type { ResolvedConfig } from '../config/types.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildFeeds, categoryFeedPath, FEED_FILES, type FeedFile } from './feeds.js';
import type { LazyPagePlan, PageContext, PageExtension } from '../pages/plan.js';
import type { SpilledFile } from '../content/parked-body.js';
import { buildSearchIndex, searchDocuments, type SearchIndex, type SearchIndexer } from './search-index.js';
import { robotsTxt, sitemapFiles, structuredData, type FeedLink, type SitemapEntry } from './seo.js';
import { taxonomyOf } from '../site/taxonomy.js';
import { archiveYears } from '../pages/taxonomy-pages.js';
import { type LinkView, type PageView } from '../pages/views.js';
import { pagesOf, type SiteArticle, type SiteModel } from '../site/model.js';

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
import { ARCHIVE_ROOT, AUTHOR_ROOT, NAMES, SEARCH_PAGE, SITEMAP_PAGE, TAG_ROOT, authorPath, planTaxonomyPages, tagPath } from '../pages/taxonomy-pages.js';
import { hasAbsoluteBase } from '../config/base-url.js';

/** Top-level paths of the discovery pages and files; a category may not take one. */
const RESERVED = [TAG_ROOT, AUTHOR_ROOT, ARCHIVE_ROOT, SITEMAP_PAGE, SEARCH_PAGE];

/** A file of discovery: path relative to the output folder, and its contents (the search index's may be spilled, see `IndexOptions.spill`). */
export type DiscoveryFile = { readonly path: string; readonly contents: string | Uint8Array } | SpilledFile;

export interface Discovery {
  /** To give to `planPagesLazily`: links to tags and authors, the discovery pages, head data. */
  readonly extension: PageExtension;
  /** Problems of the site for discovery, content-relative paths mapped by `display`. */
  readonly diagnostics: Diagnostic[];
  /** Feeds, sitemap, robots.txt and search index for the planned pages. Made once, on first call. */
  /** `search: false`: without the search index (the rest costs little; the index, seconds on a large site). */
  files(pages: readonly LazyPagePlan[], search?: boolean): DiscoveryFile[];
}

/**
 * What the build's summary says when feeds and sitemap.xml are not written (baseUrl without a
 * domain), in Vietnamese; undefined when they are.
 */
export function feedsNote(config: Pick<ResolvedConfig, 'baseUrl'>): string | undefined {
  if (hasAbsoluteBase(config)) return undefined;
  return `không ghi nguồn tin RSS, Atom và sitemap.xml vì địa chỉ gốc "${config.baseUrl}" chưa có tên miền (khi đăng lên mạng, dựng với --base-url https://ten-mien.gov.vn/)`;
}

export interface DiscoveryOptions {
  /** Path shown to the user for a content-relative path (`content/…`). */
  readonly display?: (source: string) => string;
  /** Path shown for the config file. */
  readonly configLabel?: string;
  /** Makes the search index, started when pages are planned (default: on this thread, on request). */
  readonly searchIndexer?: SearchIndexer | undefined;
}

/**
 * Plan discovery for a site model. Cheap until pages are rendered or `files` is called.
 *
 * Long: the discovery stage's state (taxonomy, feeds, search index, sitemap entries) is made lazily once and shared by the extension's plan, decorate and files hooks, which close over it.
 */
export function createDiscovery(site: SiteModel, options: DiscoveryOptions = {}): Discovery {
  const { config } = site;
  const display = options.display ?? ((s: string) => s);
  const configLabel = options.configLabel ?? 'bantin.yaml';
  const diagnostics: Diagnostic[] = [];
  const absolute = hasAbsoluteBase(config);
  const withFeeds = absolute && site.articles.length > 0;
  const robotsFromContent = site.assets.includes('robots.txt');

  for (const c of site.categories) {
    if (!RESERVED.includes(c.slug)) continue;
    const configured = config.categories.some((k) => k.slug === c.slug);
    const first = c.articles[0];
    diagnostics.push(
      error(
        'BT501',
        configured || !first ? configLabel : display(first.source),
        `Chuyên mục "${c.name}" có đường dẫn /${c.slug}/, trùng với trang ${pageNameOf(c.slug)} của bantin.`,
        configured ? `Đặt slug khác cho chuyên mục này trong bantin.yaml, ví dụ: slug: ${c.slug}-tin` : `Đổi tên chuyên mục, hoặc khai báo nó trong bantin.yaml với slug khác, ví dụ: slug: ${c.slug}-tin`,
      ),
    );
  }

  const taxonomy = () => taxonomyOf(site);
  let hrefOf: ((url: string) => string) | undefined;
  let index: SearchIndex | undefined;
  /** The index a given indexer started when pages were planned. */
  let started: (() => SearchIndex) | undefined;
  const searchIndex = () => (index ??= started ? started() : buildSearchIndex(site, hrefOf ?? ((u) => config.basePath + u)));

  const feedLinks = (abs: (url: string) => string): { site: FeedLink[]; category: (slug: string, name: string) => FeedLink } => ({
    site: withFeeds
      ? [
          { type: 'application/rss+xml', title: `${config.title} (RSS)`, url: abs(FEED_FILES.rss) },
          { type: 'application/atom+xml', title: `${config.title} (Atom)`, url: abs(FEED_FILES.atom) },
          { type: 'application/feed+json', title: `${config.title} (JSON Feed)`, url: abs(FEED_FILES.json) },
        ]
      : [],
    category: (slug, name) => ({ type: 'application/rss+xml', title: `${name} – ${config.title} (RSS)`, url: abs(categoryFeedPath({ slug })) }),
  });
  let links: ReturnType<typeof feedLinks> | undefined;
  let byCategory: Map<string, FeedLink> | undefined;
  /** Category page link → the category's feed link. */
  const categoryFeeds = () => (byCategory ??= new Map(site.categories.map((c) => [hrefOf!(`${c.slug}/`), links!.category(c.slug, c.name)])));
  let searchLink: string | null = null;

  const extension: PageExtension = {
    tagUrl: (t) => {
      const term = taxonomy().tag(t.key);
      return term ? tagPath(term) : null;
    },
    authorUrl: (a) => {
      const term = taxonomy().author(a.key);
      return term ? authorPath(term) : null;
    },
    plan(ctx: PageContext) {
      hrefOf = ctx.href;
      if (options.searchIndexer) started = options.searchIndexer(searchDocuments(site, ctx.href));
      links = feedLinks(ctx.abs);
      searchLink = ctx.href(`${SEARCH_PAGE}/`);
      planTaxonomyPages(ctx, taxonomy());
      planSitemapPage(ctx, site, links.site);
      planSearchPage(ctx, searchIndex);
      const files: string[] = [];
      if (withFeeds) files.push(FEED_FILES.rss, FEED_FILES.atom, FEED_FILES.json, ...site.categories.map(categoryFeedPath));
      if (absolute) files.push('sitemap.xml');
      if (!robotsFromContent) files.push('robots.txt');
      return files;
    },
    decorate(view: PageView): PageView {
      if (!links) return view;
      let feeds = links.site;
      // A category's page and its articles also offer the category's own feed.
      const category = view.category && withFeeds ? categoryFeeds().get(view.category.url) : undefined;
      if (category) feeds = [...feeds, category];
      const jsonLd = structuredData(view, config, searchLink);
      return { ...view, page: { ...view.page, feeds, ...(jsonLd ? { jsonLd } : {}) } };
    },
  };

  let rest: DiscoveryFile[] | undefined;
  let made: DiscoveryFile[] | undefined;
  const files = (pages: readonly LazyPagePlan[], search = true): DiscoveryFile[] => {
    if (made) return made;
    if (!rest) {
      rest = [];
      if (withFeeds) rest.push(...buildFeeds(site, taxonomy()).map((f: FeedFile) => ({ path: f.path, contents: f.contents })));
      const sitemapUrl = absolute ? `${config.baseUrl}sitemap.xml` : null;
      if (absolute) rest.push(...sitemapFiles(sitemapEntries(site, pages), config.baseUrl, config.timeZone));
      if (!robotsFromContent) rest.push({ path: 'robots.txt', contents: robotsTxt(config.basePath, `${SEARCH_PAGE}/`, sitemapUrl) });
    }
    if (!search) return rest;
    made = [...rest, ...searchIndex().files];
    return made;
  };
  return { extension, diagnostics, files };
}

function pageNameOf(slug: string): string {
  if (slug === TAG_ROOT) return `"${NAMES.tags}"`;
  if (slug === AUTHOR_ROOT) return `"${NAMES.authors}"`;
  if (slug === ARCHIVE_ROOT) return `"${NAMES.archives}"`;
  if (slug === SITEMAP_PAGE) return `"${NAMES.sitemap}"`;
  return `"${NAMES.search}"`;
}

const empty = { article: null, category: null, articles: [], sections: [] } as const;

/** `/so-do-trang/`: categories, tags, authors, archives, fixed pages and feeds, for readers. */
function planSitemapPage(ctx: PageContext, site: SiteModel, feeds: readonly FeedLink[]): void {
  const { href, abs, home, logoImage } = ctx;
  const url = `${SITEMAP_PAGE}/`;
  ctx.add(url, 'sitemap', () => {
    const taxonomy = taxonomyOf(site);
    const pages: LinkView[] = [
      home,
      { name: NAMES.search, url: href(`${SEARCH_PAGE}/`) },
      { name: NAMES.tags, url: href(`${TAG_ROOT}/`) },
      { name: NAMES.authors, url: href(`${AUTHOR_ROOT}/`) },
      { name: NAMES.archives, url: href(`${ARCHIVE_ROOT}/`) },
      // Fixed pages (Giới thiệu, Liên hệ…), by title.
      ...[...pagesOf(site)].sort((a, b) => collator.compare(a.title, b.title)).map((p) => ({ name: p.title, url: href(p.url) })),
    ];
    return {
      ...empty,
      page: {
        title: NAMES.sitemap,
        description: `Sơ đồ các trang của ${site.config.title}: chuyên mục, từ khoá, tác giả, lưu trữ theo tháng.`,
        url: href(url),
        canonical: abs(url),
        image: logoImage,
        breadcrumbs: [home, { name: NAMES.sitemap, url: href(url) }],
        pagination: null,
        isHome: false,
      },
      sitemap: {
        pages,
        categories: ctx.siteView.categories.map((c) => ({ name: c.name, url: c.url, count: c.count })),
        tags: taxonomy.tags.map((t) => ({ name: t.name, url: href(tagPath(t)), count: t.articles.length })),
        authors: taxonomy.authors.map((t) => ({ name: t.name, url: href(authorPath(t)), count: t.articles.length })),
        years: archiveYears(site, taxonomy, href),
        feeds: feeds.map((f) => ({ name: f.title, url: f.url })),
      },
    };
  });
}

/** `/tim-kiem/`: the search form; its script reads the index made by search-index.ts. */
function planSearchPage(ctx: PageContext, searchIndex: () => SearchIndex): void {
  const { href, abs, home, logoImage, site } = ctx;
  const url = `${SEARCH_PAGE}/`;
  ctx.add(url, 'search', () => {
    const index = searchIndex();
    return {
      ...empty,
      page: {
        title: NAMES.search,
        description: `Tìm bài viết trên ${site.config.title}, gõ có dấu hoặc không dấu.`,
        url: href(url),
        canonical: abs(url),
        image: logoImage,
        breadcrumbs: [home, { name: NAMES.search, url: href(url) }],
        pagination: null,
        isHome: false,
      },
      search: { indexUrl: href(index.folder), shards: index.shards, docs: index.docs },
    };
  });
}

/**
 * Every page for `sitemap.xml` but the 404 page and the search page, in plan order. `lastmod`: an
 * article's update or date; a list's newest article (every page of a list moves when one is added).
 */
function sitemapEntries(site: SiteModel, pages: readonly LazyPagePlan[]): SitemapEntry[] {
  const { config } = site;
  const changed = (a: SiteArticle) => a.updated ?? a.date;
  const newestOf = (list: readonly SiteArticle[]) => list.reduce((m, a) => Math.max(m, changed(a)), 0);
  const byUrl = new Map<string, number>(site.articles.map((a) => [a.url, changed(a)]));
  // A fixed page without a date takes the site's newest change.
  for (const p of pagesOf(site)) if (changed(p) !== 0) byUrl.set(p.url, changed(p));
  const lists = new Map<string, number>();
  const siteNewest = newestOf(site.articles);
  for (const c of site.categories) lists.set(`${c.slug}/`, newestOf(c.articles));
  const taxonomy = taxonomyOf(site);
  for (const t of taxonomy.tags) lists.set(tagPath(t), newestOf(t.articles));
  for (const t of taxonomy.authors) lists.set(authorPath(t), newestOf(t.articles));
  for (const y of taxonomy.years) {
    lists.set(`${ARCHIVE_ROOT}/${y.year}/`, newestOf(y.articles));
    for (const m of y.months) lists.set(`${ARCHIVE_ROOT}/${m.year}/${String(m.month).padStart(2, '0')}/`, newestOf(m.articles));
  }
  const entries: SitemapEntry[] = [];
  for (const p of pages) {
    if (p.template === '404' || p.template === 'search') continue;
    const list = p.url.replace(/trang\/\d+\/$/, '');
    const lastmod = byUrl.get(p.url) ?? lists.get(list) ?? siteNewest;
    entries.push({ loc: config.baseUrl + p.url.split('/').map(encodeURIComponent).join('/'), lastmod });
  }
  return entries;
}
