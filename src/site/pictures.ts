/** `sizes` of a body image: the article column is at most 46rem wide (templates/assets/style.css). */
import { type PictureView } from './model.js';
import { encodePath } from '../text/url-path.js';
import { type ImageFormat, type ImageRecord } from './images.js';
import type { Element, Properties } from 'hast';
import { someElement, stringProperty, visitElements, type BodyTree } from '../content/body.js';

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

/** The `<picture>` element of a body image; `kept` holds the original `<img>`'s alt and title. */
function pictureElement(picture: PictureView, kept: Properties, lazy: boolean): Element {
  const img: Element = {
    type: 'element',
    tagName: 'img',
    properties: {
      src: picture.src,
      srcSet: picture.srcset,
      sizes: BODY_SIZES,
      width: picture.width,
      height: picture.height,
      ...kept,
      ...(lazy ? { loading: 'lazy', decoding: 'async' } : {}),
    },
    children: [],
  };
  const source: Element[] = picture.webpSrcset
    ? [{ type: 'element', tagName: 'source', properties: { type: 'image/webp', srcSet: picture.webpSrcset, sizes: BODY_SIZES }, children: [] }]
    : [];
  return { type: 'element', tagName: 'picture', properties: {}, children: [...source, img] };
}

/**
 * The body with each `<img>` whose file has variants turned into a `<picture>` with `srcset`,
 * `sizes`, `width`/`height`; every image but the first is loaded lazily. Pure: works on a copy of
 * the tree when it has images, returns the tree itself otherwise. `<figure>`/`<figcaption>` stay.
 *
 * @param lookup The record of a site path (`/tin/anh.jpg`, as in `src`), if it has variants.
 */
export function rewriteImages(body: BodyTree, lookup: (src: string) => ImageRecord | undefined, basePath: string): BodyTree {
  if (!someElement(body, (e) => e.tagName === 'img')) return body;
  const copy = structuredClone(body);
  let index = 0;
  visitElements(copy, (element, parent, at) => {
    if (element.tagName !== 'img') return;
    const lazy = index++ > 0;
    const src = stringProperty(element, 'src');
    const record = src === undefined ? undefined : lookup(src);
    if (!record) {
      if (lazy && element.properties.loading === undefined) Object.assign(element.properties, { loading: 'lazy', decoding: 'async' });
      return;
    }
    const kept: Properties = {};
    for (const name of Object.keys(element.properties)) if (name === 'alt' || name === 'title') kept[name] = element.properties[name];
    parent.children[at] = pictureElement(pictureOf(record, basePath), kept, lazy);
  });
  return copy;
}
