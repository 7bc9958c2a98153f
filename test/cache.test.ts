/**
 * The article cache and worker threads are accelerators only: every build must give the same
 * bytes as a clean, single-threaded build of the same content.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { createMemoryLogger } from '../src/logger.js';
import { loadRelatedCache, relatedCacheFile, saveRelatedCache } from '../src/cache/related-cache.js';
import { loadAndBuild } from '../src/project/load-site.js';
import { prefillInParallel, startArticleWorkers } from '../src/workers/parallel-parse.js';
import { articleSettings, processSource } from '../src/pipeline.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { SIGNATURE_BYTES } from '../src/cache/trust.js';
import { decodeShard } from '../src/cache/article-cache.js';
import { TOOL_VERSION } from '../src/version.js';
import { createSite, md, type SiteFiles, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = '2025-06-01T00:00:00+07:00';
const CATEGORIES = ['Hoạt động của xã phường', 'Thông báo', 'An ninh - Quốc phòng'];
const TAGS = ['Đảng ủy', 'Hội nghị', 'Tổ dân phố', 'Y tế', 'Giáo dục', 'Chuyển đổi số'];

/** A site of `n` articles with shared tags and links between them. */
function corpus(n: number): SiteFiles {
  const files: SiteFiles = {};
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    const link = i > 0 ? `\n\nXem thêm [bài trước](../tin/bai-${i - 1}.md).` : '';
    files[`content/tin/bai-${i}.md`] = md(
      {
        title: `Hội nghị tổ dân phố số ${i} phường Trần Phú`,
        date: `${day}/${month}/${2020 + (i % 5)} 08:${String(i % 60).padStart(2, '0')}`,
        author: i % 2 ? 'Nguyễn Thị Hòa' : 'Nguyễn Thị Hoà',
        category: CATEGORIES[i % CATEGORIES.length]!,
        tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7) % TAGS.length]!],
      },
      `Đoạn mở đầu của bài số ${i}, có **chữ đậm** và một danh sách:\n\n- một\n- hai${link}\n`,
    );
  }
  return files;
}

async function build(site: TempSite, out: string, ...args: string[]): Promise<void> {
  const logger = createMemoryLogger();
  const code = await run(['build', '--root', site.root, '--out', site.path(out), '--now', NOW, ...args], logger);
  if (code !== 0) throw new Error(logger.text());
}

describe('the article cache', () => {
  let site: TempSite;
  beforeAll(async () => {
    site = await createSite({ 'bantin.yaml': 'pageSize: 7\n', ...corpus(60) });
  });
  afterAll(() => site.cleanup());

  it('should give byte-identical output with and without the cache', async () => {
    await build(site, 'clean', '--no-cache');
    await build(site, 'cold', '--cache-dir', site.path('cache'));
    await build(site, 'warm', '--cache-dir', site.path('cache'));
    const clean = await site.snapshot('clean');
    expect(Object.keys(clean).length).toBeGreaterThan(60);
    expect(await site.snapshot('cold')).toEqual(clean);
    expect(await site.snapshot('warm')).toEqual(clean);
  });

  it('should match a clean build after edits that change a title, a date, a category, and a deletion', async () => {
    const cache = site.path('cache-edits');
    await build(site, 'inc', '--cache-dir', cache);
    const edited = corpus(60);
    await site.write({
      'content/tin/bai-3.md': String(edited['content/tin/bai-3.md']).replace('Hội nghị tổ dân phố số 3', 'Tiêu đề mới của bài ba'),
      'content/tin/bai-4.md': String(edited['content/tin/bai-4.md']).replace(/date: .*/, 'date: "31/12/2024 23:59"'),
      'content/tin/bai-5.md': String(edited['content/tin/bai-5.md']).replace(/category: .*/, 'category: Thông báo'),
    });
    // bai-11 links to bai-10: remove the link first, then the article.
    await site.write({ 'content/tin/bai-11.md': String(edited['content/tin/bai-11.md']).replace(/\n\nXem thêm.*\n/, '\n') });
    await site.remove('content/tin/bai-10.md');
    await build(site, 'inc', '--cache-dir', cache);
    await build(site, 'fresh', '--no-cache');
    const fresh = await site.snapshot('fresh');
    expect(Object.keys(fresh).some((f) => f.includes('tieu-de-moi-cua-bai-ba'))).toBe(true);
    expect(await site.snapshot('inc')).toEqual(fresh);
  });

  it('should rewrite only the cache files of the articles that changed, and still match a clean build', async () => {
    const cache = site.path('cache-shards');
    await build(site, 'shards', '--cache-dir', cache);
    const shardFiles = async () => {
      const names = (await readdir(cache)).filter((n) => n.endsWith('.v8')).sort();
      return new Map(await Promise.all(names.map(async (n) => [n, (await stat(path.join(cache, n))).ino] as const)));
    };
    const before = await shardFiles();
    // 60 articles spread over the 16 files.
    expect(before.size).toBeGreaterThan(10);
    // Nothing changed: no file is written again.
    await build(site, 'shards', '--cache-dir', cache);
    expect(await shardFiles()).toEqual(before);
    // One article changed: its old entry's file and its new entry's file, at most two.
    const edited = corpus(60);
    await site.write({ 'content/tin/bai-7.md': String(edited['content/tin/bai-7.md']).replace('Đoạn mở đầu', 'Đoạn mở đầu đã sửa') });
    await build(site, 'shards', '--cache-dir', cache);
    const after = await shardFiles();
    const rewritten = [...after].filter(([n, ino]) => before.get(n) !== ino).length;
    expect(rewritten).toBeGreaterThanOrEqual(1);
    expect(rewritten).toBeLessThanOrEqual(2);
    await build(site, 'shards-fresh', '--no-cache');
    expect(await site.snapshot('shards')).toEqual(await site.snapshot('shards-fresh'));
    await site.write({ 'content/tin/bai-7.md': String(edited['content/tin/bai-7.md']) });
  });
});

