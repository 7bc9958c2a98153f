/**
 * Bounded fuzzing: random front-matter and bodies (NFD text, CRLF, BOM, NUL, lone surrogates,
 * YAML and Markdown punctuation) give a built site or located errors: never an exception, never a
 * write outside the output folder. A few hundred runs in CI; BANTIN_FUZZ_RUNS_ARTICLE=5000 (per-article
 * stage) and BANTIN_FUZZ_RUNS_SITE=200 (whole builds) for more.
 */
import { readdir, realpath } from 'node:fs/promises';
import { bodyHtml } from '../../src/content/body.js';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processSource } from '../../src/pipeline.js';
import { createSite, snapshotTree, type TempSite } from '../helpers/site.js';
import { fuzzRuns } from '../helpers/runs.js';
import { build, runnableParts } from './helpers.js';

/** Random sources given to the per-article stage, and random sites built whole (slower: fewer). */
const ARTICLE_RUNS = fuzzRuns('ARTICLE', 300);
const SITE_RUNS = fuzzRuns('SITE', 10);
const SETTINGS = { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' };

/** Pieces that tend to break parsers: YAML and Markdown punctuation, escapes, odd characters. */
const PIECES = [
  '---', '- ', ': ', '#', '"', "'", '[', ']', '{', '}', '&a', '*a', '<<', '!!str', '|', '>', '\t', '\\', '\\u', '%', '@', '`', '```',
  '__proto__', 'constructor', '<script>', '{{x}}', '](', '![', '\u0000', '\ufeff', '\r\n', '\r', '\u2028', '\u202e', '\ud800', '\udc00',
  'e\u0301', 'Hòa', 'Hoà', 'Ð', 'đ', '😀', '\u0300', '..', '/', 'CON', 'javascript:', '&#106;', '\n', '\n\n', ' ', '01/05/2025', '30/02/2025',
];
const piece = fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
const FIELDS = ['title', 'date', 'author', 'category', 'tags', 'summary', 'slug', 'image', 'draft', 'updated', 'description', 'categories', 'x'];
const value = fc.oneof(
  text.map((t) => JSON.stringify(t)), // a quoted string with JSON escapes (lone surrogates, NUL…)
  text.map((t) => t.replace(/\n/g, ' ')), // a plain, unquoted value
  fc.array(text, { maxLength: 3 }).map((l) => `[${l.map((t) => JSON.stringify(t)).join(', ')}]`),
  fc.constantFrom('Họp dân', '01/05/2025', '"11/10/2021 14:48"', 'Thông báo', '[a, b]', 'true', '', '|\n  khối'),
);
/** A valid article's fields, each replaced by a random value now and then, plus random extra fields. */
const VALID: Record<string, string> = { title: '"Hội nghị BCH phường"', date: '"11/10/2021 14:48"', author: 'Hà Vân', category: 'Thông báo' };
const frontMatter = fc
  .record({
    keep: fc.record(Object.fromEntries(Object.keys(VALID).map((k) => [k, fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value })]))),
    titleText: text,
    extra: fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 4 }),
  })
  .map(({ keep, titleText, extra }) => {
    const lines = Object.entries(VALID).map(([k, v]) => `${k}: ${keep[k] ?? (k === 'title' ? JSON.stringify(`Bài ${titleText}`) : v)}`);
    // Later duplicates of a key are an error; extra fields come after, so some are duplicates.
    return [...lines, ...extra.map(([k, v]) => `${k}: ${v}`)].join('\n');
  });
/** True `n` times in ten. */
function often(n: number): fc.Arbitrary<boolean> {
  return fc.oneof({ weight: n, arbitrary: fc.constant(true) }, { weight: 10 - n, arbitrary: fc.constant(false) });
}

/** A source file's bytes: UTF-8 (lone surrogates as U+FFFD), or WTF-8 keeping them (invalid UTF-8), with a BOM, CRLF or NUL now and then. */
const source = fc
  .record({ head: often(9), fm: frontMatter, body: text, nfd: fc.boolean(), crlf: fc.boolean(), bom: fc.boolean(), nul: often(1), wtf8: often(3) })
  .map((s) => {
    let t = s.head ? `---\n${s.fm}\n---\n${s.body}` : `${s.fm}\n${s.body}`;
    if (s.nfd) t = t.normalize('NFD');
    if (s.crlf) t = t.replace(/\n/g, '\r\n');
    if (s.bom) t = `\ufeff${t}`;
    if (s.nul) t = `${t}\u0000`;
    return s.wtf8 ? wtf8(t) : new TextEncoder().encode(t);
  });

