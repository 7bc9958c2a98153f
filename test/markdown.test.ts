import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { collapse, renderMarkdown, resolveArticleLinks, type MarkdownOptions } from '../src/content/markdown.js';
import { bodyHtml } from '../src/content/body.js';

const fixtures = new URL('./fixtures/markdown/', import.meta.url);
const cases = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const options: MarkdownOptions = { file: 'tin/bai.md', bodyLine: 1, basePath: '/' };
/** The rendered body with its tree serialized (the one serializer, content/body.ts). */
const render = (body: string, more: Partial<MarkdownOptions> = {}) => {
  const result = renderMarkdown(body, { ...options, ...more });
  return { ...result, html: bodyHtml(result.body) };
};
const codes = (body: string, more: Partial<MarkdownOptions> = {}) => render(body, more).diagnostics.map((d) => d.code);

/** At least one letter only Vietnamese uses: the text is meant for the editor. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

describe('renderMarkdown fixtures', () => {
  it('should have the cases the issue lists', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'paragraphs',
        'headings',
        'emphasis',
        'lists',
        'gfm-table',
        'strikethrough',
        'autolink',
        'figure',
        'image-without-title',
        'image-inline-with-title',
        'link-to-article',
        'link-to-file',
        'external-links',
        'raw-html',
        'javascript-link',
        'vietnamese-nfc',
      ]),
    );
  });

  for (const name of cases) {
    it(`should render ${name}/input.md exactly as ${name}/expected.html`, () => {
      const input = readFileSync(new URL(`${name}/input.md`, fixtures), 'utf8');
      const expected = readFileSync(new URL(`${name}/expected.html`, fixtures), 'utf8');
      expect(render(input).html).toBe(expected);
    });
  }
});

describe('renderMarkdown output', () => {
  it('should turn an image alone with a title into a figure with a caption', () => {
    expect(render('![alt](anh.jpg "Chú thích")\n').html).toBe(
      '<figure><img src="/tin/anh.jpg" alt="alt"><figcaption>Chú thích</figcaption></figure>\n',
    );
  });

  it('should keep an image without a title as an img in a paragraph', () => {
    expect(render('![alt](anh.jpg)\n').html).toBe('<p><img src="/tin/anh.jpg" alt="alt"></p>\n');
  });

  it('should not make a figure of an image with a title inside a sentence', () => {
    const html = render('Trước ![alt](anh.jpg "Chú thích") sau\n').html;
    expect(html).not.toContain('<figure>');
    expect(html).toBe('<p>Trước <img src="/tin/anh.jpg" alt="alt" title="Chú thích"> sau</p>\n');
  });

  it('should prefix local files and figures with the base path /sub/', () => {
    const body = '![alt](anh.jpg "Chú thích")\n\n[tài liệu](tai-lieu.pdf) [trang](/gioi-thieu/) [bài](../thong-bao/bai-khac.md)\n';
    expect(render(body, { basePath: '/sub/' }).html).toBe(
      '<figure><img src="/sub/tin/anh.jpg" alt="alt"><figcaption>Chú thích</figcaption></figure>\n' +
        '<p><a href="/sub/tin/tai-lieu.pdf">tài liệu</a> <a href="/sub/gioi-thieu/">trang</a> <a href="#">bài</a></p>\n',
    );
  });

  it('should percent-encode Vietnamese file names in URLs', () => {
    expect(render('[biểu mẫu](<biểu mẫu.pdf>)\n').html).toBe(
      '<p><a href="/tin/bi%E1%BB%83u%20m%E1%BA%ABu.pdf">biểu mẫu</a></p>\n',
    );
  });

  it('should leave external links unchanged and record no reference for them', () => {
    const result = render('[a](https://x.gov.vn/a?b=1#c) [b](http://x.vn) [c](mailto:a@x.vn) [d](tel:0255)\n');
    expect(result.html).toBe(
      '<p><a href="https://x.gov.vn/a?b=1#c">a</a> <a href="http://x.vn">b</a> <a href="mailto:a@x.vn">c</a> <a href="tel:0255">d</a></p>\n',
    );
    expect(result.references).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('should remove raw HTML and keep the text between tags', () => {
    const html = render('<script>alert(1)</script>\n\n<iframe src="x"></iframe>\n\nChữ <b onclick="x()">đậm</b>\n').html;
    expect(html).toBe('<p>Chữ đậm</p>\n');
    expect(html).not.toMatch(/<script|<iframe|onclick|<b>/);
  });

  it('should drop a javascript: link but keep its text', () => {
    expect(render('[bấm](javascript:alert(1)) [bấm](JavaScript:alert(1))\n').html).toBe('<p><a>bấm</a> <a>bấm</a></p>\n');
  });

  it('should keep Vietnamese text in NFC', () => {
    const body = 'Hội nghị Đảng ủy phường Đông Hoà, khoẻ mạnh.\n';
    const html = render(body).html;
    expect(html).toBe('<p>Hội nghị Đảng ủy phường Đông Hoà, khoẻ mạnh.</p>\n');
    expect(html).toBe(html.normalize('NFC'));
  });

  it('should resolve reference-style links and images like inline ones', () => {
    const body = '[tài liệu][1], [bài][b] và ![ảnh][a]\n\n[1]: tai-lieu.pdf\n[b]: ../thong-bao/b.md\n[a]: anh.jpg\n[khong-dung]: ../../x.md\n';
    const result = render(body);
    expect(result.html).toBe('<p><a href="/tin/tai-lieu.pdf">tài liệu</a>, <a href="#">bài</a> và <img src="/tin/anh.jpg" alt="ảnh"></p>\n');
    expect(bodyHtml(resolveArticleLinks(result.body, [undefined, '/thong-bao/b/']))).toBe(
      '<p><a href="/tin/tai-lieu.pdf">tài liệu</a>, <a href="/thong-bao/b/">bài</a> và <img src="/tin/anh.jpg" alt="ảnh"></p>\n',
    );
    expect(result.references.map((r) => [r.kind, r.target, r.line])).toEqual([
      ['file', 'tin/tai-lieu.pdf', 3],
      ['article', 'thong-bao/b.md', 4],
      ['file', 'tin/anh.jpg', 5],
    ]);
    expect(result.firstImage).toBe('tin/anh.jpg');
    // The unused definition renders nothing, so it is not checked.
    expect(result.diagnostics).toEqual([]);
  });

  it('should fill article-link placeholders once the URLs are known', () => {
    const result = render('[bài](../thong-bao/bai-khac.md#muc-2) và [mất](khong-co.md)\n');
    expect(bodyHtml(resolveArticleLinks(result.body, ['/thong-bao/bai-khac/#muc-2']))).toBe(
      '<p><a href="/thong-bao/bai-khac/#muc-2">bài</a> và <a href="#">mất</a></p>\n',
    );
  });
});

describe('renderMarkdown diagnostics', () => {
  it('should warn BT301 once per removed HTML element, at its line in the file', () => {
    // The body starts at line 8 of the file, so body line 1 is file line 8.
    const body = '<script>alert(1)</script>\n\n<iframe src="x"></iframe>\n\nChữ <b onclick="x()">đậm</b> xong\n';
    const result = render(body, { bodyLine: 8 });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column])).toEqual([
      ['BT301', 'warning', 'tin/bai.md', 8, 1],
      ['BT301', 'warning', 'tin/bai.md', 10, 1],
      ['BT301', 'warning', 'tin/bai.md', 12, 5],
    ]);
    expect(result.diagnostics[0]!.message).toContain('<script>');
    expect(result.diagnostics[1]!.message).toContain('<iframe>');
    expect(result.diagnostics[2]!.message).toContain('<b>');
    for (const d of result.diagnostics) {
      expect(d.message).toMatch(VIETNAMESE);
      expect(d.hint).toMatch(VIETNAMESE);
    }
  });

  it('should not warn again for closing tags', () => {
    expect(codes('Chữ <b>đậm</b> và <i>nghiêng</i>\n')).toEqual(['BT301', 'BT301']);
  });

  it('should warn BT302 for a javascript: URL, at its position', () => {
    const result = render('Dòng một\n\nĐừng [bấm](javascript:alert(1))\n', { bodyLine: 5 });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['BT302', 'warning', 7, 6]]);
    expect(result.diagnostics[0]!.message).toMatch(VIETNAMESE);
  });

  it('should warn BT302 for a data: image', () => {
    expect(codes('![ảnh](data:image/png;base64,AAAA)\n')).toEqual(['BT302']);
  });

  it('should give error BT303 for a link that leaves the content folder', () => {
    const result = render('[x](../../x.md)\n', { bodyLine: 4 });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['BT303', 'error', 4, 1]]);
    expect(result.diagnostics[0]!.message).toMatch(VIETNAMESE);
    expect(result.references).toEqual([]);
    expect(result.html).toBe('<p><a href="#">x</a></p>\n');
  });

  it('should give error BT303 for an image or a root link that climbs out', () => {
    expect(codes('![ảnh](../../../anh.jpg)\n')).toEqual(['BT303']);
    expect(codes('[x](/../x.pdf)\n')).toEqual(['BT303']);
    expect(codes('[x](../a/../../x.pdf)\n')).toEqual(['BT303']);
  });

  it('should accept a link that goes up once and down again', () => {
    expect(codes('[x](../tin/../thong-bao/a.md)\n')).toEqual([]);
  });

  it('should warn BT304 for an image without alt text', () => {
    const result = render('Đoạn\n\n![](anh.jpg)\n', { bodyLine: 3 });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([['BT304', 'warning', 5, 1]]);
    expect(result.diagnostics[0]!.hint).toMatch(VIETNAMESE);
  });

  it('should check reference-style links and images too', () => {
    expect(codes('[bấm][x] ![][a]\n\n[x]: javascript:alert(1)\n[a]: anh.jpg\n')).toEqual(['BT304', 'BT302']);
    expect(codes('[x][1]\n\n[1]: ../../x.md\n')).toEqual(['BT303']);
  });

  it('should give no diagnostics for clean Markdown', () => {
    expect(codes('# Tiêu đề\n\nĐoạn [tệp](a.pdf) ![ảnh](a.jpg) https://x.vn\n')).toEqual([]);
  });
});

describe('renderMarkdown references and summaries', () => {
  it('should list local references with kind, target, hash, line and column', () => {
    const body = 'Xem [bài](../thong-bao/bai-khac.md#muc) và [tệp](tai-lieu.pdf).\n\n![ảnh](anh.jpg)\n\n[trang](/gioi-thieu/#lien-he)\n';
    const result = render(body, { bodyLine: 6 });
    expect(result.references).toEqual([
      { kind: 'article', target: 'thong-bao/bai-khac.md', hash: 'muc', line: 6, column: 5, written: '../thong-bao/bai-khac.md#muc', use: 'link', text: 'bài' },
      { kind: 'file', target: 'tin/tai-lieu.pdf', hash: '', line: 6, column: 44, written: 'tai-lieu.pdf', use: 'link', text: 'tệp' },
      { kind: 'file', target: 'tin/anh.jpg', hash: '', line: 8, column: 1, written: 'anh.jpg', use: 'image', text: '' },
      { kind: 'url', target: 'gioi-thieu/', hash: 'lien-he', line: 10, column: 1, written: '/gioi-thieu/#lien-he', use: 'link', text: 'trang' },
    ]);
    // A link to an article is `#` until the site stage knows its URL; the index is typed data on the element.
    expect(result.html).toContain('<a href="#">bài</a>');
    expect(bodyHtml(resolveArticleLinks(result.body, ['/thong-bao/bai-khac/#muc']))).toContain('<a href="/thong-bao/bai-khac/#muc">bài</a>');
  });

  it('should decode percent-encoded targets to NFC', () => {
    const result = render('[x](bi%E1%BB%83u-m%E1%BA%ABu.pdf)\n');
    expect(result.references.map((r) => r.target)).toEqual(['tin/biểu-mẫu.pdf']);
  });

  it('should skip an image-only paragraph when taking the first paragraph', () => {
    const result = render('![Toàn cảnh](anh.jpg)\n\nĐoạn **đầu** tiên\ncó hai dòng.\n\nĐoạn hai.\n');
    expect(result.firstParagraph).toBe('Đoạn đầu tiên có hai dòng.');
  });

  it('should skip a captioned figure and leave raw HTML out of the first paragraph', () => {
    const result = render('![Toàn cảnh](anh.jpg "Chú thích")\n\nChữ <b onclick="x()">đậm</b> xong.\n');
    expect(result.firstParagraph).toBe('Chữ đậm xong.');
  });

  it('should give an empty first paragraph when there is no text', () => {
    expect(render('# Chỉ có tiêu đề\n').firstParagraph).toBe('');
  });

  it('should report the first local image as content-relative', () => {
    expect(render('![a](https://x.vn/a.jpg)\n\n![b](../anh/b.jpg)\n\n![c](c.jpg)\n').firstImage).toBe('anh/b.jpg');
    expect(render('Không có ảnh\n').firstImage).toBe('');
  });

  it('should give plain text with blocks separated by spaces and without raw HTML', () => {
    const result = render('# Tiêu đề\n\nĐoạn một.\n\n- a\n- b\n\n<div>ẩn</div>\n\nĐoạn hai.\n');
    expect(result.text).toBe('Tiêu đề Đoạn một. a b Đoạn hai.');
  });
});

describe('collapse', () => {
  it('should give what replacing every run of white space with one space gives', () => {
    // Every character \s matches, single spaces, letters: runs of each length and kind.
    const spaces = [' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
    const letters = ['a', 'Đ', 'ữ', '.', '😀'];
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 5000; n++) {
      const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
      const text = Array.from({ length: Math.floor(random() * 12) }, () => pick(random() < 0.5 ? spaces : letters)).join('');
      expect(collapse(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });
});
