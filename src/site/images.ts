import { posix } from 'node:path';
import { bodyOf } from '../content/parked-body.js';
import { type SiteArticle } from './model.js';
import { encodePath } from '../text/url-path.js';
import { stringProperty, visitElements, type BodyTree } from '../content/body.js';

// ---------------------------------------------------------------------------
// Kinds of files
// ---------------------------------------------------------------------------

/** Images bantin makes responsive variants of. */
export const PROCESSED_IMAGE = /\.(jpe?g|jfif|jpe|png|webp)$/i;

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
  /**
   * `corrupt`: the file could not be decoded; `unsupported`: a format browsers of residents cannot show;
   * `metadata`: a file no article shows carries metadata (GPS…) and cannot be decoded to remove it.
   */
  readonly reason: 'corrupt' | 'unsupported' | 'metadata';
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
function imageSources(body: BodyTree): Set<string> {
  const sources = new Set<string>();
  visitElements(body, (element) => {
    const src = element.tagName === 'img' ? stringProperty(element, 'src') : undefined;
    if (src !== undefined) sources.add(src.split(/[?#]/)[0]!);
  });
  return sources;
}

/**
 * The images an article shows: its cover and every local image of its body (not the files it
 * only links to), in order, each with where the editor wrote it. Pure.
 */
export function imageUses(article: Pick<SiteArticle, 'image' | 'body' | 'references' | 'lines'>, basePath: string): ImageUse[] {
  const uses: ImageUse[] = [];
  if (article.image) uses.push({ target: article.image, line: article.lines.image ?? 1, column: 1, written: article.image, cover: true });
  if (!article.references.some((ref) => ref.use === 'image')) return uses;
  const sources = imageSources(bodyOf(article.body));
  for (const ref of article.references) {
    if (ref.kind !== 'file' && ref.kind !== 'url') continue;
    if (sources.has(basePath + encodePath(ref.target))) uses.push({ target: ref.target, line: ref.line, column: ref.column, written: ref.written, cover: false });
  }
  return uses;
}
