/**
 * Tags, authors and archives: the model (who wrote what, which tag has which articles, which
 * month has which) and their pages, `/the/…`, `/tac-gia/…` and `/luu-tru/…`, planned through the
 * same page plans and views as categories. Pure.
 */
import type { NamedValue } from '../content/article.js';
import { zonedParts } from '../text/dates.js';
import { type SiteArticle, type SiteModel } from './model.js';


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

