import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** A position in the source file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface YamlResult {
  /** Plain data: strings, arrays and null-prototype-free plain objects. Undefined when parsing failed. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  /** Position of each key, by dotted path (`title`, `organization.phone`, `tags.1`). */
  readonly positions: ReadonlyMap<string, Position>;
}

/** Keys that could reach an object's prototype if a later stage merged data carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parse YAML with the failsafe schema: every scalar stays the text the editor typed
 * (`01234567` stays `01234567`, dates stay strings), so typing is done by the caller.
 * Refuses anchors/aliases (no alias bombs), merge keys and prototype keys.
 *
 * @param text YAML source.
 * @param file Path reported in diagnostics.
 * @param lineOffset Number of lines before `text` in the file (1 for front-matter after `---`).
 */
export function parseYaml(text: string, file: string, lineOffset = 0): YamlResult {
  const diagnostics: Diagnostic[] = [];
  const positions = new Map<string, Position>();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'failsafe',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: false,
    strict: true,
  });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  for (const e of doc.errors) {
    const pos = at(e.pos[0]);
    const firstLine = e.message.split('\n')[0] ?? e.message;
    const duplicate = e.code === 'DUPLICATE_KEY';
    diagnostics.push(
      error(
        duplicate ? 'BT102' : 'BT101',
        file,
        duplicate
          ? 'Một trường được khai báo hai lần trong phần thông tin đầu bài (front-matter).'
          : `Phần thông tin đầu bài (YAML) viết sai cú pháp: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}.`,
        duplicate
          ? 'Xoá một trong hai dòng trùng tên trường.'
          : 'Mỗi dòng có dạng "tên: giá trị"; giá trị có dấu hai chấm, dấu # hoặc ngoặc thì đặt trong ngoặc kép, ví dụ title: "Thông báo: họp tổ dân phố".',
        pos.line,
        pos.column,
      ),
    );
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics, positions };

  const walk = (node: unknown, path: string): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const pos = at((node as Node).range?.[0] ?? 0);
      diagnostics.push(
        error('BT103', file, 'Không dùng tham chiếu YAML (*, &) trong thông tin đầu bài.', 'Viết giá trị ra đầy đủ thay cho tham chiếu.', pos.line, pos.column),
      );
      return null;
    }
    if (isScalar(node)) {
      if ((node as Node).anchor) {
        const pos = at((node as Node).range?.[0] ?? 0);
        diagnostics.push(
          error('BT103', file, 'Không dùng tham chiếu YAML (*, &) trong thông tin đầu bài.', 'Xoá dấu & và tên đặt sau nó.', pos.line, pos.column),
        );
      }
      const v = node.value;
      return v === null || v === undefined ? '' : String(v);
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => {
        const itemPath = path ? `${path}.${i}` : String(i);
        const range = (item as Node | null)?.range;
        if (range) positions.set(itemPath, at(range[0]));
        return walk(item, itemPath);
      });
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value ?? '') : '';
        const pos = at(keyNode?.range?.[0] ?? 0);
        const keyPath = path ? `${path}.${key}` : key;
        if (!isScalar(keyNode) || FORBIDDEN_KEYS.has(key) || key === '<<') {
          diagnostics.push(
            error(
              'BT104',
              file,
              `Tên trường "${key}" không được phép.`,
              'Đổi tên trường: chỉ dùng chữ, số, gạch ngang hoặc gạch dưới.',
              pos.line,
              pos.column,
            ),
          );
          continue;
        }
        positions.set(keyPath, pos);
        // Define the property so no setter on Object.prototype can be reached.
        Object.defineProperty(out, key, { value: walk(pair.value, keyPath), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return null;
  };

  const value = walk(doc.contents, '');
  return { value, diagnostics, positions };
}
