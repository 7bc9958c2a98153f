/**
 * The YAML most front-matter is written in — `key: value` lines with a one-line plain or quoted
 * value, and lists written `[a, b]` or as `- item` lines — read without the YAML library. The
 * library builds a token stream, a syntax tree and a document for each block: about 0.3 ms a
 * front-matter, 1.5 s of each Markdown worker's 11.6 s at 10,000 articles. This reader gives the
 * value and key positions `parseYaml` would give, or undefined for anything it does not fully
 * know (comments, tabs, escapes other than `\"` and `\\`, nested maps, multi-line values,
 * anchors, tags, odd characters, a repeated or forbidden key, trailing spaces…): those go to the
 * library, as do all errors.
 * It only ever says "not mine"; test/yaml-simple.test.ts compares it with the library on real
 * front-matter and on random input.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

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

/** Characters this reader leaves to the library: controls (tab, CR, C1), line and paragraph separators, BOM, UTF-16 halves, non-characters. */
// eslint-disable-next-line no-control-regex
const NOT_SIMPLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]/;
/** A key this reader takes: ASCII letters, digits, `_` and `-`, starting with a letter or `_`. */
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):/;
/** Keys `parseYaml` refuses or YAML treats specially. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Characters that may not start a plain scalar (YAML's indicators), nor a space. */
const INDICATORS = '-?:,[]{}#&*!|>\'"%@` ';

/**
 * `parseYaml`'s result for `text` when it is simple front-matter (see above), else undefined.
 * @param lineOffset Lines before `text` in its file, as for `parseYaml`.
 */
export function parseSimpleYaml(text: string, lineOffset: number): YamlResult | undefined {
  if (text === '' || NOT_SIMPLE.test(text)) return undefined;
  const lines = text.split('\n');
  const out: Record<string, unknown> = {};
  const positions = new Map<string, Position>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === '') {
      i++;
      continue;
    }
    const key = KEY.exec(line)?.[1];
    if (key === undefined || SPECIAL_KEYS.has(key) || Object.hasOwn(out, key) || line.endsWith(' ')) return undefined;
    positions.set(key, { line: i + 1 + lineOffset, column: 1 });
    const rest = line.slice(key.length + 1);
    let value: unknown;
    if (rest === '') {
      const list = blockList(lines, i + 1, key, lineOffset, positions);
      if (list === undefined) return undefined;
      value = list.items ?? '';
      i = list.next;
    } else {
      if (rest[0] !== ' ') return undefined;
      const start = firstNonSpace(rest);
      const at = key.length + 1 + start;
      value = rest[start] === '[' ? flowList(line, at, key, i + 1 + lineOffset, positions) : scalar(line.slice(at));
      if (value === undefined) return undefined;
      i++;
    }
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (positions.size === 0) return undefined;
  return { value: out, diagnostics: [], positions };
}

function firstNonSpace(s: string, from = 0): number {
  let i = from;
  while (s[i] === ' ') i++;
  return i;
}

/**
 * The `- item` lines after `key:` (all at one indentation, more than none), from line `from`.
 * `items` is undefined when none follows (the value is then ''); the whole is undefined when a
 * following indented line is anything else.
 */
function blockList(lines: readonly string[], from: number, key: string, lineOffset: number, positions: Map<string, Position>): { items?: string[]; next: number } | undefined {
  let indent = -1;
  const items: string[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (line[0] !== ' ') break;
    const dash = firstNonSpace(line);
    if (indent === -1) indent = dash;
    if (dash !== indent || line[dash] !== '-' || line[dash + 1] !== ' ' || line.endsWith(' ')) return undefined;
    const start = firstNonSpace(line, dash + 1);
    const item = scalar(line.slice(start));
    if (item === undefined) return undefined;
    positions.set(`${key}.${items.length}`, { line: i + 1 + lineOffset, column: start + 1 });
    items.push(item);
  }
  // Blank lines after the last item belong to no one: the next key reads from where they start.
  while (i > from && lines[i - 1] === '') i--;
  return items.length === 0 ? { next: i } : { items, next: i };
}

/** A one-line scalar in block context: quoted (see `quoted`) and nothing after it, or plain. */
function scalar(s: string): string | undefined {
  if (s[0] === '"' || s[0] === "'") {
    const q = quoted(s, 0);
    return q !== undefined && q.end === s.length ? q.value : undefined;
  }
  return plain(s, false);
}

/**
 * The quoted scalar that starts at `start` of `s` (at its quote), and the index after its closing
 * quote: single-quoted without `''`, or double-quoted whose only escapes are `\"` and `\\`.
 */
function quoted(s: string, start: number): { value: string; end: number } | undefined {
  const quote = s[start];
  if (quote === "'") {
    const close = s.indexOf("'", start + 1);
    return close === -1 || s[close + 1] === "'" ? undefined : { value: s.slice(start + 1, close), end: close + 1 };
  }
  let value = '';
  let from = start + 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { value: value + s.slice(from, i), end: i + 1 };
    if (c === '\\') {
      const next = s[i + 1];
      if (next !== '"' && next !== '\\') return undefined;
      value += s.slice(from, i) + next;
      from = ++i + 1;
    }
  }
  return undefined;
}

/** A plain scalar as written, or undefined when YAML would read more into it (a comment, a key, an indicator). */
function plain(s: string, flow: boolean): string | undefined {
  if (s === '' || INDICATORS.includes(s[0]!) || s.endsWith(':') || s.endsWith(' ') || s.includes(': ') || s.includes(' #')) return undefined;
  if (flow && /[[\]{},:#"']/.test(s)) return undefined;
  return s;
}

/**
 * `[a, b, "c"]` filling the rest of `line` from `at`: its items (plain without `:`, `#`, quotes
 * or brackets; or quoted without escapes), each item's position kept.
 */
function flowList(line: string, at: number, key: string, lineNumber: number, positions: Map<string, Position>): string[] | undefined {
  if (line[line.length - 1] !== ']') return undefined;
  const inner = line.slice(at + 1, -1);
  const items: string[] = [];
  if (/^ *$/.test(inner)) return items;
  let i = 0;
  while (i <= inner.length) {
    const start = firstNonSpace(inner, i);
    const quote = inner[start];
    let item: string | undefined;
    let end: number;
    if (quote === '"' || quote === "'") {
      const q = quoted(inner, start);
      if (q === undefined) return undefined;
      item = q.value;
      end = firstNonSpace(inner, q.end);
      if (end < inner.length && inner[end] !== ',') return undefined;
    } else {
      end = inner.indexOf(',', start);
      if (end === -1) end = inner.length;
      item = plain(inner.slice(start, end).replace(/ +$/, ''), true);
    }
    if (item === undefined) return undefined;
    positions.set(`${key}.${items.length}`, { line: lineNumber, column: at + 2 + start });
    items.push(item);
    i = end + 1;
  }
  return items;
}
