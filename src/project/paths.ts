import type { SiteInput } from '../pipeline.js';
import type { ScanOptions } from './scan.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Options shared by every command that reads a site. */
export interface SiteOptions {
  root?: string | undefined;
  content?: string | undefined;
  templates?: string | undefined;
  config?: string | undefined;
  baseUrl?: string | undefined;
  drafts?: boolean | undefined;
  future?: boolean | undefined;
  /** Working folder that relative paths start from (default: process.cwd()). */
  cwd?: string | undefined;
  /** The build's start (default: now); tests fix it. */
  now?: number | undefined;
  /** Folder of the persistent article cache (default ROOT/node_modules/.cache/bantin); false turns it off. */
  cacheDir?: string | false | undefined;
  /** Worker threads for Markdown (default: decided by the amount of uncached work); 1 turns them off. */
  threads?: number | undefined;
  /** Called each time an image is encoded, not taken from the cache (tests count encodes). */
  onImageEncode?: ((path: string, what: 'variants' | 'og' | 'clean') => void) | undefined;
  /** Seams of the content scan (tests: list folders in another order). */
  scan?: ScanOptions | undefined;
  /** Keep rendered pages as UTF-8 bytes, as writing them needs (see `SiteInput.encodePages`). */
  encodePages?: boolean | undefined;
  /** Each page as it is rendered (see `SiteInput.onPage`). */
  onPage?: SiteInput['onPage'];
  /**
   * The files of the content folder copied as they are (output path → file), final (embargoed
   * ones left out), given once before the first page renders: the build writes them meanwhile.
   */
  onCopies?: ((copies: ReadonlyMap<string, string>) => void) | undefined;
  /** Makes the search index (see `SiteInput.searchIndexer`). */
  searchIndexer?: SiteInput['searchIndexer'];
  /**
   * Park article bodies and texts in a spill file between the Markdown stage and their pages
   * (content/parked-body.ts). Default: for sites of `PARK_THRESHOLD` Markdown files or more.
   */
  parkBodies?: boolean | undefined;
}

export interface SitePaths {
  readonly cwd: string;
  readonly root: string;
  readonly content: string;
  readonly templates: string | undefined;
  /** The trusted folder of files published as they are: ROOT/static (it may not exist). */
  readonly static: string;
  readonly config: string | undefined;
  readonly configGiven: boolean;
}

/** Resolve the folders of a site; command-line paths are relative to the working folder. */
export function resolvePaths(options: SiteOptions): SitePaths {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = resolve(cwd, options.root ?? '.');
  const content = options.content ? resolve(cwd, options.content) : resolve(root, 'content');
  const templatesDefault = resolve(root, 'templates');
  const templates = options.templates ? resolve(cwd, options.templates) : existsSync(templatesDefault) ? templatesDefault : undefined;
  const configDefault = resolve(root, 'bantin.yaml');
  const config = options.config ? resolve(cwd, options.config) : existsSync(configDefault) ? configDefault : undefined;
  return { cwd, root, content, templates, static: resolve(root, 'static'), config, configGiven: Boolean(options.config) };
}
