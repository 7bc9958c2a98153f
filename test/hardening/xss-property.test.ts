/**
 * Stored XSS through the whole page pipeline (issue 13): random Markdown bodies whose alt texts,
 * link titles, link texts, code-fence info strings and plain text mix `<`, `>`, `"`, `'`,
 * entities, backslash escapes, `<img/0>` and `javascript:` are built by the pure pipeline
 * (`buildSiteOutput`, default theme, an image manifest so bodies get `<picture>`s), and every page
 * is parsed with parse5, the HTML5 parser browsers follow. On every page: no `<script>` the theme
 * does not have, no `on*` attribute, no `javascript:` URL; and the article's body on its page
 * holds exactly the elements and attributes of the body tree the pipeline serialized.
 */
import { contentsOf } from '../helpers/site.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Element as HastElement, Root as HastRoot } from 'hast';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { find, html as htmlSchema } from 'property-information';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { articleSettings, buildSiteOutput, processSource, siteStage } from '../../src/pipeline.js';
import type { ArticleData } from '../../src/content/article.js';
import { splitLead, visitElements } from '../../src/content/body.js';
import type { ImageManifest, ImageRecord } from '../../src/site/images.js';
import { defaultTheme } from '../helpers/theme.js';

/** Runs of the property (BANTIN_XSS_RUNS overrides, e.g. for a long fuzzing session). */
const RUNS = Number(process.env.BANTIN_XSS_RUNS ?? 40);

type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];

const THEME = defaultTheme();
const BASE = 'https://phuong.gov.vn/';
const NOW = Date.parse('2030-01-01T00:00:00Z');
const { config } = resolveConfig(`baseUrl: ${BASE}\ntitle: Phường\nfeedFullContent: true\n`, 'bantin.yaml');
if (!config) throw new Error('bad config');

/** A manifest with variants of `tin/anh.jpg` (what the image edge would make). */
function manifest(): ImageManifest {
  const variant = (width: number, format: 'webp' | 'jpeg') => ({
    path: `tin/anh-${width}w.${format === 'jpeg' ? 'jpg' : 'webp'}`,
    width,
    height: (width * 3) / 4,
    format,
    bytes: width * 10,
  });
  const record: ImageRecord = { width: 1600, height: 1200, format: 'jpeg', variants: [variant(480, 'webp'), variant(960, 'webp'), variant(480, 'jpeg'), variant(960, 'jpeg')] };
  return { images: new Map([['tin/anh.jpg', record]]), failures: new Map() };
}

const ASSETS = ['tin/anh.jpg', 'tin/anh 2.jpg', 'tin/tai-lieu.pdf'];
const ASSET_SIZES = new Map(ASSETS.map((a) => [a, 1000]));

function article(body: string, summary: string, title = 'Bài thử'): string {
  return `---\ntitle: ${title}\ndate: 2024-05-01\nauthor: Hà Vân\ncategory: Thông báo\n${summary}---\n\n${body}\n`;
}
const OTHER = article('Bài được dẫn tới.', 'summary: Bài khác\n', 'Bài khác');

function inputs(body: string, summary: string) {
  const encode = (text: string) => new TextEncoder().encode(text);
  return {
    config: config!,
    markdown: [
      { path: 'tin/a.md', bytes: encode(article(body, summary)) },
      { path: 'tin/b.md', bytes: encode(OTHER) },
    ],
    assets: ASSETS,
    templates: THEME.templates,
    themeAssets: THEME.assets,
    options: { drafts: false, future: false, now: NOW },
    contentLabel: 'content/',
    assetSizes: ASSET_SIZES,
    images: manifest(),
  };
}

// ---------------------------------------------------------------------------
// Random bodies
// ---------------------------------------------------------------------------

