/**
 * Tags, authors and archives: the model (who wrote what, which tag has which articles, which
 * month has which) and their pages, `/the/…`, `/tac-gia/…` and `/luu-tru/…`, planned through the
 * same page plans and views as categories. Pure.
 */
import type { NamedValue } from './article.js';
import { formatMonthYear, zonedParts } from './dates.js';
import type { LinkView, PageContext, PageView } from './pages.js';
import type { SiteArticle, SiteModel } from './site.js';

/** Top-level folders of the discovery pages; a category may not take one of them. */
export const TAG_ROOT = 'the';
export const AUTHOR_ROOT = 'tac-gia';
export const ARCHIVE_ROOT = 'luu-tru';
export const SITEMAP_PAGE = 'so-do-trang';
export const SEARCH_PAGE = 'tim-kiem';

/** A tag or an author with its articles. */
export interface Term {
  /** The name as most articles write it (ties: as the newest article writes it). */
  readonly name: string;
  /** Comparison key: one key for `Hòa`/`Hoà`/NFD. */
  readonly key: string;
  /** Unique among the terms of its kind: a second term with the same slug gets `-2`, … */
  readonly slug: string;
  /** Articles, newest first. */
  readonly articles: readonly SiteArticle[];
}

export interface ArchiveMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** Articles, newest first. */
  readonly articles: readonly SiteArticle[];
}

export interface ArchiveYear {
  readonly year: number;
  readonly articles: readonly SiteArticle[];
  /** Newest first. */
  readonly months: readonly ArchiveMonth[];
}

export interface Taxonomy {
  /** In Vietnamese alphabetical order. */
  readonly tags: readonly Term[];
  readonly authors: readonly Term[];
  /** Newest first. */
  readonly years: readonly ArchiveYear[];
  tag(key: string): Term | undefined;
  author(key: string): Term | undefined;
}

// --- views -----------------------------------------------------------------

export type TermKind = 'tag' | 'author';

/** A tag or author page: `kind` lets one template serve both. */
export interface TermView extends LinkView {
  readonly kind: TermKind;
  readonly count: number;
}

/** The index of every tag or every author. */
export interface TermListView {
  readonly kind: TermKind;
  readonly items: ReadonlyArray<LinkView & { readonly count: number }>;
}

export interface ArchiveLinkView extends LinkView {
  readonly count: number;
}

export interface ArchiveView {
  /** Year of the page, or null on the index. */
  readonly year: number | null;
  /** Month (1–12) of the page, or null on the index and year pages. */
  readonly month: number | null;
  /** On a year page: its months, newest first; on a month page: the other months of its year. */
  readonly months: readonly ArchiveLinkView[];
  /** Every year, newest first, with its months. */
  readonly years: ReadonlyArray<ArchiveLinkView & { readonly months: readonly ArchiveLinkView[] }>;
}

export interface SitemapView {
  /** Fixed pages: home, search, the indexes of tags, authors and archives. */
  readonly pages: readonly LinkView[];
  readonly categories: readonly ArchiveLinkView[];
  readonly tags: readonly ArchiveLinkView[];
  readonly authors: readonly ArchiveLinkView[];
  readonly years: ArchiveView['years'];
  /** Feeds, when the site has them. */
  readonly feeds: readonly LinkView[];
}

export interface SearchView {
  /** Folder of the search index (under the base path, ends with `/`). */
  readonly indexUrl: string;
  /** Number of term shards in the index. */
  readonly shards: number;
  /** Number of indexed articles. */
  readonly docs: number;
}

// --- model -----------------------------------------------------------------

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const built = new WeakMap<SiteModel, Taxonomy>();

/** The tags, authors and archives of a site; made once per site model. */
export function taxonomyOf(site: SiteModel): Taxonomy {
  let taxonomy = built.get(site);
  if (!taxonomy) {
    taxonomy = buildTaxonomy(site);
    built.set(site, taxonomy);
  }
  return taxonomy;
}

/**
 * Group the published articles by tag, by author and by month. Names that differ only by tone-mark
 * placement or Unicode form are one term (their `key` is equal); the page shows the commonest form.
 */
