import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { bodyOf } from '../content/parked-body.js';
import { formatIsoDate, formatLongDate, formatShortDate, zonedParts } from '../text/dates.js';
import { encodePath } from '../text/url-path.js';
import type { NamedValue } from '../content/article.js';
import { compareArticles } from '../site/build-site.js';
import { bodyHtml, splitLead, type BodyTree } from '../content/body.js';
import { documentsOf, pagesOf, type SiteArticle, type SiteCategory, type SiteModel } from '../site/model.js';
import { resolveMenu } from './menu.js';
import { DOCUMENTS_PAGE } from '../site/media.js';
import { ARCHIVE_ROOT, AUTHOR_ROOT, SEARCH_PAGE, SITEMAP_PAGE, TAG_ROOT } from './roots.js';
import { type ArticleSummaryView, type ArticleView, type FixedPageView, type MenuItemView, type LinkView, type PageLinkView, type PagePlan, type PageView, type PaginationView, type SiteView, type TemplateName } from './views.js';
import { hasAbsoluteBase } from '../config/base-url.js';



/**
 * Which page numbers a list page links to: the first, the last, and `width` either side of the
 * current one, with `null` for each run left out (a run of a single page is shown instead).
 * A home list of 10,000 articles has 500 pages: listing every number on every page made each
 * list page ~30 KB heavier and the site's build quadratic in its number of pages.
 */
export function pageWindow(current: number, total: number, width = 2): Array<number | null> {
  const wanted = new Set<number>([1, total]);
  for (let n = current - width; n <= current + width; n++) if (n >= 1 && n <= total) wanted.add(n);
  const shown: Array<number | null> = [];
  let previous = 0;
  for (const n of [...wanted].sort((x, y) => x - y)) {
    if (n === previous + 2) shown.push(previous + 1);
    else if (n > previous + 2) shown.push(null);
    shown.push(n);
    previous = n;
  }
  return shown;
}

/**
 * The view makers of `planPagesLazily`, for a stage that plans more pages of the same kind
 * (tags, authors, archives: src/outputs/discovery.ts). Valid only during `PageExtension.plan`.
 */
export interface PageContext {
  readonly site: SiteModel;
  readonly siteView: SiteView;
  /** The "Trang chủ" breadcrumb. */
  readonly home: LinkView;
  /** The logo as a link-preview picture, or null. */
  readonly logoImage: string | null;
  /** A path under the base (`the/dang-uy/`) as a link: under the base path, percent-encoded. */
  href(url: string): string;
  /** As `href`, but absolute when baseUrl is absolute (canonical addresses). */
  abs(url: string): string;
  summaryOf(article: SiteArticle): ArticleSummaryView;
  /** Plan a list paginated by `pageSize` at `prefix`, `prefix/trang/2/`, …; `make` is called per page. */
  paginate(
    list: readonly SiteArticle[],
    prefix: string,
    make: (url: string, pageNumber: number, content: () => { items: ArticleSummaryView[]; pagination: PaginationView | null }) => void,
  ): void;
  /** Add a page; its view is made by `make` on request. */
  add(url: string, template: TemplateName, make: () => Omit<PageView, 'site'>): void;
}

/** What a later stage adds to the planned pages (src/outputs/discovery.ts). */
export interface PageExtension {
  /** Path under the base of a tag's page (`the/dang-uy/`), or null. */
  tagUrl?(tag: NamedValue): string | null;
  /** Path under the base of an author's page, or null. */
  authorUrl?(author: NamedValue): string | null;
  /** Plan more pages (before the 404 page); returns the output paths of the other files it writes. */
  plan?(context: PageContext): readonly string[];
  /** Add to each page's view (feeds, structured data); called when the view is made. */
  decorate?(view: PageView, page: LazyPagePlan): PageView;
}

/** How many articles each category block on the home page shows. */
const SECTION_SIZE = 4;

