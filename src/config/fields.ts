/**
 * The one set of field readers for `bantin.yaml` (failsafe YAML: every scalar is text). Each reader
 * returns the value or the fallback, and reports a located error for a value it cannot read.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../text/suggest.js';
import type { Position } from '../text/yaml.js';

type Fields = Record<string, unknown>;

export interface FieldReaders {
  /** Report a located error at a dotted key (`images.widths`); the key's line, else line 1. */
  problem(key: string, message: string, hint: string): void;
  /** Report every key of `obj` that is not in `known`, with the nearest known one as a suggestion. */
  unknownKeys(obj: Fields, known: readonly string[], prefix: string): void;
  /** A text field, trimmed; the fallback when absent or blank. */
  text(obj: Fields, key: string, prefix: string, fallback: string): string;
  /** A whole number from `min` to `max`. */
  integer(obj: Fields, key: string, prefix: string, fallback: number, min: number, max: number, hint?: string): number;
  /** `true`/`false` (also `yes`/`no`, `có`/`không`). */
  flag(obj: Fields, key: string, prefix: string, fallback: boolean): boolean;
  /** `2MB`, `1,5 MB`, `500KB`, or a bare number of megabytes, in bytes; 0 turns a limit off. */
  byteSize(obj: Fields, key: string, prefix: string, fallback: number): number;
}

/** Readers that report into `diagnostics`, locating keys with the positions of the parsed file. */
export function fieldReaders(file: string, positions: ReadonlyMap<string, Position>, diagnostics: Diagnostic[]): FieldReaders {
  const problem = (key: string, message: string, hint: string) => {
    const p = positions.get(key) ?? { line: 1, column: 1 };
    diagnostics.push(error('BT202', file, message, hint, p.line, p.column));
  };
  const absent = (v: unknown) => v === undefined || v === null || v === '';
  return {
    problem,
    unknownKeys(obj, known, prefix) {
      for (const key of Object.keys(obj)) {
        if (known.includes(key)) continue;
        const near = closest(key, known);
        problem(
          prefix + key,
          `Trường "${prefix}${key}" không có trong cấu hình của bantin.`,
          near ? `Có phải ý bạn là "${prefix}${near}"?` : `Các trường hợp lệ: ${known.join(', ')}.`,
        );
      }
    },
    text(obj, key, prefix, fallback) {
      const v = obj[key];
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'string') {
        problem(prefix + key, `Trường "${prefix}${key}" phải là một đoạn chữ.`, 'Viết giá trị trên cùng dòng, sau dấu hai chấm.');
        return fallback;
      }
      return v.trim() === '' ? fallback : v.trim();
    },
    integer(obj, key, prefix, fallback, min, max, hint) {
      const v = obj[key];
      if (absent(v)) return fallback;
      if (typeof v === 'string' && /^\d+$/.test(v.trim())) {
        const n = Number(v.trim());
        if (n >= min && n <= max) return n;
      }
      problem(prefix + key, `Trường "${prefix}${key}" phải là số nguyên từ ${min} đến ${max}.`, hint ?? `Ví dụ: ${key}: ${fallback}`);
      return fallback;
    },
    flag(obj, key, prefix, fallback) {
      const v = obj[key];
      if (absent(v)) return fallback;
      const t = typeof v === 'string' ? v.trim().toLowerCase() : '';
      if (t === 'true' || t === 'yes' || t === 'có') return true;
      if (t === 'false' || t === 'no' || t === 'không') return false;
      problem(prefix + key, `Trường "${prefix}${key}" chỉ nhận true hoặc false.`, `Ví dụ: ${key}: ${String(fallback)}`);
      return fallback;
    },
    byteSize(obj, key, prefix, fallback) {
      const v = obj[key];
      if (absent(v)) return fallback;
      const m = typeof v === 'string' ? /^(\d+(?:[.,]\d+)?)\s*(kb|mb)?$/i.exec(v.trim()) : null;
      if (m) return Math.round(Number(m[1]!.replace(',', '.')) * (m[2]?.toLowerCase() === 'kb' ? 1024 : 1024 * 1024));
      problem(prefix + key, `Trường "${prefix}${key}" phải là một dung lượng, ví dụ 2MB hoặc 500KB.`, `Ví dụ: ${key}: 2MB (ghi 0 để không giới hạn).`);
      return fallback;
    },
  };
}
