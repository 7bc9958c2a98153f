/**
 * Disks that fail: a full disk, a read-only folder, a folder that vanishes. The build says what
 * happened in Vietnamese, exits 1, removes its temporary folder and leaves the old site as it was.
 * Output folders that must never be replaced are refused before anything is touched.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as realFs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBuild } from '../../src/commands/build.js';
import { lockFileFor } from '../../src/output/lock.js';
import { OutputWriteError, recoverOutput, writeSite, type OutputFile, type OutputFs } from '../../src/output/write-output.js';
import { createMemoryLogger } from '../../src/logger.js';
import { createSite, md, snapshotTree, type TempSite } from '../helpers/site.js';

/**
 * Faults for the whole file system as this test file sees it (node:fs/promises is replaced for the
 * code under test): `fault(op, target, source)` returns an errno to throw, or undefined to go ahead.
 */
const faults = vi.hoisted(() => ({ fault: undefined as undefined | ((op: string, target: string, source: string) => string | undefined) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const wrap = <F extends (...args: never[]) => Promise<unknown>>(op: string, fn: F): F =>
    (async (...args: Parameters<F>) => {
      const two = op === 'rename' || op === 'copyFile';
      const code = faults.fault?.(op, String(args[two ? 1 : 0]), String(args[0]));
      if (code) throw Object.assign(new Error(`${code}: injected ${op} '${String(args[0])}'`), { code, syscall: op, path: String(args[0]) });
      return fn(...args);
    }) as F;
  return {
    ...actual,
    default: actual,
    writeFile: wrap('writeFile', actual.writeFile),
    copyFile: wrap('copyFile', actual.copyFile),
    mkdir: wrap('mkdir', actual.mkdir),
    rename: wrap('rename', actual.rename),
  };
});

const SITE_FILES: OutputFile[] = [
  { path: 'index.html', contents: '<h1>Bản tin mới</h1>\n' },
  { path: 'thong-bao/index.html', contents: '<p>Thông báo</p>\n' },
  ...Array.from({ length: 40 }, (_, i) => ({ path: `tin/bai-${i}/index.html`, contents: `<p>Bài ${i}</p>\n` })),
];

/** An injectable file system that throws `code` on the n-th call of `op` (1-based). */
function failing(op: keyof OutputFs, n: number, code: string): Partial<OutputFs> {
  let calls = 0;
  const real = realFs[op] as (...args: unknown[]) => Promise<unknown>;
  return {
    [op]: async (...args: unknown[]) => {
      if (++calls === n) throw Object.assign(new Error(`${code}: injected`), { code, syscall: op, path: String(args[0]) });
      return real(...args);
    },
  } as Partial<OutputFs>;
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'bantin-disk-'));
});
afterEach(async () => {
  faults.fault = undefined;
  vi.unstubAllEnvs();
  await rm(work, { recursive: true, force: true });
});

