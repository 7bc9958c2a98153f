/**
 * The template contract: every value a page template of the theme sees, in one file. Page plans
 * (plan.ts) make these views from the site model; templates/README and docs describe them.
 */
import type { AttachmentView, DocumentEntry, DocumentView, PictureView, SiteModel } from '../site/model.js';
import type { TermKind } from '../site/taxonomy.js';

export type { AttachmentView, DocumentView, PictureView };

export type DocumentListItem = DocumentEntry;

/** Data of the page of every document (`/van-ban/`). */
export interface DocumentsPageView {
  /** Newest first (date issued, then number, then article). */
  readonly items: readonly DocumentListItem[];
  /** Issuers for the filter, in Vietnamese order. */
  readonly issuers: readonly string[];
  /** Years for the filter, newest first. */
  readonly years: readonly number[];
}

/** Templates of the discovery pages (tags, authors, archives, sitemap, search: src/outputs/discovery.ts). */
export const DISCOVERY_TEMPLATES = ['tag', 'tags', 'author', 'authors', 'archive', 'archives', 'sitemap', 'search'] as const;

/** Templates of the media pages (the documents page: src/pages/documents-page.ts). */
export const MEDIA_TEMPLATES = ['documents'] as const;

export type TemplateName = 'home' | 'category' | 'article' | 'page' | '404' | (typeof DISCOVERY_TEMPLATES)[number] | (typeof MEDIA_TEMPLATES)[number];

/** One page to render: where it goes, with which template, and the data the template sees. */
export interface PagePlan {
  /** Path relative to the base URL: '' for home, `x/y/` for folders, `404.html`. */
  readonly url: string;
  /** Output file path relative to the output folder. */
  readonly outputPath: string;
  readonly template: TemplateName;
  readonly view: PageView;
}

export interface LinkView {
  readonly name: string;
  readonly url: string;
}

export interface ArticleSummaryView {
  readonly title: string;
  readonly url: string;
  readonly date: string;
  readonly dateIso: string;
  readonly summary: string;
  readonly image: string | null;
  /** The image as a responsive thumbnail (`partials/picture.hbs`), null without processed variants. */
  readonly picture: PictureView | null;
  readonly category: LinkView;
  readonly author: string;
}

