/**
 * What residents see of an article body (issue 15), each test quoting the report it answers: the
 * lead printed once, footnotes whose links and ids meet, headings in order after the page's
 * `<h1>`, a linked image named by its title, and file names with spaces.
 */
import { contentsOf } from './helpers/site.js';
import { describe, expect, it } from 'vitest';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { bodyHtml, splitLead } from '../src/content/body.js';
import { renderMarkdown, type MarkdownOptions } from '../src/content/markdown.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { buildSiteOutput } from '../src/pipeline.js';
import { defaultTheme } from './helpers/theme.js';

const options: MarkdownOptions = { file: 'tin/bai.md', bodyLine: 1, basePath: '/' };
const render = (body: string, more: Partial<MarkdownOptions> = {}) => {
  const result = renderMarkdown(body, { ...options, ...more });
  return { ...result, html: bodyHtml(result.body) };
};

type P5Element = DefaultTreeAdapterMap['element'];
function p5Elements(node: DefaultTreeAdapterMap['node'], out: P5Element[] = []): P5Element[] {
  if ('tagName' in node) out.push(node);
  for (const child of 'childNodes' in node ? node.childNodes : []) p5Elements(child as DefaultTreeAdapterMap['node'], out);
  return out;
}
const attr = (el: P5Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

const THEME = defaultTheme();
/** The default theme's site of these Markdown files (path → text) and content files. */
function buildFiles(markdown: Record<string, string>, assets: string[] = [], yaml = '') {
  const { config } = resolveConfig(`title: Phường\n${yaml}`, 'bantin.yaml');
  return buildSiteOutput({
    config: config!,
    markdown: Object.entries(markdown).map(([path, text]) => ({ path, bytes: new TextEncoder().encode(text) })),
    assets,
    templates: THEME.templates,
    themeAssets: THEME.assets,
    options: { drafts: false, future: false, now: Date.parse('2030-01-01T00:00:00Z') },
    contentLabel: 'content/',
  });
}
function buildPage(front: string, body: string, assets: string[] = [], yaml = ''): { page: string | undefined; codes: string[]; file(path: string): string | undefined } {
  const output = buildFiles({ 'tin/bai.md': `---\ntitle: Bài thử\ndate: 2024-05-01\nauthor: Hà Vân\ncategory: Thông báo\n${front}---\n\n${body}` }, assets, yaml);
  const page = output.pages.find((p) => p.path === 'thong-bao/bai-thu/index.html');
  const file = (path: string) => {
    const found = output.files.find((f) => f.path === path);
    return found && String(contentsOf(found));
  };
  return { page: page && String(page.contents), codes: output.diagnostics.map((d) => d.code), file };
}
const count = (text: string, part: string) => text.split(part).length - 1;

describe('"The lead is printed twice" (issue 15)', () => {
  const LEAD = 'Sáng 11/10, UBND phường tổ chức hội nghị đối thoại với nhân dân.';
  const BODY = `${LEAD}\n\n## Nội dung\n\nĐoạn thứ hai.\n`;

  it('should print the first paragraph once when there is no summary, and once when `bantin new` wrote summary: ""', () => {
    for (const front of ['', 'summary: ""\n', 'summary:\n']) {
      const { page } = buildPage(front, BODY);
      // Once as the lead, never as a paragraph of the body (the page's description meta holds it too).
      expect(count(page!, `>${LEAD}</p>`), front).toBe(1);
      expect(page).toContain(`<p class="lead">${LEAD}</p>`);
      expect(page).toContain('<p>Đoạn thứ hai.</p>');
    }
  });

  it('should keep the whole body of a fixed page (`type: page` prints no lead)', () => {
    const output = buildFiles({ 'gioi-thieu.md': `---\ntitle: Giới thiệu\ntype: page\ndate: 2024-05-01\nauthor: Hà Vân\ncategory: Thông báo\n---\n\n${BODY}` });
    expect(output.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = String(output.pages.find((p) => p.path === 'gioi-thieu/index.html')!.contents);
    expect(page).toContain(`<p>${LEAD}</p>`);
  });

  it('should keep the first paragraph in the body when a summary is written', () => {
    const { page } = buildPage('summary: Tóm tắt riêng\n', BODY);
    expect(page).toContain('<p class="lead">Tóm tắt riêng</p>');
    expect(page).toContain(`<p>${LEAD}</p>`);
  });

  it('should mark the lead in the body tree, splitting it off for the page and keeping it in the search text', () => {
    const result = render(BODY, { lead: true });
    expect(result.firstParagraph).toBe(LEAD);
    const { lead, rest } = splitLead(result.body);
    expect(bodyHtml(lead!)).toBe(`${LEAD}\n`);
    expect(bodyHtml(rest)).toBe('<h2>Nội dung</h2>\n<p>Đoạn thứ hai.</p>\n');
    expect(result.text).toContain(LEAD);
    // Without `lead` nothing is marked.
    expect(splitLead(render(BODY).body).lead).toBeNull();
    // An image-only paragraph is no lead: the first paragraph with text is.
    const withImage = splitLead(render(`![ảnh](anh.jpg)\n\n${BODY}`, { lead: true }).body);
    expect(withImage.lead).toBeNull();
    expect(bodyHtml(withImage.rest)).toBe(`<p><img src="/tin/anh.jpg" alt="ảnh"></p>\n<p>${LEAD}</p>\n<h2>Nội dung</h2>\n<p>Đoạn thứ hai.</p>\n`);
  });

  it('should print a lead holding a link, an article link, an image and a footnote call once, all of them working', () => {
    // The report: "With no `summary`, the first paragraph becomes the bold lead and is printed
    // again as the body's first paragraph". A lead with a link or an image was left in the body.
    const lead = 'Xem [thông báo](Thong bao so 12.pdf), [bài trước](truoc.md) và ảnh ![cầu](cau.jpg) mới[^1].';
    const file = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2024-05-01\nauthor: Hà Vân\ncategory: Thông báo\n---\n\n${body}`;
    const output = buildFiles(
      {
        'tin/bai.md': file('Bài thử', `${lead}\n\n## Nội dung\n\nĐoạn hai.\n\n[^1]: Theo Nghị định 45.\n`),
        'tin/truoc.md': file('Bài trước', 'Nội dung bài trước.\n'),
      },
      ['tin/Thong bao so 12.pdf', 'tin/cau.jpg'],
    );
    expect(output.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = String(output.pages.find((p) => p.path === 'thong-bao/bai-thu/index.html')!.contents);
    const elements = p5Elements(parse(page));
    const textOf = (node: DefaultTreeAdapterMap['node']): string => ('value' in node && node.nodeName === '#text' ? String(node.value) : 'childNodes' in node ? node.childNodes.map((c) => textOf(c as DefaultTreeAdapterMap['node'])).join('') : '');
    // Printed once: one paragraph of the page holds the lead's words.
    expect(elements.filter((el) => el.tagName === 'p' && textOf(el).includes('và ảnh')).length).toBe(1);
    const leadP = elements.filter((el) => el.tagName === 'p' && attr(el, 'class') === 'lead');
    expect(leadP.length).toBe(1);
    const inLead = p5Elements(leadP[0]!);
    const hrefs = inLead.map((el) => attr(el, 'href')).filter((h): h is string => h !== undefined);
    // The file link, the article link resolved to the other article's page, the footnote call.
    expect(hrefs).toContain('/tin/Thong%20bao%20so%2012.pdf');
    expect(hrefs).toContain('/thong-bao/bai-truoc/');
    expect(hrefs).not.toContain('#');
    const footnoteCall = hrefs.find((h) => h.startsWith('#'));
    expect(footnoteCall).toBeDefined();
    const ids = new Set(elements.map((el) => attr(el, 'id')).filter((id): id is string => id !== undefined));
    expect(ids.has(footnoteCall!.slice(1))).toBe(true);
    expect(inLead.some((el) => el.tagName === 'img' && attr(el, 'alt') === 'cầu')).toBe(true);
    // The body starts after the lead: its first paragraph is the second one written.
    const body = elements.find((el) => attr(el, 'class') === 'body')!;
    expect(textOf(p5Elements(body).find((el) => el.tagName === 'p')!)).toBe('Đoạn hai.');
  });

  it('should put the lead back at the top of a full-content feed item (a feed reader shows the content alone)', () => {
    const built = buildPage('', `**${LEAD}**\n\n## Nội dung\n`, [], 'baseUrl: https://phuong.gov.vn/\nfeedFullContent: true\n');
    const json = JSON.parse(built.file('feed.json')!) as { items: Array<{ content_html: string }> };
    expect(json.items[0]!.content_html).toBe(`<p><strong>${LEAD}</strong></p>\n<h2>Nội dung</h2>\n`);
    expect(count(built.page!, `>${LEAD}</`)).toBe(1);
  });
});

describe('"Footnotes: ids are prefixed twice (`user-content-user-content-fn-1`) while links point to `#user-content-fn-1`" (issue 15)', () => {
  it('should give every in-body link a target and every footnote a way back', () => {
    const { html } = render('Theo Nghị định[^nd] và Luật[^2].\n\n[^nd]: Nghị định 45/2020.\n[^2]: Luật Cư trú 2020.\n');
    expect(html).not.toContain('user-content-user-content');
    const elements = p5Elements(parse(html));
    const ids = new Set(elements.map((el) => attr(el, 'id')).filter((id): id is string => id !== undefined));
    const fragments = elements.map((el) => attr(el, 'href')).filter((h): h is string => h?.startsWith('#') ?? false);
    expect(fragments.length).toBe(4);
    for (const href of fragments) expect(ids.has(href.slice(1)), href).toBe(true);
    for (const el of elements) {
      const describedBy = attr(el, 'aria-describedby');
      if (describedBy !== undefined) expect(ids.has(describedBy), describedBy).toBe(true);
    }
    // The footnote section is labelled in Vietnamese.
    expect(html).toContain('Chú thích</h2>');
    expect(html).toContain('aria-label="Quay lại chỗ dẫn 1"');
  });
});

describe('"Heading order: body `##` becomes `<h3>` right after the `<h1>`" (issue 15)', () => {
  const levels = (body: string) => [...render(body).html.matchAll(/<h(\d)>/g)].map((m) => Number(m[1]));

  it('should make the body’s `##` an <h2>, right below the page’s <h1>', () => {
    expect(levels('## Một\n\n### Hai\n\n## Ba\n')).toEqual([2, 3, 2]);
  });

  it('should make the highest level used <h2> whatever it is written as', () => {
    expect(levels('# Một\n\n## Hai\n')).toEqual([2, 3]);
    expect(levels('### Một\n\n#### Hai\n')).toEqual([2, 3]);
  });

  it('should never skip a level (axe heading-order)', () => {
    expect(levels('## Một\n\n#### Bốn\n\n###### Sáu\n')).toEqual([2, 3, 4]);
    expect(levels('#### Đầu\n\n## Hai\n\n### Ba\n')).toEqual([2, 2, 3]);
    const random = ['#', '##', '###', '####', '#####', '######'];
    for (let seed = 1; seed < 200; seed++) {
      const body = Array.from({ length: 6 }, (_, i) => `${random[(seed * (i + 3) * 7) % 6]} Mục ${i}`).join('\n\n');
      let previous = 1;
      for (const level of levels(body)) {
        expect(level, body).toBeLessThanOrEqual(previous + 1);
        expect(level).toBeGreaterThanOrEqual(2);
        previous = level;
      }
    }
  });
});

describe('"Images with a title but no alt (WordPress imports) give `<img alt="" title="…">` inside a link" (issue 15)', () => {
  it('should name the link by the image title', () => {
    expect(render('[![](anh.jpg "Toàn cảnh hội nghị")](anh-lon.jpg)\n').html).toBe(
      '<p><a href="/tin/anh-lon.jpg"><img src="/tin/anh.jpg" alt="Toàn cảnh hội nghị" title="Toàn cảnh hội nghị"></a></p>\n',
    );
  });

  it('should keep an alt the editor wrote, and a figure’s empty alt (its caption names it)', () => {
    expect(render('[![Ảnh](anh.jpg "Chú thích")](anh-lon.jpg)\n').html).toContain('alt="Ảnh"');
    expect(render('![](anh.jpg "Chú thích")\n').html).toBe('<figure><img src="/tin/anh.jpg" alt=""><figcaption>Chú thích</figcaption></figure>\n');
  });
});

describe('"File names with spaces … are printed as raw Markdown text, silently, and `check` says "Đạt"" (issue 15)', () => {
  it('should take `![mô tả](Anh hoi nghi.jpg)` and `[tải về](Thong bao so 12.pdf)` as the files they name', () => {
    const result = render('![mô tả](Anh hoi nghi.jpg)\n\nMời xem [tải về](Thong bao so 12.pdf) hôm nay.\n', { bodyLine: 5 });
    expect(result.html).toBe(
      '<p><img src="/tin/Anh%20hoi%20nghi.jpg" alt="mô tả"></p>\n<p>Mời xem <a href="/tin/Thong%20bao%20so%2012.pdf">tải về</a> hôm nay.</p>\n',
    );
    expect(result.references.map((r) => [r.kind, r.target, r.line, r.column, r.use, r.text])).toEqual([
      ['file', 'tin/Anh hoi nghi.jpg', 5, 1, 'image', ''],
      ['file', 'tin/Thong bao so 12.pdf', 7, 9, 'link', 'tải về'],
    ]);
    expect(result.firstImage).toBe('tin/Anh hoi nghi.jpg');
    expect(result.diagnostics).toEqual([]);
  });

  it('should keep a title, and read `<…>` (CommonMark’s own way) the same', () => {
    expect(render('![Ảnh](Anh hoi nghi.jpg "Hội nghị")\n').html).toBe('<figure><img src="/tin/Anh%20hoi%20nghi.jpg" alt="Ảnh"><figcaption>Hội nghị</figcaption></figure>\n');
    expect(render('![Ảnh](<Anh hoi nghi.jpg>)\n').html).toBe(render('![Ảnh](Anh hoi nghi.jpg)\n').html);
  });

  it('should leave prose in brackets and parentheses, and code, as text', () => {
    expect(render('[1](xem phần trên) và [a](b c)\n').html).toBe('<p>[1](xem phần trên) và [a](b c)</p>\n');
    expect(render('`[tải về](Thong bao so 12.pdf)`\n').html).toBe('<p><code>[tải về](Thong bao so 12.pdf)</code></p>\n');
  });

  it('should publish the picture and attachment when the files exist, and report a missing one (check is not "Đạt")', () => {
    const body = '![mô tả](Anh hoi nghi.jpg)\n\nĐoạn có chữ.\n\n[Thông báo số 12](Thong bao so 12.pdf)\n';
    const found = buildPage('summary: Tóm tắt\n', body, ['tin/Anh hoi nghi.jpg', 'tin/Thong bao so 12.pdf']);
    expect(found.codes).toEqual([]);
    expect(found.page).toContain('<img src="/tin/Anh%20hoi%20nghi.jpg" alt="mô tả">');
    expect(found.page).toContain('href="/tin/Thong%20bao%20so%2012.pdf"');
    expect(found.page).not.toContain('](');
    const missing = buildPage('summary: Tóm tắt\n', body, ['tin/Anh hoi nghi.jpg']);
    expect(missing.codes).toEqual(['BT126']);
  });
});
