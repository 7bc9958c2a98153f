/**
 * Media: responsive images, attached files and legal documents. Pure: the edge
 * (src/io/images.ts) reads and encodes the images and hands over a manifest; this module turns the
 * manifest into `<picture>` markup, list thumbnails and link-preview images, lists the files an
 * article links to ("Tài liệu đính kèm"), validates the `documents:` of notices and plans the
 * page of every document of the site (`/van-ban/`).
 *
 * The article HTML cached by the per-article stage keeps plain `<img src>`: pictures are made
 * here, after the site model is built, so a change of image settings never re-renders Markdown.
 */
import { posix } from 'node:path';
import { formatSize as formatFileSize } from './check-images.js';
import { closest } from './suggest.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatIsoDate, formatShortDate, parseDate, zonedParts } from './dates.js';
import { resolveInsideContent } from './markdown.js';
import { encodePath } from './paths.js';
import type { LinkView, PageContext, PageExtension } from './pages.js';
import type { SiteArticle, SiteModel } from './site.js';
import type { Position } from './yaml.js';

// ---------------------------------------------------------------------------
// Kinds of files
// ---------------------------------------------------------------------------

/** Images bantin makes responsive variants of. */
export const PROCESSED_IMAGE = /\.(jpe?g|png|webp)$/i;
/** Images copied as they are: vector (never inlined into pages) and possibly animated GIF. */
export const COPIED_IMAGE = /\.(svg|gif)$/i;
/** Pictures that phones, scanners or cameras make but that many residents' browsers cannot show. */
export const UNSUPPORTED_IMAGE = /\.(tiff?|bmp|heic|heif|avif|jxl|jp2)$/i;
/** Files shown under "Tài liệu đính kèm" when an article links to them. */
export const DOCUMENT_FILE = /\.(pdf|docx?|xlsx?|odt|ods|zip)$/i;