/** A planned page whose view is made on request (the dev server plans every page but shows a few). */
export interface LazyPagePlan {
  readonly url: string;
  readonly outputPath: string;
  readonly template: TemplateName;
  /** The template's data, made anew from the site model at each call. */
  view(): PageView;
}

/** An old address (`aliases:`) that sends readers to an article or page. */
export interface RedirectPlan {
  /** The old path under the base, as written without the leading slash (`2017/01/bai-cu.html`, `duong-dan-cu/`). */
  readonly from: string;
  /** Output file path relative to the output folder. */
  readonly outputPath: string;
  /** The new address under the base (`gioi-thieu/`). */
  readonly to: string;
  readonly title: string;
  readonly source: string;
}

/**
 * First path segments bantin keeps for the pages and files it makes, whether or not this build
 * makes them: a fixed page there would vanish the day they appear.
 */
export const RESERVED_SEGMENTS: readonly string[] = [TAG_ROOT, AUTHOR_ROOT, ARCHIVE_ROOT, SITEMAP_PAGE, SEARCH_PAGE, DOCUMENTS_PAGE.replace(/\/$/, ''), 'trang', 'assets'];

/** Output file of a path under the base: `x/` → `x/index.html`, `x.html` as it is. */
export const outputPathOf = (url: string): string => (url === '' || url.endsWith('/') ? `${url}index.html` : url);

/**
 * Plan every page of the site: articles, paginated home and category lists, 404.
 * Also checks site-absolute links (`/thong-bao/`) against the planned URLs. Pure.
 */
export function planPages(site: SiteModel): { pages: PagePlan[]; diagnostics: Diagnostic[] } {
  const planned = planPagesLazily(site);
  return {
    pages: planned.pages.map((p) => ({ url: p.url, outputPath: p.outputPath, template: p.template, view: p.view() })),
    diagnostics: planned.diagnostics,
  };
}

/**
 * `planPages` with each page's view made only when asked for: the URLs and link checks cost little.
 *
 * @param extension Pages, links and view data of a later stage (discovery), planned with these pages.
 *
 * Long: plans every kind of page (home and category lists, articles, fixed pages, redirects, 404) through one context whose view makers close over the site; each kind is a short block, and link checks need the whole plan.
 */