describe('writeSite on a failing disk', () => {
  const cases: Array<[string, Partial<OutputFs>, string, RegExp]> = [
    ['a full disk while writing a page', failing('writeFile', 20, 'ENOSPC'), 'ENOSPC', /Ổ đĩa đã đầy/],
    ['a full disk while writing the mark', failing('writeFile', 1, 'ENOSPC'), 'ENOSPC', /Ổ đĩa đã đầy/],
    ['a quota exceeded while copying a file', failing('copyFile', 1, 'EDQUOT'), 'EDQUOT', /Ổ đĩa đã đầy/],
    ['a read-only folder when making the temp folder', failing('mkdir', 2, 'EROFS'), 'EROFS', /Không có quyền ghi/],
    ['no permission when making a page folder', failing('mkdir', 4, 'EACCES'), 'EACCES', /Không có quyền ghi/],
    ['a full disk when moving the old site aside', failing('rename', 1, 'ENOSPC'), 'ENOSPC', /Ổ đĩa đã đầy/],
    ['a failure when moving the new site in', failing('rename', 2, 'EIO'), 'EIO', /Không ghi được trang web/],
  ];
  for (const [name, fs, code, message] of cases) {
    it(`should report ${name} as BT909 in Vietnamese, keep the old site byte for byte and leave no temp folder`, async () => {
      const out = path.join(work, 'dist');
      const asset = path.join(work, 'logo.png');
      await writeFile(asset, 'png');
      await writeSite(out, [{ path: 'index.html', contents: 'cũ\n' }, { path: 'cu/index.html', contents: 'trang cũ\n' }]);
      const before = await snapshotTree(out);
      const err = await writeSite(out, [...SITE_FILES, { path: 'logo.png', copyFrom: asset }], { fs }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OutputWriteError);
      const e = err as OutputWriteError;
      expect(e.code).toBe(code);
      expect(e.diagnostics.map((d) => d.code)).toEqual(['BT909']);
      expect(e.diagnostics[0]!.message).toMatch(message);
      expect(e.diagnostics[0]!.message).toContain('được giữ nguyên');
      expect(e.diagnostics[0]!.hint).toBeTruthy();
      expect(await snapshotTree(out)).toEqual(before);
      expect((await readdir(work)).sort()).toEqual(['dist', 'logo.png']);
    });
  }

  it('should leave the old site beside the output when both renames fail, and put it back on the next run', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, [{ path: 'index.html', contents: 'cũ\n' }]);
    const before = await snapshotTree(out);
    let renames = 0;
    const fs: Partial<OutputFs> = {
      rename: async (from, to) => {
        renames++;
        if (renames >= 2) throw Object.assign(new Error('EIO'), { code: 'EIO', path: String(from) });
        return realFs.rename(from, to);
      },
    };
    await expect(writeSite(out, SITE_FILES, { fs })).rejects.toBeInstanceOf(OutputWriteError);
    // The old site is whole, beside the output, with the record of who moved it; no temp folder is left.
    const beside = (await readdir(work)).sort();
    expect(beside).toHaveLength(2);
    expect(beside[0]).toMatch(/^dist\.bantin-old-/);
    expect(beside[1]).toBe(`${beside[0]}.owner`);
    expect(await snapshotTree(path.join(work, beside[0]!))).toEqual(before);
    await recoverOutput(out);
    expect(await readdir(work)).toEqual(['dist']);
    expect(await snapshotTree(out)).toEqual(before);
  });
});

