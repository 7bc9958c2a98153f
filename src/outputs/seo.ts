/**
 * For search engines and link previews: absolute addresses, feed links and structured data
 * (schema.org JSON-LD) for each page's head, `sitemap.xml` and `robots.txt`. Pure.
 */
import type { ResolvedConfig } from '../config/types.js';
import { formatIsoDate } from '../text/dates.js';
import { type LinkView, type PageView } from '../pages/views.js';
import { xmlText } from '../text/html-escape.js';
import { hasAbsoluteBase } from '../config/base-url.js';


/**
 * A link under the base path (`/sub/the/dang-uy/`, as views carry them) made absolute with the
 * base URL's origin; unchanged when baseUrl is a path.
 */
export function absoluteLink(config: Pick<ResolvedConfig, 'baseUrl' | 'basePath'>, link: string): string {
  if (!hasAbsoluteBase(config) || /^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  const origin = config.baseUrl.slice(0, config.baseUrl.length - config.basePath.length);
  return origin + link;
}

export interface FeedLink {
  readonly type: string;
  readonly title: string;
  readonly url: string;
}

/**
 * Structured data for a page: `NewsArticle` and `BreadcrumbList` on article pages, `WebSite` (with
 * the site search) and the organisation on the home page, `BreadcrumbList` elsewhere.
 * Links are absolute when baseUrl is. Dates keep their offset (`+07:00`).
 */
export function structuredData(view: PageView, config: ResolvedConfig, searchUrl: string | null): unknown {
  const abs = (link: string) => absoluteLink(config, link);
  const org = config.organization;
  const home = abs(view.site.basePath);
  const publisher: Record<string, unknown> = {
    '@type': 'GovernmentOrganization',
    name: org.name || config.title,
    url: home,
  };
  if (view.site.organization.logoUrl) publisher.logo = { '@type': 'ImageObject', url: abs(view.site.organization.logoUrl) };

  const graph: unknown[] = [];
  const { article, page } = view;
  if (article) {
    const item: Record<string, unknown> = {
      '@type': 'NewsArticle',
      headline: article.title,
      datePublished: article.dateIso,
      dateModified: article.updatedIso ?? article.dateIso,
      author: [{ '@type': 'Person', name: article.author, ...(article.authorUrl ? { url: abs(article.authorUrl) } : {}) }],
      image: article.image ? [abs(article.image)] : page.image ? [page.image] : undefined,
      publisher,
      mainEntityOfPage: page.canonical,
      articleSection: article.category.name,
      keywords: article.tags.length > 0 ? article.tags.map((t) => t.name) : undefined,
      inLanguage: view.site.language,
    };
    graph.push(item);
  } else if (page.isHome) {
    const site: Record<string, unknown> = { '@type': 'WebSite', name: config.title, url: home, inLanguage: view.site.language, publisher };
    if (config.description) site.description = config.description;
    if (searchUrl) {
      site.potentialAction = {
        '@type': 'SearchAction',
        target: { '@type': 'EntryPoint', urlTemplate: `${abs(searchUrl)}?q={search_term_string}` },
        'query-input': 'required name=search_term_string',
      };
    }
    graph.push(site);
  }
  if (page.breadcrumbs.length > 1) graph.push(breadcrumbList(page.breadcrumbs, abs));
  if (graph.length === 0) return undefined;
  // JSON.stringify (the `json` helper) leaves out the fields left undefined.
  return { '@context': 'https://schema.org', '@graph': graph };
}

function breadcrumbList(crumbs: readonly LinkView[], abs: (link: string) => string): unknown {
  return {
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: abs(c.url) })),
  };
}

// --- sitemap.xml and robots.txt -------------------------------------------------

export interface SitemapEntry {
  /** Absolute, percent-encoded URL. */
  readonly loc: string;
  /** Epoch milliseconds of the last change. */
  readonly lastmod: number;
}

/** At most this many URLs per sitemap file (the sitemaps.org limit). */
export const SITEMAP_LIMIT = 50_000;

/**
 * `sitemap.xml` for the given pages, in their order, with `lastmod` in the site's time zone
 * (`2021-10-11T14:48:00+07:00`). More than 50,000 pages are split into `sitemap-1.xml`, … and
 * `sitemap.xml` becomes their index. The format is small enough that it is written here: the
 * `sitemap` package only writes through asynchronous streams, and the core is synchronous.
 *
 * @param base Absolute base URL (ends with `/`).
 */
export function sitemapFiles(entries: readonly SitemapEntry[], base: string, timeZone: string): Array<{ path: string; contents: string }> {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const urlset = (list: readonly SitemapEntry[]) =>
    `${head}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${list
      .map((e) => `<url><loc>${xmlText(e.loc)}</loc><lastmod>${formatIsoDate(e.lastmod, timeZone)}</lastmod></url>\n`)
      .join('')}</urlset>\n`;
  if (entries.length <= SITEMAP_LIMIT) return [{ path: 'sitemap.xml', contents: urlset(entries) }];
  const files: Array<{ path: string; contents: string }> = [];
  const index: string[] = [];
  for (let i = 0; i * SITEMAP_LIMIT < entries.length; i++) {
    const part = entries.slice(i * SITEMAP_LIMIT, (i + 1) * SITEMAP_LIMIT);
    const path = `sitemap-${i + 1}.xml`;
    files.push({ path, contents: urlset(part) });
    const newest = Math.max(...part.map((e) => e.lastmod));
    index.push(`<sitemap><loc>${xmlText(base + path)}</loc><lastmod>${formatIsoDate(newest, timeZone)}</lastmod></sitemap>\n`);
  }
  files.unshift({ path: 'sitemap.xml', contents: `${head}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index.join('')}</sitemapindex>\n` });
  return files;
}

/**
 * `robots.txt`: every page may be crawled but the search page and its index (results made in the
 * browser, not pages of their own); the sitemap's absolute address when there is one.
 */
export function robotsTxt(basePath: string, searchPath: string, sitemapUrl: string | null): string {
  const lines = ['User-agent: *', `Disallow: ${basePath}${searchPath}`];
  if (sitemapUrl) lines.push('', `Sitemap: ${sitemapUrl}`);
  return `${lines.join('\n')}\n`;
}
