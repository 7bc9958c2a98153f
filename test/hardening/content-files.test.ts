/**
 * Files that are not what they claim (binary, other encodings), too large, or Markdown built to
 * make the parser crawl or overflow: each is refused for itself, located, while every other file
 * is still checked; a build never hangs and never dies with an uncaught RangeError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyHtml } from '../../src/content/body.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { buildSiteOutput, DEFAULT_MAX_FILE_SIZE } from '../../src/pipeline.js';
import { checkMarkdownLimits, MARKDOWN_LIMITS, renderMarkdown } from '../../src/content/markdown.js';
import { createSite, FAKE_JPEG, md, type TempSite } from '../helpers/site.js';
import { build } from './helpers.js';

const UTF8_HINT = /UTF-8/;
const HEAD = (title: string) => `---\ntitle: ${title}\ndate: 01/05/2025\nauthor: Hà Vân\ncategory: Thông báo\n---\n`;
const bytes = (text: string) => new TextEncoder().encode(text);

/** Vietnamese typed with the TCVN3 (ABC) font encoding: each letter one byte, shown here as Latin-1. */
const TCVN3 = Buffer.from(`---\ntitle: H\u00e9i ngh\u00de BCH ph\u00adêng Tr\u00c7n Ph\u00f3\ndate: 01/05/2025\nauthor: H\u00b8 V\u00a9n\ncategory: Th\u00abng b\u00b8o\n---\nNg\u00b5y 7/10, \u00a7\u00b6ng \u00f7y ph\u00adêng\n`, 'latin1');
/** "Hội nghị" in Windows-1258: base letters followed by combining tone marks as single bytes. */
const CP1258 = Buffer.concat([Buffer.from(HEAD('Bai')), Buffer.from([0x48, 0xf4, 0xf2, 0x69, 0x20, 0x6e, 0x67, 0x68, 0xec, 0x20, 0x0a])]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD('Bài'), 'utf16le')]);

