/**
 * Media in the pure core (issue #8): `<picture>` markup from an image manifest, list thumbnails and
 * link previews, attached files, the `documents:` of notices and the page of every document
 * (/van-ban/). Sites are built in memory through `buildSiteOutput` with the default theme and a
 * hand-made manifest; the sharp edge is tested in media-images.test.ts.
 */
import { contentsOf } from './helpers/site.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { Element } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { HtmlValidate, StaticConfigLoader, type ConfigData } from 'html-validate';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/resolve-config.js';
import { buildSiteOutput, type SiteOutput } from '../src/pipeline.js';
import { parseYaml } from '../src/text/yaml.js';
import { variantWidths } from '../src/images/process-images.js';
import { config } from './helpers/site.js';
import { defaultTheme, REPO, THEME } from './helpers/theme.js';
import { parseDocuments } from '../src/content/documents.js';
import { pictureOf, rewriteImages } from '../src/site/pictures.js';
import { fromHtml } from 'hast-util-from-html';
import { bodyHtml } from '../src/content/body.js';
import { fallbackFormat, ogImagePath, type ImageFailure, type ImageManifest, type ImageRecord, variantPath } from '../src/site/images.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');

const THEME_FILES = defaultTheme();

/** The record the edge would give for an original `width`×`height` at `path`, with the default widths. */
function record(p: string, width: number, height: number, og = false): ImageRecord {
  const format = fallbackFormat(p);
  const widths = variantWidths(width, [480, 960, 1600]);
  const formats = format === 'webp' ? (['webp'] as const) : (['webp', format] as const);
  return {
    width,
    height,
    format,
    variants: formats.flatMap((f) => widths.map((w) => ({ path: variantPath(p, w, f), width: w, height: Math.round((w * height) / width), format: f, bytes: w * 10 }))),
    ...(og ? { og: { path: ogImagePath(p), width: 1200, height: 630, format: 'jpeg' as const, bytes: 90_000 } } : {}),
  };
}

function manifest(images: Record<string, ImageRecord>, failures: Record<string, ImageFailure> = {}): ImageManifest {
  return { images: new Map(Object.entries(images)), failures: new Map(Object.entries(failures)) };
}

interface BuildInput {
  files: Record<string, string>;
  yaml?: string;
  assets?: Record<string, number>;
  images?: ImageManifest;
}

/** Build a site in memory from Markdown (content-relative path → text) and content files (path → size). */
function build({ files, yaml = '', assets = {}, images }: BuildInput): SiteOutput & { file(p: string): string } {
  const { config: resolved } = resolveConfig(yaml, 'bantin.yaml');
  if (!resolved) throw new Error('bad config');
  const output = buildSiteOutput({
    config: resolved,
    markdown: Object.entries(files).map(([p, text]) => ({ path: p, bytes: new TextEncoder().encode(text) })),
    assets: Object.keys(assets),
    assetSizes: new Map(Object.entries(assets)),
    templates: THEME_FILES.templates,
    themeAssets: THEME_FILES.assets,
    options: { drafts: false, future: false, now: NOW },
    contentLabel: 'content/',
    images,
  });
  const all = new Map([...output.pages, ...output.files].map((f) => [f.path, contentsOf(f)]));
  return {
    ...output,
    file(p: string) {
      const text = all.get(p);
      if (text === undefined) throw new Error(`no ${p} in the output; have ${[...all.keys()].join(', ')}`);
      if (typeof text !== 'string') throw new Error(`${p} is binary, not text`);
      return text;
    },
  };
}

const errorsOf = (o: SiteOutput) => o.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.line, d.column]);

/** An article's text with extra front-matter lines (after title, date, author, category). */
function article(title: string, extra: string[] = [], body = 'Nội dung bài viết.\n', date = '05/01/2024'): string {
  return ['---', `title: "${title}"`, `date: "${date}"`, 'author: Lê Văn Thắng', 'category: Thông báo', ...extra, '---', '', body].join('\n');
}