export function planPagesLazily(
  site: SiteModel,
  extension?: PageExtension,
): { pages: LazyPagePlan[]; diagnostics: Diagnostic[]; redirects: RedirectPlan[]; configDiagnostics: Diagnostic[]; siteView: SiteView } {
  const { config } = site;
  const tz = config.timeZone;
  const env = planEnv(site, extension);
  const { href, abs, summaryOf, logoImage, home, categoryLink } = env;
  const siteView = siteViewOf(site, env);

  const pages: LazyPagePlan[] = [];
  const add = (url: string, template: TemplateName, make: () => Omit<PageView, 'site'>) => {
    const outputPath = url.endsWith('.html') ? url : `${url}index.html`;
    pages.push({ url, outputPath, template, view: () => ({ site: siteView, ...make() }) });
  };

  // Articles.
  for (const a of site.articles) add(a.url, 'article', () => articlePage(env, a));

  // Fixed pages (`type: page`): their own template, no category, no "Tin khác".
  for (const p of pagesOf(site)) {
    add(p.url, 'page', () => {
      const hasDate = p.date !== 0;
      const view: FixedPageView = {
        title: p.title,
        url: href(p.url),
        summary: p.summary,
        html: bodyHtml(bodyOf(p.body)),
        date: hasDate ? formatShortDate(p.date, tz, p.dateHasTime) : null,
        dateIso: hasDate ? formatIsoDate(p.date, tz) : null,
        updated: p.updated === null ? null : formatShortDate(p.updated, tz, p.updatedHasTime),
        updatedIso: p.updated === null ? null : formatIsoDate(p.updated, tz),
        contact: ['true', 'yes', 'có'].includes(String(p.params.contact ?? '').trim().toLowerCase()),
        author: p.author.name,
        params: p.params,
        source: p.source,
        attachments: site.media?.attachmentsOf(p) ?? [],
        documents: site.media?.documentsOf(p) ?? [],
        documentsUrl: site.media?.documentsUrl ? href(site.media.documentsUrl) : null,
      };
      const og = site.media?.ogImageOf(p);
      return {
        ...empty,
        page: {
          title: p.title,
          description: p.summary,
          url: href(p.url),
          canonical: abs(p.url),
          image: og ? abs(og) : p.image || p.firstImage ? abs(p.image || p.firstImage) : logoImage,
          breadcrumbs: [home, { name: p.title, url: href(p.url) }],
          pagination: null,
          isHome: false,
        },
        fixedPage: view,
      };
    });
  }

  // Paginated lists: home and each category. A page's items are made when its view is.
  const paginate = (
    list: readonly SiteArticle[],
    prefix: string,
    make: (url: string, pageNumber: number, content: () => { items: ArticleSummaryView[]; pagination: PaginationView | null }) => void,
  ) => {
    const total = Math.max(1, Math.ceil(list.length / config.pageSize));
    const urlOf = (n: number) => (n === 1 ? prefix : `${prefix}trang/${n}/`);
    for (let n = 1; n <= total; n++) {
      make(urlOf(n), n, () => ({
        items: list.slice((n - 1) * config.pageSize, n * config.pageSize).map(summaryOf),
        pagination:
          total === 1
            ? null
            : {
                current: n,
                total,
                prev: n > 1 ? href(urlOf(n - 1)) : null,
                next: n < total ? href(urlOf(n + 1)) : null,
                pages: pageWindow(n, total).map((p): PageLinkView =>
                  p === null ? { number: null, url: null, current: false, gap: true } : { number: p, url: href(urlOf(p)), current: p === n, gap: false },
                ),
              },
      }));
    }
  };

  const sections = () =>
    site.categories
      .filter((c) => c.articles.length > 0)
      .map((c) => ({ category: categoryLink(c), articles: c.articles.slice(0, SECTION_SIZE).map(summaryOf) }));
  paginate(site.articles, '', (url, n, content) => {
    add(url, 'home', () => {
      const { items, pagination } = content();
      return {
        ...empty,
        page: {
          title: n === 1 ? config.title : `${config.title} – Trang ${n}`,
          description: config.description,
          url: href(url),
          canonical: abs(url),
          image: logoImage,
          breadcrumbs: n === 1 ? [] : [home, { name: `Trang ${n}`, url: href(url) }],
          pagination,
          isHome: n === 1,
        },
        articles: items,
        sections: n === 1 ? sections() : [],
      };
    });
  });
  for (const c of site.categories) {
    paginate(c.articles, `${c.slug}/`, (url, n, content) => {
      add(url, 'category', () => {
        const { items, pagination } = content();
        const link = categoryLink(c);
        return {
          ...empty,
          page: {
            title: n === 1 ? c.name : `${c.name} – Trang ${n}`,
            description: c.description,
            url: href(url),
            canonical: abs(url),
            image: logoImage,
            breadcrumbs: n === 1 ? [home, link] : [home, link, { name: `Trang ${n}`, url: href(url) }],
            pagination,
            isHome: false,
          },
          category: { ...link, description: c.description },
          articles: items,
        };
      });
    });
  }

  const files = extension?.plan?.({ site, siteView, home, logoImage, href, abs, summaryOf, paginate, add }) ?? [];

  add('404.html', '404', () => ({
    ...empty,
    page: {
      title: 'Không tìm thấy trang',
      description: '',
      url: href('404.html'),
      canonical: abs('404.html'),
      image: logoImage,
      breadcrumbs: [home, { name: 'Không tìm thấy trang', url: href('404.html') }],
      pagination: null,
      isHome: false,
    },
  }));

  const decorate = extension?.decorate;
  const planned = decorate ? pages.map((p): LazyPagePlan => ({ ...p, view: () => decorate(p.view(), p) })) : pages;
  const all = [...planned, ...files.map((f) => ({ url: f, outputPath: f }))];
  const diagnostics = [...checkPageClashes(site, all), ...checkSitePaths(site, all)];
  const aliases = planAliases(site, all);
  diagnostics.push(...aliases.diagnostics);

  // Menus, now that every page bantin makes is known. Their problems are in the config file.
  const configDiagnostics: Diagnostic[] = [];
  const menus = config.menus;
  if (menus) {
    const urls = new Set(all.map((p) => p.url));
    const resolve = (entries: typeof menus.menu, key: string): MenuItemView[] | null => {
      if (!entries) return null;
      const r = resolveMenu(entries, site, urls, href, menus.file, key);
      configDiagnostics.push(...r.diagnostics);
      return r.items;
    };
    Object.assign(siteView, { menu: resolve(menus.menu, 'menu'), footerMenu: resolve(menus.footerMenu, 'footerMenu') });
  }
  return { pages: planned, diagnostics, redirects: aliases.redirects, configDiagnostics, siteView };
}

