/**
 * Slugs, file names and symbolic links: nothing in content makes bantin read outside the site or
 * write outside the output folder.
 */
import { lstat, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/content/article.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { writeSite, type OutputFile } from '../../src/output/write-output.js';
import { createSite, FAKE_JPEG, md, snapshotTree, type TempSite } from '../helpers/site.js';
import { fuzzRuns } from '../helpers/runs.js';
import { build, readTree } from './helpers.js';

const SETTINGS = { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' };
/** Property runs, each with its own variable: random path sets given to writeSite, and random whole builds. */
const WRITE_RUNS = fuzzRuns('WRITE_PATHS', 150);
const BUILD_RUNS = fuzzRuns('BUILD_PATHS', 12);

/** Every file and link under `dir` (recursively), absolute. */
async function allEntries(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      out.push(abs);
      if (e.isDirectory()) await walk(abs);
    }
  };
  await walk(dir).catch((e: { code?: string }) => {
    if (e.code !== 'ENOENT') throw e;
  });
  return out;
}

/** Asserts every entry under `out` is a plain file or folder whose real path lies inside `out`. */
async function expectAllInside(out: string): Promise<void> {
  const realOut = await realpath(out);
  for (const entry of await allEntries(out)) {
    const st = await lstat(entry);
    expect(st.isSymbolicLink(), entry).toBe(false);
    const real = await realpath(entry);
    expect(real.startsWith(realOut + path.sep), real).toBe(true);
  }
}

