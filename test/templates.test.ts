import Handlebars from 'handlebars';
import { renderMarkdown } from '../src/content/markdown.js';
import { describe, expect, it } from 'vitest';
import type { ArticleData } from '../src/content/article.js';
import { planPages } from '../src/pages/plan.js';
import { buildSite } from '../src/site/build-site.js';
import { createTemplates, safeJson, type TemplateSource } from '../src/render/templates.js';
import { articleData, config } from './helpers/site.js';
import { defaultTheme } from './helpers/theme.js';
import { type PagePlan } from '../src/pages/views.js';

/** The built-in theme's templates and labels, as load-theme gives them. */
const builtInTheme = (): TemplateSource[] => defaultTheme().templates;

/** The theme with some files replaced or added, as a site's own templates folder does. */
function themeWith(overrides: Record<string, string>): TemplateSource[] {
  const byName = new Map(builtInTheme().map((s) => [s.name, s]));
  for (const [name, text] of Object.entries(overrides)) byName.set(name, { name, file: `site/templates/${name}`, text });
  return [...byName.values()];
}

const settings = { basePath: '/', timeZone: 'Asia/Ho_Chi_Minh' };

function plans(articles: readonly ArticleData[]): PagePlan[] {
  const { site, diagnostics } = buildSite(articles, [], config('relatedCount: 2\n'), { drafts: false, future: false, now: Date.parse('2030-01-01T00:00:00Z') });
  expect(diagnostics).toEqual([]);
  return planPages(site).pages;
}

const seed = articleData({
  source: 'hoat-dong/hoi-nghi.md',
  title: 'Hội nghị BCH Phường Trần Phú lần thứ 14',
  date: '2021-10-11T07:48:00Z',
  category: 'Hoạt động của xã phường',
  author: 'Hà Vân',
  summary: 'Ngày 7/10, Đảng ủy phường Trần Phú đã tổ chức hội nghị BCH lần thứ 14.',
  tags: ['Đảng ủy'],
  html: '<p>Nội dung hội nghị.</p>',
});
const others = [
  articleData({ source: 'a.md', title: 'Ra quân tổng vệ sinh', date: '2021-10-01T00:00:00Z', category: 'Hoạt động của xã phường', tags: ['Đảng ủy'] }),
  articleData({ source: 'b.md', title: 'Lịch tiếp công dân', date: '2021-09-01T00:00:00Z', category: 'Thông báo' }),
  articleData({ source: 'c.md', title: 'Đối thoại với nhân dân', date: '2021-08-01T00:00:00Z', category: 'Hoạt động của xã phường' }),
];

function renderAll(sources: readonly TemplateSource[], pages: readonly PagePlan[]) {
  const { templates, diagnostics } = createTemplates(sources, settings);
  expect(diagnostics).toEqual([]);
  return pages.map((p) => ({ plan: p, ...templates!.render(p) }));
}

