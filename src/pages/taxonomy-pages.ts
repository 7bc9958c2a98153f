/** Top-level folders of the discovery pages; a category may not take one of them. */
import { type ArchiveMonth, type Taxonomy, type Term } from '../site/taxonomy.js';
import { type SiteModel } from '../site/model.js';
import { formatMonthYear } from '../text/dates.js';
import { type ArchiveView, type LinkView, type PageView } from './views.js';
import { type PageContext } from './plan.js';

import { ARCHIVE_ROOT, AUTHOR_ROOT, NAMES, TAG_ROOT } from './roots.js';

export { ARCHIVE_ROOT, AUTHOR_ROOT, NAMES, SEARCH_PAGE, SITEMAP_PAGE, TAG_ROOT } from './roots.js';

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
 *
 * Long: plans three families of pages (tags, authors, archives) through one page context; the view of each is a literal that reads best next to its URL.
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