describe('files that are not UTF-8 text', () => {
  let site: TempSite;
  beforeAll(async () => {
    site = await createSite({
      'content/tot.md': md({ title: 'Bài tốt', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'content/sai-ngay.md': md({ title: 'Bài sai ngày', date: '30/02/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'content/anh.md': PNG,
      'content/tcvn3.md': TCVN3,
      'content/cp1258.md': CP1258,
      'content/utf16.md': UTF16,
      'content/rac.md': Buffer.concat([Buffer.from(HEAD('Bài')), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80])]),
      'dist/.bantin-output': 'cũ\n',
      'dist/index.html': '<p>trang cũ</p>\n',
    });
  });
  afterAll(() => site.cleanup());

  it('should refuse each with its code, line and the hint to save as UTF-8, check the other articles, and keep the old site', async () => {
    const before = await site.snapshot('dist');
    const { code, text } = await build(site);
    expect(code).toBe(1);
    expect(text).toMatch(/content\/anh\.md:3(:\d+)?\s+lỗi BT001/);
    expect(text).toMatch(/content\/utf16\.md:\d+(:\d+)?\s+lỗi BT001/);
    expect(text).toMatch(/content\/tcvn3\.md:2:\d+\s+lỗi BT002/);
    expect(text).toMatch(/content\/cp1258\.md:7:\d+\s+lỗi BT002/);
    expect(text).toMatch(/content\/rac\.md:7:1\s+lỗi BT002/);
    // The good articles were still read: the one with a wrong date is reported too.
    expect(text).toMatch(/content\/sai-ngay\.md:3:\d+\s+lỗi BT114/);
    expect(text.match(/Cách sửa: .*UTF-8/g)?.length).toBe(5);
    expect(text).toMatch(UTF8_HINT);
    expect(await site.snapshot('dist')).toEqual(before);
  });
});

describe('one bad file among fifty good ones', () => {
  it('should validate all fifty (each warning reported), report the bad one, exit 1 and leave the output untouched', async () => {
    const files: Record<string, string | Uint8Array> = { 'dist/.bantin-output': 'cũ\n', 'dist/index.html': 'trang cũ\n' };
    for (let i = 0; i < 50; i++) {
      files[`content/tin/bai-${String(i).padStart(2, '0')}.md`] = md({ title: `Bài số ${i}`, date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }, `Đoạn ${i}.\n\n<div>thẻ ${i}</div>\n`);
    }
    files['content/tin/bai-xau.md'] = PNG;
    const site = await createSite(files);
    try {
      const before = await site.snapshot('dist');
      const { code, text } = await build(site);
      expect(code).toBe(1);
      expect(text.match(/cảnh báo BT301/g)?.length).toBe(50);
      for (let i = 0; i < 50; i++) expect(text).toContain(`content/tin/bai-${String(i).padStart(2, '0')}.md:10:1`);
      expect(text).toMatch(/content\/tin\/bai-xau\.md:3(:\d+)?\s+lỗi BT001/);
      expect(text.match(/content\/\S+\s+lỗi BT\d+/g)).toEqual([expect.stringMatching(/bai-xau\.md:3(:1)?\s+lỗi BT001$/)]);
      expect(text).toMatch(/\d+ lỗi, 50 cảnh báo/);
      expect(await site.snapshot('dist')).toEqual(before);
    } finally {
      await site.cleanup();
    }
  });
});

describe('file size', () => {
  const config = resolveConfig(undefined, 'bantin.yaml').config!;
  const input = (markdown: Array<{ path: string; bytes: Uint8Array }>, maxFileSize?: number) => ({
    config,
    markdown,
    assets: [],
    templates: [],
    themeAssets: [],
    options: { drafts: false, future: false, now: Date.now() },
    contentLabel: 'content/',
    ...(maxFileSize ? { maxFileSize } : {}),
  });

  it('should refuse a Markdown file over 1 MB by default, naming it, before decoding it', async () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBe(1024 * 1024);
    const site = await createSite({
      'content/lon.md': HEAD('Bài lớn') + 'Chữ. '.repeat(260_000),
      'content/tot.md': md({ title: 'Tốt', date: '01/05/2025', author: 'A', category: 'B' }),
    });
    try {
      const { code, text } = await build(site);
      expect(code).toBe(1);
      expect(text).toMatch(/content\/lon\.md\s+lỗi BT004: Tệp quá lớn \(\d+ KB, giới hạn 1024 KB\)/);
    } finally {
      await site.cleanup();
    }
  });

  it('should take the limit from the build input (maxFileSize)', () => {
    const small = bytes(HEAD('Nhỏ') + 'x'.repeat(5_000));
    const big = bytes(HEAD('To') + 'x'.repeat(20_000));
    const out = buildSiteOutput(input([{ path: 'nho.md', bytes: small }, { path: 'to.md', bytes: big }], 10 * 1024));
    expect(out.diagnostics.filter((d) => d.code === 'BT004').map((d) => d.file)).toEqual(['content/to.md']);
  });
});

describe('pathological Markdown', () => {
  /** Inputs the parser is slow or deeply recursive on, at the sizes the issue names. */
  const HOSTILE: Record<string, () => string> = {
    '5,000 nested quotes': () => `${'>'.repeat(5000)} a\n`,
    '5,000 nested quotes with spaces': () => `${'> '.repeat(5000)}a\n`,
    '2,000 nested list levels on one line': () => `${'* '.repeat(2000)}a\n`,
    '700 list levels by indentation': () => Array.from({ length: 700 }, (_, i) => `${' '.repeat(2 * i)}- a`).join('\n'),
    'quotes and lists mixed, 3,000 levels': () => `${'> 1. '.repeat(1500)}a\n`,
    '50,000 unclosed emphasis runs': () => '*a '.repeat(50_000),
    '50,000 unclosed underscores': () => '_a '.repeat(50_000),
    'emphasis nested 2,000 deep': () => `${'*a '.repeat(2000)} b${'*'.repeat(2000)}`,
    'strong and strike runs': () => '**a ~~b '.repeat(20_000),
    'a backtick staircase of 1,000 steps': () => Array.from({ length: 1000 }, (_, i) => '`'.repeat(i + 1)).join(' '),
    '20,000 unclosed [a](b': () => '[a](b'.repeat(20_000),
    '20,000 unclosed ![a](b': () => '![a](b'.repeat(20_000),
    '100,000 open brackets': () => '['.repeat(100_000),
    'links nested 4,000 deep': () => `${'['.repeat(4000)}a${'](b)'.repeat(4000)}`,
    'a table 3,000 columns wide': () => `${'|a'.repeat(3000)}|\n${'|-'.repeat(3000)}|\n${'|b'.repeat(3000)}|\n`,
    '8,000 one-line quotes': () => '> a\n\n'.repeat(8000),
    '5,000 list items': () => '- a\n'.repeat(5000),
    '70,000 inline code spans': () => '`a` '.repeat(70_000),
  };
  /** Ordinary content, however large, is within the limits. */
  const sentence = 'Ngày 7/10, Đảng ủy phường Trần Phú đã tổ chức **hội nghị BCH** lần thứ 14, _khóa XII_ (mở rộng), xem [lịch](../thong-bao/lich.md) và `mã 123`. ';
  const ORDINARY: Record<string, () => string> = {
    'a richly formatted 1 MB article': () => `${sentence.repeat(10)}\n\n`.repeat(Math.floor(1_000_000 / (sentence.length * 10 + 2))),
    'a table of 2,000 rows with bold names and links': () => `| Họ tên | Chức vụ | Ghi chú |\n|---|---|---|\n${Array.from({ length: 2000 }, (_, i) => `| **Nguyễn Văn ${i}** | _Tổ trưởng_ | [xem](a${i}.md) |`).join('\n')}\n`,
    'a list of 1,000 items with bold and links': () => Array.from({ length: 1000 }, (_, i) => `- **Hộ ${i}**: [xem](a.md) ~~cũ~~`).join('\n'),
    'quotes and nested lists of an ordinary article': () => '> Trích dẫn\n> dài hai dòng\n\n1. Một\n   - a\n     - b\n2. Hai\n'.repeat(100),
  };
  /** Inputs just inside the limits: they must render, and quickly. */
  const AT_LIMITS: Record<string, () => string> = {
    [`${MARKDOWN_LIMITS.nesting} nested quotes`]: () => `${'>'.repeat(MARKDOWN_LIMITS.nesting)} a\n`,
    '60 list levels by indentation': () => Array.from({ length: 60 }, (_, i) => `${' '.repeat(2 * i)}- a`).join('\n'),
    [`emphasis nested ${MARKDOWN_LIMITS.emphasisRuns / 2} deep`]: () => `${'*a '.repeat(MARKDOWN_LIMITS.emphasisRuns / 2)} b${'*'.repeat(MARKDOWN_LIMITS.emphasisRuns / 2 - 1)}`,
    [`${MARKDOWN_LIMITS.brackets} unclosed [a](b`]: () => '[a](b'.repeat(MARKDOWN_LIMITS.brackets),
    [`links nested ${MARKDOWN_LIMITS.brackets} deep`]: () => `${'!['.repeat(MARKDOWN_LIMITS.brackets)}a${'](b)'.repeat(MARKDOWN_LIMITS.brackets)}`,
    [`a staircase of ${MARKDOWN_LIMITS.backtickRun} steps, many times`]: () => Array.from({ length: 60 }, () => Array.from({ length: MARKDOWN_LIMITS.backtickRun }, (_, i) => '`'.repeat(i + 1)).join(' ')).join('\n\n'),
    [`a table ${MARKDOWN_LIMITS.pipes - 1} columns wide`]: () => `${'|a'.repeat(MARKDOWN_LIMITS.pipes - 1)}|\n${'|-'.repeat(MARKDOWN_LIMITS.pipes - 1)}|\n${'|b'.repeat(MARKDOWN_LIMITS.pipes - 1)}|\n`,
  };
  /** A whole 1 MB file of blocks each at the limits: the budget across blocks stops it, or it renders. */
  const WHOLE_FILE: Record<string, () => string> = {
    'blocks of nested emphasis up to 1 MB': () => `${'*a '.repeat(149)} b${'*'.repeat(149)}\n\n`.repeat(1_000_000 / 750),
    'blocks of unclosed links up to 1 MB': () => `${'[a](b'.repeat(MARKDOWN_LIMITS.brackets - 1)}\n\n`.repeat(1_000_000 / (MARKDOWN_LIMITS.brackets * 5)),
    'blocks of deep quotes up to 1 MB': () => `${'>'.repeat(MARKDOWN_LIMITS.nesting)} a\n\n`.repeat(1_000_000 / 105),
    'one-line quotes up to 1 MB': () => '> a\n\n'.repeat(1_000_000 / 5),
    'list items with emphasis up to 1 MB': () => '- *a* **b** [c](d)\n'.repeat(1_000_000 / 20),
    'inline code up to 1 MB': () => '`a` '.repeat(1_000_000 / 4),
  };
  /** Generous per-file limit for a busy CI machine; refusals themselves take milliseconds. */
  const PER_FILE_MS = 8_000;

  const render = (body: string) => {
    const t = performance.now();
    const result = renderMarkdown(body, { file: 'bai.md', bodyLine: 7, basePath: '/' });
    return { result, ms: performance.now() - t };
  };

  for (const [name, make] of Object.entries(HOSTILE)) {
    it(`should refuse ${name} quickly, at a line of the file, with a Vietnamese hint`, () => {
      const body = make();
      const { result, ms } = render(body);
      expect(ms).toBeLessThan(1000);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['BT306']);
      const d = result.diagnostics[0]!;
      expect(d.file).toBe('bai.md');
      expect(d.line).toBeGreaterThanOrEqual(7);
      expect(d.hint).toMatch(/[ơưđ]/);
      expect(bodyHtml(result.body)).toBe('');
    });
  }

  for (const [name, make] of Object.entries(ORDINARY)) {
    it(`should accept ${name}`, () => {
      expect(checkMarkdownLimits(make(), { file: 'bai.md', bodyLine: 7 })).toBeUndefined();
    });
  }

  for (const [name, make] of Object.entries(AT_LIMITS)) {
    it(`should render ${name}`, () => {
      const body = make();
      expect(checkMarkdownLimits(body, { file: 'bai.md', bodyLine: 7 })).toBeUndefined();
      const { result, ms } = render(body);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(bodyHtml(result.body).length).toBeGreaterThan(0);
      expect(ms).toBeLessThan(PER_FILE_MS);
    });
  }

  for (const [name, make] of Object.entries(WHOLE_FILE)) {
    it(`should render or refuse ${name} within the per-file limit`, () => {
      const body = make();
      expect(body.length).toBeLessThanOrEqual(DEFAULT_MAX_FILE_SIZE);
      const { result, ms } = render(body);
      expect(ms).toBeLessThan(PER_FILE_MS);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.every((d) => d.code === 'BT306' && d.line !== undefined)).toBe(true);
    });
  }

  it('should turn a stack overflow inside the parser into a located error for that file (BT307)', () => {
    // Leave the parser almost no stack: recurse until the stack is nearly full, then render.
    const body = `${'> '.repeat(MARKDOWN_LIMITS.nesting - 1)}*a* [b](c)\n`;
    let result: ReturnType<typeof renderMarkdown> | undefined;
    let deepest = 0;
    const descend = (depth: number): void => {
      try {
        descend(depth + 1);
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        // Only the deepest frame that can still run the function tries; it must not throw.
        if (result === undefined) {
          deepest = depth;
          try {
            result = renderMarkdown(body, { file: 'bai.md', bodyLine: 7, basePath: '/' });
          } catch (inner) {
            if (!(inner instanceof RangeError)) throw inner;
            throw inner; // too deep even to start: let a shallower frame try
          }
        }
      }
    };
    descend(0);
    expect(deepest).toBeGreaterThan(0);
    expect(result).toBeDefined();
    const codes = result!.diagnostics.map((d) => d.code);
    // With nearly no stack left it is BT307 at the body's first line; never an exception.
    if (codes.includes('BT307')) {
      expect(result!.diagnostics).toEqual([expect.objectContaining({ code: 'BT307', file: 'bai.md', line: 7, severity: 'error' })]);
      expect(result!.diagnostics[0]!.message).toMatch(/lồng nhau quá sâu/);
    } else expect(bodyHtml(result!.body)).toContain('<blockquote>');
  });

  it('should build a site around a pathological file: that file is reported, the others checked', async () => {
    const site = await createSite({
      'content/xau.md': HEAD('Bài xấu') + '[a](b'.repeat(20_000),
      'content/sai.md': md({ title: 'Sai', date: '32/01/2025', author: 'A', category: 'B' }),
      'content/tot.md': md({ title: 'Tốt', date: '01/05/2025', author: 'A', category: 'B' }),
      'content/anh.jpg': FAKE_JPEG,
    });
    try {
      const t = performance.now();
      const { code, text } = await build(site);
      expect(performance.now() - t).toBeLessThan(PER_FILE_MS);
      expect(code).toBe(1);
      expect(text).toMatch(/content\/xau\.md:7:1\s+lỗi BT306/);
      expect(text).toMatch(/content\/sai\.md:\d+:\d+\s+lỗi BT114/);
    } finally {
      await site.cleanup();
    }
  });
});