export function buildTaxonomy(site: SiteModel): Taxonomy {
  const tags = groupTerms(site.articles, (a) => a.tags, 'tu-khoa');
  const authors = groupTerms(site.articles, (a) => [a.author], 'khong-ten');
  const tagByKey = new Map(tags.map((t) => [t.key, t]));
  const authorByKey = new Map(authors.map((t) => [t.key, t]));

  const tz = site.config.timeZone;
  const years: Array<{ year: number; articles: SiteArticle[]; months: Map<number, SiteArticle[]> }> = [];
  for (const a of site.articles) {
    const { year, month } = zonedParts(a.date, tz);
    // Articles are newest first, so a year or month, once left, never comes back.
    let y = years[years.length - 1];
    if (!y || y.year !== year) {
      y = years.find((e) => e.year === year);
      if (!y) {
        y = { year, articles: [], months: new Map() };
        years.push(y);
      }
    }
    y.articles.push(a);
    const list = y.months.get(month);
    if (list) list.push(a);
    else y.months.set(month, [a]);
  }
  years.sort((a, b) => b.year - a.year);
  return {
    tags,
    authors,
    years: years.map((y) => ({
      year: y.year,
      articles: y.articles,
      months: [...y.months.entries()].sort((a, b) => b[0] - a[0]).map(([month, articles]) => ({ year: y.year, month, articles })),
    })),
    tag: (key) => tagByKey.get(key),
    author: (key) => authorByKey.get(key),
  };
}

/**
 * Terms of one kind, in Vietnamese alphabetical order. Slugs are made unique in the order the terms
 * first appeared (oldest article first), so a new term never takes the address of an older one.
 */
