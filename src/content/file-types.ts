/**
 * The trust boundary of `content/`: what a content file may be. Content is written by editors and
 * arrives by pull request, so it is data, never code: Markdown articles plus the media and
 * documents they link to, each type on an allowlist and checked by its first bytes (its magic
 * number), not only by its extension. Anything else — a page (`.html`), an SVG (it can carry
 * script), XML/XSL, JavaScript, host control files (`_redirects`, `_headers`, `CNAME`), any unknown
 * type — is refused, with the hint to put it in the trusted `static/` folder beside `templates/`,
 * which is reviewed like the templates and copied as it is.
 *
 * Pure: the edge (src/project/load-site.ts) reads the first `SNIFF_BYTES` bytes of each file.
 */
import { posix } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** How many leading bytes `checkContentFile` needs. */
export const SNIFF_BYTES = 16;

/** The trusted folder, beside `templates/`, whose files are published as they are. */
export const STATIC_FOLDER = 'static';

type Sniff = (bytes: Uint8Array) => boolean;

const at = (bytes: Uint8Array, offset: number, text: string): boolean => [...text].every((c, i) => bytes[offset + i] === c.charCodeAt(0));
const jpeg: Sniff = (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const png: Sniff = (b) => b[0] === 0x89 && at(b, 1, 'PNG\r\n\x1a\n');
const webp: Sniff = (b) => at(b, 0, 'RIFF') && at(b, 8, 'WEBP');
const gif: Sniff = (b) => at(b, 0, 'GIF87a') || at(b, 0, 'GIF89a');
const tiff: Sniff = (b) => at(b, 0, 'II*\0') || at(b, 0, 'MM\0*');
const bmp: Sniff = (b) => at(b, 0, 'BM');
/** ISO base media (MP4, M4A, HEIC, AVIF): a `ftyp` box first. */
const isoMedia: Sniff = (b) => at(b, 4, 'ftyp');
const pdf: Sniff = (b) => at(b, 0, '%PDF-');
/** Old Office files (doc, xls, ppt): the OLE2 compound file header. */
const ole2: Sniff = (b) => [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((x, i) => b[i] === x);
/** ZIP and every format inside one (docx, xlsx, pptx, odt, ods, odp); `PK\5\6` is an empty archive. */
const zip: Sniff = (b) => at(b, 0, 'PK\x03\x04') || at(b, 0, 'PK\x05\x06');
const mp3: Sniff = (b) => at(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0);
const ebml: Sniff = (b) => [0x1a, 0x45, 0xdf, 0xa3].every((x, i) => b[i] === x);
const ogg: Sniff = (b) => at(b, 0, 'OggS');
/**
 * Any raster image: phones and editors often save a JPEG under `.png` (or the reverse), which
 * browsers and the image step read by content. None of these can carry script.
 */
const raster: Sniff = (b) => jpeg(b) || png(b) || webp(b) || gif(b) || tiff(b) || bmp(b) || isoMedia(b);
const wav: Sniff = (b) => at(b, 0, 'RIFF') && at(b, 8, 'WAVE');

/** Allowed extensions (lower case, without the dot) → what their bytes must look like, and a name for messages. */
const ALLOWED: ReadonlyMap<string, { sniff: Sniff; kind: string }> = new Map([
  ...['jpg', 'jpeg', 'jfif', 'jpe'].map((e) => [e, { sniff: raster, kind: 'ảnh JPEG' }] as const),
  ['png', { sniff: raster, kind: 'ảnh PNG' }],
  ['webp', { sniff: raster, kind: 'ảnh WebP' }],
  ['gif', { sniff: raster, kind: 'ảnh GIF' }],
  // Refused where an article shows them (BT322, with the hint to save as JPEG), harmless as files.
  ...['tif', 'tiff'].map((e) => [e, { sniff: raster, kind: 'ảnh TIFF' }] as const),
  ['bmp', { sniff: raster, kind: 'ảnh BMP' }],
  ...['heic', 'heif', 'avif'].map((e) => [e, { sniff: raster, kind: 'ảnh HEIC/AVIF' }] as const),
  ['pdf', { sniff: pdf, kind: 'tệp PDF' }],
  ...['doc', 'xls', 'ppt'].map((e) => [e, { sniff: ole2, kind: 'tệp Office' }] as const),
  ...['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'].map((e) => [e, { sniff: zip, kind: 'tệp Office' }] as const),
  ['zip', { sniff: zip, kind: 'tệp nén ZIP' }],
  ['mp3', { sniff: mp3, kind: 'tệp âm thanh MP3' }],
  ...['mp4', 'm4a', 'm4v', 'mov'].map((e) => [e, { sniff: isoMedia, kind: 'tệp MP4' }] as const),
  ['webm', { sniff: ebml, kind: 'tệp WebM' }],
  ...['ogg', 'oga', 'ogv', 'opus'].map((e) => [e, { sniff: ogg, kind: 'tệp Ogg' }] as const),
  ['wav', { sniff: wav, kind: 'tệp WAV' }],
]);

/** Extensions a content file may have besides `.md`, for messages and the README. */
export const ALLOWED_EXTENSIONS: readonly string[] = [...ALLOWED.keys()];

/** True for a Markdown article (`.md`, any case). */
export function isMarkdownPath(path: string): boolean {
  return /\.md$/i.test(path);
}

/**
 * Whether a content file other than Markdown may be published: its extension is on the allowlist
 * and its first bytes match that type. Returns the problem as a diagnostic (BT009), else undefined.
 *
 * @param path Content-relative path (`tin/anh.jpg`).
 * @param head The file's first `SNIFF_BYTES` bytes (fewer for a shorter file).
 * @param display The path shown in the message (`content/tin/anh.jpg`).
 */
export function checkContentFile(path: string, head: Uint8Array, display: string): Diagnostic | undefined {
  const name = posix.basename(path);
  const ext = posix.extname(name).slice(1).toLowerCase();
  const allowed = ext === '' || name.startsWith('.') ? undefined : ALLOWED.get(ext);
  const move = `Nếu tệp này phải được đăng nguyên dạng (trang HTML, ảnh SVG, tệp xác minh, CNAME…), chuyển nó vào thư mục ${STATIC_FOLDER}/ cạnh templates/ — thư mục này được duyệt như giao diện; nếu không, xoá nó khỏi content/.`;
  if (allowed === undefined) {
    return error(
      'BT009',
      display,
      `Tệp "${name}" không thuộc loại được đăng từ thư mục nội dung (chỉ bài viết .md, ảnh, PDF, tài liệu văn phòng, tệp nén, âm thanh và video).`,
      move,
    );
  }
  if (!allowed.sniff(head)) {
    return error(
      'BT009',
      display,
      `Tệp "${name}" mang đuôi .${ext} nhưng nội dung không phải ${allowed.kind}.`,
      `Mở tệp để kiểm tra rồi lưu lại đúng định dạng (hoặc đặt đúng đuôi tệp). ${move}`,
    );
  }
  return undefined;
}
