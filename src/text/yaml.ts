import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSimpleYaml, type Position, type YamlResult } from './yaml-simple.js';

export type { Position, YamlResult } from './yaml-simple.js';

/** Keys that could reach an object's prototype if a later stage merged data carelessly. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Characters no value may hold: C0 controls but tab and line breaks, DEL, and UTF-16 halves
 * without their other half. They come only from escapes (`"\0"`, `"\ud800"`) and would end up
 * broken in pages, URLs and file names.
 */
// eslint-disable-next-line no-control-regex
const INVALID_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Parse YAML with the failsafe schema: every scalar stays the text the editor typed
 * (`01234567` stays `01234567`, dates stay strings), so typing is done by the caller.
 * Refuses anchors/aliases (no alias bombs), merge keys and prototype keys.
 *
 * @param text YAML source.
 * @param file Path reported in diagnostics.
 * @param lineOffset Number of lines before `text` in the file (1 for front-matter after `---`).
 * @param subject What the text is, in Vietnamese, to start messages ("Tệp cấu hình", …).
 */
export function parseYaml(text: string, file: string, lineOffset = 0, subject = 'Nội dung YAML'): YamlResult {
  return parseSimpleYaml(text, lineOffset) ?? parseYamlDocument(text, file, lineOffset, subject);
}

/**
 * `parseYaml` by the YAML library, for any text (`parseYaml` first tries the simple reader of
 * text/yaml-simple.ts, which gives the same result for the front-matter most editors write).
 *
 * Long: the syntax-error report and the value walk share the line counter, the diagnostics and the positions map; the walk is one recursive closure over YAML's node kinds.
 */