const PIECES = [
  '<', '>', '"', "'", '&', '&gt;', '&lt;', '&quot;', '&#39;', '&#x3C;', '&#60;', '&amp;lt;', '\\<', '\\"', "\\'", '\\>',
  '<img/0>', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '</a>', '"><svg onload=alert(1)>',
  'javascript:', 'javascript:alert(1)', ' onerror=alert(1) ', 'x', 'ảnh', ' ', '=', '/', '`', '*', '_', '\\',
];
const piece = fc.constantFrom(...PIECES);
/** Text mixing the hostile pieces, without line breaks (they would end the construct). */
const hostile = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
/** Text for a place that ends at `]` or `)`: those left out so the construct stays one. */
const inBrackets = hostile.map((t) => t.replace(/[[\]]/g, ''));
const inTitle = hostile.map((t) => t.replace(/"/g, '&quot;'));
const URLS = [
  'anh.jpg', 'anh 2.jpg', '<anh 2.jpg>', '/tin/anh.jpg', 'tai-lieu.pdf', 'b.md', 'b.md#muc', '#chu-thich', 'https://x.vn/?a=1&b="2"',
  'javascript:alert(1)', '<javascript:alert(1)>', 'jav&#x09;ascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>',
];
const url = fc.constantFrom(...URLS);

const block = fc.oneof(
  fc.tuple(inBrackets, url, fc.option(inTitle)).map(([alt, u, title]) => `![${alt}](${u}${title === null ? '' : ` "${title}"`})`),
  fc.tuple(inBrackets, url, fc.option(inTitle)).map(([text, u, title]) => `[${text}](${u}${title === null ? '' : ` "${title}"`})`),
  fc.tuple(inBrackets, inBrackets, url).map(([text, alt, u]) => `[![${alt}](anh.jpg "${text.replace(/"/g, '')}")](${u})`),
  fc.tuple(hostile.map((t) => t.replace(/`/g, '')), hostile).map(([info, code]) => `\`\`\`${info}\n${code.replace(/`/g, '')}\n\`\`\``),
  hostile.map((t) => `\`${t.replace(/`/g, '')}\``),
  hostile.map((t) => `## ${t}`),
  hostile.map((t) => `Chú thích[^1].\n\n[^1]: ${t}`),
  fc.tuple(inBrackets, url).map(([label, u]) => `[${label}][r]\n\n[r]: ${u.replace(/[<>]/g, '')} "t"`),
  hostile,
);
const body = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => blocks.join('\n\n'));

// ---------------------------------------------------------------------------
// What a browser sees
// ---------------------------------------------------------------------------

function p5Elements(node: P5Node, out: P5Element[] = []): P5Element[] {
  if ('tagName' in node) out.push(node);
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) p5Elements(child as P5Node, out);
  if ('content' in node && node.content) p5Elements(node.content as P5Node, out);
  return out;
}

/** What a browser makes of a URL's scheme: leading spaces and controls dropped, tabs and newlines removed anywhere. */
function scheme(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'data', 'xlink:href', 'ping']);

/** Problems of one page: scripts the theme does not have, event handlers, `javascript:` URLs. */
function runnable(html: string, themeScripts: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const el of p5Elements(parse(html) as unknown as P5Node)) {
    if (el.tagName === 'script' && !themeScripts.has(scriptSignature(el)) && !isJsonData(el)) found.push(`<script> ${scriptSignature(el)}`);
    for (const attr of el.attrs) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      const values = attr.name === 'srcset' ? attr.value.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : URL_ATTRIBUTES.has(attr.name) ? [attr.value] : [];
      for (const v of values) {
        const s = scheme(v);
        if (s === 'javascript' || s === 'vbscript' || s === 'data') found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
  }
  return found;
}

/** Structured data (`application/ld+json`) that parses whole as JSON: data a browser never runs. */
function isJsonData(el: P5Element): boolean {
  if (!el.attrs.some((a) => a.name === 'type' && a.value === 'application/ld+json')) return false;
  try {
    JSON.parse(el.childNodes.map((c) => ('value' in c ? c.value : '')).join(''));
    return true;
  } catch {
    return false;
  }
}

function scriptSignature(el: P5Element): string {
  const text = el.childNodes.map((c) => ('value' in c ? c.value : '')).join('');
  return `${el.attrs.map((a) => `${a.name}=${a.value}`).join(' ')}|${text}`;
}

/** The attributes a hast element serializes to, by attribute name. */
function attributesOf(element: HastElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [prop, value] of Object.entries(element.properties)) {
    if (value === null || value === undefined || value === false) continue;
    const info = find(htmlSchema, prop);
    out[info.attribute] = value === true ? '' : Array.isArray(value) ? value.join(info.commaSeparated ? ', ' : ' ') : String(value);
  }
  return out;
}

/** Tag and attributes of each element of the body tree, in document order: the lead's content (printed above the body), then the rest. */
function treeShape(tree: HastRoot): Array<[string, Record<string, string>]> {
  const out: Array<[string, Record<string, string>]> = [];
  const { lead, rest } = splitLead(tree);
  if (lead) visitElements(lead, (el) => out.push([el.tagName, attributesOf(el)]));
  visitElements(rest, (el) => out.push([el.tagName, attributesOf(el)]));
  return out;
}

