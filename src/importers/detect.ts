/**
 * Is the folder `bantin build` was asked to build a Hugo or Jekyll site? Such a build gives dozens
 * of errors (TOML front-matter, `_index.md`, shortcodes) and none of them says what to do; the
 * build's first line should instead point at `bantin import hugo|jekyll`.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json'];
const SHARED_CONFIGS = ['config.toml', 'config.yaml', 'config.yml', 'config.json'];
const JEKYLL_CONFIGS = ['_config.yml', '_config.yaml', '_config.toml'];

export interface ForeignSite {
  readonly kind: 'hugo' | 'jekyll';
  /** What gave it away (`hugo.toml`, `content/posts/_index.md`), for the message. */
  readonly signs: string[];
  /** The message, in Vietnamese: the first line the build prints. */
  readonly message: string;
}

/**
 * Recognise a Hugo or Jekyll site from its files.
 *
 * @param rootDir The site's root folder (its config files are looked for there).
 * @param files Paths of the files the build found (relative to `rootDir` or to its content folder, `/` or the platform's separator).
 * @param shownRoot How the root folder is shown in the message (default `.`).
 * @returns undefined for anything else (a bantin site).
 */
export function detectForeignSite(rootDir: string, files: Iterable<string>, shownRoot = '.'): ForeignSite | undefined {
  const paths = [...files].map((f) => f.split(sep).join('/').replace(/^\.\//, ''));
  const at = (name: string) => existsSync(join(rootDir, name));
  const hugo: string[] = [];
  const jekyll: string[] = [];
  for (const name of HUGO_CONFIGS) if (at(name)) hugo.push(name);
  if (at('archetypes')) hugo.push('archetypes/');
  if (at('config/_default')) hugo.push('config/_default/');
  for (const name of JEKYLL_CONFIGS) if (at(name)) jekyll.push(name);
  if (at('_posts')) jekyll.push('_posts/');
  for (const p of paths) {
    const segments = p.split('/');
    const name = segments[segments.length - 1]!;
    if (/^_index(\.[a-z]{2,3}(-[a-z0-9]+)?)?\.(md|markdown|html)$/i.test(name) && hugo.length < 4) hugo.push(p);
    if ((segments.includes('_posts') || segments.includes('_drafts') || segments.includes('_layouts')) && jekyll.length < 4) jekyll.push(p);
  }
  // A Hugo `config.toml` beside `content/`, or with `_index.md` files, is Hugo's (bantin's is bantin.yaml).
  for (const name of SHARED_CONFIGS) if (at(name) && (hugo.length > 0 || at('content') || at('layouts') || at('themes'))) hugo.unshift(name);
  const unique = (list: string[]) => [...new Set(list)];
  const kind = hugo.length === 0 && jekyll.length === 0 ? undefined : hugo.length >= jekyll.length ? 'hugo' : 'jekyll';
  if (!kind) return undefined;
  const signs = unique(kind === 'hugo' ? hugo : jekyll).slice(0, 3);
  const name = kind === 'hugo' ? 'Hugo' : 'Jekyll';
  const shown = shownRoot.includes(' ') ? `"${shownRoot}"` : shownRoot;
  return {
    kind,
    signs,
    message: `Thư mục ${shownRoot === '.' ? 'này' : `"${shownRoot}"`} là một trang ${name} (có ${signs.join(', ')}), không phải trang bantin: hãy chuyển bài sang bantin bằng "bantin import ${kind} ${shown} --root THU-MUC-TRANG-MOI" rồi dựng trang mới.`,
  };
}

/** `detectForeignSite` for a list of absolute paths under `rootDir`. */
export function detectForeignSiteFromAbsolute(rootDir: string, absolutePaths: Iterable<string>, shownRoot = '.'): ForeignSite | undefined {
  return detectForeignSite(rootDir, [...absolutePaths].map((p) => relative(rootDir, p)), shownRoot);
}