export function parseYamlDocument(text: string, file: string, lineOffset = 0, subject = 'Nội dung YAML'): YamlResult {
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
  // The one place where yaml's positions (1-based line of `text`) become file positions.
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  const reportedLines = new Set<number>();
  // yaml reads a `key: value` line indented under another `key: value` as the end of the value
  // above, and blames that line: name the indented line itself.
  if (doc.errors.length > 0) {
    const indented = overIndentedLine(text);
    if (indented !== undefined) {
      const line = indented.line + lineOffset;
      reportedLines.add(line - 1).add(line);
      diagnostics.push(
        error(
          'BT101',
          file,
          `${subject} viết sai cú pháp: dòng "${indented.text}" bị thụt lề (có dấu cách ở đầu dòng) nên bị đọc thành phần tiếp theo của dòng trên.`,
          'Xoá các dấu cách ở đầu dòng này cho thẳng hàng với các trường khác; chỉ các dòng con (như các dòng của documents:) mới thụt lề.',
          line,
          1,
        ),
      );
    }
  }
  for (const e of doc.errors) {
    const pos = at(errorOffset(doc, e));
    // One bad line often gives several errors; the first says the most.
    if (reportedLines.has(pos.line)) continue;
    reportedLines.add(pos.line);
    const duplicate = e.code === 'DUPLICATE_KEY';
    diagnostics.push(
      error(
        duplicate ? 'BT102' : 'BT101',
        file,
        duplicate ? `${subject} khai báo trường "${keyAt(text, e.pos[0])}" hai lần.` : `${subject} viết sai cú pháp: ${explainError(e)}.`,
        duplicate
          ? 'Xoá một trong hai dòng trùng tên trường.'
          : 'Mỗi dòng có dạng "tên: giá trị"; giá trị có dấu hai chấm, dấu # hoặc ngoặc thì đặt trong ngoặc kép, ví dụ title: "Thông báo: họp tổ dân phố".',
        pos.line,
        pos.column,
      ),
    );
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics, positions };

  /** Explicit YAML tags (`!!merge`, `!!binary`, `!x`) would give values other than text: refused. */
  const tagged = (node: unknown): boolean => {
    const tag = (node as { tag?: unknown } | null)?.tag;
    if (typeof tag !== 'string') return false;
    const pos = at((node as Node).range?.[0] ?? 0);
    diagnostics.push(error('BT119', file, `${subject} không được dùng thẻ kiểu YAML (bắt đầu bằng "!").`, 'Xoá phần "!!…" hoặc "!…" đứng trước giá trị; nếu giá trị bắt đầu bằng "!", đặt nó trong ngoặc kép.', pos.line, pos.column));
    return true;
  };
  const walk = (node: unknown, path: string): unknown => {
    if (node === null || node === undefined) return null;
    if (tagged(node)) return null;
    if (isAlias(node)) {
      const pos = at((node as Node).range?.[0] ?? 0);
      diagnostics.push(
        error('BT103', file, `${subject} không được dùng tham chiếu YAML (*, &).`, 'Viết giá trị ra đầy đủ thay cho tham chiếu.', pos.line, pos.column),
      );
      return null;
    }
    if (isScalar(node)) {
      if ((node as Node).anchor) {
        const pos = at((node as Node).range?.[0] ?? 0);
        diagnostics.push(
          error('BT103', file, `${subject} không được dùng tham chiếu YAML (*, &).`, 'Xoá dấu & và tên đặt sau nó.', pos.line, pos.column),
        );
      }
      const v = node.value;
      const text = v === null || v === undefined ? '' : String(v);
      const bad = INVALID_CHAR.exec(text);
      if (bad) {
        const pos = at((node as Node).range?.[0] ?? 0);
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        diagnostics.push(
          error('BT118', file, `${subject} có ký tự không hợp lệ (U+${code}) trong một giá trị.`, 'Xoá mã thoát như "\\0", "\\x07" hay "\\ud800" khỏi giá trị; chỉ viết chữ bình thường.', pos.line, pos.column),
        );
      }
      return text;
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
        if (tagged(keyNode)) continue;
        const key = isScalar(keyNode) ? String(keyNode.value ?? '') : '';
        if (INVALID_CHAR.test(key)) {
          const p = at(keyNode?.range?.[0] ?? 0);
          diagnostics.push(error('BT118', file, `${subject} có ký tự không hợp lệ trong tên trường.`, 'Đổi tên trường: chỉ dùng chữ, số, gạch ngang hoặc gạch dưới.', p.line, p.column));
          continue;
        }
        const pos = at(keyNode?.range?.[0] ?? 0);
        const keyPath = path ? `${path}.${key}` : key;
        if (!isScalar(keyNode) || key.trim() === '' || FORBIDDEN_KEYS.has(key) || key === '<<') {
          diagnostics.push(
            error(
              'BT104',
              file,
              key.trim() === '' ? 'Có một dòng thiếu tên trường trước dấu hai chấm.' : `Tên trường "${key}" không được phép.`,
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

/**
 * Offset to report for a parse error. For an unclosed quote or bracket yaml points at the end
 * of the text or at the next line; the editor needs the line where it was opened.
 */
function errorOffset(doc: Document, e: YAMLError): number {
  const offset = e.pos[0];
  if (e.code !== 'MISSING_CHAR' && e.code !== 'BAD_INDENT') return offset;
  let opened: number | undefined;
  visit(doc, (_key, node) => {
    const range = (node as Node | null)?.range;
    if (!range || range[0] >= offset || offset > range[2]) return;
    const unclosed =
      (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) || (isCollection(node) && node.flow === true);
    if (unclosed && (opened === undefined || range[0] > opened)) opened = range[0];
  });
  return opened ?? offset;
}

/** The key written at `offset` (up to its colon), without quotes. */
function keyAt(text: string, offset: number): string {
  const raw = /^[^:\n]*/.exec(text.slice(offset))?.[0] ?? '';
  return raw.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** `key: value` (or `- key: value`) with a plain value on the line: no block, list or map follows. */
const KEY_WITH_VALUE = /^( *(?:- +)?)[^\s#:'"][^:]*: +[^\s|>[{&*!#'"]/;
/** `key:` or `key: value`. */
const KEY_LINE = /^( +)[^\s#:\-'"][^:]*:(?: |$)/;

/**
 * The first line written as `key: value` but indented deeper than the `key: value` line above it
 * (1-based line of `text`, and the line without its indentation), or undefined.
 */
function overIndentedLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const current = KEY_LINE.exec(lines[i]!);
    if (!current) continue;
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const above = k >= 0 ? KEY_WITH_VALUE.exec(lines[k]!) : null;
    if (above && current[1]!.length > above[1]!.length) return { line: i + 1, text: lines[i]!.trim() };
  }
  return undefined;
}

/** What a yaml parse error means, in Vietnamese for the usual mistakes; yaml's own words otherwise. */
function explainError(e: YAMLError): string {
  const original = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  switch (e.code) {
    case 'MISSING_CHAR':
      if (/quote/i.test(original)) return 'có dấu ngoặc kép mở nhưng không có dấu đóng';
      return original;
    case 'BAD_INDENT':
      if (/flow sequence/i.test(original)) return 'có dấu "[" mở nhưng không có dấu "]" đóng';
      if (/flow map/i.test(original)) return 'có dấu "{" mở nhưng không có dấu "}" đóng';
      return 'thụt lề đầu dòng không đúng';
    case 'TAB_AS_INDENT':
      return 'dòng được thụt lề bằng phím Tab; chỉ được thụt lề bằng dấu cách';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'có dòng không theo dạng "tên: giá trị" (thiếu dấu hai chấm hoặc thụt lề thừa)';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'giá trị có dấu hai chấm theo sau là dấu cách, phải đặt cả giá trị trong ngoặc kép';
    case 'BAD_SCALAR_START':
      return 'giá trị bắt đầu bằng ký tự đặc biệt (@, `, %, …), phải đặt trong ngoặc kép';
    case 'MULTIPLE_DOCS':
      return 'có dòng "---" thừa';
    default:
      return original;
  }
}