const NOTICE_DOCUMENTS = [
  'documents:',
  '  - file: tb-02.pdf',
  '    number: "02/TB-UBND"',
  '    issuer: UBND phường Trần Phú',
  '    issued: "03/01/2024"',
  '    effective: "05/01/2024"',
  '    summary: Lịch tiếp công dân năm 2024',
];

describe('variant names and widths', () => {
  it('should name variants after the original, by width and format', () => {
    expect(variantPath('tin/anh.jpg', 960, 'webp')).toBe('tin/anh-960w.webp');
    expect(variantPath('tin/anh.JPEG', 480, 'jpeg')).toBe('tin/anh-480w.jpg');
    expect(variantPath('tin/so-do.png', 480, 'png')).toBe('tin/so-do-480w.png');
    expect(ogImagePath('tin/anh.jpg')).toBe('tin/anh-og.jpg');
    expect([fallbackFormat('a.jpg'), fallbackFormat('a.PNG'), fallbackFormat('a.webp')]).toEqual(['jpeg', 'png', 'webp']);
  });

  it('should never make a variant wider than the original', () => {
    expect(variantWidths(4000, [480, 960, 1600])).toEqual([480, 960, 1600]);
    expect(variantWidths(1600, [480, 960, 1600])).toEqual([480, 960, 1600]);
    expect(variantWidths(1200, [480, 960, 1600])).toEqual([480, 960, 1200]);
    expect(variantWidths(1000, [480, 960, 1600])).toEqual([480, 960]);
    expect(variantWidths(320, [480, 960, 1600])).toEqual([320]);
  });
});

describe('rewriteImages', () => {
  const records = new Map([['/tin/anh.jpg', record('tin/anh.jpg', 4000, 3000)]]);
  const lookup = (src: string) => records.get(src);
  /** The pictured body of an HTML fragment, serialized. */
  const pictured = (html: string) => bodyHtml(rewriteImages(fromHtml(html, { fragment: true }), lookup, '/'));

  it('should turn a figure image into a picture with srcset, sizes and size, keeping the caption', () => {
    const html = pictured('<figure><img src="/tin/anh.jpg" alt="Toàn cảnh &#x26; hội nghị"><figcaption>Chú thích</figcaption></figure>');
    expect(html).toBe(
      '<figure><picture><source type="image/webp" srcset="/tin/anh-480w.webp 480w, /tin/anh-960w.webp 960w, /tin/anh-1600w.webp 1600w" sizes="(min-width: 48rem) 46rem, 100vw">' +
        '<img src="/tin/anh-960w.jpg" srcset="/tin/anh-480w.jpg 480w, /tin/anh-960w.jpg 960w, /tin/anh-1600w.jpg 1600w" sizes="(min-width: 48rem) 46rem, 100vw" width="1600" height="1200" alt="Toàn cảnh &#x26; hội nghị"></picture>' +
        '<figcaption>Chú thích</figcaption></figure>\n',
    );
  });

  it('should load every image but the first lazily, and keep the title of an inline image', () => {
    const html = pictured('<p><img src="/tin/anh.jpg" alt="a"></p>\n<p>Ảnh <img src="/tin/anh.jpg" alt="b" title="Chú thích"> và <img src="/tin/so-do.svg" alt="c"></p>');
    const imgs = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(imgs).toHaveLength(3);
    expect(imgs[0]).not.toContain('loading=');
    expect(imgs[1]).toContain('alt="b" title="Chú thích" loading="lazy" decoding="async"');
    expect(imgs[2]).toBe('<img src="/tin/so-do.svg" alt="c" loading="lazy" decoding="async">');
  });

  it('should give a WebP original no <source>, and a small original its own width only', () => {
    const webp = pictureOf(record('tin/anh.webp', 800, 600), '/');
    expect(webp).toEqual({ src: '/tin/anh-800w.webp', srcset: '/tin/anh-480w.webp 480w, /tin/anh-800w.webp 800w', webpSrcset: null, width: 800, height: 600 });
    const small = pictureOf(record('tin/nho.png', 320, 200), '/sub/');
    expect(small).toEqual({ src: '/sub/tin/nho-320w.png', srcset: '/sub/tin/nho-320w.png 320w', webpSrcset: '/sub/tin/nho-320w.webp 320w', width: 320, height: 200 });
  });
});

