/**
 * Feeds of the newest articles: RSS 2.0 (`/rss.xml`, and `/{category}/rss.xml` per category),
 * Atom (`/atom.xml`) and JSON Feed (`/feed.json`), written by the `feed` package. Pure.
 *
 * What `feed` decides and how bantin keeps every title, author and summary plain text:
 * - Atom titles and summaries are written `type="html"`: bantin gives them HTML-escaped, so a
 *   title `<script>` reads as those characters in a reader, never as markup.
 * - RSS titles are plain text (the RSS Best Practices Profile); descriptions are HTML, so the
 *   summary is given HTML-escaped; the author goes in `dc:creator` (RSS `<author>` means an e-mail).
 * - Dates: `feed` calls `toISOString()` / `toUTCString()`; `ZonedDate` answers in the site's time
 *   zone with its offset (`2021-10-11T14:48:00+07:00`, `Mon, 11 Oct 2021 14:48:00 +0700`).
 * - Links must be absolute (`feed` parses them with `new URL`): feeds need an absolute baseUrl.
 */
import { bodyOf } from '../content/parked-body.js';
import { Feed, type Item } from 'feed';
import type { ResolvedConfig } from '../config/types.js';
import { formatIsoDate, zonedParts } from '../text/dates.js';
import { encodePath } from '../text/url-path.js';
import type { Taxonomy } from '../site/taxonomy.js';
import { type SiteArticle, type SiteCategory, type SiteModel } from '../site/model.js';
import { tagPath } from '../pages/taxonomy-pages.js';
import { escapeHtml } from '../text/html-escape.js';
import { bodyHtml, visitElements, type BodyTree } from '../content/body.js';


