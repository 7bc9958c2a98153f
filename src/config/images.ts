import type { FieldReaders } from './fields.js';
import type { ImageConfig } from './types.js';

/** Keys of `images:` in bantin.yaml. */
export const IMAGE_KEYS = ['process', 'widths', 'quality', 'originals'] as const;

export const DEFAULT_IMAGE_CONFIG: ImageConfig = Object.freeze({
  process: true,
  widths: Object.freeze([480, 960, 1600]),
  quality: 75,
  originals: false,
});

/**
 * Resolve `images:` of bantin.yaml (failsafe YAML: every scalar is text). Pure.
 *
 * @param raw The value under `images`, or undefined.
 * @param fields The readers of the config file (they report located errors).
 */
export function resolveImageConfig(raw: unknown, fields: FieldReaders): ImageConfig {
  const { problem } = fields;
  if (raw === undefined || raw === null || raw === '') return DEFAULT_IMAGE_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem('images', 'Trường "images" phải là một nhóm trường.', 'Ví dụ:\nimages:\n  widths: [480, 960, 1600]\n  quality: 75');
    return DEFAULT_IMAGE_CONFIG;
  }
  const obj = raw as Record<string, unknown>;
  fields.unknownKeys(obj, IMAGE_KEYS, 'images.');
  const flag = (key: 'process' | 'originals') => fields.flag(obj, key, 'images.', DEFAULT_IMAGE_CONFIG[key]);
  const quality = fields.integer(obj, 'quality', 'images.', DEFAULT_IMAGE_CONFIG.quality, 1, 100, 'Ví dụ: quality: 75 (số nhỏ hơn: ảnh nhẹ hơn nhưng kém nét hơn).');
  let widths = DEFAULT_IMAGE_CONFIG.widths;
  const w = obj.widths;
  if (w !== undefined && w !== null && w !== '') {
    const list = typeof w === 'string' ? [w] : w;
    const numbers = Array.isArray(list) ? list.map((x) => (typeof x === 'string' && /^\d+$/.test(x.trim()) ? Number(x.trim()) : NaN)) : [NaN];
    if (numbers.length > 0 && numbers.length <= 8 && numbers.every((n) => n >= 16 && n <= 8192)) {
      widths = Object.freeze([...new Set(numbers)].sort((a, b) => a - b));
    } else {
      problem('images.widths', 'Trường "images.widths" phải là danh sách từ 1 đến 8 chiều rộng (điểm ảnh, từ 16 đến 8192).', 'Ví dụ: widths: [480, 960, 1600]');
    }
  }
  return Object.freeze({ process: flag('process'), widths, quality, originals: flag('originals') });
}