describe('"Tin khác" kept in the cache folder', () => {
  let site: TempSite;
  beforeAll(async () => {
    site = await createSite(corpus(60));
  });
  afterAll(() => site.cleanup());

  /** The build's related lists: taken from the cache folder (`reused`) or picked again. */
  const reused = async (cache: string) => {
    const loaded = await loadAndBuild({ cwd: site.root, root: '.', cacheDir: site.path(cache), now: Date.parse(NOW), threads: 1 });
    await loaded.close();
    expect(loaded.output.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return loaded.output.related?.reused;
  };
  const fileIn = (cache: string) => relatedCacheFile(site.path(cache), TOOL_VERSION);

  it('should take them after an edit of the text, pick them again after an edit of the tags, and match a clean build each time', async () => {
    const cache = 'cache-related';
    expect(await reused(cache)).toBe(false);
    expect((await loadRelatedCache(fileIn(cache)))?.table.length).toBe(60 * 5);
    expect(await reused(cache)).toBe(true);

    const edited = corpus(60);
    await site.write({ 'content/tin/bai-8.md': String(edited['content/tin/bai-8.md']).replace('Đoạn mở đầu', 'Đoạn mở đầu đã sửa') });
    expect(await reused(cache)).toBe(true);
    await build(site, 'text-cached', '--cache-dir', site.path(cache));
    await build(site, 'text-clean', '--no-cache');
    expect(await site.snapshot('text-cached')).toEqual(await site.snapshot('text-clean'));

    await site.write({ 'content/tin/bai-9.md': String(edited['content/tin/bai-9.md']).replace('tags: [', 'tags: ["Môi trường", ') });
    expect(await reused(cache)).toBe(false);
    expect(await reused(cache)).toBe(true);
    await build(site, 'tags-cached', '--cache-dir', site.path(cache));
    await build(site, 'tags-clean', '--no-cache');
    const clean = await site.snapshot('tags-clean');
    expect(await site.snapshot('tags-cached')).toEqual(clean);
    await site.write({ 'content/tin/bai-8.md': String(edited['content/tin/bai-8.md']), 'content/tin/bai-9.md': String(edited['content/tin/bai-9.md']) });
  });

  it('should not take a file that was changed, signed with another key, or signed but not well formed', async () => {
    const cache = 'cache-related-spoilt';
    await build(site, 'spoilt-clean', '--no-cache');
    const clean = await site.snapshot('spoilt-clean');
    expect(await reused(cache)).toBe(false);
    const file = fileIn(cache);
    const good = await readFile(file);

    // One position changed after signing.
    const changed = Buffer.from(good);
    changed.writeInt32LE(changed.readInt32LE(changed.length - 8) === 0 ? 1 : 0, changed.length - 8);
    await writeFile(file, changed);
    expect(await loadRelatedCache(file)).toBeUndefined();
    expect(await reused(cache)).toBe(false);

    // Signed with a key that is not this machine's (copied from elsewhere).
    const foreign = Buffer.from(good);
    foreign.fill(7, 0, 32);
    await writeFile(file, foreign);
    expect(await loadRelatedCache(file)).toBeUndefined();
    expect(await reused(cache)).toBe(false);

    // Signed here, with this site's digest, but the first article is listed as related to itself.
    const memo = (await loadRelatedCache(file))!;
    const table = Int32Array.from(memo.table);
    table[0] = 0;
    await saveRelatedCache(file, { digest: memo.digest, table });
    expect((await loadRelatedCache(file))?.table[0]).toBe(0);
    expect(await reused(cache)).toBe(false);
    await build(site, 'spoilt', '--cache-dir', site.path(cache));
    expect(await site.snapshot('spoilt')).toEqual(clean);
  });
});

describe('worker threads', () => {
  let site: TempSite;
  beforeAll(async () => {
    // Workers load the compiled pipeline from lib/.
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json')], { stdio: 'inherit' });
    site = await createSite(corpus(120));
  });
  afterAll(() => site.cleanup());

  it('should give byte-identical output with two worker threads and with one thread', async () => {
    await build(site, 'one', '--no-cache', '--threads', '1');
    await build(site, 'two', '--no-cache', '--threads', '2');
    const one = await site.snapshot('one');
    expect(Object.keys(one).length).toBeGreaterThan(120);
    expect(await site.snapshot('two')).toEqual(one);
  });

  it('should use workers started ahead, and stop them when there is too little to do', async () => {
    const sources = Object.entries(corpus(40))
      .filter(([p]) => p.endsWith('.md'))
      .map(([p, text]) => ({ path: p.replace(/^content\//, ''), bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text }));
    const settings = articleSettings(resolveConfig(undefined, 'bantin.yaml').config!);
    const early = startArticleWorkers(2);
    const onWorkers = new Map();
    expect(await prefillInParallel(sources, settings, onWorkers, { workers: early, threshold: 0 })).toBe(sources.length);
    // What the workers made is what this thread makes.
    expect([...onWorkers.values()]).toEqual(sources.map((s) => processSource(s, settings)));
    // Too few for the threshold: the early workers are stopped, nothing is done on them.
    const idle = startArticleWorkers(2);
    expect(await prefillInParallel(sources, settings, new Map(), { workers: idle })).toBe(0);
    expect(idle.map((w) => w.threadId)).toEqual([-1, -1]);
  });

  it('should save the same cache from the workers\' bytes as from one thread, and build the same from it', async () => {
    // Workers send each body and text as bytes; the cache keeps those bytes instead of
    // serialising the trees again. The files must be what one thread writes, byte for byte.
    await build(site, 'out-one', '--cache-dir', site.path('cache-one'), '--threads', '1');
    await build(site, 'out-two', '--cache-dir', site.path('cache-two'), '--threads', '2');
    // Compared as values: an array that crossed threads may be written sparse instead of dense,
    // and bytes that crossed come as a Uint8Array where one thread has a Buffer: the same value
    // in other bytes. The bodies and texts inside are bytes, compared as bytes.
    const plain = (v: unknown): unknown =>
      v instanceof Uint8Array ? ['bytes', Buffer.from(v).toString('hex')] : Array.isArray(v) ? v.map(plain) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;
    const shards = async (dir: string) => {
      const names = (await readdir(site.path(dir))).filter((f) => f.endsWith('.v8')).sort();
      const records = async (f: string) => decodeShard((await readFile(path.join(site.path(dir), f))).subarray(SIGNATURE_BYTES))!.map((r) => ({ ...r, result: deserialize(r.result) }));
      return Promise.all(names.map(async (f) => [f, plain(await records(f))]));
    };
    const one = await shards('cache-one');
    expect(one.length).toBeGreaterThan(8);
    expect(await shards('cache-two')).toEqual(one);
    await build(site, 'warm', '--cache-dir', site.path('cache-two'), '--threads', '1');
    expect(await site.snapshot('warm')).toEqual(await site.snapshot('out-one'));
    expect(await site.snapshot('out-two')).toEqual(await site.snapshot('out-one'));
  });
});
