/**
 * The build cache is never trusted (issue 14): it lives where repositories do not carry it, and
 * whatever is in it — committed with `git add -f`, copied, damaged, a link to elsewhere — is at
 * worst a miss: never a crash, never a file from outside the cache, never HTML bantin did not make.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheShardFile, loadArticleCache, saveArticleCache, validateCachedArticle } from '../../src/cache/article-cache.js';
import { SpillFile } from '../../src/cache/spill-file.js';
import { bodyOf, textOf } from '../../src/content/parked-body.js';
import { persistentCacheFile } from '../../src/project/load-site.js';
import { resolvePaths } from '../../src/project/paths.js';
import { processSource, type ArticleResult } from '../../src/pipeline.js';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { cli, NOW, readTree } from './helpers.js';

const ARTICLE = md({ title: 'Thông báo họp dân', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo', image: 'anh.jpg' }, 'Nội dung thật của bài.\n');
const PAGE = 'thong-bao/thong-bao-hop-dan/index.html';
const buildCached = (site: TempSite, ...args: string[]) => cli(['build', '--root', site.root, '--now', NOW, '--threads', '1', ...args]);

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 40, channels: 3, background: '#336699' } }).jpeg().toBuffer();
}

/** Every meta.json of the image cache, by absolute path. */
async function imageMetas(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) out.push(path.join(dir, name, 'meta.json'));
  return out;
}

describe('where the cache lives', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should keep it in node_modules/.cache/bantin by default, not in a folder a repository carries', async () => {
    site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
    const { code, text } = await buildCached(site);
    expect(text).not.toMatch(/lỗi/);
    expect(code).toBe(0);
    expect((await readdir(site.root)).sort()).toEqual(['content', 'dist', 'node_modules']);
    expect((await readdir(site.path('node_modules/.cache/bantin'))).sort()).toEqual(expect.arrayContaining(['images']));
  });

  it('should neither read nor write through a cache folder that is a symbolic link', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'bantin-outside-'));
    try {
      site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
      await symlink(outside, site.path('cache-link'));
      const { code } = await buildCached(site, '--cache-dir', site.path('cache-link'));
      expect(code).toBe(0);
      expect(await readdir(outside)).toEqual([]);
      // Nor through a link among the folders of the default location.
      await mkdir(site.path('node_modules'));
      await symlink(outside, site.path('node_modules/.cache'));
      expect((await buildCached(site)).code).toBe(0);
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('image entries', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should never publish a file from outside the cache, whatever meta.json names', async () => {
    const secret = await mkdtemp(path.join(os.tmpdir(), 'bantin-secret-'));
    const secretFile = path.join(secret, 'mat-khau.txt');
    try {
      site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
      expect((await buildCached(site)).code).toBe(0);
      const metas = await imageMetas(site.path('node_modules/.cache/bantin/images'));
      expect(metas.length).toBeGreaterThan(0);
      for (const meta of metas) {
        const parsed = JSON.parse(await readFile(meta, 'utf8')) as { files: Array<{ file: string; bytes: number }> };
        const body = 'BI-MAT '.repeat(Math.ceil(parsed.files[0]!.bytes / 7)).slice(0, parsed.files[0]!.bytes);
        await writeFile(secretFile, body);
        for (const f of parsed.files) {
          f.file = path.relative(path.dirname(meta), secretFile);
          f.bytes = body.length;
        }
        await writeFile(meta, JSON.stringify(parsed));
      }
      const { code, text } = await buildCached(site);
      expect(text).not.toMatch(/lỗi/);
      expect(code).toBe(0);
      for (const [file, contents] of await readTree(site.path('dist'))) expect(contents.includes('BI-MAT'), file).toBe(false);
    } finally {
      await rm(secret, { recursive: true, force: true });
    }
  });

  it('should take a malformed meta.json as a miss, never a crash', async () => {
    site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
    expect((await buildCached(site)).code).toBe(0);
    const metas = await imageMetas(site.path('node_modules/.cache/bantin/images'));
    expect(metas.length).toBeGreaterThan(0);
    for (const meta of metas) await writeFile(meta, JSON.stringify({ width: 64, height: 40, files: [] }));
    const { code, text } = await buildCached(site);
    expect(text).not.toMatch(/TypeError|lỗi/);
    expect(code).toBe(0);
    expect((await readTree(site.path('dist'))).has('thong-bao/anh.jpg')).toBe(true);
  });
});