function renderArticle(article: ArticleData, sources = builtInTheme()): string {
  const pages = plans([article, ...others]);
  const result = renderAll(sources, pages).find((r) => r.plan.view.article?.source === article.source)!;
  expect(result.diagnostic).toBeUndefined();
  return result.html!;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('createTemplates with the built-in theme', () => {
  it('should render every page of a site without a problem', () => {
    const results = renderAll(builtInTheme(), plans([seed, ...others]));
    expect(results.map((r) => r.diagnostic)).toEqual(results.map(() => undefined));
    expect(results.map((r) => r.plan.template).sort()).toEqual(['404', 'article', 'article', 'article', 'article', 'category', 'category', 'home']);
  });

  describe('an article page', () => {
    const html = renderArticle(seed);

    it('should have the title in <title> and in exactly one <h1>', () => {
      expect(html).toMatch(/<title>[^<]*Hội nghị BCH Phường Trần Phú lần thứ 14[^<]*<\/title>/);
      expect(count(html, /<h1[\s>]/g)).toBe(1);
      expect(html).toMatch(/<h1>Hội nghị BCH Phường Trần Phú lần thứ 14<\/h1>/);
    });

    it('should link the category and show the date as 11/10/2021 14:48', () => {
      expect(html).toContain('<a href="/hoat-dong-cua-xa-phuong/">Hoạt động của xã phường</a>');
      expect(html).toContain('<time datetime="2021-10-11T14:48:00+07:00">11/10/2021 14:48</time>');
    });

    it('should show the summary as the lead, then the body, then the author, then "Tin khác"', () => {
      const lead = html.indexOf('<p class="lead">Ngày 7/10, Đảng ủy phường Trần Phú đã tổ chức hội nghị BCH lần thứ 14.</p>');
      const body = html.indexOf('<p>Nội dung hội nghị.</p>');
      const author = html.indexOf('Hà Vân');
      const related = html.indexOf('Tin khác');
      expect(lead).toBeGreaterThan(html.indexOf('<h1>'));
      expect(body).toBeGreaterThan(lead);
      expect(author).toBeGreaterThan(body);
      expect(related).toBeGreaterThan(author);
    });

    it('should list other articles under a heading "Tin khác", never the article itself', () => {
      const section = html.slice(html.indexOf('Tin khác'));
      expect(html).toMatch(/<h2[^>]*>Tin khác<\/h2>/);
      expect(count(section, /<li>/g)).toBe(2);
      expect(section).toContain('/hoat-dong-cua-xa-phuong/ra-quan-tong-ve-sinh/');
      expect(section).not.toContain('/hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14/"');
    });
  });

  it('should show a date without time as 11/10/2021', () => {
    const html = renderArticle({ ...seed, date: Date.parse('2021-10-10T17:00:00Z'), dateHasTime: false });
    expect(html).toContain('>11/10/2021</time>');
  });

  it('should print content as text, never run it as a template', () => {
    const html = renderArticle({
      ...seed,
      title: 'Tiêu đề {{constructor}} {{#each site.categories}}X{{/each}}',
      summary: 'Tóm tắt {{site.title}} {{> header}}',
      body: renderMarkdown('Thân bài {{constructor}} {{#each site.categories}}X{{/each}} {{{article.html}}}\n', { file: seed.source, bodyLine: 1, basePath: '/' }).body,
    });
    expect(html).toContain('<h1>Tiêu đề {{constructor}} {{#each site.categories}}X{{/each}}</h1>');
    expect(html).toContain('Tóm tắt {{site.title}} {{&gt; header}}');
    expect(html).toContain('<p>Thân bài {{constructor}} {{#each site.categories}}X{{/each}} {{{article.html}}}</p>');
  });

  it('should escape HTML in titles, summaries and names', () => {
    const html = renderArticle({ ...seed, title: 'A <script>alert(1)</script> & "B"', summary: '<img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;B&quot;');
  });

  it('should use {{{ }}} only for the rendered Markdown of the article and of the fixed page', () => {
    const triple = builtInTheme().flatMap((s) => (s.text.match(/\{\{\{[^}]*\}\}\}|\{\{&[^}]*\}\}/g) ?? []).map((m) => `${s.name}: ${m}`));
    expect(triple).toEqual(['pages/article.hbs: {{{article.leadHtml}}}', 'pages/article.hbs: {{{article.html}}}', 'pages/page.hbs: {{{fixedPage.html}}}']);
  });
});