describe('bantin build on a failing disk', () => {
  let site: TempSite;
  const logger = createMemoryLogger();
  // The faults live in this thread's node:fs/promises: the output is written on this thread too
  // (the writer thread has a file system of its own), pages still streamed as they render.
  const buildSite = (extra: Record<string, unknown> = {}) =>
    runBuild({ cwd: site.root, root: '.', cacheDir: false, threads: 1, now: Date.parse('2025-06-01T00:00:00+07:00'), write: { thread: false }, ...extra }, logger);

  beforeEach(async () => {
    logger.lines.length = 0;
    site = await createSite({
      'content/a.md': md({ title: 'Bài một', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'content/b.md': md({ title: 'Bài hai', date: '02/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
    });
  });
  afterEach(() => site.cleanup());

  const before = async () => {
    expect(await buildSite()).toBe(0);
    logger.lines.length = 0;
    return site.snapshot('dist');
  };
  const leftovers = async () => (await readdir(site.root)).filter((n) => n.includes('.bantin-') || n.endsWith('.tmp'));

  it('should exit 1 with "Ổ đĩa đã đầy" when the disk fills up while writing pages, keep the old site and clean up', async () => {
    const old = await before();
    faults.fault = (op, p) => (op === 'writeFile' && p.includes('.bantin-tmp-') && p.endsWith('index.html') ? 'ENOSPC' : undefined);
    expect(await buildSite()).toBe(1);
    expect(logger.text()).toMatch(/lỗi BT909: Ổ đĩa đã đầy/);
    expect(await site.snapshot('dist')).toEqual(old);
    expect(await leftovers()).toEqual([]);
  });

  it('should exit 1 with "Không có quyền ghi" when the folder beside the output is read-only', async () => {
    const old = await before();
    faults.fault = (op, p) => (op === 'mkdir' && p.includes('.bantin-tmp-') ? 'EROFS' : undefined);
    expect(await buildSite()).toBe(1);
    expect(logger.text()).toMatch(/lỗi BT909: Không có quyền ghi/);
    expect(await site.snapshot('dist')).toEqual(old);
    expect(await leftovers()).toEqual([]);
  });

  it('should exit 1 when the new site cannot be moved in, and leave the old one in place', async () => {
    const old = await before();
    faults.fault = (op, target, source) => (op === 'rename' && path.basename(target) === 'dist' && source.includes('.bantin-tmp-') ? 'EACCES' : undefined);
    expect(await buildSite()).toBe(1);
    expect(logger.text()).toMatch(/lỗi BT909/);
    expect(await site.snapshot('dist')).toEqual(old);
    expect(await leftovers()).toEqual([]);
  });

  it('should exit 1 with BT005 when the content folder is missing, and keep the old site', async () => {
    const old = await before();
    await site.remove('content');
    expect(await buildSite()).toBe(1);
    expect(logger.text()).toMatch(/lỗi BT005: Không tìm thấy thư mục nội dung/);
    expect(await site.snapshot('dist')).toEqual(old);
    expect(await leftovers()).toEqual([]);
  });
});

describe('output folders bantin must not replace', () => {
  let site: TempSite;
  const logger = createMemoryLogger();
  beforeEach(async () => {
    logger.lines.length = 0;
    site = await createSite({
      'trang/content/a.md': md({ title: 'Bài một', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'trang/templates/assets/rieng.css': 'body { color: #222; }\n',
      'trang/bantin.yaml': 'title: Phường\n',
      'khac/ghi-chu.txt': 'của người khác\n',
      'nha/.bashrc': 'x\n',
    });
  });
  afterEach(() => site.cleanup());

  const refusals: Array<[string, string, RegExp]> = [
    ['.', '.', /BT90[25]/],
    ['..', '..', /BT90[245]/],
    ['the content folder', 'content', /BT90[28]/],
    ['a folder inside the content folder', 'content/dist', /BT908/],
    ['the templates folder', 'templates', /BT90[28]/],
    ['the home folder', '../nha', /BT904/],
    ['a non-empty folder bantin did not make', '../khac', /BT901/],
    ['the filesystem root', '/', /BT90[35]/],
    ['a file', 'bantin.yaml', /BT90[26]/],
  ];
  for (const [name, out, code] of refusals) {
    it(`should refuse --out ${out} (${name}) and delete or create nothing`, async () => {
      vi.stubEnv('HOME', site.path('nha'));
      vi.stubEnv('USERPROFILE', site.path('nha'));
      const before = await snapshotTree(site.root);
      const exit = await runBuild({ cwd: site.path('trang'), root: '.', out, cacheDir: false, threads: 1 }, logger);
      expect(exit).toBe(1);
      expect(logger.text()).toMatch(code);
      expect(logger.text()).toMatch(/bantin sẽ không|nằm trong thư mục/);
      expect(await snapshotTree(site.root)).toEqual(before);
      expect(existsSync(lockFileFor(path.resolve(site.path('trang'), out)))).toBe(false);
    });
  }

  it('should accept an empty folder and a folder it made, and mark it', async () => {
    await mkdir(site.path('trang/trong'));
    expect(await runBuild({ cwd: site.path('trang'), root: '.', out: 'trong', cacheDir: false, threads: 1 }, logger)).toBe(0);
    expect(await readdir(site.path('trang/trong'))).toContain('.bantin-output');
    expect(await runBuild({ cwd: site.path('trang'), root: '.', out: 'trong', cacheDir: false, threads: 1 }, logger)).toBe(0);
  });
});
