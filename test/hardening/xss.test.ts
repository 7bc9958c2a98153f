/**
 * Hostile text in every field an editor writes: the pages carry it as text, never as markup a
 * browser runs. Content can neither switch sanitising off, pick a template, be compiled as one,
 * nor reach the environment.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { buildSiteOutput, processSource, type SiteOutput } from '../../src/pipeline.js';
import type { TemplateSource } from '../../src/render/templates.js';
import { loadTheme } from '../../src/project/load-theme.js';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { build, elements, NOW, parseHtml, readTree, runnableParts, scriptsOf, textOf } from './helpers.js';

/**
 * Filter-evasion payloads in the style of the OWASP XSS cheat sheet: tags, attributes, entity and
 * whitespace tricks, broken markup, other schemes, template syntax.
 */
const PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  '<IMG SRC=JaVaScRiPt:alert(\'XSS\')>',
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=http://xss.rocks/xss.js?< B >',
  '<iframe src=http://xss.rocks/scriptlet.html <',
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<svg/onload=alert(\'XSS\')>',
  '<svg><script>alert(1)</script></svg>',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  '<IFRAME SRC="javascript:alert(\'XSS\');"></IFRAME>',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" type="image/svg+xml">',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<form><button formaction=javascript:alert(1)>x</button></form>',
  '<base href="javascript:alert(1)//">',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</script><script>alert(1)</script>',
  '-->"\'<!--<script>alert(1)</script>',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<!--[if gte IE 4]><SCRIPT>alert(\'XSS\');</SCRIPT><![endif]-->',
  '\u2028\u2029</script><script>alert(1)</script>',
  '{{constructor.constructor(\'alert(1)\')()}}',
  '{{#with "s" as |string|}}{{string.sub.apply 0 "alert(1)"}}{{/with}}',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
];

/** Payloads for places that take a URL: Markdown links, images, autolinks, definitions. */
const URL_PAYLOADS: readonly string[] = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  '&#106;avascript:alert(1)',
  '&#x6A;avascript&#x3A;alert(1)',
  'javascript&colon;alert(1)',
  'vbscript:msgbox(1)',
  'livescript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  '<javascript:alert(1)>',
  'jav&#x09;ascript:alert(1)',
  'java%0ascript:alert(1)',
  '%6A%61%76%61%73%63%72%69%70%74:alert(1)',
  '\\javascript:alert(1)',
  '//xss.example/%0a',
];

const CONFIG = resolveConfig('title: Phường Thử\nbaseUrl: https://phuong.example/\n', 'bantin.yaml').config!;
let theme: { templates: TemplateSource[]; assets: string[] };
let allowedScripts: Set<string>;

/** The pure pipeline over Markdown files given by content-relative path. */
function coreBuild(files: Record<string, string>, templates: readonly TemplateSource[] = theme.templates): SiteOutput {
  return buildSiteOutput({
    config: CONFIG,
    markdown: Object.entries(files).map(([p, text]) => ({ path: p, bytes: new TextEncoder().encode(text) })),
    assets: [],
    templates,
    themeAssets: theme.assets,
    options: { drafts: false, future: false, now: Date.parse(NOW) },
    contentLabel: 'content/',
  });
}

/** A page's contents: pages are text (files may be bytes). */
function pageText(contents: string | Uint8Array): string {
  if (typeof contents !== 'string') throw new Error('a page should be text, not bytes');
  return contents;
}

const errorsOf = (out: SiteOutput) => out.diagnostics.filter((d) => d.severity === 'error');

