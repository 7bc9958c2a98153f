import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { SpillFile } from '../src/cache/spill-file.js';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../src/diagnostics/diagnostic.js';
import { OUTPUT_MARK, checkOutputDir, openOutput, writeSite, type OutputFile } from '../src/output/write-output.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'bantin-write-output-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(work, { recursive: true, force: true });
});

/** Every file under `dir` as posix relative path → contents (as latin1 string for byte comparison). */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        out[`${childRel}/`] = '<dir>';
        await walk(childRel);
      } else {
        out[childRel] = (await readFile(path.join(dir, childRel))).toString('latin1');
      }
    }
  };
  await walk('');
  return out;
}

async function expectUserError(promise: Promise<unknown>, code: string): Promise<UserError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  const userError = err as UserError;
  expect(userError.diagnostics.map((d) => d.code)).toEqual([code]);
  for (const d of userError.diagnostics) {
    expect(d.severity).toBe('error');
    expect(d.hint).toBeTruthy();
  }
  return userError;
}

const siteFiles: OutputFile[] = [
  { path: 'index.html', contents: '<h1>Bản tin phường</h1>\n' },
  { path: 'hoat-dong/bai-viet/index.html', contents: '<p>Họp tổ dân phố</p>\n' },
  { path: 'hoat-dong/index.html', contents: '<p>Hoạt động</p>\n' },
  { path: 'assets/logo.bin', contents: new Uint8Array([0, 1, 2, 255]) },
];