export interface ArticleView extends ArticleSummaryView {
  readonly dateLong: string;
  readonly updated: string | null;
  readonly updatedIso: string | null;
  /** `url`: the tag's page, null when the site has no tag pages. */
  readonly tags: ReadonlyArray<{ readonly name: string; readonly url: string | null }>;
  /** The author's page, null when the site has no author pages. */
  readonly authorUrl: string | null;
  /** Rendered, sanitised Markdown, printed with `{{{ }}}`: the body without its lead. */
  readonly html: string;
  /**
   * The lead when no `summary` was written: the content of the body's first paragraph (links,
   * images, footnote calls kept), rendered and sanitised, printed with `{{{ }}}` inside
   * `<p class="lead">`. Null when a summary was written (then `summary` is the lead).
   */
  readonly leadHtml: string | null;
  readonly related: readonly ArticleSummaryView[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly source: string;
  /** Files the body links to (PDF, DOCX, …): "Tài liệu đính kèm". */
  readonly attachments: readonly AttachmentView[];
  /** Legal documents of a notice (`documents:`), shown as a table. */
  readonly documents: readonly DocumentView[];
  /** The page of every document of the site, or null. */
  readonly documentsUrl: string | null;
}

/** A fixed page (`type: page`: Giới thiệu, Liên hệ…) for `pages/page.hbs`. */
export interface FixedPageView {
  readonly title: string;
  readonly url: string;
  readonly summary: string;
  /** Rendered, sanitised Markdown, printed with `{{{ }}}`. */
  readonly html: string;
  /** The page's `date`, or null when it has none. */
  readonly date: string | null;
  readonly dateIso: string | null;
  /** "Cập nhật": from `updated:`, or null. */
  readonly updated: string | null;
  readonly updatedIso: string | null;
  /** `contact: true`: show the organisation's address, phone, e-mail and office hours (the Liên hệ page). */
  readonly contact: boolean;
  /** The author only when the page names one, else ''. */
  readonly author: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly source: string;
  readonly attachments: readonly AttachmentView[];
  readonly documents: readonly DocumentView[];
  readonly documentsUrl: string | null;
}

/** One entry of a menu (`menu:` / `footerMenu:` in bantin.yaml), for the header and footer. */
export interface MenuItemView {
  readonly label: string;
  /** Under the base path (site pages), or the address as written (external links). */
  readonly url: string;
  /** A link to another site (opened in the same tab; marked for screen readers). */
  readonly external: boolean;
  /** One level only: children have none. */
  readonly children: readonly MenuItemView[];
}

export interface PaginationView {
  readonly current: number;
  readonly total: number;
  readonly prev: string | null;
  readonly next: string | null;
  /** The page numbers to show (see pageWindow); a `gap` stands for the pages left out between two. */
  readonly pages: ReadonlyArray<PageLinkView>;
}

export type PageLinkView =
  | { readonly number: number; readonly url: string; readonly current: boolean; readonly gap: false }
  | { readonly number: null; readonly url: null; readonly current: false; readonly gap: true };

export interface SiteView {
  readonly title: string;
  readonly description: string;
  readonly baseUrl: string;
  readonly basePath: string;
  readonly language: string;
  /** `logoUrl`: the logo under the base path; `phoneUrl`: a `tel:` link made from `phone` (digits and `+` only), or null. */
  readonly organization: SiteModel['config']['organization'] & { readonly logoUrl: string | null; readonly phoneUrl: string | null };
  readonly categories: ReadonlyArray<LinkView & { readonly slug: string; readonly description: string; readonly count: number }>;
  /** Year of the newest article (no build time is ever written into pages). */
  readonly copyrightYear: number;
  /** `menu:` of bantin.yaml, resolved; null without one (the theme then shows the categories). */
  readonly menu: readonly MenuItemView[] | null;
  /** `footerMenu:` of bantin.yaml, resolved; null without one. */
  readonly footerMenu: readonly MenuItemView[] | null;
}

export interface PageView {
  readonly site: SiteView;
  readonly page: {
    readonly title: string;
    readonly description: string;
    readonly url: string;
    /** Absolute when baseUrl is absolute, otherwise root-relative. */
    readonly canonical: string;
    /** Picture for link previews (og:image), absolute like `canonical`: the article's image, else the logo, else null. */
    readonly image: string | null;
    readonly breadcrumbs: readonly LinkView[];
    readonly pagination: PaginationView | null;
    readonly isHome: boolean;
    /** Feeds for `<link rel="alternate">`: the site's, then the category's (absent without feeds). */
    readonly feeds?: ReadonlyArray<{ readonly type: string; readonly title: string; readonly url: string }>;
    /** Structured data (schema.org JSON-LD), printed with `{{json}}`; absent when none. */
    readonly jsonLd?: unknown;
  };
  readonly article: ArticleView | null;
  /** A fixed page's own data (`pages/page.hbs`); absent elsewhere. */
  readonly fixedPage?: FixedPageView;
  readonly category: (LinkView & { readonly description: string }) | null;
  readonly articles: readonly ArticleSummaryView[];
  /** Home only: newest few articles of each category. */
  readonly sections: ReadonlyArray<{ readonly category: LinkView; readonly articles: readonly ArticleSummaryView[] }>;
  /** Tag and author pages: the tag or author. */
  readonly term?: TermView;
  /** Indexes of tags and authors: every one, with its count. */
  readonly terms?: TermListView;
  /** Archive pages: the year (and month), and the index of every year and month. */
  readonly archive?: ArchiveView;
  /** The sitemap page for readers. */
  readonly sitemap?: SitemapView;
  /** The search page: where its index is. */
  readonly search?: SearchView;
  /** The page of every document (`/van-ban/`). */
  readonly documents?: DocumentsPageView;
}

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