describe('images in built pages', () => {
  const files = {
    'tin/a.md': article('Hội nghị', ['image: bia.jpg'], 'Mở đầu.\n\n![Toàn cảnh](anh.jpg "Toàn cảnh hội nghị")\n\n![Sơ đồ](so-do.svg)\n'),
  };
  const assets = { 'tin/bia.jpg': 900_000, 'tin/anh.jpg': 5_000_000, 'tin/so-do.svg': 2000 };
  const images = manifest({ 'tin/bia.jpg': record('tin/bia.jpg', 3000, 2000, true), 'tin/anh.jpg': record('tin/anh.jpg', 4000, 3000) });

  it('should serve body images as pictures and never inline an SVG', () => {
    const out = build({ files, assets, images, yaml: 'maxImageSize: 0\n' });
    expect(errorsOf(out)).toEqual([]);
    const html = out.file('thong-bao/hoi-nghi/index.html');
    expect(html).toContain('<figure><picture><source type="image/webp" srcset="/tin/anh-480w.webp 480w');
    expect(html).toContain('<figcaption>Toàn cảnh hội nghị</figcaption></figure>');
    expect(html).toContain('<img src="/tin/so-do.svg" alt="Sơ đồ" loading="lazy" decoding="async">');
    expect(html.match(/<svg\b/g) ?? []).toHaveLength((out.file('404.html').match(/<svg\b/g) ?? []).length);
  });

  it('should give list thumbnails from the cover, and load only the first picture of a list at once', () => {
    const two = { ...files, 'tin/b.md': article('Họp dân', ['image: bia.jpg'], 'Nội dung.\n', '04/01/2024') };
    const out = build({ files: two, assets, images, yaml: 'maxImageSize: 0\n' });
    const home = out.file('index.html');
    expect(home).toContain('<img class="featured-image" src="/tin/bia-480w.jpg" srcset="/tin/bia-480w.jpg 480w, /tin/bia-960w.jpg 960w, /tin/bia-1600w.jpg 1600w"');
    expect(home).toMatch(/class="featured-image"[^>]*width="1600" height="1067" fetchpriority="high"><\/picture>/);
    expect(home).toMatch(/<img class="thumb" src="\/tin\/bia-480w.jpg"[^>]*sizes="\(min-width: 40em\) 9.5rem, 6.5rem"[^>]*height="1067" loading="lazy" decoding="async"><\/picture>/);
    const thumbs = out.file('thong-bao/index.html').match(/<img class="thumb"[^>]*>/g) ?? [];
    expect(thumbs).toHaveLength(2);
    expect(thumbs[0]).toMatch(/height="1067">$/);
    expect(thumbs[1]).toMatch(/height="1067" loading="lazy" decoding="async">$/);
  });

  it('should use the 1200×630 crop for og:image under an absolute baseUrl', () => {
    const out = build({ files, assets, images, yaml: 'baseUrl: https://hoabinh.gov.vn/\nmaxImageSize: 0\n' });
    expect(out.file('thong-bao/hoi-nghi/index.html')).toContain('<meta property="og:image" content="https://hoabinh.gov.vn/tin/bia-og.jpg">');
  });

  it('should leave images as written without a manifest (dev server)', () => {
    const out = build({ files, assets, yaml: 'maxImageSize: 0\n' });
    expect(out.file('thong-bao/hoi-nghi/index.html')).toContain('<figure><img src="/tin/anh.jpg" alt="Toàn cảnh"><figcaption>');
  });

  it('should report a corrupt or unsupported image at each place that shows it', () => {
    const out = build({
      files: { 'tin/a.md': article('Hội nghị', ['image: bia.jpg'], 'Mở đầu.\n\n![Toàn cảnh](anh.jpg)\n\n[ảnh gốc](anh.jpg)\n\n![Ảnh chụp](chup.heic)\n') },
      assets: { 'tin/bia.jpg': 10, 'tin/anh.jpg': 10, 'tin/chup.heic': 10 },
      images: manifest({}, { 'tin/bia.jpg': { reason: 'corrupt', detail: 'VipsJpeg: Premature end of input file' }, 'tin/anh.jpg': { reason: 'corrupt', detail: 'x' }, 'tin/chup.heic': { reason: 'unsupported', detail: 'HEIC' } }),
    });
    // Once per image, where it is first shown (the cover's line, the image's line, not the link's).
    expect(errorsOf(out)).toEqual([
      ['BT321', 'content/tin/a.md', 6, 1],
      ['BT321', 'content/tin/a.md', 11, 1],
      ['BT322', 'content/tin/a.md', 15, 1],
    ]);
    const corrupt = out.diagnostics.find((d) => d.code === 'BT321')!;
    expect(corrupt.message).toBe('Không đọc được ảnh "tin/bia.jpg": tệp bị hỏng hoặc không phải ảnh (VipsJpeg: Premature end of input file).');
    expect(out.pages).toEqual([]);
  });

  it('should refuse a variant that would overwrite a content file', () => {
    const out = build({
      files: { 'tin/a.md': article('Hội nghị', [], '![Toàn cảnh](anh.jpg)\n') },
      assets: { 'tin/anh.jpg': 10, 'tin/anh-480w.webp': 10 },
      images: manifest({ 'tin/anh.jpg': record('tin/anh.jpg', 1000, 800) }),
    });
    expect(errorsOf(out)).toEqual([['BT323', 'content/tin/anh.jpg', undefined, undefined]]);
  });
});

