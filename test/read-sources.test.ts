/**
 * Sources read on a thread of their own (src/project/read-sources.ts) are the sources read on the
 * build's thread: the same bytes, in the same order, and the same error for a file that is gone.
 */
import path from 'node:path';
import { describe, expect, it, afterAll, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readMarkdownFiles, readOnThread } from '../src/project/read-sources.js';
import { scanFolder } from '../src/project/scan.js';
import { UserError } from '../src/diagnostics/diagnostic.js';
import { createSite, md, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const display = (abs: string) => abs;

describe('reading the sources on a thread of their own', () => {
  let site: TempSite;
  beforeAll(async () => {
    // The thread runs the compiled reader from lib/.
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json')], { stdio: 'inherit' });
    site = await createSite({
      'content/tin/thong bao hop dan.md': md({ title: 'Thông báo họp dân', date: '01/05/2025', category: 'Thông báo' }, 'Nội dung có dấu: Hoà, Hòa, Thuỷ.\n'),
      'content/tin/rong.md': '',
      'content/tin/bom.md': '\ufeff---\ntitle: "Có BOM"\n---\nNội dung.\n',
      'content/tin/lon.md': md({ title: 'Bài dài', date: '02/05/2025', category: 'Thông báo' }, 'Một đoạn văn dài. '.repeat(20_000)),
      'content/tin/utf16.md': Buffer.from('\ufeff---\ntitle: "UTF-16"\n---\n', 'utf16le'),
    });
  });
  afterAll(() => site.cleanup());

  it('should give the same bytes in the same order as reading here', async () => {
    const { files } = await scanFolder(site.path('content'), display);
    expect(files.length).toBe(5);
    const here = await readMarkdownFiles(files, display, { thread: false });
    const there = await readMarkdownFiles(files, display, { thread: true });
    expect(there.map((s) => s.path)).toEqual(files.map((f) => f.path));
    expect(there.map((s) => Buffer.from(s.bytes).toString('base64'))).toEqual(here.map((s) => Buffer.from(s.bytes).toString('base64')));
    expect(there.find((s) => s.path === 'tin/lon.md')!.bytes.length).toBeGreaterThan(300_000);
    expect(there.find((s) => s.path === 'tin/rong.md')!.bytes.length).toBe(0);
    // The thread itself read them (not the fallback on this thread): every file came back.
    const raw = await readOnThread(files.map((f) => f.abs));
    expect(raw.map((b) => (b === null ? null : Buffer.from(b).toString('base64')))).toEqual(here.map((s) => Buffer.from(s.bytes).toString('base64')));
    // A file it cannot read comes back as null, for this thread to read again and report.
    expect((await readOnThread([files[0]!.abs, site.path('content/khong-co.md')]))[1]).toBeNull();
  });

  it('should report a file that is gone with the message of the build thread, BT008, in both ways', async () => {
    const { files } = await scanFolder(site.path('content'), display);
    const gone = [...files, { path: 'tin/da-xoa.md', abs: site.path('content/tin/da-xoa.md'), size: 10 }];
    for (const thread of [false, true]) {
      const error = await readMarkdownFiles(gone, display, { thread }).catch((e: unknown) => e);
      expect(error, String(thread)).toBeInstanceOf(UserError);
      expect((error as UserError).diagnostics.map((d) => [d.code, d.file])).toEqual([['BT008', site.path('content/tin/da-xoa.md')]]);
    }
  });
});
