/** The organisation that publishes the site; shown in the footer as Vietnamese rules for government sites ask. */
export interface Organization {
  /** Name, e.g. "UBND phường Trần Phú". */
  readonly name: string;
  /** Governing body, e.g. "UBND thành phố Quảng Ngãi". */
  readonly governingBody: string;
  readonly address: string;
  readonly phone: string;
  readonly email: string;
  /** Person responsible for the content ("Người chịu trách nhiệm"). */
  readonly responsible: string;
  /** Path of a logo or emblem image, relative to the content folder (optional). */
  readonly logo: string;
  /** Office hours ("Giờ làm việc"), shown by pages with `contact: true` (Liên hệ). */
  readonly hours: string;
}

export interface CategoryConfig {
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly order: number;
}

/**
 * What a user may write in `bantin.yaml`: every field optional.
 * Defaults are given in `resolveConfig`.
 */
export interface UserConfig {
  /** @default "Bản tin phường" */
  title?: string;
  /** @default "" */
  description?: string;
  /** @default "/" */
  baseUrl?: string;
  /** @default "vi" */
  language?: string;
  /** @default "Asia/Ho_Chi_Minh" */
  timeZone?: string;
  /** @default 20 */
  pageSize?: number;
  /** @default 5 */
  relatedCount?: number;
  /** @default "" (author then required in every article) */
  defaultAuthor?: string;
  /** Largest image an article may show without a warning: `2MB`, `500KB`, or megabytes; 0 for no limit. @default "2MB" */
  maxImageSize?: string | number;
  /** Articles in each feed (RSS, Atom, JSON Feed), newest first. @default 20 */
  feedSize?: number;
  /** Put each article's whole body in the feeds, not only its summary. @default false */
  feedFullContent?: boolean;
  organization?: Partial<Organization>;
  categories?: Array<Partial<CategoryConfig>>;
  /** Responsive images (see `ImageConfig`); every field optional. */
  images?: Partial<Record<keyof ImageConfig, unknown>>;
  /** Which kinds of output the site has (see `OutputsConfig`), like Hugo's `disableKinds`. */
  outputs?: Partial<Record<keyof OutputsConfig, unknown>>;
  /** The header menu: entries `- page: gioi-thieu`, `- category: Thông báo`, `- url: https://…` with `label:`, `children:`. */
  menu?: unknown[];
  /** The footer menu, as `menu`. */
  footerMenu?: unknown[];
}

/**
 * One entry of `menu:` or `footerMenu:` as written, resolved against the site when pages are
 * planned (src/pages/menu.ts). `page`: a fixed page by content path (`gioi-thieu.md`) or slug, or a
 * page bantin makes (`tim-kiem`, `van-ban`, `luu-tru`, …); `category`: by name or slug; `url`: another site.
 */
export interface MenuEntryConfig {
  readonly kind: 'page' | 'category' | 'url';
  readonly target: string;
  /** '' when not written: the page's title, the category's name. */
  readonly label: string;
  /** Where the entry is in the config file. */
  readonly line: number;
  readonly column: number;
  readonly children: readonly MenuEntryConfig[];
}

/** The menus of `bantin.yaml`, with the file they are in (for messages). */
export interface MenusConfig {
  /** The config file as shown in messages. */
  readonly file: string;
  /** `menu:`, or null when not written (the theme shows the categories). */
  readonly menu: readonly MenuEntryConfig[] | null;
  readonly footerMenu: readonly MenuEntryConfig[] | null;
}

/** What the program uses: complete and read-only, made once by `resolveConfig`. */
export interface ResolvedConfig {
  readonly title: string;
  readonly description: string;
  /** Always ends with `/`; either an absolute URL (`https://x.gov.vn/sub/`) or a path (`/sub/`). */
  readonly baseUrl: string;
  /** Path part of baseUrl, starting and ending with `/`. */
  readonly basePath: string;
  readonly language: string;
  readonly timeZone: string;
  readonly pageSize: number;
  readonly relatedCount: number;
  readonly defaultAuthor: string;
  /** Largest image an article may show without a warning, in bytes; 0 for no limit. */
  readonly maxImageSize: number;
  /** Articles in each feed, newest first. */
  readonly feedSize: number;
  /** Whether feeds carry each article's whole body besides its summary. */
  readonly feedFullContent: boolean;
  readonly organization: Organization;
  /** Configured categories in order, or empty when any category is allowed. */
  readonly categories: readonly CategoryConfig[];
  /** How the images articles use are published (src/config/images.ts). */
  readonly images: ImageConfig;
  /** `menu:` and `footerMenu:`; absent when neither is written. */
  readonly menus?: MenusConfig;
  readonly outputs: OutputsConfig;
}

/** `outputs:` in bantin.yaml: kinds of output a site can leave out. */
export interface OutputsConfig {
  /**
   * Tag, author and archive pages, the readers' site map, the search page and index, feeds,
   * sitemap.xml, robots.txt and structured data. `false` leaves only articles, home and category
   * lists, the documents page and 404 (the pages Hugo and Eleventy make in the benchmark). @default true
   */
  readonly discovery: boolean;
}

/** `images:` in bantin.yaml: how the images articles use are processed and published. */
export interface ImageConfig {
  /** Make WebP and fallback variants at several widths, without metadata. @default true */
  readonly process: boolean;
  /** Widths of the variants in pixels, ascending; none is wider than the original. @default [480, 960, 1600] */
  readonly widths: readonly number[];
  /** Quality of the WebP and JPEG variants, 1–100. @default 75 */
  readonly quality: number;
  /** Also publish each original file unchanged at its own address (with its EXIF, GPS included). @default false */
  readonly originals: boolean;
}
