/** `sizes` of a body image: the article column is at most 46rem wide (templates/assets/style.css). */
import { type PictureView } from './model.js';
import { encodePath } from '../text/url-path.js';
import { type ImageFormat, type ImageRecord } from './images.js';

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
