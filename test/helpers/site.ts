/**
 * Test helpers: whole sites written from an inline map of files into a fresh temp folder,
 * whole-tree snapshots for byte comparisons, and plain-object factories for the pure core.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ArticleData, NamedValue } from '../../src/content/article.js';
import { titleWords } from '../../src/content/article.js';
import { renderMarkdown, type LocalReference } from '../../src/content/markdown.js';
import { fromHtml } from 'hast-util-from-html';
import { slugify, toneKey } from '../../src/text/vietnamese.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { readRange } from '../../src/cache/spill-file.js';
import type { SpillRange } from '../../src/content/parked-body.js';
import { compareArticles } from '../../src/site/build-site.js';
import type { SiteArticle, SiteCategory } from '../../src/site/model.js';

/** Files of a site by path relative to its root (`content/tin/a.md`), text or bytes. */
export type SiteFiles = Record<string, string | Uint8Array>;

export interface TempSite {
  /** Absolute path of the temp folder (the site's root). */
  readonly root: string;
  /** Absolute path of a file or folder inside the site (`/`-separated parts). */
  path(rel?: string): string;
  read(rel: string): Promise<string>;
  /** Write (or replace) files, creating folders as needed. */
  write(files: SiteFiles): Promise<void>;
  remove(rel: string): Promise<void>;
  /** Every file under a folder of the site, see `snapshotTree`. */
  snapshot(rel?: string): Promise<Record<string, string>>;
  /** Delete the temp folder. */
  cleanup(): Promise<void>;
}

/**
 * Write a site from an inline map of files into a fresh folder under the system temp folder.
 * Call `cleanup()` when done (e.g. in `afterAll`).
 */
export async function createSite(files: SiteFiles = {}, prefix = 'bantin-site-'): Promise<TempSite> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  const abs = (rel = '') => path.join(root, ...rel.split('/').filter((p) => p !== ''));
  const site: TempSite = {
    root,
    path: abs,
    read: (rel) => readFile(abs(rel), 'utf8'),
    async write(more) {
      for (const [rel, contents] of Object.entries(more)) {
        const target = abs(rel);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, contents);
      }
    },
    remove: (rel) => rm(abs(rel), { recursive: true, force: true }),
    snapshot: (rel = '') => snapshotTree(abs(rel)),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  await site.write(files);
  return site;
}

/**
 * Every file under `dir` (hidden ones included) as posix relative path → contents in hex, plus
 * `path/` → `<dir>` for folders, sorted by path; `{}` when `dir` does not exist.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT' && rel === '') return;
      throw e;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        out[`${childRel}/`] = '<dir>';
        await walk(childRel);
      } else {
        out[childRel] = (await readFile(path.join(dir, childRel))).toString('hex');
      }
    }
  };
  await walk('');
  return out;
}

/** Output file paths of a snapshot (no folders), sorted. */
export function filesOf(snapshot: Record<string, string>): string[] {
  return Object.keys(snapshot)
    .filter((p) => !p.endsWith('/'))
    .sort();
}

/**
 * The text of a Markdown article with YAML front-matter. Values are written as double-quoted
 * YAML strings, arrays as flow lists; `undefined` fields are left out.
 */
export function md(fields: Record<string, string | readonly string[] | undefined>, body = 'Nội dung bài viết.\n'): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    lines.push(typeof value === 'string' ? `${key}: ${JSON.stringify(value)}` : `${key}: [${value.map((v) => JSON.stringify(v)).join(', ')}]`);
  }
  lines.push('---', '');
  return `${lines.join('\n')}\n${body}`;
}

/**
 * A real, tiny JPEG (16×10 pixels, 269 bytes): bantin decodes every image an article shows (to
 * make its variants), so a few bytes that only look like a JPEG would be reported as damaged.
 */
export const FAKE_JPEG = new Uint8Array(
  Buffer.from(
    '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAKABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAAK6//9k=',
    'base64',
  ),
);

// ---------------------------------------------------------------------------
// Plain objects for the pure core
// ---------------------------------------------------------------------------

/** A resolved config from the text of a `bantin.yaml` (throws on invalid config). */
export function config(yamlText?: string, overrides: { baseUrl?: string } = {}): ResolvedConfig {
  const { config: resolved, diagnostics } = resolveConfig(yamlText, 'bantin.yaml', overrides);
  if (!resolved) throw new Error(`invalid test config: ${diagnostics.map((d) => d.message).join('; ')}`);
  return resolved;
}

export function named(name: string): NamedValue {
  return { name, key: toneKey(name), slug: slugify(name) };
}

export interface ArticleFields {
  source: string;
  title: string;
  /** ISO text, read as UTC for simplicity; or epoch milliseconds. */
  date: string | number;
  category: string;
  slug?: string;
  dateHasTime?: boolean;
  tags?: readonly string[];
  draft?: boolean;
  image?: string;
  /** Body HTML (parsed into the body tree), or */
  html?: string;
  /** a Markdown body rendered as the Markdown stage does (its references too, unless given). */
  markdown?: string;
  references?: readonly LocalReference[];
  author?: string;
  summary?: string;
  lines?: Record<string, number>;
}

/** An `ArticleData` as `parseArticle` would give it, from a few fields. */
export function articleData(f: ArticleFields): ArticleData {
  const md = f.markdown === undefined ? undefined : renderMarkdown(f.markdown, { file: f.source, bodyLine: 1, basePath: '/' });
  return {
    source: f.source,
    title: f.title,
    slug: f.slug ?? slugify(f.title),
    date: typeof f.date === 'number' ? f.date : Date.parse(f.date),
    dateHasTime: f.dateHasTime ?? true,
    updated: null,
    updatedHasTime: false,
    author: named(f.author ?? 'Hà Vân'),
    category: named(f.category),
    tags: (f.tags ?? []).map(named),
    summary: f.summary ?? `Tóm tắt: ${f.title}`,
    image: f.image ?? '',
    firstImage: '',
    draft: f.draft ?? false,
    body: md?.body ?? fromHtml(f.html ?? `<p>${f.title}</p>`, { fragment: true }),
    references: f.references ?? md?.references ?? [],
    titleWords: titleWords(f.title),
    text: f.title,
    params: {},
    lines: f.lines ?? { title: 2, date: 3, author: 4, category: 5 },
  };
}

/** The contents of a built file, read back from its spill file when it was spilled (a large build's search index). */
export function contentsOf(file: { readonly contents: string | Uint8Array } | { readonly spilled: SpillRange }): string | Uint8Array {
  return 'spilled' in file ? readRange(file.spilled) : file.contents;
}

/** Site articles linked to their categories, newest first, as buildSite makes them (without related). */
export function linkedArticles(articles: readonly ArticleData[]): SiteArticle[] {
  const categories = new Map<string, SiteCategory>();
  return [...articles].sort(compareArticles).map((a) => {
    let category = categories.get(a.category.key);
    if (!category) {
      category = { name: a.category.name, key: a.category.key, slug: a.category.slug, description: '', articles: [] };
      categories.set(category.key, category);
    }
    const article: SiteArticle = { ...a, url: `${category.slug}/${a.slug}/`, categoryRef: category, related: [] };
    category.articles.push(article);
    return article;
  });
}
