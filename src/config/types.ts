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
  organization?: Partial<Organization>;
  categories?: Array<Partial<CategoryConfig>>;
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
  readonly organization: Organization;
  /** Configured categories in order, or empty when any category is allowed. */
  readonly categories: readonly CategoryConfig[];
}