export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A Date that writes itself in a time zone, with that zone's offset, for the `feed` package. */
export class ZonedDate extends Date {
  readonly #timeZone: string;
  constructor(epochMs: number, timeZone: string) {
    super(epochMs);
    this.#timeZone = timeZone;
  }
  /** RFC 3339 with the zone's offset: `2021-10-11T14:48:00+07:00` (Atom, JSON Feed). */
  override toISOString(): string {
    return formatIsoDate(this.getTime(), this.#timeZone);
  }
  /** RFC 822 with the zone's offset: `Mon, 11 Oct 2021 14:48:00 +0700` (RSS). */
  override toUTCString(): string {
    const p = zonedParts(this.getTime(), this.#timeZone);
    const iso = formatIsoDate(this.getTime(), this.#timeZone);
    const offset = iso.slice(19, 25).replace(':', '');
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${DAYS[p.weekday]}, ${pad(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${offset}`;
  }
}

/**
 * The body of an article for a feed: links and images under the site made absolute (a feed reader
 * shows it away from the site), `#anchors` pointing into the article's page. A copy of the tree.
 */
export function absoluteBody(body: BodyTree, origin: string, pageUrl: string): BodyTree {
  const copy = structuredClone(body);
  const absolute = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? origin + url : url);
  visitElements(copy, (element) => {
    const { properties } = element;
    for (const name of ['href', 'src'] as const) {
      const value = properties[name];
      if (typeof value !== 'string') continue;
      properties[name] = name === 'href' && value.startsWith('#') ? pageUrl + value : absolute(value);
    }
    const srcset = properties.srcSet;
    if (typeof srcset === 'string') properties.srcSet = srcset.split(/,\s*/).map(absolute).join(', ');
  });
  return copy;
}

export interface FeedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * Every feed of the site, or none when baseUrl is not absolute or nothing is published.
 * The newest `feedSize` articles; a feed's date is its newest article's, never the build time.
 *
 * Long: builds the site's three feeds and each category's with the feed library; the item mapping is shared by all of them and closes over the site's URLs.
 */
export function buildFeeds(site: SiteModel, taxonomy: Taxonomy): FeedFile[] {
  const { config } = site;
  if (!/^https?:\/\//i.test(config.baseUrl) || site.articles.length === 0) return [];
  const base = config.baseUrl;
  const origin = base.slice(0, base.length - config.basePath.length);
  const url = (path: string) => base + encodePath(path);
  const tz = config.timeZone;
  /** A feed's date: its newest article's (last update), or the site's newest for an empty category. */
  const newestDate = (list: readonly SiteArticle[]) =>
    new ZonedDate(list.length > 0 ? Math.max(...list.map((a) => a.updated ?? a.date)) : site.articles[0]!.date, tz);
  const copyright = `© ${zonedParts(site.articles[0]!.date, tz).year} ${config.organization.name || config.title}`;
  const logo = config.organization.logo ? url(config.organization.logo) : undefined;

  type Format = 'rss' | 'atom' | 'json';
  const item = (a: SiteArticle, format: Format): Item => {
    const link = url(a.url);
    const summary = a.summary;
    // A feed reader shows the content alone: the lead is the body's first paragraph, as written.
    const content = config.feedFullContent ? bodyHtml(absoluteBody(bodyOf(a.body), origin, link)) : undefined;
    const tags = a.tags.map((t) => ({ t, term: taxonomy.tag(t.key) }));
    const common = {
      link,
      id: link,
      date: new ZonedDate(a.updated ?? a.date, tz),
      published: new ZonedDate(a.date, tz),
      ...(content ? { content } : {}),
    };
    if (format === 'rss') {
      return {
        ...common,
        // No `id`: the link is the permanent guid (isPermaLink="true").
        id: undefined,
        title: a.title,
        description: escapeHtml(summary),
        category: [
          { name: a.categoryRef.name, domain: url(`${a.categoryRef.slug}/`) },
          ...tags.map(({ t, term }) => ({ name: term?.name ?? t.name, domain: term ? url(tagPath(term)) : undefined })),
        ],
        extensions: [{ name: 'dc:creator', objects: { _attributes: { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' }, _text: a.author.name } }],
      };
    }
    if (format === 'atom') {
      // Atom categories are attributes, which `feed` escapes for `&` and `"` only: a `<` is dropped.
      const label = (name: string) => name.replace(/</g, '');
      return {
        ...common,
        title: escapeHtml(a.title),
        description: escapeHtml(summary),
        author: [{ name: a.author.name }],
        category: [
          { term: a.categoryRef.slug, name: label(a.categoryRef.name), scheme: url('') },
          ...tags.map(({ t, term }) => ({ term: term?.slug ?? t.slug, name: label(term?.name ?? t.name), scheme: url('the/') })),
        ],
      };
    }
    const image = a.image || a.firstImage;
    return {
      ...common,
      title: a.title,
      // JSON Feed: `summary` is plain text, `content_html` HTML (`feed` uses the description when there is no content).
      description: content ? summary : escapeHtml(summary),
      ...(image ? { image: url(image) } : {}),
      author: [{ name: a.author.name }],
      category: [{ name: a.categoryRef.name }, ...tags.map(({ t, term }) => ({ name: term?.name ?? t.name }))],
    };
  };

  type FeedOptions = { title: string; description: string; link: string; links: Partial<Record<Format, string>> };
  const render = (format: Format, list: readonly SiteArticle[], options: FeedOptions) => {
    const feed = new Feed({
      id: options.link,
      title: options.title,
      description: options.description,
      link: options.link,
      language: config.language,
      updated: newestDate(list),
      generator: 'bantin',
      copyright,
      ...(logo ? { image: logo } : {}),
      feedLinks: options.links,
      author: { name: config.organization.name || config.title, link: base },
    });
    for (const a of list) feed.addItem(item(a, format));
    const text = format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1();
    return text.endsWith('\n') ? text : `${text}\n`;
  };

  const newest = site.articles.slice(0, config.feedSize);
  const links = { rss: url(FEED_FILES.rss), atom: url(FEED_FILES.atom), json: url(FEED_FILES.json) };
  const siteFeed: FeedOptions = { title: config.title, description: config.description || config.title, link: base, links };

  const files: FeedFile[] = [
    { path: FEED_FILES.rss, contents: render('rss', newest, siteFeed) },
    { path: FEED_FILES.atom, contents: render('atom', newest, siteFeed) },
    { path: FEED_FILES.json, contents: render('json', newest, siteFeed) },
  ];
  for (const c of site.categories) files.push({ path: categoryFeedPath(c), contents: render('rss', c.articles.slice(0, config.feedSize), categoryFeed(c, config, url)) });
  return files;
}

/** Output path of a category's RSS feed: `{category-slug}/rss.xml`. */
export function categoryFeedPath(c: Pick<SiteCategory, 'slug'>): string {
  return `${c.slug}/${FEED_FILES.rss}`;
}

function categoryFeed(c: SiteCategory, config: ResolvedConfig, url: (path: string) => string) {
  return {
    title: `${c.name} – ${config.title}`,
    description: c.description || `${c.name} – ${config.title}`,
    link: url(`${c.slug}/`),
    links: { rss: url(categoryFeedPath(c)) },
  };
}
