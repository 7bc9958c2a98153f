/**
 * Parked bodies (issue #19, memory): a large build keeps each article's body and text as bytes in
 * a spill file between the Markdown stage and its page. Parking is an accelerator of memory only:
 * the site must be the same, byte for byte, parked or not, cold or from the cache.
 */
import { execFileSync } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { closeSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../src/commands/build.js';
import { createMemoryLogger } from '../src/logger.js';
import { bodyOf, isParked, mapBody, packBody, parkArticle, parkedText, textOf, textRangeOf, type SpillRange, type SpillStore } from '../src/content/parked-body.js';
import { SpillFile } from '../src/cache/spill-file.js';
import { loadAndBuild } from '../src/project/load-site.js';
import { threadedSearchIndexer } from '../src/workers/search-indexer.js';
import type { BodyTree } from '../src/content/body.js';
import { articleData, createSite, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = Date.parse('2025-06-01T00:00:00+07:00');

/** A store in memory, counting reads. */
function memoryStore(): SpillStore & { reads: number } {
  let bytes = new Uint8Array(0);
  const store = {
    reads: 0,
    append(parts: readonly Uint8Array[]): SpillRange[] {
      const out: SpillRange[] = [];
      for (const p of parts) {
        const next = new Uint8Array(bytes.length + p.length);
        next.set(bytes);
        next.set(p, bytes.length);
        out.push({ fd: -7, offset: bytes.length, length: p.length });
        bytes = next;
      }
      return out;
    },
    read(range: SpillRange): Uint8Array {
      store.reads++;
      return bytes.slice(range.offset, range.offset + range.length);
    },
  };
  return store;
}

const tree = (text: string): BodyTree => ({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: text }] }] });

describe('a parked body', () => {
  it('should read back the body and text it was given, and hold neither', () => {
    const store = memoryStore();
    const a = { ...articleData({ source: 'tin/a.md', title: 'Họp dân', date: '2025-05-01T08:00:00Z', category: 'Thông báo', markdown: 'Sáng nay, hội nghị **tổ 3** về thủy lợi.\n' }), text: 'Sáng nay, hội nghị tổ 3 về thủy lợi.' };
    const parked = parkArticle(a, store);
    expect(isParked(parked)).toBe(true);
    expect(isParked(a)).toBe(false);
    // The article itself holds a stub: an empty root and no text.
    expect(parked.body).toEqual({ type: 'root', children: [] });
    expect(parked.text).toBe('');
    expect(bodyOf(parked.body)).toEqual(a.body);
    expect(textOf(parked)).toBe(a.text);
    expect(parkedText(textRangeOf(parked)!)).toBe(a.text);
    // Every other field as it was.
    expect({ ...parked, body: a.body, text: a.text }).toEqual(a);
    // Fresh trees: a reader that changes one does not change the next.
    const first = bodyOf(parked.body);
    first.children.length = 0;
    expect(bodyOf(parked.body)).toEqual(a.body);
  });

  it('should record rewrites and apply them, in order, each time the body is read', () => {
    const store = memoryStore();
    const parked = parkArticle({ ...articleData({ source: 'tin/b.md', title: 'B', date: '2025-05-01T08:00:00Z', category: 'Thông báo' }), body: tree('một') }, store);
    const calls: string[] = [];
    const append = (word: string) => (t: BodyTree): BodyTree => {
      calls.push(word);
      return { type: 'root', children: [...t.children, { type: 'text', value: word }] };
    };
    const once = mapBody(parked.body, append('hai'));
    const twice = mapBody(once, append('ba'));
    // Nothing read or applied yet.
    expect(calls).toEqual([]);
    expect(store.reads).toBe(0);
    expect(bodyOf(twice).children.slice(1)).toEqual([
      { type: 'text', value: 'hai' },
      { type: 'text', value: 'ba' },
    ]);
    expect(calls).toEqual(['hai', 'ba']);
    // The earlier stub is unchanged, and an unparked body is rewritten at once.
    expect(bodyOf(once).children.slice(1)).toEqual([{ type: 'text', value: 'hai' }]);
    const plain = tree('bốn');
    expect(mapBody(plain, append('năm')).children.at(-1)).toEqual({ type: 'text', value: 'năm' });
  });

  it('should pack a parked body as the bytes it was parked with (the cache stores them without a tree)', () => {
    const store = memoryStore();
    const a = { ...articleData({ source: 'tin/c.md', title: 'C', date: '2025-05-01T08:00:00Z', category: 'Thông báo' }), body: tree('Thủy lợi, khỏe mạnh'), text: 'Thủy lợi, khỏe mạnh' };
    const packed = packBody(a);
    expect(Buffer.from(packed.body)).toEqual(serialize(a.body));
    const parked = parkArticle(a, store, packed);
    const reads = store.reads;
    const again = packBody(parked);
    expect(Buffer.from(again.body)).toEqual(Buffer.from(packed.body));
    expect(Buffer.from(again.text)).toEqual(Buffer.from(packed.text));
    expect(store.reads).toBe(reads + 2);
    // Rewritten: packed from the rewritten tree.
    const rewritten = { ...parked, body: mapBody(parked.body, () => tree('khác')) };
    expect(Buffer.from(packBody(rewritten).body)).toEqual(serialize(tree('khác')));
  });
});

