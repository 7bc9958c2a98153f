/**
 * The simple front-matter reader (src/text/yaml-simple.ts) must give exactly what the YAML
 * library gives (`parseYamlDocument`): value, key order, positions, no diagnostics — or step
 * aside. Checked on every YAML and front-matter block in the repository and on random input
 * built from the characters and shapes that matter to YAML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../src/text/yaml-simple.js';
import { parseYaml, parseYamlDocument, type YamlResult } from '../src/text/yaml.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files under `dir` (recursively) whose name ends with one of `ends`. */
function filesUnder(dir: string, ends: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...filesUnder(path, ends));
    } else if (ends.some((e) => entry.name.endsWith(e))) found.push(path);
  }
  return found;
}

/** The YAML between a Markdown file's `---` fences, as front-matter.ts hands it over, or undefined. */
function frontMatterOf(text: string): string | undefined {
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text.replace(/^\ufeff/, ''));
  return m?.[1];
}

/** Comparable form of a result: the value with each object's own keys in order, the positions, the diagnostics. */
function shape(result: YamlResult): unknown {
  return { value: JSON.stringify(result.value), proto: protoOf(result.value), positions: [...result.positions], diagnostics: result.diagnostics };
}
function protoOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(protoOf);
  if (value && typeof value === 'object') return [Object.getPrototypeOf(value) === Object.prototype, Object.entries(value).map(([k, v]) => [k, protoOf(v)])];
  return typeof value;
}

/** The fast reader's answer for `text` is the library's, when it gives one; returns whether it did. */
function agrees(text: string, lineOffset: number): boolean {
  const simple = parseSimpleYaml(text, lineOffset);
  if (simple === undefined) return false;
  const library = parseYamlDocument(text, 'x.md', lineOffset);
  expect(shape(simple), JSON.stringify(text)).toEqual(shape(library));
  return true;
}

describe('parseSimpleYaml', () => {
  it('should read what the library reads in every front-matter and YAML file of the repository', () => {
    const blocks: string[] = [];
    for (const file of filesUnder('.', ['.md'])) {
      if (file.startsWith('docs') || file.includes('node_modules')) continue;
      const block = frontMatterOf(readFileSync(join(ROOT, file), 'utf8'));
      if (block !== undefined) blocks.push(block);
    }
    for (const file of [...filesUnder('templates', ['.yaml']), ...filesUnder('bench/sites', ['.yaml']), 'bantin.yaml']) blocks.push(readFileSync(join(ROOT, file), 'utf8'));
    expect(blocks.length).toBeGreaterThan(40);
    let simple = 0;
    for (const block of blocks) if (agrees(block, 1)) simple++;
    // Most of these are the shapes editors write: the reader must take them, or it saves nothing.
    expect(simple).toBeGreaterThan(blocks.length / 2);
  });

  it('should read the shapes of a ward article as the library does', () => {
    const article = [
      'slug: hoi-nghi-bch',
      'title: "Hội nghị BCH Phường Trần Phú lần thứ 14, khóa XII (mở rộng): nhiệm kỳ 2020- 2025"',
      'date: 2021-09-27T09:39:00+07:00',
      "author: 'Hà Vân'",
      'category: Hoạt động của xã phường',
      'tags: [Đảng ủy, Hội nghị BCH,  Kinh tế - xã hội , "Bầu cử: 2021"]',
      'images:',
      '  - anh-1.jpg',
      '',
      '  -   "ảnh 2.jpg"',
      'summary: Ngày 7/10, Đảng ủy phường số#1 đã tổ chức hội nghị [mở rộng] {lần 14}',
      'quote: "Với phương châm \\"Đi từng ngõ, gõ từng nhà\\", C:\\\\thư mục"',
      'empty:',
      'none: []',
      '',
    ].join('\n');
    expect(agrees(article, 1)).toBe(true);
    const read = parseYaml(article, 'x.md', 1);
    expect((read.value as Record<string, unknown>).tags).toEqual(['Đảng ủy', 'Hội nghị BCH', 'Kinh tế - xã hội', 'Bầu cử: 2021']);
    expect(read.positions.get('images.1')).toEqual({ line: 11, column: 7 });
  });

  it('should leave to the library what it does not fully know', () => {
    for (const text of [
      'title: a # comment',
      'title: a\n  continued',
      'title: "a\\nb"',
      'title: "a\\u0041"',
      'title: a: b',
      'title: |\n  block',
      'title: &x a\nother: *x',
      'title: !!str a',
      'a: 1\na: 2',
      '__proto__: x',
      'title: a ',
      'title:\ta',
      'title: a\r\nx: b',
      'documents:\n  - name: a\n    file: b.pdf',
      'tags: [a, b,]',
      'tags: [a, [b]]',
      'tags:\n- a',
      'x:y',
      '# comment\ntitle: a',
      'title: -1',
      'title: @x',
      "title: 'it''s'",
      'title: 😀',
    ]) {
      expect(parseSimpleYaml(text, 1), JSON.stringify(text)).toBeUndefined();
      // …and parseYaml still gives the library's answer (value or diagnostics).
      expect(shape(parseYaml(text, 'x.md', 1))).toEqual(shape(parseYamlDocument(text, 'x.md', 1)));
    }
  });

  it('should agree with the library on random input made of what YAML treats specially', () => {
    let seed = 20261207;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const goodKeys = ['title', 'date', 'tags', 'a', 'b_c', 'x-y', '_k', 'B2'];
    const oddKeys = ['__proto__', 'constructor', 'a b', '-k', '1k', 'Ké', '"q"'];
    const key = (): string => pick(random() < 0.9 ? goodKeys : oddKeys);
    const plainPieces = ['a', 'Đảng ủy', 'xã', 'Kinh tế - xã hội', ' b', '1', '.', '/', '~', 'null', 'true', '\u00a0', '2021-09-27T09:39:00+07:00'];
    const special = [' ', '  ', ':', ': ', '#', ' #', '-', '- ', '[', ']', '{', '}', ',', ', ', '"', "'", '\\', '|', '>', '&', '*', '!', '%', '@', '`', '?', '\t', '😀'];
    const value = (): string => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random() < 0.9 ? plainPieces : special)).join('');
    const quoted = (): string => pick(['"', "'", '']) + value() + pick(['"', "'", '']);
    const item = (): string => `${pick(['  ', '  ', '    ', ' ', ''])}-${pick([' ', ' ', '  ', ''])}${pick([value, quoted])()}`;
    const entry = (): string => {
      const kind = random();
      if (kind < 0.5) return `${key()}:${pick([' ', ' ', '  ', ''])}${pick([value, quoted, quoted])()}`;
      if (kind < 0.7) return `${key()}: [${Array.from({ length: Math.floor(random() * 4) }, () => pick([value, quoted])()).join(pick([',', ', ', ' ,']))}]`;
      if (kind < 0.9) {
        const indent = pick(['  ', '  ', '    ', ' ']);
        return [`${key()}:`, ...Array.from({ length: Math.floor(random() * 4) }, () => (random() < 0.85 ? indent + item().trimStart() : pick(['', item()])))].join('\n');
      }
      return pick(['', '', ' ', '---', '...', '# x', item()]);
    };
    let simple = 0;
    const runs = 20_000;
    for (let n = 0; n < runs; n++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 4) }, entry).join('\n') + pick(['', '\n']);
      if (agrees(text, Math.floor(random() * 3))) simple++;
    }
    // The generator must reach the reader often, or the comparison proves little.
    expect(simple).toBeGreaterThan(runs / 10);
  });
});