beforeAll(async () => {
  const loaded = await loadTheme(undefined, (abs) => abs);
  theme = { templates: loaded.templates, assets: [...loaded.assets.keys()] };
  const clean = coreBuild({ 'a.md': md({ title: 'Bài thường', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo', summary: 'Tóm tắt.' }) });
  expect(errorsOf(clean)).toEqual([]);
  allowedScripts = scriptsOf(clean.pages.map((p) => pageText(p.contents)));
});

describe('the XSS matrix in text fields and the body', () => {
  let out: SiteOutput;
  beforeAll(() => {
    const files: Record<string, string> = {};
    PAYLOADS.forEach((payload, i) => {
      files[`xss/${i}.md`] = md(
        {
          title: `${i} ${payload}`,
          slug: `xss-${i}`,
          date: '01/05/2025',
          author: `Tác giả ${payload}`,
          category: `Chuyên mục ${i} ${payload}`,
          tags: [`Thẻ ${payload}`, `#${i} ${payload}`],
          summary: `Tóm tắt ${payload}`,
          website: 'https://phuong.example/',
        },
        `Đoạn đầu ${payload}\n\n${payload}\n\n[liên kết](https://phuong.example/ "${payload.replace(/"/g, '\\"')}")\n\n![ảnh ${payload}](https://phuong.example/a.jpg "${payload.replace(/"/g, '\\"')}")\n`,
      );
    });
    out = coreBuild(files);
  });

  it('should build: raw HTML is removed with a warning, never an error', () => {
    expect(errorsOf(out)).toEqual([]);
    expect(out.pages.length).toBeGreaterThan(PAYLOADS.length);
  });

  it('should have no script, on… attribute, frame, plugin or runnable URL from content in any page', () => {
    const problems = out.pages.flatMap((p) => runnableParts(pageText(p.contents), allowedScripts).map((x) => `${p.path}: ${x}`));
    expect(problems).toEqual([]);
  });

  it('should carry each title as escaped text in <title>, <h1> and og:title', () => {
    PAYLOADS.forEach((payload, i) => {
      const page = out.pages.find((p) => p.path.endsWith(`/xss-${i}/index.html`));
      expect(page, `page of payload ${i}`).toBeDefined();
      const html = pageText(page!.contents);
      const rawTitle = /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '';
      expect(rawTitle).not.toMatch(/[<>]/);
      const tree = parseHtml(html);
      const title = elements(tree).find((e) => e.tagName === 'title')!;
      const expected = `${i} ${payload}`.trim();
      expect(textOf(title)).toContain(expected);
      expect(textOf(elements(tree).find((e) => e.tagName === 'h1')!)).toBe(expected);
      const ogTitle = elements(tree).find((e) => e.tagName === 'meta' && e.properties?.property === 'og:title');
      expect(ogTitle?.properties?.content).toBe(expected);
      const description = elements(tree).find((e) => e.tagName === 'meta' && e.properties?.name === 'description');
      expect(description?.properties?.content).toBe(`Tóm tắt ${payload}`.trim());
      // JSON-LD, when the theme writes it, carries the title as a JSON string, exactly.
      for (const script of elements(tree).filter((e) => e.tagName === 'script' && /ld\+json/.test(String(e.properties?.type)))) {
        const strings: string[] = [];
        const collect = (v: unknown): void => {
          if (typeof v === 'string') strings.push(v);
          else if (v && typeof v === 'object') Object.values(v).forEach(collect);
        };
        collect(JSON.parse(textOf(script)));
        expect(strings).toContain(expected);
      }
    });
  });

  it('should keep JSON-LD, when the theme has it, parseable and unable to close its script', () => {
    for (const page of out.pages) {
      for (const m of pageText(page.contents).matchAll(/<script[^>]*application\/ld\+json[^>]*>([\s\S]*?)<\/script>/gi)) {
        expect(m[1]).not.toMatch(/<\/script|<!--/i);
        expect(() => JSON.parse(m[1]!)).not.toThrow();
      }
    }
  });

  it('should show template syntax from content as text', () => {
    const i = PAYLOADS.indexOf('{{constructor.constructor(\'alert(1)\')()}}');
    const page = out.pages.find((p) => p.path.endsWith(`/xss-${i}/index.html`))!;
    expect(textOf(parseHtml(pageText(page.contents)))).toContain("{{constructor.constructor('alert(1)')()}}");
  });
});

describe('the XSS matrix in URLs', () => {
  /**
   * Each payload alone in one place: the build either refuses it (an error, nothing written) or
   * writes pages with nothing runnable in them.
   */
  const places: Record<string, (u: string) => string> = {
    'a link': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `[bấm vào đây](${u})\n`),
    'a link in angle brackets': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `[bấm](<${u}>)\n`),
    'an image': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `![ảnh](${u})\n`),
    'an image with a caption': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `![ảnh](${u} "Chú thích")\n`),
    'a reference definition': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `[bấm][1] và ![ảnh][2]\n\n[1]: ${u}\n[2]: ${u}\n`),
    'an autolink': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }, `Xem <${u.replace(/^<|>$/g, '')}>\n`),
    'the image field': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B', image: u }),
    'a field of its own': (u) => md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B', website: u }),
  };
  for (const [place, make] of Object.entries(places)) {
    it(`should refuse or neutralise every URL payload in ${place}`, () => {
      // Payloads refused by the article stage are done (a located error); the rest are built
      // together, and files the site stage refuses (each error names its file) are taken out
      // until what is left builds.
      const kept: Record<string, string> = {};
      URL_PAYLOADS.forEach((payload, i) => {
        const text = make(payload).replace('title: "Bài"', `title: "Bài ${i}"`);
        const result = processSource({ path: `${i}.md`, bytes: new TextEncoder().encode(text) }, { timeZone: CONFIG.timeZone, basePath: CONFIG.basePath, defaultAuthor: '' });
        if (result.article === undefined) {
          expect(result.diagnostics.filter((d) => d.severity === 'error').every((d) => d.file === `${i}.md` && d.line !== undefined)).toBe(true);
        } else kept[`${i}.md`] = text;
      });
      for (;;) {
        const out = coreBuild(kept);
        const errors = errorsOf(out);
        if (errors.length === 0) {
          const problems = out.pages.flatMap((p) => runnableParts(pageText(p.contents), allowedScripts).map((x) => `${p.path}: ${x}`));
          expect(problems, place).toEqual([]);
          break;
        }
        expect(out.pages).toEqual([]);
        const refused = new Set(errors.map((d) => d.file.replace(/^content\//, '')));
        for (const file of refused) {
          expect(Object.keys(kept)).toContain(file);
          delete kept[file];
        }
      }
    });
  }
});

describe('what content cannot do', () => {
  it('should not switch sanitising off or pick a template, whatever the front-matter says', () => {
    const out = coreBuild({
      'a.md': md(
        {
          title: 'Bài',
          date: '01/05/2025',
          author: 'A',
          category: 'B',
          sanitize: 'false',
          html: 'true',
          unsafe: 'true',
          allowDangerousHtml: 'true',
          layout: '../../../../etc/passwd',
          template: '../templates/khac.hbs',
          partial: '../../x',
          theme: '/tmp',
        },
        '<script>alert(1)</script>\n\n<p onclick="alert(1)">đoạn</p>\n',
      ),
    });
    expect(errorsOf(out)).toEqual([]);
    const page = out.pages.find((p) => p.path.endsWith('/bai/index.html'))!;
    expect(runnableParts(pageText(page.contents), allowedScripts)).toEqual([]);
    // The article template was used, as for any article.
    expect(elements(parseHtml(pageText(page.contents))).some((e) => e.tagName === 'article')).toBe(true);
    expect(pageText(page.contents)).not.toContain('root:');
    expect(out.diagnostics.filter((d) => d.code === 'BT301').length).toBe(2);
  });

  it('should refuse a type other than page (type picks the page template), at its line', () => {
    const out = coreBuild({ 'a.md': md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B', type: 'raw' }, 'Nội dung.\n') });
    expect(errorsOf(out).map((d) => [d.code, d.line])).toEqual([['BT160', 6]]);
    expect(out.pages.some((p) => p.path.endsWith('/bai/index.html'))).toBe(false);
  });

  it('should give a code block no class but its language, however the info string is written (GHSA-4fh9-h7wg-q85m)', () => {
    const out = coreBuild({ 'a.md': md({ title: 'Mã', date: '01/05/2025', author: 'A', category: 'B' }, '```js&#x20;xss onclick=alert(1)\nx\n```\n\n```"><script>\ny\n```\n\n~~~js\tbig\nz\n~~~\n') });
    expect(errorsOf(out)).toEqual([]);
    const page = out.pages.find((p) => p.path.endsWith('/ma/index.html'))!;
    const classes = elements(parseHtml(pageText(page.contents)))
      .filter((e) => e.tagName === 'code')
      .map((e) => e.properties?.className);
    // One class, the language: never a second class smuggled in by a character reference or a tab.
    for (const c of classes) if (c !== undefined) expect((c as string[]).length === 1 && (c as string[])[0]!.startsWith('language-'), String(c)).toBe(true);
    expect(runnableParts(pageText(page.contents), allowedScripts)).toEqual([]);
  });

  it('should print every kind of Handlebars syntax in content as the text typed', () => {
    const body = ['{{constructor}}', '{{{article.html}}}', '{{> base}}', '{{#each site}}x{{/each}}', '{{lookup this "constructor"}}', '{{!-- c --}}', '\\{{escaped}}'];
    const out = coreBuild({ 'a.md': md({ title: '{{site.title}}', date: '01/05/2025', author: '{{@root}}', category: 'B', summary: '{{json this}}' }, body.map((b) => `\`${b}\`\n\n${b}\n`).join('\n')) });
    expect(errorsOf(out)).toEqual([]);
    const text = textOf(parseHtml(pageText(out.pages.find((p) => p.path.endsWith('/site-title/index.html'))!.contents)));
    for (const b of body) expect(text).toContain(b);
    expect(text).toContain('{{site.title}}');
    expect(text).toContain('{{@root}}');
    expect(text).toContain('{{json this}}');
  });
});

describe('templates and the environment', () => {
  const secret = `bt-secret-${randomBytes(12).toString('hex')}`;
  const NAME = 'BANTIN_HARDENING_SECRET';
  let site: TempSite;

  /** Template bodies that try to reach `process.env` (or anything outside the page data). */
  const ATTEMPTS: readonly string[] = [
    `{{process.env.${NAME}}}`,
    `{{@root.process.env.${NAME}}}`,
    `{{lookup (lookup this "constructor") "name"}}`,
    `{{#with this.constructor as |c|}}{{c.constructor}}{{/with}}`,
    `{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub "constructor")}}{{this.pop}}{{#with string.split as |codelist|}}{{this.pop}}{{this.push "return process.env.${NAME};"}}{{this.pop}}{{#each conslist}}{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}`,
    `{{json this}}{{json @root}}`,
    `{{#each this}}{{@key}}={{json this}};{{/each}}`,
    `{{t "__proto__"}}`,
    `{{t "constructor"}}`,
    `{{url (lookup (lookup site "constructor") "constructor")}}`,
    `{{lookup (lookup @root "__proto__") "constructor"}}`,
    `{{#each (lookup this "__proto__")}}{{@key}}{{/each}}`,
  ];

  beforeAll(async () => {
    process.env[NAME] = secret;
    site = await createSite({ 'content/a.md': md({ title: `{{process.env.${NAME}}}`, date: '01/05/2025', author: 'A', category: 'B' }, `{{process.env.${NAME}}}\n`) });
  });
  afterAll(async () => {
    delete process.env[NAME];
    await site.cleanup();
  });

  for (const attempt of ATTEMPTS) {
    it(`should not let the template ${attempt.slice(0, 60)}… print the secret`, () => {
      const templates = theme.templates.map((t) => (t.name === 'pages/article.hbs' ? { ...t, text: `{{#> base}}${attempt}{{/base}}` } : t));
      const out = coreBuild({ 'a.md': md({ title: 'Bài', date: '01/05/2025', author: 'A', category: 'B' }) }, templates);
      for (const p of out.pages) expect(p.contents).not.toContain(secret);
      for (const d of out.diagnostics) expect(`${d.message} ${d.hint}`).not.toContain(secret);
    });
  }

  it('should write no file containing the secret when a whole site is built with hostile templates', async () => {
    // The pure pipeline ran every attempt above; through the command, the three most direct ones.
    for (const [i, attempt] of [ATTEMPTS[0]!, ATTEMPTS[4]!, ATTEMPTS[5]!].entries()) {
      await site.write({ 'templates/pages/article.hbs': `{{#> base}}<p>${i}</p>${attempt}{{/base}}\n` });
      const { text } = await build(site);
      expect(text).not.toContain(secret);
      for (const [file, contents] of await readTree(site.path('dist'))) expect(contents, file).not.toContain(secret);
    }
    // Nothing else in the site either (a cache, a temp file).
    const all = await readdir(site.root, { recursive: true, withFileTypes: true });
    for (const e of all.filter((x) => x.isFile())) expect(await readFile(path.join(e.parentPath, e.name), 'utf8'), e.name).not.toContain(secret);
  });
});