describe('slugs', () => {
  const refused: Record<string, string> = {
    '../x': '"../x"',
    '..\\x': '"..\\\\x"',
    '%2e%2e/x': '"%2e%2e/x"',
    '/etc/x': '"/etc/x"',
    'a/b': '"a/b"',
    'NUL byte': '"a\\0b"',
    CON: 'CON',
    '.': '"."',
    '..': '".."',
    '300 characters': 'a'.repeat(300),
    'upper case': 'Hop-Dan',
    'Vietnamese letters': 'họp-dân',
    'a space': '"hop dan"',
  };
  for (const [name, yaml] of Object.entries(refused)) {
    it(`should refuse the slug ${name} at its line`, () => {
      const text = `---\ntitle: Bài\ndate: 01/05/2025\nauthor: A\ncategory: B\nslug: ${yaml}\n---\nx\n`;
      const result = parseArticle('a.md', text, SETTINGS);
      expect(result.article).toBeUndefined();
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBe(1);
      expect(errors[0]!.line).toBe(6);
      expect(['BT117', 'BT118']).toContain(errors[0]!.code);
    });
  }

  it('should take an empty slug as none: the URL is made from the title, never an empty folder name', () => {
    const result = parseArticle('a.md', '---\ntitle: Họp dân tổ 3\ndate: 01/05/2025\nauthor: A\ncategory: B\nslug: ""\n---\nx\n', SETTINGS);
    expect(result.article?.slug).toBe('hop-dan-to-3');
  });

  it('should refuse a title that gives no slug at all, and shorten a 300-character one', () => {
    expect(parseArticle('a.md', '---\ntitle: "../.."\ndate: 01/05/2025\nauthor: A\ncategory: B\n---\nx\n', SETTINGS).diagnostics.map((d) => d.code)).toEqual(['BT117']);
    const long = parseArticle('a.md', `---\ntitle: "${'Họp dân '.repeat(40)}"\ndate: 01/05/2025\nauthor: A\ncategory: B\n---\nx\n`, SETTINGS);
    expect(long.article!.slug.length).toBeLessThanOrEqual(120);
    expect(long.article!.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('should refuse the slug "con" (a Windows device name, reserved in lower case too) at its line', () => {
    const given = parseArticle('a.md', '---\ntitle: Bài\ndate: 01/05/2025\nauthor: A\ncategory: B\nslug: con\n---\nx\n', SETTINGS);
    expect(given.article).toBeUndefined();
    expect(given.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT117', 6]]);
    const fromTitle = parseArticle('a.md', '---\ntitle: Con\ndate: 01/05/2025\nauthor: A\ncategory: B\n---\nx\n', SETTINGS);
    expect(fromTitle.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT117', 2]]);
  });
});

describe('output paths, whatever the input (property)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'bantin-paths-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const nasty = fc.constantFrom('..', '.', '', 'CON', 'nul.txt', 'Aux', '%2e%2e', '..\\x', 'a\0b', '/etc', 'C:', 'C:\\x', '\u202e', 'a\nb', '.bantin-output', ' ');
  const segment = fc.oneof(fc.string({ unit: 'binary', minLength: 0, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), nasty);
  const relPath = fc.oneof(fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), fc.string({ unit: 'binary', maxLength: 30 }));

  it('should write every file of writeSite inside the output folder, or refuse before touching anything', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(relPath, { minLength: 1, maxLength: 6 }), async (paths) => {
        const dir = path.join(work, String(n++));
        await mkdir(dir);
        const out = path.join(dir, 'dist');
        const files: OutputFile[] = paths.map((p) => ({ path: p, contents: 'x' }));
        try {
          await writeSite(out, files);
          await expectAllInside(out);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          if (e instanceof UserError) expect(e.diagnostics[0]!.message).toMatch(/[ơưđ]/);
        }
        // Nothing beside the output folder: no temp folder, no stray file.
        expect((await readdir(dir)).filter((x) => x !== 'dist')).toEqual([]);
        await rm(dir, { recursive: true, force: true });
      }),
      { numRuns: WRITE_RUNS },
    );
  });

  it('should keep a whole build inside its output folder with random Unicode slugs and file names', async () => {
    const site = await createSite({ 'bantin.yaml': 'title: Phường\n' });
    try {
      const fileName = fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
        .filter((s) => !s.includes('/') && !s.includes('\0') && s !== '.' && s !== '..' && Buffer.byteLength(s) < 200);
      const article = fc.record({ name: fileName, slug: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('../x', 'con', 'a/b', '..', '%2e%2e')), title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) });
      await fc.assert(
        fc.asyncProperty(fc.array(article, { minLength: 1, maxLength: 4 }), fc.array(fileName, { maxLength: 3 }), async (articles, assets) => {
          await site.remove('content');
          await site.remove('dist');
          const files: Record<string, string | Uint8Array> = {};
          articles.forEach((a, i) => {
            files[`content/${i}-${a.name}.md`] = md({ title: a.title, slug: a.slug, date: '01/05/2025', author: 'A', category: 'B' });
          });
          assets.forEach((name, i) => (files[`content/${i}-${name}`] = FAKE_JPEG));
          await site.write(files);
          const before = await snapshotTree(site.path('content'));
          let code: number;
          try {
            code = (await build(site)).code;
          } catch (e) {
            // A plain Error is a bug; it must still have written nothing.
            code = -1;
            expect(String(e)).toMatch(/writeSite: invalid output path/);
          }
          expect([0, 1, -1]).toContain(code);
          if (code === 0) await expectAllInside(site.path('dist'));
          expect(await snapshotTree(site.path('content'))).toEqual(before);
          expect((await readdir(site.root)).sort()).toEqual(code === 0 ? ['bantin.yaml', 'content', 'dist'] : ['bantin.yaml', 'content']);
        }),
        { numRuns: BUILD_RUNS },
      );
    } finally {
      await site.cleanup();
    }
  });
});