describe('attached files', () => {
  it('should list the files an article links to after the body, with type and size', () => {
    const body = 'Xem [Kế hoạch số 12/KH-UBND](ke-hoach.pdf), [mẫu đơn](mau-don.docx#trang-2) và [bảng kê &amp; số liệu](so-lieu.xlsx).\n\nTải lại [kế hoạch](ke-hoach.pdf).\n';
    const out = build({ files: { 'tin/a.md': article('Kế hoạch', [], body) }, assets: { 'tin/ke-hoach.pdf': 245 * 1024, 'tin/mau-don.docx': 30_000, 'tin/so-lieu.xlsx': 1_300_000 } });
    expect(errorsOf(out)).toEqual([]);
    const html = out.file('thong-bao/ke-hoach/index.html');
    const section = html.slice(html.indexOf('<section class="attachments"'), html.indexOf('</section>', html.indexOf('<section class="attachments"')));
    expect(section).toContain('<h2 id="tai-lieu-dinh-kem">Tài liệu đính kèm</h2>');
    const items = [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ''));
    expect(items).toEqual(['Kế hoạch số 12/KH-UBND Tải về (PDF, 245 KB)', 'mẫu đơn Tải về (DOCX, 29 KB)', 'bảng kê &amp; số liệu Tải về (XLSX, 1,2 MB)']);
    expect(section).toContain('<a href="/tin/ke-hoach.pdf">Tải về<span class="visually-hidden"> Kế hoạch số 12/KH-UBND</span> (PDF, 245 KB)</a>');
  });

  it('should show no attachment section without linked files', () => {
    const out = build({ files: { 'tin/a.md': article('Bài', [], 'Xem [ảnh](anh.png) và [trang](https://x.vn/a.pdf).\n') }, assets: { 'tin/anh.png': 10 } });
    expect(out.file('thong-bao/bai/index.html')).not.toContain('class="attachments"');
  });
});