describe('article entries', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should never publish HTML that bantin did not make, from a cache file written by someone else', async () => {
    site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
    expect((await buildCached(site)).code).toBe(0);
    const where = (await persistentCacheFile({ root: site.root }, resolvePaths({ root: site.root })))!;
    const entries = [...(await loadArticleCache(where))];
    expect(entries.length).toBe(1);
    const forged = entries.map(([key, value]) => [key, { ...value, article: { ...value.article!, html: '<p>Nội dung thật của bài.</p><script>alert("chiếm trang")</script>' } }]);
    // As an attacker would commit it: the body alone, then with a made-up signature in front, in
    // the shard file that holds the article.
    const shardFile = cacheShardFile(where, entries[0]![0]);
    expect(existsSync(shardFile)).toBe(true);
    for (const bytes of [serialize(forged), Buffer.concat([Buffer.alloc(32, 7), serialize(forged)])]) {
      await writeFile(shardFile, bytes);
      const { code } = await buildCached(site);
      expect(code).toBe(0);
      const html = await site.read(`dist/${PAGE}`);
      expect(html).toContain('Nội dung thật của bài.');
      expect(html).not.toContain('chiếm trang');
    }
  });

  it('should drop an entry whose body bytes are not a body tree, even signed with this machine key', async () => {
    site = await createSite({ 'content/thong-bao/a.md': ARTICLE, 'content/thong-bao/anh.jpg': await photo() });
    expect((await buildCached(site)).code).toBe(0);
    const where = (await persistentCacheFile({ root: site.root }, resolvePaths({ root: site.root })))!;
    const [[key, value]] = [...(await loadArticleCache(where))] as [[string, ArticleResult]];
    // Bodies are kept as bytes beside each entry (schema 10): a raw HTML node in the body's bytes
    // must be a miss like any other wrong shape.
    const rawBody = { ...value, article: { ...value.article!, body: { type: 'root', children: [{ type: 'raw', value: '<script>alert("chiếm trang")</script>' }] } as never } };
    for (const bad of [rawBody]) {
      await saveArticleCache(where, new Map([[key, bad]]));
      expect([...(await loadArticleCache(where))]).toEqual([]);
      const spill = SpillFile.open();
      try {
        expect([...(await loadArticleCache(where, { park: spill }))]).toEqual([]);
      } finally {
        spill.close();
      }
    }
    // The same entry written whole is read back whole, parked or not.
    await saveArticleCache(where, new Map([[key, value]]));
    expect([...(await loadArticleCache(where))]).toEqual([[key, value]]);
    const spill = SpillFile.open();
    try {
      const [[, parked]] = [...(await loadArticleCache(where, { park: spill }))] as [[string, ArticleResult]];
      expect(bodyOf(parked.article!.body)).toEqual(value.article!.body);
      expect(textOf(parked.article!)).toBe(value.article!.text);
    } finally {
      spill.close();
    }
    // The build still publishes the real article over the forged entry.
    await saveArticleCache(where, new Map([[key, rawBody]]));
    expect((await buildCached(site)).code).toBe(0);
    expect(await site.read(`dist/${PAGE}`)).toContain('Nội dung thật của bài.');
    expect(await site.read(`dist/${PAGE}`)).not.toContain('chiếm trang');
  });

  it('should accept exactly the shape the per-article stage gives (validateCachedArticle)', () => {
    const real = processSource({ path: 'a.md', bytes: new TextEncoder().encode(ARTICLE) }, { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' });
    expect(real.article).toBeDefined();
    expect(validateCachedArticle(real)).toBe(real);
    expect(validateCachedArticle(structuredClone(real))).toBeDefined();
    const a = real.article!;
    const broken: unknown[] = [
      null,
      'x',
      { diagnostics: 'không' },
      { diagnostics: [{ code: 1 }] },
      { diagnostics: [], article: { ...a, body: 5 } },
      { diagnostics: [], article: { ...a, body: { type: 'root', children: [{ type: 'element', tagName: 'p', children: [] }] } } },
      { diagnostics: [], article: { ...a, body: { type: 'root', children: [{ type: 'raw', value: '<script>alert(1)</script>' }] } } },
      { diagnostics: [], article: { ...a, firstImage: 5 } },
      { diagnostics: [], article: { ...a, references: [{ kind: 'file', target: 'a.pdf', hash: '', line: 1, column: 1, written: 'x' }] } },
      { diagnostics: [], article: { ...a, source: '../../etc/passwd' } },
      { diagnostics: [], article: { ...a, references: [{ kind: 'file', target: '../../etc/passwd', hash: '', line: 1, column: 1, written: 'x', use: 'link', text: 'x' }] } },
      { diagnostics: [], article: { ...a, tags: [{ name: 'a' }] } },
      { diagnostics: [], article: { ...a, date: 'hôm nay' } },
      { diagnostics: [], article: { ...a, lines: { title: 'x' } } },
    ];
    for (const value of broken) expect(validateCachedArticle(value), JSON.stringify(value)?.slice(0, 80)).toBeUndefined();
  });
});