/** A valid article with a random title and body, in UTF-8 with a BOM, CRLF or NFD now and then. */
const validSource = fc.record({ title: text, body: text, nfd: fc.boolean(), crlf: fc.boolean(), bom: fc.boolean() }).map((s) => {
  let t = `---\ntitle: ${JSON.stringify(`Bài ${s.title}`)}\ndate: "11/10/2021 14:48"\nauthor: Hà Vân\ncategory: Thông báo\n---\n${s.body.replace(/\0/g, '')}`;
  if (s.nfd) t = t.normalize('NFD');
  if (s.crlf) t = t.replace(/\n/g, '\r\n');
  if (s.bom) t = `\ufeff${t}`;
  return new TextEncoder().encode(t);
});

/** UTF-8 that keeps lone surrogates as three bytes each (what some broken editors write). */
function wtf8(t: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const next = t.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push(...new TextEncoder().encode(t.slice(i, i + 2)));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(...new TextEncoder().encode(t[i]!));
  }
  return new Uint8Array(out);
}

/** Lines of the decoded file, for checking that positions point into it. */
function lineCount(bytes: Uint8Array): number {
  return new TextDecoder().decode(bytes).split(/\r\n|\r|\n/).length;
}

describe('fuzzing the per-article stage', () => {
  it(`should give an article or located errors for ${ARTICLE_RUNS} random sources, never an exception`, () => {
    let articles = 0;
    fc.assert(
      fc.property(source, (bytes) => {
        const result = processSource({ path: 'tin/bai.md', bytes }, SETTINGS);
        if (result.article) articles++;
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(result.article === undefined).toBe(errors.length > 0);
        const lines = lineCount(bytes);
        for (const d of result.diagnostics) {
          expect(d.file).toBe('tin/bai.md');
          expect(d.code).toMatch(/^BT\d{3}$/);
          expect(d.message.length).toBeGreaterThan(0);
          if (d.severity === 'error') expect(d.hint, d.message).toBeTruthy();
          if (d.line !== undefined) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lines + 1);
          }
        }
        if (result.article) {
          expect(result.article.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
          expect(runnableParts(bodyHtml(result.article.body), new Set())).toEqual([]);
        }
      }),
      { numRuns: ARTICLE_RUNS },
    );
    // The generator reaches the renderer, not only the parsers' first checks.
    expect(articles).toBeGreaterThan(ARTICLE_RUNS / 20);
  });
});

describe('fuzzing whole builds', () => {
  let site: TempSite;
  beforeAll(async () => {
    site = await createSite({ 'bantin.yaml': 'title: Phường\n' });
  });
  afterAll(() => site.cleanup());

  it(`should build or report located errors for ${SITE_RUNS} random sites, writing nothing outside the output`, async () => {
    let built = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(source, validSource, validSource), { minLength: 1, maxLength: 3 }), fc.boolean(), async (sources, addGood) => {
        await site.remove('content');
        const files: Record<string, Uint8Array | string> = {};
        sources.forEach((bytes, i) => (files[`content/tin/${i}.md`] = bytes));
        if (addGood) files['content/tot.md'] = '---\ntitle: Bài tốt\ndate: 01/05/2025\nauthor: Hà Vân\ncategory: Thông báo\n---\nNội dung.\n';
        await site.write(files);
        const contentBefore = await snapshotTree(site.path('content'));
        const distBefore = await snapshotTree(site.path('dist'));
        const { code, text: out } = await build(site);
        expect([0, 1]).toContain(code);
        if (code === 1) {
          // Every problem names a file; the old output is untouched.
          expect(out).toMatch(/^1\. \S/m);
          expect(await snapshotTree(site.path('dist'))).toEqual(distBefore);
        } else {
          built++;
          const real = await realpath(site.path('dist'));
          for (const entry of await readdir(real, { recursive: true })) {
            expect((await realpath(path.join(real, entry))).startsWith(real + path.sep)).toBe(true);
          }
        }
        expect(await snapshotTree(site.path('content'))).toEqual(contentBefore);
        expect((await readdir(site.root)).filter((n) => !['bantin.yaml', 'content', 'dist'].includes(n))).toEqual([]);
      }),
      { numRuns: SITE_RUNS },
    );
    expect(built).toBeGreaterThan(0);
  });
});
