/** Keys of `images:` in bantin.yaml. */
export const IMAGE_KEYS = ['process', 'widths', 'quality', 'originals'];
export const DEFAULT_IMAGE_CONFIG = Object.freeze({
    process: true,
    widths: Object.freeze([480, 960, 1600]),
    quality: 75,
    originals: false,
});
/**
 * Resolve `images:` of bantin.yaml (failsafe YAML: every scalar is text). Pure.
 *
 * @param raw The value under `images`, or undefined.
 * @param problem Reports a located error for a dotted key (`images.widths`).
 * @param unknownKeys Reports keys not in `IMAGE_KEYS`, with a suggestion.
 */
export function resolveImageConfig(raw, problem, unknownKeys) {
    if (raw === undefined || raw === null || raw === '')
        return DEFAULT_IMAGE_CONFIG;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        problem('images', 'Trường "images" phải là một nhóm trường.', 'Ví dụ:\nimages:\n  widths: [480, 960, 1600]\n  quality: 75');
        return DEFAULT_IMAGE_CONFIG;
    }
    const obj = raw;
    unknownKeys(obj, IMAGE_KEYS, 'images.');
    const flag = (key) => {
        const v = obj[key];
        if (v === undefined || v === null || v === '')
            return DEFAULT_IMAGE_CONFIG[key];
        const t = typeof v === 'string' ? v.trim().toLowerCase() : '';
        if (t === 'true' || t === 'yes' || t === 'có')
            return true;
        if (t === 'false' || t === 'no' || t === 'không')
            return false;
        problem(`images.${key}`, `Trường "images.${key}" chỉ nhận true hoặc false.`, `Ví dụ: ${key}: ${String(DEFAULT_IMAGE_CONFIG[key])}`);
        return DEFAULT_IMAGE_CONFIG[key];
    };
    let quality = DEFAULT_IMAGE_CONFIG.quality;
    const q = obj.quality;
    if (q !== undefined && q !== null && q !== '') {
        const n = typeof q === 'string' && /^\d+$/.test(q.trim()) ? Number(q.trim()) : NaN;
        if (n >= 1 && n <= 100)
            quality = n;
        else
            problem('images.quality', 'Trường "images.quality" phải là số nguyên từ 1 đến 100.', 'Ví dụ: quality: 75 (số nhỏ hơn: ảnh nhẹ hơn nhưng kém nét hơn).');
    }
    let widths = DEFAULT_IMAGE_CONFIG.widths;
    const w = obj.widths;
    if (w !== undefined && w !== null && w !== '') {
        const list = typeof w === 'string' ? [w] : w;
        const numbers = Array.isArray(list) ? list.map((x) => (typeof x === 'string' && /^\d+$/.test(x.trim()) ? Number(x.trim()) : NaN)) : [NaN];
        if (numbers.length > 0 && numbers.length <= 8 && numbers.every((n) => n >= 16 && n <= 8192)) {
            widths = Object.freeze([...new Set(numbers)].sort((a, b) => a - b));
        }
        else {
            problem('images.widths', 'Trường "images.widths" phải là danh sách từ 1 đến 8 chiều rộng (điểm ảnh, từ 16 đến 8192).', 'Ví dụ: widths: [480, 960, 1600]');
        }
    }
    return Object.freeze({ process: flag('process'), widths, quality, originals: flag('originals') });
}