const empty = { article: null, category: null, articles: [], sections: [] } as const;

/** What every view maker of a plan shares: links under the base, summaries (made once per article), the site's extension. */
export interface PlanEnv {
  readonly site: SiteModel;
  readonly extension: PageExtension | undefined;
  readonly tz: string;
  href(url: string): string;
  abs(url: string): string;
  summaryOf(article: SiteArticle): ArticleSummaryView;
  categoryLink(c: SiteCategory): LinkView;
  readonly home: LinkView;
  readonly logoImage: string | null;
}

/** The view makers' shared part for a site model (see `PlanEnv`). */
export function planEnv(site: SiteModel, extension: PageExtension | undefined): PlanEnv {
  const { config } = site;
  const base = config.basePath;
  const tz = config.timeZone;
  const abs = (url: string) => (hasAbsoluteBase(config) ? config.baseUrl : base) + encodePath(url);
  const href = (url: string) => base + encodePath(url);
  const categoryLink = (c: SiteCategory): LinkView => ({ name: c.name, url: href(`${c.slug}/`) });
  const imageUrl = (a: SiteArticle) => {
    const path = a.image || a.firstImage;
    return path ? href(path) : null;
  };
  const summaries = new Map<SiteArticle, ArticleSummaryView>();
  const summaryOf = (a: SiteArticle): ArticleSummaryView => {
    let view = summaries.get(a);
    if (!view) {
      view = {
        title: a.title,
        url: href(a.url),
        date: formatShortDate(a.date, tz, a.dateHasTime),
        dateIso: formatIsoDate(a.date, tz),
        summary: a.summary,
        image: imageUrl(a),
        picture: site.media?.pictureOf(a) ?? null,
        category: categoryLink(a.categoryRef),
        author: a.author.name,
      };
      summaries.set(a, view);
    }
    return view;
  };
  return {
    site,
    extension,
    tz,
    href,
    abs,
    summaryOf,
    categoryLink,
    home: { name: 'Trang chủ', url: href('') },
    logoImage: config.organization.logo ? abs(config.organization.logo) : null,
  };
}

/** The site-wide part of every page's view; its menus are null (`planPagesLazily` resolves them once every page is planned). */
export function siteViewOf(site: SiteModel, env: Pick<PlanEnv, 'href' | 'categoryLink' | 'tz'>): SiteView {
  const { config } = site;
  const { href } = env;
  const newest = site.articles[0];
  return {
    title: config.title,
    description: config.description,
    baseUrl: config.baseUrl,
    basePath: config.basePath,
    language: config.language,
    organization: {
      ...config.organization,
      logoUrl: config.organization.logo ? href(config.organization.logo) : null,
      phoneUrl: /\d/.test(config.organization.phone) ? `tel:${config.organization.phone.replace(/[^\d+]/g, '')}` : null,
    },
    categories: site.categories.map((c) => ({ ...env.categoryLink(c), slug: c.slug, description: c.description, count: c.articles.length })),
    copyrightYear: newest ? zonedParts(newest.date, env.tz).year : 2025,
    menu: null,
    footerMenu: null,
  };
}

