/**
 * The search index made on a worker thread while pages render (issue #19) is the index made on
 * the main thread, and the site built with it is the same, byte for byte.
 */
import { contentsOf } from './helpers/site.js';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../src/commands/build.js';
import { createMemoryLogger } from '../src/logger.js';
import { indexDocuments, inlineSearchIndexer, type SearchDocument } from '../src/outputs/search-index.js';
import { threadedSearchIndexer } from '../src/workers/search-indexer.js';
import { SpillFile } from '../src/cache/spill-file.js';
import { createSite, md } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function documents(n: number): SearchDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `/tin/bai-${i}/`,
    title: `Hội nghị tổ dân phố số ${i} phường Trần Phú`,
    tags: ['Đảng ủy', i % 2 ? 'Hòa giải' : 'Hoà giải'],
    summary: `Tóm tắt bài ${i}: người dân góp ý về quy hoạch.`,
    text: `Sáng nay, UBND phường tổ chức hội nghị lần thứ ${i}. Nội dung 𝐀 và thủy lợi, khỏe mạnh. `.repeat(1 + (i % 5)),
    category: i % 3 ? 'Thông báo' : 'Hoạt động của xã phường',
    author: 'Nguyễn Thị Hoà',
    date: `0${1 + (i % 9)}/05/2025 08:00`,
    dateIso: `2025-05-0${1 + (i % 9)}T08:00:00+07:00`,
  }));
}

describe('the search index on a worker thread', () => {
  it('should give the index the main thread gives, without falling back', () => {
    // The worker loads the compiled pipeline from lib/.
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json')], { stdio: 'inherit' });
    const docs = documents(300);
    const fallbacks: string[] = [];
    const take = threadedSearchIndexer({ threshold: 0, onFallback: (why) => fallbacks.push(why) })(docs);
    const threaded = take();
    expect(fallbacks).toEqual([]);
    // Handed over as UTF-8 bytes (moved, not copied, to the writer): the same text.
    expect(threaded.files.every((f) => contentsOf(f) instanceof Uint8Array)).toBe(true);
    const decoder = new TextDecoder();
    expect({ ...threaded, files: threaded.files.map((f) => ({ path: f.path, contents: ((c) => (typeof c === 'string' ? c : decoder.decode(c)))(contentsOf(f)) })) }).toEqual(indexDocuments(docs));
    expect(threaded.files.length).toBeGreaterThan(300);
  });

  it('should write the index to a spill file as it is made, the same bytes, when given one', () => {
    const docs = documents(120);
    const spill = SpillFile.open();
    try {
      const asked: number[] = [];
      const fallbacks: string[] = [];
      const spilled = threadedSearchIndexer({ threshold: 0, onFallback: (why) => fallbacks.push(why), spill: (n) => (asked.push(n), spill) })(docs)();
      expect(fallbacks).toEqual([]);
      expect(asked).toEqual([120]);
      // Only ranges came back; the bytes are in the file, and they are the index's.
      expect(spilled.files.every((f) => 'spilled' in f)).toBe(true);
      expect(spill.bytes).toBe(0); // written by the worker, through its own view of the file
      const inline = indexDocuments(docs);
      expect(spilled.folder).toBe(inline.folder);
      const decoder = new TextDecoder();
      expect(spilled.files.map((f) => [f.path, decoder.decode(contentsOf(f) as Uint8Array)])).toEqual(inline.files.map((f) => [f.path, contentsOf(f)]));
    } finally {
      spill.close();
    }
  });

  it('should build the same site with the index made on a worker as on the main thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      files[`content/tin/bai-${i}.md`] = md(
        { title: `Tin số ${i} về tổ dân phố`, date: `${1 + (i % 28)}/05/2025 08:00`, author: 'Hà Vân', category: i % 2 ? 'Thông báo' : 'Tin tức', tags: ['Dân vận', `Thẻ ${i % 4}`] },
        `Đoạn mở đầu của bài ${i}.\n\n## Nội dung\n\nNgười dân góp ý, thủy lợi và khỏe mạnh.\n`,
      );
    }
    const site = await createSite(files);
    try {
      const fallbacks: string[] = [];
      const build = (out: string, searchIndexer: ReturnType<typeof threadedSearchIndexer>) =>
        runBuild({ cwd: site.root, root: '.', out, cacheDir: false, now: Date.parse('2025-06-01T00:00:00+07:00'), searchIndexer }, createMemoryLogger());
      expect(await build('a', threadedSearchIndexer({ threshold: 0, onFallback: (why) => fallbacks.push(why) }))).toBe(0);
      expect(await build('b', inlineSearchIndexer)).toBe(0);
      expect(fallbacks).toEqual([]);
      const a = await site.snapshot('a');
      expect(Object.keys(a).some((f) => f.startsWith('tim-kiem/chi-muc/'))).toBe(true);
      expect(a).toEqual(await site.snapshot('b'));
    } finally {
      await site.cleanup();
    }
  });
});