describe('symbolic links and names in content and templates', () => {
  let outside: string;
  let site: TempSite;
  const SENTINEL = 'BI-MAT-NGOAI-TRANG-9f3a';

  beforeAll(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), 'bantin-outside-'));
    await writeFile(path.join(outside, 'bi-mat.md'), md({ title: SENTINEL, date: '01/05/2025', author: 'A', category: 'B' }, `${SENTINEL}\n`));
    await writeFile(path.join(outside, 'bi-mat.txt'), SENTINEL);
    await writeFile(path.join(outside, 'footer.hbs'), `<footer>${SENTINEL}</footer>`);
    await mkdir(path.join(outside, 'thu-muc'));
    await writeFile(path.join(outside, 'thu-muc', 'a.md'), md({ title: SENTINEL, date: '01/05/2025', author: 'A', category: 'B' }));
    site = await createSite({
      'content/tot.md': md({ title: 'Bài tốt', date: '01/05/2025', author: 'A', category: 'B' }),
      'templates/partials/.keep': '',
      'templates/assets/.keep': '',
      'dist/.bantin-output': 'cũ\n',
      'dist/index.html': 'trang cũ\n',
    });
    const links: Array<[string, string]> = [
      ['content/lien-ket.md', path.join(outside, 'bi-mat.md')],
      ['content/tep.txt', path.join(outside, 'bi-mat.txt')],
      ['content/thu-muc-ngoai', path.join(outside, 'thu-muc')],
      ['content/vong-a', site.path('content/vong-b')],
      ['content/vong-b', site.path('content/vong-a')],
      ['content/chinh-no', '.'],
      ['content/hong.md', path.join(outside, 'khong-co.md')],
      ['templates/partials/footer.hbs', path.join(outside, 'footer.hbs')],
      ['templates/assets/bi-mat.css', path.join(outside, 'bi-mat.txt')],
    ];
    for (const [rel, target] of links) await symlink(target, site.path(rel));
  });
  afterAll(async () => {
    await site.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('should refuse every link out of the site, to a folder, broken or in a loop, naming each, and keep the old output', async () => {
    const before = await site.snapshot('dist');
    const { code, text } = await build(site);
    expect(code).toBe(1);
    for (const link of ['content/lien-ket.md', 'content/tep.txt', 'content/thu-muc-ngoai', 'content/vong-a', 'content/vong-b', 'content/chinh-no', 'content/hong.md', 'templates/partials/footer.hbs', 'templates/assets/bi-mat.css']) {
      expect(text).toMatch(new RegExp(`${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+lỗi BT003`));
    }
    expect(text).not.toContain(SENTINEL);
    expect(await site.snapshot('dist')).toEqual(before);
  });

  it('should follow a link to a file inside the content folder', async () => {
    const inside = await createSite({ 'content/that.md': md({ title: 'Bài thật', date: '01/05/2025', author: 'A', category: 'B' }), 'content/anh/that.jpg': FAKE_JPEG });
    try {
      await symlink(inside.path('content/anh/that.jpg'), inside.path('content/anh/ban-sao.jpg'));
      const { code } = await build(inside);
      expect(code).toBe(0);
      const tree = await readTree(inside.path('dist'));
      expect(tree.has('anh/ban-sao.jpg')).toBe(true);
      await expectAllInside(inside.path('dist'));
    } finally {
      await inside.cleanup();
    }
  });

  it('should refuse links and images in Markdown that climb out of the content folder, and an image field that does', async () => {
    const escape = await createSite({
      'content/a.md': md({ title: 'A', date: '01/05/2025', author: 'A', category: 'B', image: '../../../etc/passwd' }, `[x](../../../etc/passwd)\n\n![y](../${path.basename(outside)}/bi-mat.txt)\n`),
      'content/b.md': md({ title: 'B', date: '01/05/2025', author: 'A', category: 'B' }, '[z](/etc/passwd)\n'),
    });
    try {
      const { code, text } = await build(escape);
      expect(code).toBe(1);
      expect(text).toMatch(/content\/a\.md:\d+:\d+\s+lỗi BT116/);
      expect(text.match(/lỗi BT303/g)?.length).toBe(2);
      expect(text).toMatch(/content\/b\.md:\d+:\d+\s+lỗi BT129/);
    } finally {
      await escape.cleanup();
    }
  });

  it('should refuse file and folder names a site cannot carry, naming each, after checking everything else', async () => {
    const names = await createSite({
      'content/tot.md': md({ title: 'Tốt', date: '01/05/2025', author: 'A', category: 'B' }),
      'content/xau.md': md({ title: 'Xấu', date: '30/02/2025', author: 'A', category: 'B' }),
      'content/CON.jpg': FAKE_JPEG,
      'content/nul.txt': 'x',
      'content/aux/anh.jpg': FAKE_JPEG,
      'content/a\\b.jpg': FAKE_JPEG,
      'content/tab\there.jpg': FAKE_JPEG,
      'content/lpt1.md': md({ title: 'LPT', date: '01/05/2025', author: 'A', category: 'B' }),
    });
    try {
      const { code, text } = await build(names);
      expect(code).toBe(1);
      for (const shown of ['content/CON.jpg', 'content/nul.txt', 'content/aux', 'content/a\\b.jpg', 'content/tab\there.jpg', 'content/lpt1.md']) {
        expect(text).toContain(`${shown}  lỗi BT006`);
      }
      expect(text).toMatch(/content\/xau\.md:\d+:\d+\s+lỗi BT114/);
      expect(text).not.toMatch(/writeSite/);
    } finally {
      await names.cleanup();
    }
  });
});