/** An article's page (without the site part), as `planPagesLazily` plans it. */
export function articlePage(env: PlanEnv, a: SiteArticle): Omit<PageView, 'site'> {
  const { site, extension, tz, href, abs, summaryOf, categoryLink, home, logoImage } = env;
  const linkOrNull = (url: string | null | undefined) => (url == null ? null : href(url));
  const summary = summaryOf(a);
  // Read once (a parked body is read back from the spill file).
  const body = bodyOf(a.body);
  const view: ArticleView = {
    ...summary,
    dateLong: formatLongDate(a.date, tz),
    updated: a.updated === null ? null : formatShortDate(a.updated, tz, a.updatedHasTime),
    updatedIso: a.updated === null ? null : formatIsoDate(a.updated, tz),
    tags: a.tags.map((t) => ({ name: t.name, url: linkOrNull(extension?.tagUrl?.(t)) })),
    authorUrl: linkOrNull(extension?.authorUrl?.(a.author)),
    // The lead (first paragraph, no `summary` written) is printed above the body, once.
    html: bodyHtml(splitLead(body).rest),
    leadHtml: leadHtml(body),
    // Chosen by relatedness, shown newest first: an order readers can see (the dates are printed).
    related: [...(site.relatedOf ? site.relatedOf(a) : a.related)].sort(compareArticles).map(summaryOf),
    params: a.params,
    source: a.source,
    attachments: site.media?.attachmentsOf(a) ?? [],
    documents: site.media?.documentsOf(a) ?? [],
    documentsUrl: site.media?.documentsUrl ? href(site.media.documentsUrl) : null,
  };
  return {
    ...empty,
    page: {
      title: a.title,
      description: a.summary,
      url: href(a.url),
      canonical: abs(a.url),
      image: site.media?.ogImageOf(a) ? abs(site.media.ogImageOf(a)!) : a.image || a.firstImage ? abs(a.image || a.firstImage) : logoImage,
      breadcrumbs: [home, categoryLink(a.categoryRef), { name: a.title, url: href(a.url) }],
      pagination: null,
      isHome: false,
    },
    article: view,
    category: { ...categoryLink(a.categoryRef), description: a.categoryRef.description },
  };
}

/** A fixed page may not take an address bantin uses or will use, nor another page's. */
function checkPageClashes(site: SiteModel, planned: ReadonlyArray<Pick<PagePlan, 'url' | 'outputPath'>>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, number>();
  for (const p of planned) owners.set(p.outputPath, (owners.get(p.outputPath) ?? 0) + 1);
  for (const p of pagesOf(site)) {
    const reserved = RESERVED_SEGMENTS.includes(p.slug);
    const category = site.categories.find((c) => c.slug === p.slug);
    if (!reserved && !category && (owners.get(outputPathOf(p.url)) ?? 0) <= 1) continue;
    const what = category ? `chuyên mục "${category.name}"` : reserved ? 'một trang do bantin tạo ra (tìm kiếm, văn bản, lưu trữ, từ khoá, tác giả, phân trang…)' : 'một trang khác do bantin tạo ra';
    diagnostics.push(
      error('BT162', p.source, `Trang "${p.title}" có đường dẫn /${p.url}, trùng với ${what}.`, `Đặt slug khác cho trang này, ví dụ: slug: ${p.slug}-trang`, p.lines.slug ?? p.lines.title ?? 1, 1),
    );
  }
  return diagnostics;
}

/**
 * The redirects of every `aliases:` entry. An old address may not be a page, a file bantin writes,
 * a copied file, or another old address.
 */