describe('documents of notices', () => {
  const positions = (text: string) => parseYaml(text, 'a.md', 1).positions;
  const parse = (lines: string[]) => {
    const text = lines.join('\n');
    const parsed = parseYaml(text, 'tin/a.md', 1);
    return parseDocuments((parsed.value as Record<string, unknown>).documents, positions(text), 'tin/a.md', 'Asia/Ho_Chi_Minh');
  };
  const located = (r: ReturnType<typeof parse>) => r.diagnostics.map((d) => [d.code, d.line, d.column]);

  it('should read a document with its legal details', () => {
    const r = parse(NOTICE_DOCUMENTS);
    expect(r.diagnostics).toEqual([]);
    expect(r.documents).toEqual([
      {
        file: 'tin/tb-02.pdf',
        written: 'tb-02.pdf',
        number: '02/TB-UBND',
        issuer: 'UBND phường Trần Phú',
        issued: Date.parse('2024-01-03T00:00:00+07:00'),
        effective: Date.parse('2024-01-05T00:00:00+07:00'),
        summary: 'Lịch tiếp công dân năm 2024',
        line: 3,
        column: 5,
      },
    ]);
  });

  it('should locate a document without number or date issued, and wrong fields', () => {
    const r = parse([
      'documents:',
      '  - file: a.pdf',
      '    issued: "03/01/2024"',
      '  - file: b.pdf',
      '    number: "03/TB-UBND"',
      '  - file: c.pdf',
      '    number: "04/TB-UBND"',
      '    issued: "30/02/2024"',
      '  - file: d.pdf',
      '    number: "05/TB-UBND"',
      '    isued: "03/01/2024"',
      '  - number: "06/TB-UBND"',
      '    issued: "03/01/2024"',
      '  - file: https://x.vn/e.pdf',
      '    number: "07/TB-UBND"',
      '    issued: "03/01/2024"',
    ]);
    expect(located(r)).toEqual([
      ['BT333', 3, 5],
      ['BT334', 5, 5],
      ['BT334', 9, 5],
      ['BT331', 12, 5],
      ['BT334', 10, 5],
      ['BT332', 13, 5],
      ['BT332', 15, 5],
    ]);
    expect(r.diagnostics[0]!.message).toBe('Văn bản thứ 1 thiếu số ký hiệu (trường "number").');
    expect(r.diagnostics[3]!.hint).toContain('Có phải ý bạn là "issued"?');
    expect(r.documents).toEqual([]);
  });

  it('should refuse documents that are not a list', () => {
    expect(located(parse(['documents: tb-02.pdf']))).toEqual([['BT330', 2, 1]]);
  });

  it('should show the documents of a notice as a table, with a link to the page of every document', () => {
    const out = build({ files: { 'tin/a.md': article('Lịch tiếp công dân', NOTICE_DOCUMENTS, 'Toàn văn: [Thông báo 02](tb-02.pdf).\n') }, assets: { 'tin/tb-02.pdf': 250_000 } });
    expect(errorsOf(out)).toEqual([]);
    const html = out.file('thong-bao/lich-tiep-cong-dan/index.html');
    expect(html).toContain('<h2 id="van-ban-cua-bai">Văn bản</h2>');
    const row = /<tbody>\s*<tr>([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
        m[1]!
          .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '')
          .replace(/<br>/g, ' ')
          .replace(/<[^>]+>/g, ''),
      ),
    ).toEqual(['02/TB-UBND', '03/01/2024 Hiệu lực: 05/01/2024', 'Lịch tiếp công dân năm 2024', 'UBND phường Trần Phú', 'Tải về (PDF, 244 KB)']);
    expect(row).toContain('<time datetime="2024-01-03">03/01/2024</time>');
    expect(html).toContain('<a href="/van-ban/">Xem tất cả văn bản ›</a>');
    // The file is in the table: not listed again as an attachment.
    expect(html).not.toContain('class="attachments"');
  });

  it('should report a document whose file is missing at its line', () => {
    const out = build({ files: { 'tin/a.md': article('Lịch tiếp công dân', NOTICE_DOCUMENTS) } });
    expect(errorsOf(out)).toEqual([['BT335', 'content/tin/a.md', 7, 5]]);
    expect(out.diagnostics[0]!.message).toBe('Không tìm thấy tệp văn bản "tb-02.pdf" (tin/tb-02.pdf).');
  });

  it('should report a document without number or date issued through the build, at its line', () => {
    const out = build({ files: { 'tin/a.md': article('Lịch', ['documents:', '  - file: tb-02.pdf', '    issuer: UBND phường']) }, assets: { 'tin/tb-02.pdf': 10 } });
    expect(errorsOf(out)).toEqual([
      ['BT333', 'content/tin/a.md', 7, 5],
      ['BT334', 'content/tin/a.md', 7, 5],
    ]);
  });

  it('should list every document of the site on /van-ban/, newest first, with filters by issuer and year', () => {
    const out = build({
      yaml: 'organization:\n  name: UBND phường Trần Phú\n',
      files: {
        'tin/a.md': article('Lịch tiếp công dân', NOTICE_DOCUMENTS),
        'tin/b.md': article('Hướng dẫn cư trú', ['documents:', '  - file: hd-01.pdf', '    number: "01/HD-CAP"', '    issuer: Công an phường Trần Phú', '    issued: "09/01/2023"'], 'Nội dung.\n', '10/01/2023'),
        'tin/c.md': article('Kế hoạch', ['documents:', '  - file: kh-15.pdf', '    number: "15/KH-UBND"', '    issued: 2024-03-01', '    summary: Kế hoạch ra quân'], 'Nội dung.\n', '02/03/2024'),
      },
      assets: { 'tin/tb-02.pdf': 10, 'tin/hd-01.pdf': 10, 'tin/kh-15.pdf': 2_000_000 },
    });
    expect(errorsOf(out)).toEqual([]);
    const html = out.file('van-ban/index.html');
    expect(html).toContain('<h1>Văn bản</h1>');
    // Read with an HTML parser: each filterable row's number (first cell), issuer and year.
    const rows: string[][] = [];
    visit(unified().use(rehypeParse).parse(html), 'element', (tr: Element) => {
      if (tr.tagName !== 'tr' || tr.properties['dataIssuer'] === undefined) return;
      const cell = tr.children.find((c): c is Element => c.type === 'element' && c.tagName === 'td')!;
      expect(cell.properties['className']).toEqual(['doc-number']);
      const number = cell.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
      rows.push([number, String(tr.properties['dataIssuer']), String(tr.properties['dataYear'])]);
    });
    expect(rows).toEqual([
      ['15/KH-UBND', 'UBND phường Trần Phú', '2024'],
      ['02/TB-UBND', 'UBND phường Trần Phú', '2024'],
      ['01/HD-CAP', 'Công an phường Trần Phú', '2023'],
    ]);
    expect(html).toContain('<a href="/thong-bao/ke-hoach/">Kế hoạch ra quân</a>');
    expect(html).toContain('(PDF, 1,9 MB)</a>');
    const options = (id: string) => [.../<select id="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g.exec(html.slice(html.indexOf(`<select id="${id}"`)))![2]!.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
    expect(options('loc-co-quan')).toEqual(['Tất cả', 'Công an phường Trần Phú', 'UBND phường Trần Phú']);
    expect(options('loc-nam')).toEqual(['Tất cả', '2024', '2023']);
    expect(html).toContain('<div class="doc-filter" role="group" aria-label="Lọc văn bản" data-doc-filter data-count="{n} văn bản." hidden>');
    expect(html).toContain('<script src="/assets/documents.js" defer></script>');
  });

  it('should filter the rows in the page by issuer and year, and keep the choice in the address', () => {
    const out = build({
      files: {
        'tin/a.md': article('Lịch tiếp công dân', NOTICE_DOCUMENTS),
        'tin/b.md': article('Hướng dẫn cư trú', ['documents:', '  - file: hd-01.pdf', '    number: "01/HD-CAP"', '    issuer: Công an phường', '    issued: "09/01/2023"']),
      },
      assets: { 'tin/tb-02.pdf': 10, 'tin/hd-01.pdf': 10 },
    });
    const html = out.file('van-ban/index.html');
    // A tiny DOM, enough for the script: the form, two selects, the rows and the status.
    const rows = [...html.matchAll(/<tr data-issuer="([^"]*)" data-year="(\d+)">/g)].map((m) => ({ attrs: { 'data-issuer': m[1]!, 'data-year': m[2]! } as Record<string, string>, hidden: false, getAttribute(n: string) { return this.attrs[n] ?? null; } }));
    const select = (values: string[]) => ({ value: '', options: values.map((value) => ({ value })) });
    const issuer = select(['', 'Công an phường', 'UBND phường Trần Phú']);
    const year = select(['', '2024', '2023']);
    const listeners: Record<string, () => void> = {};
    const form = {
      hidden: true,
      getAttribute: () => '{n} văn bản.',
      querySelector: (s: string) => (s.includes('issuer') ? issuer : year),
      addEventListener: (type: string, fn: () => void) => (listeners[type] = fn),
    };
    const status = { textContent: '' };
    const replaced: string[] = [];
    const context = {
      window: { URLSearchParams },
      URLSearchParams,
      location: { search: '?nam=2023', pathname: '/van-ban/' },
      history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
      document: {
        querySelector: (s: string) => (s === '[data-doc-filter]' ? form : s === '[data-doc-count]' ? status : null),
        querySelectorAll: () => rows,
      },
    };
    vm.runInNewContext(readFileSync(path.join(THEME, 'assets/documents.js'), 'utf8'), context);
    expect(form.hidden).toBe(false);
    expect(rows.map((r) => r.hidden)).toEqual([true, false]);
    expect(status.textContent).toBe('1 văn bản.');
    year.value = '';
    issuer.value = 'UBND phường Trần Phú';
    listeners.change!();
    expect(rows.map((r) => r.hidden)).toEqual([false, true]);
    expect(replaced.at(-1)).toBe('/van-ban/?co-quan=UBND+ph%C6%B0%E1%BB%9Dng+Tr%E1%BA%A7n+Ph%C3%BA');
  });

  it('should write no /van-ban/ page for a site without documents', () => {
    const out = build({ files: { 'tin/a.md': article('Bài') } });
    expect(out.pages.map((p) => p.path)).not.toContain('van-ban/index.html');
    expect(out.file('thong-bao/bai/index.html')).not.toContain('/van-ban/');
  });

  it('should pass html-validate on the article with documents and on /van-ban/', () => {
    const out = build({
      files: {
        'tin/a.md': article('Lịch tiếp công dân', NOTICE_DOCUMENTS, 'Mở đầu.\n\n![Toàn cảnh](anh.jpg "Chú thích")\n\n[Mẫu đơn](mau.docx)\n'),
      },
      assets: { 'tin/tb-02.pdf': 10, 'tin/anh.jpg': 10, 'tin/mau.docx': 10 },
      images: manifest({ 'tin/anh.jpg': record('tin/anh.jpg', 2000, 1500) }),
    });
    const validator = new HtmlValidate(new StaticConfigLoader(JSON.parse(readFileSync(path.join(REPO, '.htmlvalidate.json'), 'utf8')) as ConfigData));
    for (const page of ['thong-bao/lich-tiep-cong-dan/index.html', 'van-ban/index.html', 'index.html']) {
      const report = validator.validateStringSync(out.file(page), page);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)), page).toEqual([]);
    }
  });
});

describe('images: in bantin.yaml', () => {
  it('should default to WebP and fallback variants at 480, 960 and 1600 px, quality 75, originals not published', () => {
    expect(config().images).toEqual({ process: true, widths: [480, 960, 1600], quality: 75, originals: false });
  });

  it('should read the settings and refuse wrong ones at their line', () => {
    expect(config('images:\n  widths: [1200, 640]\n  quality: 60\n  originals: true\n').images).toEqual({ process: true, widths: [640, 1200], quality: 60, originals: true });
    const { diagnostics } = resolveConfig('images:\n  widths: [0]\n  qualty: 60\n', 'bantin.yaml');
    expect(diagnostics.map((d) => [d.code, d.line, d.message]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['BT202', 2, 'Trường "images.widths" phải là danh sách từ 1 đến 8 chiều rộng (điểm ảnh, từ 16 đến 8192).'],
      ['BT202', 3, 'Trường "images.qualty" không có trong cấu hình của bantin.'],
    ]);
  });
});