function groupTerms(articles: readonly SiteArticle[], valuesOf: (a: SiteArticle) => readonly NamedValue[], fallbackSlug: string): Term[] {
  const groups = new Map<string, { names: Map<string, number>; articles: SiteArticle[]; slug: string }>();
  for (const a of articles) {
    for (const v of valuesOf(a)) {
      let g = groups.get(v.key);
      if (!g) {
        g = { names: new Map(), articles: [], slug: v.slug || fallbackSlug };
        groups.set(v.key, g);
      }
      // Two spellings of one tag in one article count once.
      if (g.articles[g.articles.length - 1] !== a) g.articles.push(a);
      g.names.set(v.name, (g.names.get(v.name) ?? 0) + 1);
    }
  }
  const oldestFirst = [...groups.entries()].sort(([ka, a], [kb, b]) => {
    const da = a.articles[a.articles.length - 1]!.date;
    const db = b.articles[b.articles.length - 1]!.date;
    return da - db || (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
  const used = new Set<string>();
  const terms: Term[] = [];
  for (const [key, g] of oldestFirst) {
    let slug = g.slug;
    for (let n = 2; used.has(slug); n++) slug = `${g.slug}-${n}`;
    used.add(slug);
    // The commonest spelling; at equal counts the newest article's (names are in order of first use, newest first).
    let name = '';
    let best = 0;
    for (const [n, count] of g.names) {
      if (count > best) {
        name = n;
        best = count;
      }
    }
    terms.push({ name, key, slug, articles: g.articles });
  }
  return terms.sort((a, b) => collator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// --- URLs ------------------------------------------------------------------

export const tagPath = (t: Pick<Term, 'slug'>) => `${TAG_ROOT}/${t.slug}/`;
export const authorPath = (t: Pick<Term, 'slug'>) => `${AUTHOR_ROOT}/${t.slug}/`;
export const yearPath = (year: number) => `${ARCHIVE_ROOT}/${year}/`;
export const monthPath = (year: number, month: number) => `${ARCHIVE_ROOT}/${year}/${String(month).padStart(2, '0')}/`;

/** `Năm 2021`. */
export const yearName = (year: number) => `Năm ${year}`;

/** `Tháng 10/2021`, as dates.ts writes it. */
export function monthName(site: SiteModel, m: Pick<ArchiveMonth, 'articles'>): string {
  return formatMonthYear(m.articles[0]!.date, site.config.timeZone);
}

/** Names of the discovery pages, shown in breadcrumbs and titles. */
export const NAMES = {
  tags: 'Từ khoá',
  authors: 'Tác giả',
  archives: 'Lưu trữ',
  sitemap: 'Sơ đồ trang',
  search: 'Tìm kiếm',
} as const;

// --- pages -----------------------------------------------------------------

const empty = { article: null, category: null, articles: [], sections: [] } as const;

/** Links to every year of the archive with its months, newest first. */
export function archiveYears(site: SiteModel, taxonomy: Taxonomy, href: (url: string) => string): ArchiveView['years'] {
  return taxonomy.years.map((y) => ({
    name: yearName(y.year),
    url: href(yearPath(y.year)),
    count: y.articles.length,
    months: y.months.map((m) => ({ name: monthName(site, m), url: href(monthPath(m.year, m.month)), count: m.articles.length })),
  }));
}

/**
 * Plan the pages of tags, authors and archives: `/the/`, `/the/{tag}/` (paginated), `/tac-gia/`,
 * `/tac-gia/{author}/`, `/luu-tru/`, `/luu-tru/{yyyy}/`, `/luu-tru/{yyyy}/{mm}/`.
 */
export function planTaxonomyPages(ctx: PageContext, taxonomy: Taxonomy): void {
  const { site, href, abs, home, logoImage } = ctx;
  const title = site.config.title;
  const withPage = (name: string, n: number) => (n === 1 ? name : `${name} – Trang ${n}`);

  const termPages = (kind: 'tag' | 'author', terms: readonly Term[], root: string, pathOf: (t: Term) => string) => {
    const indexName = kind === 'tag' ? NAMES.tags : NAMES.authors;
    const index: LinkView = { name: indexName, url: href(`${root}/`) };
    ctx.add(`${root}/`, kind === 'tag' ? 'tags' : 'authors', () => ({
      ...empty,
      page: {
        title: indexName,
        description: kind === 'tag' ? `Mọi từ khoá của ${title}, với số bài viết của mỗi từ khoá.` : `Các tác giả của ${title}, với số bài viết của mỗi người.`,
        url: href(`${root}/`),
        canonical: abs(`${root}/`),
        image: logoImage,
        breadcrumbs: [home, index],
        pagination: null,
        isHome: false,
      },
      terms: { kind, items: terms.map((t) => ({ name: t.name, url: href(pathOf(t)), count: t.articles.length })) },
    }));
    for (const t of terms) {
      const link: LinkView = { name: t.name, url: href(pathOf(t)) };
      ctx.paginate(t.articles, pathOf(t), (url, n, content) => {
        ctx.add(url, kind, (): Omit<PageView, 'site'> => {
          const { items, pagination } = content();
          const name = `${indexName}: ${t.name}`;
          return {
            ...empty,
            page: {
              title: withPage(name, n),
              description: kind === 'tag' ? `Các bài viết có từ khoá “${t.name}” trên ${title}.` : `Các bài viết của tác giả ${t.name} trên ${title}.`,
              url: href(url),
              canonical: abs(url),
              image: logoImage,
              breadcrumbs: n === 1 ? [home, index, link] : [home, index, link, { name: `Trang ${n}`, url: href(url) }],
              pagination,
              isHome: false,
            },
            articles: items,
            term: { kind, name: t.name, url: link.url, count: t.articles.length },
          };
        });
      });
    }
  };
  termPages('tag', taxonomy.tags, TAG_ROOT, tagPath);
  termPages('author', taxonomy.authors, AUTHOR_ROOT, authorPath);

  // Archives.
  const years = archiveYears(site, taxonomy, href);
  const archives: LinkView = { name: NAMES.archives, url: href(`${ARCHIVE_ROOT}/`) };
  ctx.add(`${ARCHIVE_ROOT}/`, 'archives', () => ({
    ...empty,
    page: {
      title: NAMES.archives,
      description: `Bài viết của ${title} theo từng năm, từng tháng.`,
      url: archives.url,
      canonical: abs(`${ARCHIVE_ROOT}/`),
      image: logoImage,
      breadcrumbs: [home, archives],
      pagination: null,
      isHome: false,
    },
    archive: { year: null, month: null, months: [], years },
  }));
  taxonomy.years.forEach((y, i) => {
    const yearLink: LinkView = { name: yearName(y.year), url: href(yearPath(y.year)) };
    const months = years[i]!.months;
    ctx.paginate(y.articles, yearPath(y.year), (url, n, content) => {
      ctx.add(url, 'archive', () => {
        const { items, pagination } = content();
        return {
          ...empty,
          page: {
            title: withPage(yearLink.name, n),
            description: `Các bài viết năm ${y.year} của ${title}.`,
            url: href(url),
            canonical: abs(url),
            image: logoImage,
            breadcrumbs: n === 1 ? [home, archives, yearLink] : [home, archives, yearLink, { name: `Trang ${n}`, url: href(url) }],
            pagination,
            isHome: false,
          },
          articles: items,
          archive: { year: y.year, month: null, months, years },
        };
      });
    });
    y.months.forEach((m, j) => {
      const monthLink = months[j]!;
      ctx.paginate(m.articles, monthPath(m.year, m.month), (url, n, content) => {
        ctx.add(url, 'archive', () => {
          const { items, pagination } = content();
          const crumb: LinkView = { name: monthLink.name, url: monthLink.url };
          return {
            ...empty,
            page: {
              title: withPage(monthLink.name, n),
              description: `Các bài viết ${monthLink.name.toLowerCase()} của ${title}.`,
              url: href(url),
              canonical: abs(url),
              image: logoImage,
              breadcrumbs: n === 1 ? [home, archives, yearLink, crumb] : [home, archives, yearLink, crumb, { name: `Trang ${n}`, url: href(url) }],
              pagination,
              isHome: false,
            },
            articles: items,
            archive: { year: m.year, month: m.month, months, years },
          };
        });
      });
    });
  });
}