describe('createTemplates with a site’s own templates', () => {
  it('should report a missing variable in strict mode as BT403 naming the template file and line', () => {
    const sources = themeWith({ 'pages/404.hbs': '{{#> base}}\n<h1>Không có</h1>\n<p>{{page.khongCo}}</p>\n{{/base}}\n' });
    const results = renderAll(sources, plans([seed]));
    const failed = results.filter((r) => r.diagnostic);
    expect(failed.map((r) => r.plan.template)).toEqual(['404']);
    const d = failed[0]!.diagnostic!;
    expect([d.code, d.file, d.line, d.column]).toEqual(['BT403', 'site/templates/pages/404.hbs', 3, 6]);
    expect(d.message).toContain('khongCo');
    expect(d.hint).toBeTruthy();
  });

  it('should name the page template, not the layout, for a missing variable inside the layout block', () => {
    const sources = themeWith({ 'pages/article.hbs': '{{#> base}}\n<h1>{{article.title}}</h1>\n\n  {{article.tacGia}}\n{{/base}}\n' });
    const d = renderAll(sources, plans([seed])).find((r) => r.diagnostic)!.diagnostic!;
    expect([d.code, d.file, d.line]).toEqual(['BT403', 'site/templates/pages/article.hbs', 4]);
  });

  it('should name the partial for a missing variable inside a partial', () => {
    const sources = themeWith({ 'partials/footer.hbs': '<footer>\n{{site.khongCo}}\n</footer>\n' });
    const d = renderAll(sources, plans([seed])).find((r) => r.diagnostic)!.diagnostic!;
    expect([d.code, d.file, d.line]).toEqual(['BT403', 'site/templates/partials/footer.hbs', 2]);
  });

  it('should name the layout for a missing variable in the layout itself', () => {
    const base = builtInTheme().find((s) => s.name === 'layouts/base.hbs')!.text.replace('<body>', '<body>\n{{site.khongCo}}');
    const line = base.split('\n').indexOf('{{site.khongCo}}') + 1;
    const d = renderAll(themeWith({ 'layouts/base.hbs': base }), plans([seed])).find((r) => r.diagnostic)!.diagnostic!;
    expect([d.code, d.file, d.line]).toEqual(['BT403', 'site/templates/layouts/base.hbs', line]);
  });

  it('should report a label missing from strings.yaml as BT403 at the line that asks for it', () => {
    const sources = themeWith({ 'pages/404.hbs': '{{#> base}}\n\n<p>{{t "khongCoNhan"}}</p>\n{{/base}}\n' });
    const d = renderAll(sources, plans([seed])).find((r) => r.diagnostic)!.diagnostic!;
    expect([d.code, d.file, d.line]).toEqual(['BT403', 'site/templates/pages/404.hbs', 3]);
    expect(d.message).toContain('khongCoNhan');
  });

  it('should report a syntax error as BT401 with the file and line', () => {
    const { templates, diagnostics } = createTemplates(themeWith({ 'pages/article.hbs': '{{#> base}}\n<h1>{{article.title}}</h1>\n<p>{{article.summary}</p>\n{{/base}}\n' }), settings);
    expect(templates).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['BT401', 'site/templates/pages/article.hbs', 3]]);
    expect(diagnostics[0]!.hint).toBeTruthy();
  });

  it('should report a block closed by the wrong name as BT401 at the line of the block', () => {
    const { diagnostics } = createTemplates(themeWith({ 'partials/header.hbs': '<header>\n\n{{#if site.title}}\n{{site.title}}\n{{/each}}\n</header>\n' }), settings);
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['BT401', 'site/templates/partials/header.hbs']]);
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(3);
    expect(diagnostics[0]!.line).toBeLessThanOrEqual(5);
  });

  it('should report a missing page template as BT402', () => {
    const { templates, diagnostics } = createTemplates(
      builtInTheme().filter((s) => s.name !== 'pages/category.hbs'),
      settings,
    );
    expect(templates).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['BT402', 'templates/pages/category.hbs']]);
  });

  it('should use a replaced page template and keep the inherited layout and partials', () => {
    const sources = themeWith({ 'pages/article.hbs': '{{#> base}}\n<h1 class="rieng">{{article.title}}</h1>\n{{/base}}\n' });
    const html = renderArticle(seed, sources);
    expect(html).toContain('<h1 class="rieng">Hội nghị BCH Phường Trần Phú lần thứ 14</h1>');
    expect(html).toContain('<header class="site-header">');
    expect(html).toContain('<footer class="site-footer">');
  });

  it('should name a partial in a subfolder of partials by its path', () => {
    const sources = themeWith({
      'partials/tin/the.hbs': '<p class="the">{{article.title}}</p>',
      'pages/article.hbs': '{{#> base}}\n{{> tin/the}}\n{{/base}}\n',
    });
    expect(renderArticle(seed, sources)).toContain('<p class="the">Hội nghị BCH Phường Trần Phú lần thứ 14</p>');
  });

  it('should keep each template set apart: labels, partials and helpers never leak between sets or into Handlebars', () => {
    const a = createTemplates(themeWith({ 'strings.yaml': 'home: Nhà A\n' + builtInTheme().find((s) => s.name === 'strings.yaml')!.text.replace(/^home:.*$/m, '') }), settings);
    const b = createTemplates(builtInTheme(), settings);
    const home = plans([seed]).find((p) => p.template === 'home')!;
    expect(a.templates!.render(home).html).toContain('Nhà A');
    expect(b.templates!.render(home).html).not.toContain('Nhà A');
    expect(Handlebars.helpers).not.toHaveProperty('t');
    expect(Handlebars.partials).not.toHaveProperty('base');
  });

  it('should report one broken variable once, however many pages use it', () => {
    const articles = [seed, ...others];
    const sources = themeWith({ 'pages/article.hbs': '{{#> base}}\n{{article.khongCo}}\n{{/base}}\n' });
    const { templates } = createTemplates(sources, settings);
    const diagnostics = plans(articles)
      .map((p) => templates!.render(p).diagnostic)
      .filter((d) => d !== undefined);
    expect(diagnostics).toHaveLength(1);
  });

  it('should not let templates reach the prototype of the data', () => {
    const sources = themeWith({ 'pages/404.hbs': '{{#> base}}<p>{{page.constructor.name}}</p>{{/base}}' });
    const results = renderAll(sources, plans([seed]));
    const notFound = results.find((r) => r.plan.template === '404')!;
    expect(notFound.html ?? '').not.toContain('Object');
  });
});

describe('safeJson', () => {
  it('should never close a script element or open a comment', () => {
    expect(safeJson({ t: '</script><!-- & \u2028' })).toBe('{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}');
  });
});
