import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ArticleData } from './article.js';
import { formatSize } from '../text/format-size.js';

/** File names that browsers show as pictures. */
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?)$/i;
/** Pictures bantin resizes when `images.process` is on (src/images/process-images.ts): readers get the small variants. */
const RESIZED_FILE = /\.(jpe?g|png|webp)$/i;

/**
 * Warn about every image an article shows (cover, inline image or link to an image file) whose
 * file is larger than `limit` and that readers download as it is, at the line that uses it: with
 * `images.process` on, JPEG, PNG and WebP photos reach readers as small variants, so only the
 * other formats (GIF, SVG, BMP…) count; with it off, every image does. Pure.
 *
 * @param articles Published articles; diagnostics name their content-relative source.
 * @param sizes Size in bytes of each content file, by content-relative path.
 * @param limit Largest size accepted, in bytes; 0 turns the check off.
 * @param resized Whether images are resized for readers (`images.process`).
 */
export function checkImageSizes(articles: readonly ArticleData[], sizes: ReadonlyMap<string, number>, limit: number, resized: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (limit <= 0) return diagnostics;
  // Usually no image is too large: then no article needs a look (this runs on every dev-server rebuild).
  const large = new Map<string, number>();
  for (const [path, size] of sizes) if (size > limit && IMAGE_FILE.test(path) && !(resized && RESIZED_FILE.test(path))) large.set(path, size);
  if (large.size === 0) return diagnostics;
  const report = (a: ArticleData, target: string, written: string, line: number, column: number) => {
    const size = large.get(target);
    if (size === undefined) return;
    diagnostics.push(
      warning(
        'BT320',
        a.source,
        `Ảnh "${written}" nặng ${formatSize(size)}, quá giới hạn ${formatSize(limit)}; người xem bằng điện thoại sẽ phải chờ lâu.`,
        RESIZED_FILE.test(target)
          ? 'images.process đang tắt nên người xem tải nguyên ảnh gốc: bật lại (images: process: true) để bantin tự làm bản nhỏ cho điện thoại, hoặc thu nhỏ ảnh trước khi đưa lên. Giới hạn đặt bằng maxImageSize trong bantin.yaml.'
          : 'bantin không tự thu nhỏ ảnh dạng này: lưu lại thành JPEG hoặc PNG (bantin sẽ làm bản nhỏ cho điện thoại), hoặc thu nhỏ ảnh trước khi đưa lên. Giới hạn đặt bằng maxImageSize trong bantin.yaml.',
        line,
        column,
      ),
    );
  };
  for (const a of articles) {
    if (a.image) report(a, a.image, a.image, a.lines.image ?? 1, 1);
    for (const ref of a.references) {
      if (ref.kind === 'file' || ref.kind === 'url') report(a, ref.target, ref.written, ref.line, ref.column);
    }
  }
  return diagnostics;
}

