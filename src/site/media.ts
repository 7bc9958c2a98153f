/**
 * Media: responsive images, attached files and legal documents. Pure: the edge
 * (src/images/process-images.ts) reads and encodes the images and hands over a manifest; this module turns the
 * manifest into `<picture>` markup, list thumbnails and link-preview images, lists the files an
 * article links to ("Tài liệu đính kèm"), validates the `documents:` of notices and plans the
 * page of every document of the site (`/van-ban/`).
 *
 * The article body cached by the per-article stage keeps plain `<img src>`: pictures are made
 * here (on a copy of its tree), after the site model is built, so a change of image settings never re-renders Markdown.
 */
import { mapBody } from '../content/parked-body.js';
import { posix } from 'node:path';
import { formatSize as formatFileSize } from '../text/format-size.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatIsoDate, formatShortDate, zonedParts } from '../text/dates.js';
import { encodePath } from '../text/url-path.js';
import { documentsOf, type AttachmentView, type DocumentView, type SiteArticle, type SiteMedia, type SiteModel } from './model.js';
import { pictureOf, rewriteImages } from './pictures.js';
import { DOCUMENT_FILE, imageUses, type ImageManifest, type ImageRecord } from './images.js';
import { type DocumentEntry } from './model.js';

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
 * show, and every document of the site, newest first, for `/van-ban/` (src/pages/documents-page.ts).
 * Diagnostics name content-relative sources. Call before planning pages.
 *
 * Long: the media stage checks images, pictures and documents of every article against one manifest and one set of asset sizes, and returns the lookups pages need; the three parts share those maps.
 */
export function applyMedia(site: SiteModel, input: MediaInput): { media: SiteMedia; diagnostics: Diagnostic[]; documents: DocumentEntry[] } {
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
    for (const a of documentsOf(site)) {
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
      (a as { body: SiteArticle['body'] }).body = mapBody(a.body, (tree) => rewriteImages(tree, (src) => bySrc.get(src), base));
    }
    // A file no article shows that carries metadata bantin cannot remove: never published as it is.
    for (const [path, failure] of manifest.failures) {
      if (failure.reason !== 'metadata') continue;
      diagnostics.push(
        error(
          'BT324',
          path,
          `Ảnh "${path}" mang thông tin kèm theo (có thể có vị trí GPS, máy chụp) nhưng không đọc được để xoá (${failure.detail}); bantin không đăng ảnh này như nó đang là.`,
          'Mở ảnh bằng trình xem ảnh để kiểm tra; lưu lại ảnh (JPEG hoặc PNG) rồi chép vào, hoặc xoá tệp nếu không cần.',
        ),
      );
    }
  }

  const sizeOf = (path: string): string | null => {
    const bytes = input.assetSizes?.get(path);
    return bytes === undefined ? null : formatFileSize(bytes);
  };
  const typeOf = (path: string) => posix.extname(path).slice(1).toUpperCase();

  // Documents: their files must exist.
  const documentViews = new Map<SiteArticle, DocumentView[]>();
  const list: DocumentEntry[] = [];
  for (const a of documentsOf(site)) {
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
      out.push({ name: linkText(a.references, ref.target) || posix.basename(ref.target), url, type: typeOf(ref.target), size: sizeOf(ref.target) });
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

  return { media, diagnostics, documents: list };
}

/** Text of the first link to a file (the Markdown stage keeps each link's text with its reference). */
function linkText(references: SiteArticle['references'], target: string): string {
  for (const ref of references) {
    if ((ref.kind === 'file' || ref.kind === 'url') && ref.target === target && ref.use === 'link') return ref.text;
  }
  return '';
}
