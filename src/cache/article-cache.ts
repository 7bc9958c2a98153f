import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ArticleCache } from '../pipeline.js';
import { digest } from '../text/decode.js';

/**
 * Version of what the per-article stage produces. Bump it whenever parseArticle or the Markdown
 * pipeline changes its output; together with the tool's and the Markdown libraries' versions it
 * names the cache file, so an upgrade never reads results made by other code.
 */
const SCHEMA = 5; // 5: pipe-less one-column tables (`a` over `:-`) parse as remark-gfm does

export interface CacheFile {
  readonly dir: string;
  readonly file: string;
}

/** Where the article cache of this version of bantin lives inside `dir`. */
export function articleCacheFile(dir: string, toolVersion: string, libraryVersions: string): CacheFile {
  const tag = digest(`${SCHEMA}\0${toolVersion}\0${libraryVersions}`).slice(0, 16);
  return { dir, file: join(dir, `articles-${tag}.v8`) };
}

/** Read the cache; a missing, old or damaged file is an empty cache (it is only an accelerator). */
export async function loadArticleCache(where: CacheFile): Promise<ArticleCache> {
  try {
    const entries = deserialize(await readFile(where.file)) as unknown;
    if (Array.isArray(entries)) return new Map(entries as Array<[string, never]>);
  } catch {
    // Fall through: rebuild from scratch.
  }
  return new Map();
}

/**
 * Write the entries this build used (and only those, so deleted articles drop out), atomically:
 * a temporary file renamed over the old one. Other versions' cache files are removed.
 */
export async function saveArticleCache(where: CacheFile, used: ArticleCache): Promise<void> {
  await mkdir(where.dir, { recursive: true });
  const tmp = `${where.file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, serialize([...used]));
    await rename(tmp, where.file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const { readdir } = await import('node:fs/promises');
  for (const name of await readdir(where.dir)) {
    if (name.startsWith('articles-') && name.endsWith('.v8') && join(where.dir, name) !== where.file) {
      await rm(join(where.dir, name), { force: true });
    }
  }
}
