import { type ArticleData } from '../content/article.js';
import { type ResolvedConfig } from '../config/types.js';

export interface BuildOptions {
  /** Include drafts. */
  readonly drafts: boolean;
  /** Include articles dated after `now`. */
  readonly future: boolean;
  /** The build's start, epoch milliseconds. */
  readonly now: number;
}

export interface SiteCategory {
  readonly name: string;
  readonly key: string;
  readonly slug: string;
  readonly description: string;
  /** Published articles, newest first. */
  readonly articles: SiteArticle[];
}

export interface SiteArticle extends ArticleData {
  /** Page path relative to the base, e.g. `hoat-dong-cua-xa-phuong/hoi-nghi/`. */
  readonly url: string;
  readonly categoryRef: SiteCategory;
  /** Other articles shown under "Tin khác", best first. */
  related: SiteArticle[];
}

export interface LeftOut {
  readonly source: string;
  readonly title: string;
  readonly date: number;
  readonly reason: 'draft' | 'scheduled';
}

export interface SiteModel {
  readonly config: ResolvedConfig;
  /** Published articles, newest first, ties broken by slug then source path. */
  readonly articles: SiteArticle[];
  /** Categories in display order (configured order, or "Hoạt động của xã phường" first then by name). */
  readonly categories: SiteCategory[];
  /**
   * Published fixed pages (`type: page`), at `/{slug}/`, by URL. Outside every list, feed, archive
   * and "Tin khác"; in the sitemap and search. Their `categoryRef` is `PAGE_CATEGORY` (listed nowhere).
   * Absent in models made before pages existed (tests): read with `pagesOf`.
   */
  readonly pages?: SiteArticle[];
  readonly leftOut: LeftOut[];
  /** Content-relative paths of the files copied as they are. */
  readonly assets: readonly string[];
  /**
   * With `lazyRelated`: the related articles of one article, picked on first request (then `related`
   * of every article is empty). Gives what `assignRelated` would have set.
   */
  readonly relatedOf?: (article: SiteArticle) => readonly SiteArticle[];
  /** Pictures, attachments and documents of the articles (src/site/media.ts), once the media stage ran. */
  readonly media?: SiteMedia;
  /** Output paths of the files of the theme and of the trusted `static/` folder: links to them are valid. */
  readonly trustedFiles?: readonly string[];
}

/** The category of every fixed page: no name, no list. */
export const PAGE_CATEGORY: SiteCategory = Object.freeze({ name: '', key: '', slug: '', description: '', articles: [] as SiteArticle[] });

/** Whether an article of the model is a fixed page (`type: page`). */
export const isPage = (a: Pick<ArticleData, 'kind'>): boolean => a.kind === 'page';

/** The fixed pages of a site model (none when it has no `pages`). */
export const pagesOf = (site: Pick<SiteModel, 'pages'>): readonly SiteArticle[] => site.pages ?? [];

/** Articles and fixed pages: everything published at its own address. */
export const documentsOf = (site: Pick<SiteModel, 'articles' | 'pages'>): readonly SiteArticle[] => (site.pages?.length ? [...site.articles, ...site.pages] : site.articles);

export const HOME_CATEGORY_NAME = 'Hoạt động của xã phường';

/** What the pages need from the media stage (`SiteModel.media`). */
export interface SiteMedia {
  /** The list thumbnail of an article (its cover, else its first image), when it has variants. */
  pictureOf(article: SiteArticle): PictureView | null;
  /** Content-relative path of the link-preview crop of an article's picture, or null. */
  ogImageOf(article: SiteArticle): string | null;
  attachmentsOf(article: SiteArticle): readonly AttachmentView[];
  documentsOf(article: SiteArticle): readonly DocumentView[];
  /** Path of the documents page under the base (`van-ban/`), or null when the site has no document. */
  readonly documentsUrl: string | null;
}

// ---------------------------------------------------------------------------
// Markup
// ---------------------------------------------------------------------------

/** A picture for templates (`partials/picture.hbs`): the fallback `src`/`srcset`, the WebP `srcset` and the size. */
export interface PictureView {
  readonly src: string;
  readonly srcset: string;
  /** Null when the fallback is WebP already. */
  readonly webpSrcset: string | null;
  readonly width: number;
  readonly height: number;
}

// ---------------------------------------------------------------------------
// The media stage
// ---------------------------------------------------------------------------

/** A file an article links to, for "Tài liệu đính kèm". */
export interface AttachmentView {
  /** The link's text, else the file name. */
  readonly name: string;
  readonly url: string;
  /** `PDF`, `DOCX`, … */
  readonly type: string;
  /** `245 KB`, `1,2 MB`, or null when unknown. */
  readonly size: string | null;
}

export interface DocumentView {
  readonly number: string;
  readonly issuer: string;
  /** `03/01/2024` */
  readonly issued: string;
  /** `2024-01-03` */
  readonly issuedIso: string;
  readonly effective: string | null;
  readonly effectiveIso: string | null;
  readonly summary: string;
  readonly year: number;
  readonly url: string;
  readonly type: string;
  readonly size: string | null;
}

/** A document with the article that publishes it (the list of `/van-ban/`). */
export interface DocumentEntry extends DocumentView {
  readonly article: { readonly name: string; readonly url: string };
}