export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** The format of the fallback variants (and of the file published at the original's address): the original's. */
export function fallbackFormat(path: string): ImageFormat {
  const ext = posix.extname(path).toLowerCase();
  return ext === '.png' ? 'png' : ext === '.webp' ? 'webp' : 'jpeg';
}

const EXTENSION: Record<ImageFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** Content-relative path of one variant: `tin/anh.jpg`, 960, webp → `tin/anh-960w.webp`. Deterministic. */
export function variantPath(path: string, width: number, format: ImageFormat): string {
  const ext = posix.extname(path);
  return `${path.slice(0, path.length - ext.length)}-${width}w.${EXTENSION[format]}`;
}

/** Content-relative path of the link-preview crop (og:image, 1200×630 JPEG): `tin/anh-og.jpg`. */
export function ogImagePath(path: string): string {
  const ext = posix.extname(path);
  return `${path.slice(0, path.length - ext.length)}-og.jpg`;
}

/** Size of the link-preview crop that Facebook and Zalo show large. */
export const OG_SIZE = { width: 1200, height: 630 } as const;

// ---------------------------------------------------------------------------
// The manifest the edge makes
// ---------------------------------------------------------------------------

export interface ImageVariant {
  /** Content-relative output path (`tin/anh-960w.webp`). */
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFormat;
  readonly bytes: number;
}

export interface ImageRecord {
  /** Size of the original after its EXIF orientation is applied. */
  readonly width: number;
  readonly height: number;
  /** Format of the fallback variants: the original's. */
  readonly format: ImageFormat;
  /** Every variant, WebP first, then the fallback format; each by ascending width. */
  readonly variants: readonly ImageVariant[];
  /** The 1200×630 crop for link previews, when asked for. */
  readonly og?: ImageVariant | undefined;
}

export interface ImageFailure {
  /** `corrupt`: the file could not be decoded; `unsupported`: a format browsers of residents cannot show. */
  readonly reason: 'corrupt' | 'unsupported';
  /** The library's message or the format found, for the editor. */
  readonly detail: string;
}

/** What the edge made of each image articles use, by content-relative path of the original. */
export interface ImageManifest {
  readonly images: ReadonlyMap<string, ImageRecord>;
  readonly failures: ReadonlyMap<string, ImageFailure>;
}

/** One place an article shows an image: its cover or an `<img>` of its body. */
export interface ImageUse {
  readonly target: string;
  readonly line: number;
  readonly column: number;
  readonly written: string;
  readonly cover: boolean;
}

/** Path (no query, no fragment) of every `<img src>` of a body. */
function imageSources(html: string): Set<string> {
  const sources = new Set<string>();
  for (const m of html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/g)) sources.add(m[1]!.replace(/[?#].*$/, ''));
  return sources;
}

/**
 * The images an article shows: its cover and every local image of its body (not the files it
 * only links to), in order, each with where the editor wrote it. Pure.
 */
export function imageUses(article: Pick<SiteArticle, 'image' | 'html' | 'references' | 'lines'>, basePath: string): ImageUse[] {
  const uses: ImageUse[] = [];
  if (article.image) uses.push({ target: article.image, line: article.lines.image ?? 1, column: 1, written: article.image, cover: true });
  if (!article.html.includes('<img')) return uses;
  const sources = imageSources(article.html);
  for (const ref of article.references) {
    if (ref.kind !== 'file' && ref.kind !== 'url') continue;
    if (sources.has(basePath + encodePath(ref.target))) uses.push({ target: ref.target, line: ref.line, column: ref.column, written: ref.written, cover: false });
  }
  return uses;
}

// ---------------------------------------------------------------------------
// Markup
// ---------------------------------------------------------------------------

/** A picture for templates (`partials/picture.hbs`): the fallback `src`/`srcset`, the WebP `srcset` and the size. */
export interface PictureView {
  readonly src: string;
  readonly srcset: string;
  /** Null when the fallback is WebP already. */
  readonly webpSrcset: string | null;
  readonly width: number;
  readonly height: number;
}

/** `sizes` of a body image: the article column is at most 46rem wide (templates/assets/style.css). */
export const BODY_SIZES = '(min-width: 48rem) 46rem, 100vw';

/**
 * The picture of a manifest record. `src` is the fallback variant of the width nearest to
 * `preferred` from below (what a browser without `srcset` loads).
 */
export function pictureOf(record: ImageRecord, basePath: string, preferred = 960): PictureView {
  const href = (p: string) => basePath + encodePath(p);
  const set = (format: ImageFormat) =>
    record.variants
      .filter((v) => v.format === format)
      .map((v) => `${href(v.path)} ${v.width}w`)
      .join(', ');
  const fallbacks = record.variants.filter((v) => v.format === record.format);
  const largest = fallbacks[fallbacks.length - 1] ?? record.variants[record.variants.length - 1]!;
  const src = [...fallbacks].reverse().find((v) => v.width <= preferred) ?? fallbacks[0] ?? largest;
  return {
    src: href(src.path),
    srcset: set(record.format),
    webpSrcset: record.format === 'webp' ? null : set('webp'),
    width: largest.width,
    height: largest.height,
  };
}

/** `<picture>` markup of a body image; `attributes` is the original `<img>`'s alt (and title), already escaped. */
function pictureMarkup(picture: PictureView, attributes: string, lazy: boolean): string {
  const loading = lazy ? ' loading="lazy" decoding="async"' : '';
  const source = picture.webpSrcset ? `<source type="image/webp" srcset="${picture.webpSrcset}" sizes="${BODY_SIZES}">` : '';
  return (
    `<picture>${source}<img src="${picture.src}" srcset="${picture.srcset}" sizes="${BODY_SIZES}" ` +
    `width="${picture.width}" height="${picture.height}"${attributes}${loading}></picture>`
  );
}

/**
 * Turn each `<img>` of a rendered body whose file has variants into a `<picture>` with `srcset`,
 * `sizes`, `width`/`height`; every image but the first is loaded lazily. Pure; the input is the
 * sanitised HTML of the Markdown stage (double-quoted attributes), `<figure>`/`<figcaption>` stay.
 *
 * @param lookup The record of a site path (`/tin/anh.jpg`, as in `src`), if it has variants.
 */
export function rewriteImages(html: string, lookup: (src: string) => ImageRecord | undefined, basePath: string): string {
  if (!html.includes('<img')) return html;
  let index = 0;
  return html.replace(/<img\b([^>]*)>/g, (tag, attrs: string) => {
    const lazy = index++ > 0;
    const attributes = [...attrs.matchAll(/\s([a-zA-Z-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const);
    const src = attributes.find(([k]) => k === 'src')?.[1];
    const record = src === undefined ? undefined : lookup(src);
    if (!record) {
      if (!lazy || attributes.some(([k]) => k === 'loading')) return tag;
      return `<img${attrs} loading="lazy" decoding="async">`;
    }
    const kept = attributes
      .filter(([k]) => k === 'alt' || k === 'title')
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('');
    return pictureMarkup(pictureOf(record, basePath), kept, lazy);
  });
}

// ---------------------------------------------------------------------------
// Documents (front-matter)
// ---------------------------------------------------------------------------

/** One legal document of a notice, as validated from its `documents:` list. */
export interface DocumentData {
  /** Content-relative path of the file. */
  readonly file: string;
  /** The path as the editor wrote it. */
  readonly written: string;
  /** Số ký hiệu, e.g. `12/TB-UBND`. */
  readonly number: string;
  /** Cơ quan ban hành; '' means the site's organisation. */
  readonly issuer: string;
  /** Ngày ban hành, epoch ms. */
  readonly issued: number;
  /** Ngày hiệu lực, epoch ms, or null. */
  readonly effective: number | null;
  /** Trích yếu; '' means the article's title. */
  readonly summary: string;
  /** Position of the entry's `file` (or of the entry), for later errors. */
  readonly line: number;
  readonly column: number;
}

const DOCUMENT_KEYS = ['file', 'number', 'issuer', 'issued', 'effective', 'summary'] as const;
const DOCUMENT_EXAMPLE = [
  'documents:',
  '  - file: thong-bao-12.pdf',
  '    number: 12/TB-UBND',
  '    issuer: UBND phường Trần Phú',
  '    issued: 03/01/2024',
  '    summary: Lịch tiếp công dân năm 2024',
].join('\n');

/**
 * Validate the `documents:` of an article's front-matter. Pure.
 *
 * @param value The parsed YAML value (failsafe: scalars are text), undefined when absent.
 * @param positions Positions of the front-matter keys by dotted path (`documents.0.number`).
 */
export function parseDocuments(
  value: unknown,
  positions: ReadonlyMap<string, Position>,
  file: string,
  timeZone: string,
): { documents: DocumentData[]; diagnostics: Diagnostic[] } {
  const documents: DocumentData[] = [];
  const diagnostics: Diagnostic[] = [];
  if (value === undefined || value === null || value === '') return { documents, diagnostics };
  const at = (key: string, fallback?: string): Position => positions.get(key) ?? (fallback ? positions.get(fallback) : undefined) ?? positions.get('documents') ?? { line: 1, column: 1 };
  const fail = (code: string, key: string, message: string, hint: string, fallback?: string) => {
    const p = at(key, fallback);
    diagnostics.push(error(code, file, message, hint, p.line, p.column));
  };
  if (!Array.isArray(value)) {
    fail('BT330', 'documents', 'Trường "documents" phải là danh sách các văn bản, mỗi văn bản bắt đầu bằng dấu "-".', `Ví dụ:\n${DOCUMENT_EXAMPLE}`);
    return { documents, diagnostics };
  }
  value.forEach((entry, i) => {
    const key = `documents.${i}`;
    const n = i + 1;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      fail('BT330', key, `Văn bản thứ ${n} trong "documents" phải là nhóm các trường file, number, issuer, issued, summary.`, `Ví dụ:\n${DOCUMENT_EXAMPLE}`);
      return;
    }
    const obj = entry as Record<string, unknown>;
    let ok = true;
    for (const k of Object.keys(obj)) {
      if ((DOCUMENT_KEYS as readonly string[]).includes(k)) continue;
      const near = closest(k, DOCUMENT_KEYS);
      fail('BT331', `${key}.${k}`, `Văn bản thứ ${n}: trường "${k}" không có trong danh sách trường của văn bản.`, near ? `Có phải ý bạn là "${near}"? Các trường: ${DOCUMENT_KEYS.join(', ')}.` : `Các trường: ${DOCUMENT_KEYS.join(', ')}.`, key);
      ok = false;
    }
    const text = (k: (typeof DOCUMENT_KEYS)[number]): string | undefined => {
      const v = obj[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') {
        fail('BT330', `${key}.${k}`, `Văn bản thứ ${n}: trường "${k}" phải là một đoạn chữ.`, 'Viết giá trị trên cùng dòng, sau dấu hai chấm; có dấu hai chấm thì đặt trong ngoặc kép.', key);
        ok = false;
        return undefined;
      }
      return v.trim() || undefined;
    };
    const written = text('file');
    let target: string | undefined;
    if (written === undefined) {
      if (obj.file === undefined || obj.file === null || obj.file === '') {
        fail('BT332', key, `Văn bản thứ ${n} thiếu trường "file" (tệp văn bản để người dân tải về).`, 'Đặt tệp (PDF, DOCX…) cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf');
      }
      ok = false;
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//')) {
      fail('BT332', `${key}.file`, `Tệp văn bản "${written}" phải nằm trong thư mục nội dung.`, 'Đặt tệp cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf', key);
      ok = false;
    } else {
      let decoded = written;
      try {
        decoded = decodeURI(written);
      } catch {
        // Keep it as written.
      }
      target = resolveInsideContent(file, decoded.normalize('NFC'));
      if (target === undefined || target === '') {
        fail('BT332', `${key}.file`, `Tệp văn bản "${written}" trỏ ra ngoài thư mục nội dung.`, 'Đặt tệp cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf', key);
        ok = false;
      }
    }
    const number = text('number');
    if (number === undefined) {
      if (obj.number === undefined || obj.number === null || obj.number === '') {
        fail('BT333', key, `Văn bản thứ ${n} thiếu số ký hiệu (trường "number").`, 'Ghi số ký hiệu như trên văn bản, trong ngoặc kép, ví dụ: number: "12/TB-UBND"');
      }
      ok = false;
    }
    const date = (k: 'issued' | 'effective', required: boolean): number | null | undefined => {
      const t = text(k);
      if (t === undefined) {
        if (required && (obj[k] === undefined || obj[k] === null || obj[k] === '')) {
          fail('BT334', key, `Văn bản thứ ${n} thiếu ngày ban hành (trường "issued").`, 'Ghi ngày ban hành như trên văn bản, ngày trước tháng, ví dụ: issued: 03/01/2024');
          return undefined;
        }
        return obj[k] === undefined || obj[k] === null || obj[k] === '' ? null : undefined;
      }
      const parsed = parseDate(t, timeZone);
      if (parsed.ok) return parsed.epochMs;
      const label = k === 'issued' ? 'ngày ban hành' : 'ngày hiệu lực';
      fail('BT334', `${key}.${k}`, `Văn bản thứ ${n}, ${label}: ${parsed.message}`, parsed.hint, key);
      return undefined;
    };
    const issued = date('issued', true);
    const effective = date('effective', false);
    const issuer = text('issuer') ?? '';
    const summary = text('summary') ?? '';
    if (!ok || target === undefined || number === undefined || issued === undefined || issued === null || effective === undefined) return;
    const p = at(`${key}.file`, key);
    documents.push({ file: target, written: written!, number, issuer, issued, effective, summary, line: p.line, column: p.column });
  });
  return { documents, diagnostics };
}

// ---------------------------------------------------------------------------
// The media stage
// ---------------------------------------------------------------------------

/** A file an article links to, for "Tài liệu đính kèm". */
export interface AttachmentView {
  /** The link's text, else the file name. */
  readonly name: string;
  readonly url: string;
  /** `PDF`, `DOCX`, … */
  readonly type: string;
  /** `245 KB`, `1,2 MB`, or null when unknown. */
  readonly size: string | null;
}

export interface DocumentView {
  readonly number: string;
  readonly issuer: string;
  /** `03/01/2024` */
  readonly issued: string;
  /** `2024-01-03` */
  readonly issuedIso: string;
  readonly effective: string | null;
  readonly effectiveIso: string | null;
  readonly summary: string;
  readonly year: number;
  readonly url: string;
  readonly type: string;
  readonly size: string | null;
}

export interface DocumentListItem extends DocumentView {
  /** The article that publishes it. */
  readonly article: LinkView;
}

/** Data of the page of every document (`/van-ban/`). */
export interface DocumentsPageView {
  /** Newest first (date issued, then number, then article). */
  readonly items: readonly DocumentListItem[];
  /** Issuers for the filter, in Vietnamese order. */
  readonly issuers: readonly string[];
  /** Years for the filter, newest first. */
  readonly years: readonly number[];
}

/** What the pages need from the media stage (`SiteModel.media`). */
export interface SiteMedia {
  /** The list thumbnail of an article (its cover, else its first image), when it has variants. */
  pictureOf(article: SiteArticle): PictureView | null;
  /** Content-relative path of the link-preview crop of an article's picture, or null. */
  ogImageOf(article: SiteArticle): string | null;
  attachmentsOf(article: SiteArticle): readonly AttachmentView[];
  documentsOf(article: SiteArticle): readonly DocumentView[];
  /** Path of the documents page under the base (`van-ban/`), or null when the site has no document. */
  readonly documentsUrl: string | null;
}

/** Path under the base of the page of every document. */
export const DOCUMENTS_PAGE = 'van-ban/';

export interface MediaInput {
  /** What the edge made of the images; absent: images are left as written (dev server, tests). */
  readonly manifest?: ImageManifest | undefined;
  /** Size of each content file by content-relative path, for "Tải về (PDF, 245 KB)". */
  readonly assetSizes?: ReadonlyMap<string, number> | undefined;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * The media stage, after the site model is built: rewrites the body of every published article
 * with pictures (when there is a manifest), checks images and documents, and gives what pages
 * show. Diagnostics name content-relative sources. Call before planning pages.
 */
export function applyMedia(site: SiteModel, input: MediaInput): { media: SiteMedia; diagnostics: Diagnostic[]; extension: PageExtension } {
  const { config } = site;
  const base = config.basePath;
  const tz = config.timeZone;
  const href = (p: string) => base + encodePath(p);
  const diagnostics: Diagnostic[] = [];
  const manifest = input.manifest;
  const assets = new Set(site.assets);

  // Images: every use of a file that could not be read is an error where it is written.
  const bySrc = new Map<string, ImageRecord>();
  if (manifest) {
    for (const [path, record] of manifest.images) bySrc.set(href(path), record);
    const taken = new Map<string, string>();
    for (const [path, record] of [...manifest.images].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const out of [...record.variants, ...(record.og ? [record.og] : [])]) {
        const other = taken.get(out.path) ?? (assets.has(out.path) ? out.path : undefined);
        if (other !== undefined) {
          diagnostics.push(
            error(
              'BT323',
              path,
              `Ảnh "${path}" cần ghi bản thu nhỏ "${out.path}", trùng với ${other === out.path ? 'một tệp cùng tên trong thư mục nội dung' : `bản thu nhỏ của ảnh "${other}"`}.`,
              'Đổi tên một trong hai tệp (ví dụ bỏ đuôi -960w, hoặc đặt tên ảnh .jpg và .png khác nhau).',
            ),
          );
        } else taken.set(out.path, path);
      }
    }
    for (const a of site.articles) {
      const reported = new Set<string>();
      for (const use of imageUses(a, base)) {
        const failure = manifest.failures.get(use.target);
        // Once per file and article, where it is first shown.
        if (!failure || reported.has(use.target)) continue;
        reported.add(use.target);
        diagnostics.push(
          failure.reason === 'unsupported'
            ? error(
                'BT322',
                a.source,
                `Ảnh "${use.written}" có định dạng ${failure.detail} mà trình duyệt trên nhiều điện thoại không hiển thị được.`,
                'Mở ảnh và lưu lại dưới dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, ảnh chụp màn hình), rồi sửa tên tệp trong bài.',
                use.line,
                use.column,
              )
            : error(
                'BT321',
                a.source,
                `Không đọc được ảnh "${use.written}": tệp bị hỏng hoặc không phải ảnh (${failure.detail}).`,
                'Mở ảnh bằng trình xem ảnh trên máy tính để kiểm tra; chép lại ảnh từ điện thoại hoặc lưu lại dưới dạng JPEG.',
                use.line,
                use.column,
              ),
        );
      }
      (a as { html: string }).html = rewriteImages(a.html, (src) => bySrc.get(src), base);
    }
  }

  const sizeOf = (path: string): string | null => {
    const bytes = input.assetSizes?.get(path);
    return bytes === undefined ? null : formatFileSize(bytes);
  };
  const typeOf = (path: string) => posix.extname(path).slice(1).toUpperCase();

  // Documents: their files must exist.
  const documentViews = new Map<SiteArticle, DocumentView[]>();
  const list: DocumentListItem[] = [];
  for (const a of site.articles) {
    const docs = a.documents ?? [];
    if (docs.length === 0) continue;
    const views: DocumentView[] = [];
    for (const d of docs) {
      if (!assets.has(d.file)) {
        diagnostics.push(
          error(
            'BT335',
            a.source,
            `Không tìm thấy tệp văn bản "${d.written}" (${d.file}).`,
            'Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết hoặc trong thư mục content.',
            d.line,
            d.column,
          ),
        );
        continue;
      }
      const issuedIso = formatIsoDate(d.issued, tz).slice(0, 10);
      const view: DocumentView = {
        number: d.number,
        issuer: d.issuer || config.organization.name,
        issued: formatShortDate(d.issued, tz, false),
        issuedIso,
        effective: d.effective === null ? null : formatShortDate(d.effective, tz, false),
        effectiveIso: d.effective === null ? null : formatIsoDate(d.effective, tz).slice(0, 10),
        summary: d.summary || a.title,
        year: zonedParts(d.issued, tz).year,
        url: href(d.file),
        type: typeOf(d.file),
        size: sizeOf(d.file),
      };
      views.push(view);
      list.push({ ...view, article: { name: a.title, url: href(a.url) } });
    }
    documentViews.set(a, views);
  }
  const issuedOf = new Map(list.map((item) => [item, item.issuedIso]));
  list.sort((x, y) => {
    const dx = issuedOf.get(x)!;
    const dy = issuedOf.get(y)!;
    if (dx !== dy) return dx < dy ? 1 : -1;
    return collator.compare(x.number, y.number) || (x.article.url < y.article.url ? -1 : x.article.url > y.article.url ? 1 : 0);
  });
  const documentsUrl = list.length > 0 ? DOCUMENTS_PAGE : null;
  if (documentsUrl) {
    const clash = site.categories.find((c) => `${c.slug}/` === documentsUrl);
    if (clash) {
      diagnostics.push(
        error(
          'BT336',
          clash.articles[0]?.source ?? 'bantin.yaml',
          `Chuyên mục "${clash.name}" có đường dẫn /${clash.slug}/, trùng với trang văn bản của bantin.`,
          `Đặt slug khác cho chuyên mục này trong bantin.yaml, ví dụ: slug: ${clash.slug}-tin`,
        ),
      );
    }
  }

  const attachmentsOf = (a: SiteArticle): AttachmentView[] => {
    const listed = new Set((a.documents ?? []).map((d) => d.file));
    const seen = new Set<string>();
    const out: AttachmentView[] = [];
    for (const ref of a.references) {
      if ((ref.kind !== 'file' && ref.kind !== 'url') || !DOCUMENT_FILE.test(ref.target) || !assets.has(ref.target)) continue;
      if (listed.has(ref.target) || seen.has(ref.target)) continue;
      seen.add(ref.target);
      const url = href(ref.target);
      out.push({ name: linkText(a.html, url) || posix.basename(ref.target), url, type: typeOf(ref.target), size: sizeOf(ref.target) });
    }
    return out;
  };

  const pictureFor = (a: SiteArticle): ImageRecord | undefined => {
    const path = a.image || a.firstImage;
    return path ? manifest?.images.get(path) : undefined;
  };
  const media: SiteMedia = {
    pictureOf: (a) => {
      const record = pictureFor(a);
      return record ? pictureOf(record, base, 480) : null;
    },
    ogImageOf: (a) => pictureFor(a)?.og?.path ?? null,
    attachmentsOf,
    documentsOf: (a) => documentViews.get(a) ?? [],
    documentsUrl,
  };

  const extension: PageExtension = {
    plan(ctx: PageContext) {
      if (!documentsUrl) return [];
      const issuers = [...new Set(list.map((d) => d.issuer).filter((i) => i !== ''))].sort(collator.compare);
      const years = [...new Set(list.map((d) => d.year))].sort((x, y) => y - x);
      const title = 'Văn bản';
      ctx.add(documentsUrl, 'documents', () => ({
        article: null,
        category: null,
        articles: [],
        sections: [],
        page: {
          title,
          description: `Các văn bản, thông báo do ${config.organization.name || config.title} ban hành: số ký hiệu, ngày ban hành, trích yếu và tệp để tải về.`,
          url: ctx.href(documentsUrl),
          canonical: ctx.abs(documentsUrl),
          image: ctx.logoImage,
          breadcrumbs: [ctx.home, { name: title, url: ctx.href(documentsUrl) }],
          pagination: null,
          isHome: false,
        },
        documents: { items: list, issuers, years },
      }));
      return [];
    },
  };
  return { media, diagnostics, extension };
}

/** Two page extensions as one: pages planned by `first`, then by `second`; views decorated by both. */
export function combineExtensions(first: PageExtension | undefined, second: PageExtension | undefined): PageExtension | undefined {
  if (!first || !second) return first ?? second;
  return {
    ...(first.tagUrl ? { tagUrl: first.tagUrl } : second.tagUrl ? { tagUrl: second.tagUrl } : {}),
    ...(first.authorUrl ? { authorUrl: first.authorUrl } : second.authorUrl ? { authorUrl: second.authorUrl } : {}),
    plan: (ctx) => [...(first.plan?.(ctx) ?? []), ...(second.plan?.(ctx) ?? [])],
    decorate: (view, page) => {
      const once = first.decorate ? first.decorate(view, page) : view;
      return second.decorate ? second.decorate(once, page) : once;
    },
  };
}

/** Text of the first link to `url` (optionally with a fragment) in a body, without tags and entities. */
function linkText(html: string, url: string): string {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<a href="${escaped}(?:#[^"]*)?"[^>]*>([\\s\\S]*?)</a>`).exec(html);
  if (!m) return '';
  return decodeEntities(m[1]!.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[body.toLowerCase()] ?? whole;
  });
}