/** Tag and attributes of each element inside the page's `<p class="lead">` and `<div class="body">`, in document order. */
function pageBodyShape(html: string): Array<[string, Record<string, string>]> {
  const all = p5Elements(parse(html) as unknown as P5Node);
  const hasClass = (el: P5Element, tag: string, name: string) => el.tagName === tag && el.attrs.some((a) => a.name === 'class' && a.value === name);
  const container = all.find((el) => hasClass(el, 'div', 'body'));
  if (!container) throw new Error('no <div class="body"> on the article page');
  const lead = all.find((el) => hasClass(el, 'p', 'lead'));
  return [...(lead ? p5Elements(lead as unknown as P5Node).slice(1) : []), ...p5Elements(container as unknown as P5Node).slice(1)]
    .map((el) => [el.tagName, Object.fromEntries(el.attrs.map((a) => [a.name, a.value]))]);
}

/** Signatures of the theme's own scripts: a build of a harmless article. */
function themeScripts(): Set<string> {
  const output = buildSiteOutput(inputs('Một đoạn văn.', ''));
  const scripts = new Set<string>();
  for (const page of output.pages) {
    for (const el of p5Elements(parse(String(page.contents)) as unknown as P5Node)) if (el.tagName === 'script') scripts.add(scriptSignature(el));
  }
  return scripts;
}

/** The final body tree of `tin/a.md`, from the same pure stages the pipeline chains. */
function finalBody(input: ReturnType<typeof inputs>): HastRoot | undefined {
  const settings = articleSettings(input.config);
  const articles = input.markdown.map((m) => processSource(m, settings).article).filter((a): a is ArticleData => a !== undefined);
  const stage = siteStage({ ...input, articles, broken: new Set() });
  return stage.site.articles.find((a) => a.source === 'tin/a.md')?.body;
}

describe('hostile alt texts, titles, info strings and URLs through the whole page pipeline (parse5)', () => {
  const allowed = themeScripts();

  it('should keep a known breakout as text: an alt with `>` on a picture, an info string with <img/0>', () => {
    const input = inputs('![x"><script>alert(1)</script>](anh.jpg)\n\n![b](anh.jpg)\n\n```<img/0>\nx\n```\n\n[![](anh.jpg "Ảnh <b>")](tai-lieu.pdf)', 'summary: Tóm tắt\n');
    const output = buildSiteOutput(input);
    expect(output.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = String(output.pages.find((p) => p.path === 'thong-bao/bai-thu/index.html')!.contents);
    expect(runnable(page, allowed)).toEqual([]);
    expect(pageBodyShape(page)).toEqual(treeShape(finalBody(input)!));
    // The pictures were made (the manifest is used), and the title names the linked image.
    expect(page).toContain('<picture><source type="image/webp"');
    expect(pageBodyShape(page).filter(([tag]) => tag === 'img').map(([, a]) => a.alt)).toEqual(['x"><script>alert(1)</script>', 'b', 'Ảnh <b>']);
  });

  it(`should give pages with no foreign script, no on* attribute, no javascript: URL, and the body's attributes as the tree held (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(body, fc.boolean(), (markdown, withSummary) => {
        const input = inputs(markdown, withSummary ? 'summary: Tóm tắt\n' : 'summary: ""\n');
        const output = buildSiteOutput(input);
        const errors = output.diagnostics.filter((d) => d.severity === 'error');
        // A link that leaves the content folder is an error (nothing is published): nothing to check.
        if (errors.length > 0) {
          expect(errors.every((d) => d.code === 'BT303' || d.code === 'BT125' || d.code === 'BT126')).toBe(true);
          return;
        }
        const pages = [...output.pages, ...output.files.filter((f) => f.path.endsWith('.html'))];
        expect(pages.length).toBeGreaterThan(5);
        for (const page of pages) expect(runnable(String(contentsOf(page)), allowed), page.path).toEqual([]);
        const page = String(output.pages.find((p) => p.path === 'thong-bao/bai-thu/index.html')!.contents);
        expect(pageBodyShape(page)).toEqual(treeShape(finalBody(input)!));
      }),
      { numRuns: RUNS },
    );
  });
});