describe('writeSite', () => {
  it('writes the whole tree and the bantin mark into a new output folder', async () => {
    const out = path.join(work, 'dist');
    const asset = path.join(work, 'style.css');
    await writeFile(asset, 'body { color: red; }\n');

    const result = await writeSite(out, [...siteFiles, { path: 'assets/style.css', copyFrom: asset }]);

    expect(result.written).toBe(5);
    expect(await snapshot(out)).toEqual({
      [OUTPUT_MARK]: Buffer.from('Thư mục này do bantin tạo ra; bantin có thể xoá và ghi lại toàn bộ.\n').toString('latin1'),
      'index.html': Buffer.from('<h1>Bản tin phường</h1>\n').toString('latin1'),
      'hoat-dong/': '<dir>',
      'hoat-dong/index.html': Buffer.from('<p>Hoạt động</p>\n').toString('latin1'),
      'hoat-dong/bai-viet/': '<dir>',
      'hoat-dong/bai-viet/index.html': Buffer.from('<p>Họp tổ dân phố</p>\n').toString('latin1'),
      'assets/': '<dir>',
      'assets/logo.bin': Buffer.from([0, 1, 2, 255]).toString('latin1'),
      'assets/style.css': 'body { color: red; }\n',
    });
    expect((await readdir(work)).sort()).toEqual(['dist', 'style.css']);
  });

  it('produces byte-identical trees for the same files', async () => {
    await writeSite(path.join(work, 'a'), siteFiles);
    await writeSite(path.join(work, 'b'), [...siteFiles].reverse());
    expect(await snapshot(path.join(work, 'a'))).toEqual(await snapshot(path.join(work, 'b')));
  });

  it('writes ten thousand files', async () => {
    const out = path.join(work, 'dist');
    const files: OutputFile[] = [];
    for (let i = 0; i < 10_000; i++) {
      files.push({ path: `bai/${i % 100}/${i}/index.html`, contents: `<p>${i}</p>` });
    }
    expect((await writeSite(out, files)).written).toBe(10_000);
    expect(await readFile(path.join(out, 'bai/42/9942/index.html'), 'utf8')).toBe('<p>9942</p>');
  });

  it('replaces the previous output entirely, leaving no stale page and no sibling folder', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, [...siteFiles, { path: 'cu/trang-cu.html', contents: 'old' }]);

    await writeSite(out, [{ path: 'index.html', contents: 'new' }]);

    expect(await snapshot(out)).toEqual({
      [OUTPUT_MARK]: expect.any(String),
      'index.html': 'new',
    });
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('accepts an existing empty folder and marks it', async () => {
    const out = path.join(work, 'dist');
    await mkdir(out);
    await writeSite(out, [{ path: 'index.html', contents: 'x' }]);
    expect(Object.keys(await snapshot(out)).sort()).toEqual([OUTPUT_MARK, 'index.html']);
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('creates missing parent folders of the output folder', async () => {
    const out = path.join(work, 'build', 'site', 'dist');
    await writeSite(out, [{ path: 'index.html', contents: 'x' }]);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('x');
  });

  it('refuses a non-empty folder without the mark and deletes nothing', async () => {
    const out = path.join(work, 'dist');
    await mkdir(path.join(out, 'sub'), { recursive: true });
    await writeFile(path.join(out, 'luan-van.docx'), 'precious');
    await writeFile(path.join(out, 'sub', 'anh.jpg'), 'photo');
    const before = await snapshot(out);

    const err = await expectUserError(writeSite(out, siteFiles), 'BT901');
    expect(err.message).toContain('không do bantin tạo ra; bantin sẽ không xoá nó');
    expect(err.diagnostics[0]?.hint).toContain('--out');

    expect(await snapshot(out)).toEqual(before);
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('refuses an output path that is a file', async () => {
    const out = path.join(work, 'dist');
    await writeFile(out, 'not a folder');
    await expectUserError(writeSite(out, siteFiles), 'BT906');
    expect(await readFile(out, 'utf8')).toBe('not a folder');
  });

  it('refuses an output folder that is a symlink', async () => {
    const target = path.join(work, 'real');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'keep');
    const out = path.join(work, 'dist');
    await symlink(target, out);
    await expectUserError(writeSite(out, siteFiles), 'BT907');
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('refuses the user home folder and leaves it untouched', async () => {
    const home = path.join(work, 'home');
    await mkdir(home);
    await writeFile(path.join(home, OUTPUT_MARK), 'even marked');
    await writeFile(path.join(home, '.bashrc'), 'x');
    vi.stubEnv('HOME', home);
    vi.stubEnv('USERPROFILE', home);
    expect(os.homedir()).toBe(home);

    await expectUserError(writeSite(home, siteFiles), 'BT904');
    expect(await snapshot(home)).toEqual({ [OUTPUT_MARK]: 'even marked', '.bashrc': 'x' });
    expect((await readdir(work)).sort()).toEqual(['home']);
  });

  it('leaves the previous output byte-identical and no temp folder when a write fails midway', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, siteFiles);
    const before = await snapshot(out);

    const failing: OutputFile[] = [
      ...siteFiles.map((f) => ({ ...f })),
      { path: 'assets/missing.png', copyFrom: path.join(work, 'does-not-exist.png') },
      { path: 'trang-moi/index.html', contents: 'new' },
    ];
    await expect(writeSite(out, failing)).rejects.toMatchObject({ code: 'ENOENT' });

    expect(await snapshot(out)).toEqual(before);
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('restores the previous output when a run was killed between the two renames', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, siteFiles);
    const before = await snapshot(out);
    // Simulate the kill: out was renamed to old (by a run of this machine, which records it), and a
    // complete temp folder was never moved in.
    const deadPid = 99_999_999;
    const killedAtSwap = { pause: (point: string) => { if (point === 'swap') throw Object.assign(new Error('killed'), { code: 'EINTR' }); } };
    await expect(writeSite(out, siteFiles, killedAtSwap)).rejects.toBeDefined();
    expect((await readdir(work)).filter((n) => n.startsWith('dist.bantin-old-'))).toHaveLength(2); // the folder and its owner record
    const tmp = path.join(work, `dist.bantin-tmp-${deadPid}-ba9876543210`);
    await mkdir(tmp);
    await writeFile(path.join(tmp, 'half.html'), 'half');

    // A failing build must not lose the restored output either.
    await expect(
      writeSite(out, [{ path: 'x.html', copyFrom: path.join(work, 'nope') }]),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await snapshot(out)).toEqual(before);
    expect(await readdir(work)).toEqual(['dist']);

    await writeSite(out, [{ path: 'index.html', contents: 'new' }]);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toBe('new');
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('removes leftover temp and old folders of dead runs but keeps unmarked ones, unrecorded ones and those of live processes', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, siteFiles);
    const deadPid = 99_999_999;
    // An old folder of a killed run of this machine (it records its folders), and one it did not record.
    const killedAtCleanup = { pause: (point: string) => { if (point === 'cleanup') throw Object.assign(new Error('killed'), { code: 'EINTR' }); } };
    await expect(writeSite(out, siteFiles, killedAtCleanup)).rejects.toBeDefined();
    expect((await readdir(work)).filter((n) => n.startsWith('dist.bantin-old-'))).toHaveLength(2);
    const deadOld = `dist.bantin-old-${deadPid}-000000000000`;
    const deadTmp = `dist.bantin-tmp-${process.pid}-111111111111`; // our pid, but not in use
    const liveTmp = `dist.bantin-tmp-${process.ppid}-222222222222`;
    const unmarkedOld = `dist.bantin-old-${deadPid}-333333333333`;
    const lookalike = 'dist.bantin-tmp-not-ours';
    await mkdir(path.join(work, deadOld));
    await writeFile(path.join(work, deadOld, OUTPUT_MARK), 'x');
    await mkdir(path.join(work, deadTmp));
    await mkdir(path.join(work, liveTmp));
    await mkdir(path.join(work, unmarkedOld));
    await writeFile(path.join(work, unmarkedOld, 'keep.txt'), 'keep');
    await mkdir(path.join(work, lookalike));

    await writeSite(out, siteFiles);

    expect((await readdir(work)).sort()).toEqual(['dist', lookalike, liveTmp, unmarkedOld, deadOld].sort());
  });

  it.each([
    ['../x'],
    ['/etc/x'],
    ['a/../../x'],
    ['a\\b'],
    ['..'],
    ['./a'],
    ['a//b'],
    ['a/'],
    [''],
    ['a\0b'],
    ['C:/x'],
    ['con'],
    ['a/LPT1.txt'],
    [OUTPUT_MARK],
  ])('rejects the unsafe output path %j before touching the disk', async (bad) => {
    // The parent does not exist yet: it would be created by any attempt to write.
    const out = path.join(work, 'site', 'dist');
    const err = await writeSite(out, [
      { path: 'ok.html', contents: 'ok' },
      { path: bad, contents: 'pwned' },
    ]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UserError);
    expect(await readdir(work)).toEqual([]);
  });

  it('rejects two files with the same path', async () => {
    const out = path.join(work, 'dist');
    await expect(
      writeSite(out, [
        { path: 'a.html', contents: '1' },
        { path: 'a.html', contents: '2' },
      ]),
    ).rejects.toThrow(/duplicate/);
    expect(await readdir(work)).toEqual([]);
  });

  it('rejects a path used both as a file and as a folder', async () => {
    const out = path.join(work, 'dist');
    await expect(
      writeSite(out, [
        { path: 'a', contents: '1' },
        { path: 'a/index.html', contents: '2' },
      ]),
    ).rejects.toThrow(/both as a file and as a directory/);
    expect(await readdir(work)).toEqual([]);
  });

  it('rejects a relative copy source', async () => {
    await expect(writeSite(path.join(work, 'dist'), [{ path: 'a.css', copyFrom: 'a.css' }])).rejects.toThrow(
      /absolute/,
    );
    expect(await readdir(work)).toEqual([]);
  });
});

describe('openOutput (pages written as they are made)', () => {
  const many = (n: number): OutputFile[] =>
    Array.from({ length: n }, (_, i) => (i % 3 === 0 ? { path: `bai/${i % 7}/${i}/index.html`, contents: `<p>Bài ${i} – phường</p>` } : { path: `tin/${i}.html`, contents: Buffer.from(`<p>${i}</p>`) }));

  it('writes the same tree on its writer thread as on this thread, files added one by one or in batches', async () => {
    const asset = path.join(work, 'anh.jpg');
    await writeFile(asset, Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    const files = [...many(1000), { path: 'anh/anh.jpg', copyFrom: asset }];
    const threaded = await openOutput(path.join(work, 'a'));
    for (const f of files) threaded.add([f]);
    expect((await threaded.commit()).written).toBe(1001);
    const inline = await openOutput(path.join(work, 'b'), { thread: false });
    inline.add(files.slice(0, 400));
    inline.add(files.slice(400));
    await inline.commit();
    const a = await snapshot(path.join(work, 'a'));
    expect(Object.keys(a).length).toBeGreaterThan(1001);
    expect(a).toEqual(await snapshot(path.join(work, 'b')));
    expect((await readdir(work)).sort()).toEqual(['a', 'anh.jpg', 'b']);
  });

  it('moves bytes that own their buffer to the writer thread when asked (the search index), writing them as they were', async () => {
    const encoder = new TextEncoder();
    const texts = Array.from({ length: 100 }, (_, i) => `{"t":"Lịch tiếp công dân ${i}"}`);
    const moved = texts.map((t, i) => ({ path: `tim-kiem/chi-muc/x/d/${i}.json`, contents: encoder.encode(t) }));
    const writer = await openOutput(path.join(work, 'dist'));
    writer.add(moved, { move: true });
    await writer.commit();
    // Moved, not copied: this thread's arrays are empty now.
    expect(moved.every((f) => f.contents.byteLength === 0)).toBe(true);
    for (const [i, t] of texts.entries()) expect(await readFile(path.join(work, 'dist', `tim-kiem/chi-muc/x/d/${i}.json`), 'utf8')).toBe(t);
  });

  it('copies spilled bytes (a large search index) from the spill file, on its thread and on this one', async () => {
    const spill = SpillFile.open();
    try {
      const texts = Array.from({ length: 50 }, (_, i) => `{"t":"Lịch tiếp công dân ${i}","x":"${'đ'.repeat(i * 40)}"}`);
      const encoder = new TextEncoder();
      const spilled: OutputFile[] = texts.map((t, i) => ({ path: `tim-kiem/chi-muc/y/d/${i}.json`, spilled: spill.append([encoder.encode(t)])[0]! }));
      for (const thread of [true, false]) {
        const out = path.join(work, thread ? 'threaded' : 'inline');
        const writer = await openOutput(out, { thread });
        writer.add(spilled);
        await writer.commit();
        for (const [i, t] of texts.entries()) expect(await readFile(path.join(out, `tim-kiem/chi-muc/y/d/${i}.json`), 'utf8')).toBe(t);
      }
      await writeSite(path.join(work, 'whole'), spilled);
      expect(await readFile(path.join(work, 'whole', 'tim-kiem/chi-muc/y/d/49.json'), 'utf8')).toBe(texts[49]);
    } finally {
      spill.close();
    }
  });

  it('leaves the old output as it was and no temporary folder when the build is abandoned after pages were written', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, siteFiles);
    const before = await snapshot(out);
    const writer = await openOutput(out);
    writer.add(many(500));
    await writer.flushed();
    expect((await readdir(work)).length).toBe(2); // dist and the temporary folder holding the pages
    await writer.abort();
    expect(await snapshot(out)).toEqual(before);
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('reports a disk failure on the writer thread as BT909 at commit, keeping the old output', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, siteFiles);
    const before = await snapshot(out);
    const writer = await openOutput(out);
    writer.add(many(50));
    await writer.flushed();
    // The temporary folder vanishes under the writer (another program cleaning the disk).
    const tmp = (await readdir(work)).find((n) => n !== 'dist')!;
    await rm(path.join(work, tmp), { recursive: true, force: true });
    writer.add([{ path: 'moi/index.html', contents: 'mới' }]);
    const err = await expectUserError(writer.commit(), 'BT909');
    expect(err.diagnostics[0]!.message).toContain('được giữ nguyên');
    expect(await snapshot(out)).toEqual(before);
    expect(await readdir(work)).toEqual(['dist']);
  });

  it('refuses a repeated path, a path used as file and folder, and a file added after commit', async () => {
    const writer = await openOutput(path.join(work, 'dist'));
    writer.add([{ path: 'a/index.html', contents: 'x' }]);
    expect(() => writer.add([{ path: 'a/index.html', contents: 'y' }])).toThrow(/duplicate output path/);
    expect(() => writer.add([{ path: 'a/index.html/b', contents: 'y' }])).toThrow(/both as a file and as a directory/);
    expect(() => writer.add([{ path: 'a', contents: 'y' }])).toThrow(/both as a file and as a directory/);
    expect(() => writer.add([{ path: '../ra-ngoai.html', contents: 'y' }])).toThrow(/invalid output path/);
    await writer.commit();
    expect(() => writer.add([{ path: 'b.html', contents: 'z' }])).toThrow(/already committed/);
    expect(await readFile(path.join(work, 'dist', 'a', 'index.html'), 'utf8')).toBe('x');
  });
});

describe('checkOutputDir', () => {
  it('accepts a missing folder, an empty folder and a folder bantin wrote', async () => {
    await expect(checkOutputDir(path.join(work, 'missing'), [])).resolves.toBeUndefined();
    await mkdir(path.join(work, 'empty'));
    await expect(checkOutputDir(path.join(work, 'empty'), [])).resolves.toBeUndefined();
    await writeSite(path.join(work, 'built'), siteFiles);
    await expect(checkOutputDir(path.join(work, 'built'), [])).resolves.toBeUndefined();
  });

  it('accepts an output folder inside the site root', async () => {
    const site = path.join(work, 'site');
    await mkdir(site);
    await expect(checkOutputDir(path.join(site, 'dist'), [site, path.join(site, 'content')])).resolves.toBeUndefined();
  });

  it('refuses an output folder equal to a protected folder even when it carries the mark', async () => {
    const content = path.join(work, 'content');
    await mkdir(content);
    await writeFile(path.join(content, OUTPUT_MARK), 'x');
    const err = await expectUserError(checkOutputDir(content, [content]), 'BT902');
    expect(err.message).toContain('Thư mục xuất');
  });

  it('refuses an output folder that contains a protected folder', async () => {
    const site = path.join(work, 'site');
    await mkdir(path.join(site, 'templates'), { recursive: true });
    await expectUserError(checkOutputDir(work, [path.join(site, 'templates')]), 'BT902');
  });

  it('refuses a protected folder reached through a symlink', async () => {
    const content = path.join(work, 'content');
    await mkdir(content);
    const link = path.join(work, 'link');
    await symlink(content, link);
    await expectUserError(checkOutputDir(path.join(link), [content]), 'BT902');
  });

  it('refuses the filesystem root', async () => {
    await expectUserError(checkOutputDir(path.parse(process.cwd()).root, []), 'BT903');
  });

  it('refuses the real home folder', async () => {
    await expectUserError(checkOutputDir(os.homedir(), []), 'BT904');
  });

  it('refuses the working directory and its ancestors', async () => {
    await expectUserError(checkOutputDir(process.cwd(), []), 'BT905');
    await expectUserError(checkOutputDir('.', []), 'BT905');
    const parent = path.dirname(process.cwd());
    if (parent !== path.parse(parent).root && parent !== os.homedir()) {
      await expectUserError(checkOutputDir(parent, []), 'BT905');
    }
  });

  it('names the folder relative to the working directory in the diagnostic', async () => {
    const rel = path.relative(process.cwd(), path.join(work, 'dist'));
    await mkdir(path.join(work, 'dist'));
    await writeFile(path.join(work, 'dist', 'a.txt'), 'a');
    const err = await expectUserError(checkOutputDir(path.join(work, 'dist'), []), 'BT901');
    const shown = rel.startsWith('..') ? path.join(work, 'dist') : rel;
    expect(err.diagnostics[0]?.file).toBe(shown.split(path.sep).join('/'));
    expect(err.message).toBe(
      `Thư mục xuất "${shown.split(path.sep).join('/')}" đã có nội dung nhưng không do bantin tạo ra; bantin sẽ không xoá nó.`,
    );
  });
});