describe('the spill file', () => {
  it('should read back every range, leave no file behind, and refuse reads once closed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bantin-spill-test-'));
    try {
      const spill = SpillFile.open(dir);
      // Unlinked at once.
      expect(readdirSync(dir)).toEqual([]);
      const parts = [new Uint8Array([1, 2, 3]), new TextEncoder().encode('Hội nghị Đảng ủy'), new Uint8Array(70_000).fill(9)];
      const ranges = spill.append(parts);
      const more = spill.append([new Uint8Array([4])]);
      expect(ranges.map((r) => spill.read(r))).toEqual(parts.map((p) => Buffer.from(p)));
      expect(spill.read(more[0]!)).toEqual(Buffer.from([4]));
      expect(spill.bytes).toBe(3 + parts[1]!.length + 70_000 + 1);
      spill.close();
      expect(() => spill.read(ranges[0]!)).toThrow();
      expect(() => spill.append([new Uint8Array([1])])).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a parked build', () => {
  let site: TempSite;
  beforeAll(async () => {
    // Workers (Markdown, search index) load the compiled pipeline from lib/.
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json')], { stdio: 'inherit' });
    site = await createSite();
    // The sample ward site (pictures, fixed pages, documents, links between articles), with whole bodies in its feeds.
    await cp(path.join(REPO, 'content'), site.path('content'), { recursive: true });
    await writeFile(site.path('bantin.yaml'), `${await readFile(path.join(REPO, 'bantin.yaml'), 'utf8')}\nfeedFullContent: true\n`);
    // One body with both of the site stage's rewrites: a link to another article and a picture.
    const folder = site.path('content/hoat-dong-cua-xa-phuong');
    const other = (await readdir(folder)).find((f) => f.endsWith('.md') && f !== 'hoi-nghi-bch-lan-thu-14.md')!;
    const image = (await readdir(folder)).find((f) => f.endsWith('.jpg'))!;
    await writeFile(
      path.join(folder, 'lien-ket-va-anh.md'),
      `---\ntitle: Liên kết và ảnh trong một bài\ndate: "02/05/2025 09:30"\nauthor: Hà Vân\ncategory: Hoạt động của xã phường\n---\n\nXem [bài kia](${other}) và ảnh:\n\n![Toàn cảnh](${image})\n\nĐoạn cuối có **chữ đậm**.\n`,
    );
  });
  afterAll(() => site.cleanup());

  /** A parked build as a large site's: its search index written to a spill file as it is made, and copied from there by the writer. */
  const build = async (out: string, parkBodies: boolean, cacheDir: string | false) => {
    const logger = createMemoryLogger();
    const spill = SpillFile.open();
    try {
      const searchIndexer = threadedSearchIndexer({ threshold: 0, spill: parkBodies ? () => spill : undefined });
      const code = await runBuild({ cwd: site.root, root: '.', out, cacheDir: cacheDir === false ? false : site.path(cacheDir), now: NOW, baseUrl: 'https://phuong.example.gov.vn/', parkBodies, threads: 2, searchIndexer }, logger);
      if (code !== 0) throw new Error(logger.text());
    } finally {
      spill.close();
    }
  };

  it('should write the same site parked and not, cold and from the cache either way', async () => {
    await build('plain', false, false);
    await build('parked-cold', true, 'cache');
    await build('parked-warm', true, 'cache');
    // A cache written by a parked build, read by one that is not.
    await build('plain-warm', false, 'cache');
    const plain = await site.snapshot('plain');
    const files = Object.keys(plain);
    // Not vacuous: pictures, feeds with whole bodies, the search index are all there.
    expect(files.some((f) => f.endsWith('.webp'))).toBe(true);
    expect(files.some((f) => f.startsWith('tim-kiem/chi-muc/'))).toBe(true);
    const feed = Buffer.from(plain['rss.xml']!, 'hex').toString('utf8');
    expect(feed).toContain('Đoạn cuối có');
    const page = Buffer.from(plain['hoat-dong-cua-xa-phuong/lien-ket-va-anh-trong-mot-bai/index.html']!, 'hex').toString('utf8');
    expect(page).toContain('<picture');
    expect(page).toMatch(/href="\/hoat-dong-cua-xa-phuong\/[a-z0-9-]+\/"/);
    expect(await site.snapshot('parked-cold')).toEqual(plain);
    expect(await site.snapshot('parked-warm')).toEqual(plain);
    expect(await site.snapshot('plain-warm')).toEqual(plain);
  });

  it('should really park: bodies and texts in the spill file, none in the articles', async () => {
    const loaded = await loadAndBuild({ cwd: site.root, root: '.', cacheDir: site.path('cache-spill'), now: NOW, parkBodies: true, threads: 1 });
    try {
      expect(loaded.output.articles.length).toBeGreaterThan(10);
      expect(loaded.stats.parkedBytes).toBeGreaterThan(10_000);
      // In the cache's folder (on disk), not the system's temporary one (memory on tmpfs), and unlinked.
      const fd = textRangeOf(loaded.output.articles[0]!)!.fd;
      const where = readlinkSync(`/proc/self/fd/${fd}`);
      expect(where.startsWith(`${site.path('cache-spill')}${path.sep}bantin-spill-`)).toBe(true);
      expect(where.endsWith('(deleted)')).toBe(true);
      for (const a of loaded.output.articles) {
        expect(isParked(a)).toBe(true);
        expect(a.text).toBe('');
        expect(textOf(a).length).toBeGreaterThan(0);
      }
    } finally {
      await loaded.close();
    }
    // Once closed, a stub is never read through the old descriptor (its number may name another file by now).
    const other = openSync(site.path('bantin.yaml'), 'r');
    try {
      expect(() => bodyOf(loaded.output.articles[0]!.body)).toThrow(/closed/);
      expect(() => textOf(loaded.output.articles[0]!)).toThrow(/closed/);
    } finally {
      closeSync(other);
    }
    const plain = await loadAndBuild({ cwd: site.root, root: '.', cacheDir: false, now: NOW, parkBodies: false, threads: 1 });
    await plain.close();
    expect(plain.stats.parkedBytes).toBe(0);
    expect(plain.output.articles.some(isParked)).toBe(false);
  });
});