function planAliases(site: SiteModel, planned: ReadonlyArray<Pick<PagePlan, 'url' | 'outputPath'>>): { redirects: RedirectPlan[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const outputs = new Set(planned.map((p) => p.outputPath));
  const assets = new Set(site.assets);
  const taken = new Map<string, SiteArticle>();
  const redirects: RedirectPlan[] = [];
  const sorted = [...documentsOf(site)].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  for (const a of sorted) {
    for (const from of a.aliases ?? []) {
      const outputPath = outputPathOf(from);
      const line = a.lines.aliases ?? 1;
      const other = taken.get(outputPath);
      let clash: string | undefined;
      if (from === a.url) clash = 'chính địa chỉ hiện tại của bài';
      else if (outputs.has(outputPath)) clash = 'một trang đang có của trang web';
      else if (assets.has(outputPath)) clash = `tệp "${outputPath}" trong thư mục nội dung`;
      else if (other) clash = `đường dẫn cũ của "${other.title}" (${other.source})`;
      if (clash) {
        diagnostics.push(
          error('BT163', a.source, `Đường dẫn cũ /${from} trong aliases trùng với ${clash}.`, 'Xoá đường dẫn này khỏi aliases: mỗi đường dẫn cũ chỉ chuyển tới một bài, và không được là địa chỉ của một trang đang có.', line, 1),
        );
        continue;
      }
      taken.set(outputPath, a);
      redirects.push({ from, outputPath, to: a.url, title: a.title, source: a.source });
    }
  }
  return { redirects, diagnostics };
}

/** Site-absolute links must lead to a page or a copied file; no page may be overwritten by a copied file. */
function checkSitePaths(site: SiteModel, pages: ReadonlyArray<Pick<PagePlan, 'url' | 'outputPath'>>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const pageUrls = new Set(pages.map((p) => p.url));
  const outputs = new Set(pages.map((p) => p.outputPath));
  const assets = new Set([...site.assets, ...(site.trustedFiles ?? [])]);
  for (const asset of site.assets) {
    if (outputs.has(asset)) {
      diagnostics.push(error('BT127', asset, `Tệp "${asset}" trùng chỗ với một trang do bantin tạo ra.`, 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.'));
    }
  }
  for (const a of documentsOf(site)) {
    for (const ref of a.references) {
      if (ref.kind !== 'url') continue;
      const t = ref.target;
      const ok = pageUrls.has(t) || pageUrls.has(`${t}/`) || assets.has(t) || outputs.has(t) || (t.endsWith('/') && (outputs.has(`${t}index.html`) || assets.has(`${t}index.html`)));
      if (!ok) {
        diagnostics.push(
          error('BT129', a.source, `Liên kết "${ref.written}" không dẫn tới trang nào của trang web.`, 'Kiểm tra lại đường dẫn; để liên kết tới bài khác, dùng tên tệp .md của bài đó, ví dụ ../thong-bao/ten-bai.md', ref.line, ref.column),
        );
      }
    }
  }
  return diagnostics;
}

/** Two page extensions as one: pages planned by `first`, then by `second`; views decorated by both. */
export function combineExtensions(first: PageExtension | undefined, second: PageExtension | undefined): PageExtension | undefined {
  if (!first || !second) return first ?? second;
  return {
    ...(first.tagUrl ? { tagUrl: first.tagUrl } : second.tagUrl ? { tagUrl: second.tagUrl } : {}),
    ...(first.authorUrl ? { authorUrl: first.authorUrl } : second.authorUrl ? { authorUrl: second.authorUrl } : {}),
    plan: (ctx) => [...(first.plan?.(ctx) ?? []), ...(second.plan?.(ctx) ?? [])],
    decorate: (view, page) => {
      const once = first.decorate ? first.decorate(view, page) : view;
      return second.decorate ? second.decorate(once, page) : once;
    },
  };
}

/** The HTML of a body's lead (its content, without the `<p>`), or null when it has none. */
function leadHtml(body: BodyTree): string | null {
  const { lead } = splitLead(body);
  return lead ? bodyHtml(lead).trimEnd() : null;
}
