import { afterEach, describe, it, expect } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { MAX_FRONT_MATTER, parseFrontMatter } from '../src/content/front-matter.js';
import { parseArticle } from '../src/content/article.js';

const FILE = 'tin/bai.md';
/** At least one letter only Vietnamese uses: the text is meant for the editor. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const settings = { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' };

/** The one diagnostic of `diagnostics`, checked to be a located error in Vietnamese. */
function onlyError(diagnostics: readonly Diagnostic[], code: string, line: number): Diagnostic {
  expect(diagnostics.map((d) => [d.code, d.line])).toEqual([[code, line]]);
  const d = diagnostics[0]!;
  expect(d.severity).toBe('error');
  expect(d.file).toBe(FILE);
  expect(d.message).toMatch(VIETNAMESE);
  expect(d.hint).toMatch(VIETNAMESE);
  return d;
}

const parse = (text: string) => parseFrontMatter(text, FILE);

declare global {
  var __bantinPwned: boolean | undefined;
}

describe('parseFrontMatter splitting', () => {
  it('should split YAML and body and say where the body starts', () => {
    const result = parse('---\ntitle: Họp dân\ndate: 11/10/2021\n---\nNội dung.\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.frontMatter?.data).toEqual({ title: 'Họp dân', date: '11/10/2021' });
    expect(result.frontMatter?.body).toBe('Nội dung.\n');
    expect(result.frontMatter?.bodyLine).toBe(5);
    expect(result.frontMatter?.positions.get('date')).toEqual({ line: 3, column: 1 });
  });

  it('should accept an empty block and a file that ends at the closing fence', () => {
    expect(parse('---\n---\nx').frontMatter).toMatchObject({ data: {}, body: 'x', bodyLine: 3 });
    expect(parse('---\ntitle: a\n---').frontMatter).toMatchObject({ data: { title: 'a' }, body: '', bodyLine: 4 });
  });

  it('should accept spaces after the fences', () => {
    expect(parse('---  \ntitle: a\n--- \nx').frontMatter).toMatchObject({ data: { title: 'a' }, body: 'x' });
  });

  it('should close only at a line that is exactly ---, not ---- or ---x', () => {
    // `----` and `---x` are not fences: such a line inside the block is refused where it stands.
    onlyError(parse('---\ntitle: a\n----\nbody\n---\nmore').diagnostics, 'BT108', 3);
    onlyError(parse('---\ntitle: a\n---x\nb: c\n---\nbody').diagnostics, 'BT108', 3);
  });

  it('should keep later --- lines in the body', () => {
    const fm = parse('---\ntitle: a\n---\nĐoạn\n\n---\n\nĐoạn sau\n').frontMatter;
    expect(fm?.body).toBe('Đoạn\n\n---\n\nĐoạn sau\n');
  });

  it('should keep every value as the text typed', () => {
    const fm = parse('---\nphone: 01234567\ndate: 2021-10-11\ndraft: true\ncount: 1e3\nnothing: null\n---\n').frontMatter;
    expect(fm?.data).toEqual({ phone: '01234567', date: '2021-10-11', draft: 'true', count: '1e3', nothing: 'null' });
  });
});

describe('parseFrontMatter refusing other languages', () => {
  afterEach(() => {
    delete globalThis.__bantinPwned;
  });

  const pwn = 'globalThis.__bantinPwned = true';
  const fences: Array<[string, string]> = [
    ['---js', `---js\n${pwn}\n---\nx`],
    ['---javascript', `---javascript\n${pwn}\n---\nx`],
    ['---JS', `---JS\n${pwn}\n---\nx`],
    ['--- javascript', `--- javascript\n${pwn}\n---\nx`],
    ['---coffee', `---coffee\nglobalThis.__bantinPwned = yes\n---\nx`],
    ['---toml', `---toml\ntitle = "x"\n---\nx`],
    ['+++ TOML', `+++\ntitle = "x"\n+++\nx`],
    ['{ JSON', `{\n"title": "x"\n}\nx`],
    ['---yaml', `---yaml\ntitle: x\n---\nx`],
    ['----', `----\ntitle: x\n---\nx`],
  ];
  for (const [name, text] of fences) {
    it(`should refuse ${name} front-matter without running it`, () => {
      const result = parse(text);
      expect(result.frontMatter).toBeUndefined();
      onlyError(result.diagnostics, 'BT106', 1);
      expect(globalThis.__bantinPwned).toBeUndefined();
    });
  }

  it('should refuse ---js front-matter in parseArticle without running it', () => {
    const result = parseArticle(FILE, `---js\n{ title: (${pwn}, 'x') }\n---\nNội dung\n`, settings);
    expect(result.article).toBeUndefined();
    onlyError(result.diagnostics, 'BT106', 1);
    expect(globalThis.__bantinPwned).toBeUndefined();
  });

  it('should name the language it refused', () => {
    expect(parse('---javascript\nx\n---\n').diagnostics[0]!.message).toContain('"javascript"');
    expect(parse('+++\nx\n+++\n').diagnostics[0]!.message).toContain('"TOML"');
    expect(parse('{"a": 1}\n').diagnostics[0]!.message).toContain('"JSON"');
  });

  it('should report BT107 when there is no front-matter at all', () => {
    onlyError(parse('Nội dung không có phần đầu.\n').diagnostics, 'BT107', 1);
    onlyError(parse('\n---\ntitle: a\n---\n').diagnostics, 'BT107', 1);
  });
});

describe('parseFrontMatter errors', () => {
  it('should report an empty file as BT105', () => {
    onlyError(parse('').diagnostics, 'BT105', 1);
    onlyError(parse(' \n\n').diagnostics, 'BT105', 1);
  });

  it('should report unclosed front-matter as BT108', () => {
    onlyError(parse('---\ntitle: a\ndate: 11/10/2021\n').diagnostics, 'BT108', 1);
    onlyError(parse('---').diagnostics, 'BT108', 1);
  });

  it('should report malformed YAML as BT101 at the bad line of the file', () => {
    // Line 1 is `---`, so the YAML's third line is line 4 of the file.
    const d = onlyError(parse('---\ntitle: Họp dân\ndate: 11/10/2021\nauthor Nguyễn Văn An\ncategory: Tin\n---\n').diagnostics, 'BT101', 4);
    expect(d.column).toBe(1);
  });

  it('should point at the line where an unclosed quote was opened', () => {
    const d = onlyError(parse('---\ntitle: Họp dân\ndate: 11/10/2021\nauthor: "Nguyễn Văn An\ncategory: Tin\n---\n').diagnostics, 'BT101', 4);
    expect(d.column).toBe(9);
    expect(d.message).toContain('ngoặc kép');
  });

  it('should point at the line where an unclosed [ was opened', () => {
    const d = onlyError(parse('---\ntitle: Họp dân\ntags: [Đảng ủy, Hội nghị\ncategory: Tin\n---\n').diagnostics, 'BT101', 3);
    expect(d.message).toContain('"]"');
  });

  it('should explain a value with ": " in it', () => {
    const d = onlyError(parse('---\ntitle: Thông báo: họp tổ dân phố\n---\n').diagnostics, 'BT101', 2);
    expect(d.message).toContain('ngoặc kép');
  });

  // Issue 15: yaml blames the line above ("date: …") for a colon problem; the indented line is the mistake.
  it('should report an indented line itself, with a hint about indentation', () => {
    const d = onlyError(parse('---\ntitle: Họp dân\ndate: 20/05/2025\n  author: Hà Vân\ncategory: Thông báo\n---\n').diagnostics, 'BT101', 4);
    expect(d.column).toBe(1);
    expect(d.message).toBe('Phần thông tin đầu bài (front-matter) viết sai cú pháp: dòng "author: Hà Vân" bị thụt lề (có dấu cách ở đầu dòng) nên bị đọc thành phần tiếp theo của dòng trên.');
    expect(d.hint).toBe('Xoá các dấu cách ở đầu dòng này cho thẳng hàng với các trường khác; chỉ các dòng con (như các dòng của documents:) mới thụt lề.');
  });

  it('should report an indented line inside a list of documents itself', () => {
    const text = '---\ntitle: Họp dân\ndocuments:\n  - file: a.pdf\n    number: 01/TB\n      issuer: UBND\n---\n';
    const d = onlyError(parse(text).diagnostics, 'BT101', 6);
    expect(d.message).toContain('dòng "issuer: UBND" bị thụt lề');
  });

  it('should explain a tab used for indentation', () => {
    onlyError(parse('---\ntitle: a\n\tauthor: b\n---\n').diagnostics, 'BT101', 3);
  });

  it('should report a duplicate key as BT102 at the second one', () => {
    const d = onlyError(parse('---\ntitle: a\ndate: 11/10/2021\ntitle: b\n---\n').diagnostics, 'BT102', 4);
    expect(d.message).toContain('"title"');
  });

  it('should refuse a list or a bare text as front-matter', () => {
    onlyError(parse('---\n- a\n- b\n---\n').diagnostics, 'BT101', 2);
    onlyError(parse('---\nchỉ một dòng chữ\n---\n').diagnostics, 'BT101', 2);
  });

  it('should refuse YAML anchors and aliases', () => {
    const result = parse('---\ntitle: &t Họp dân\nsummary: *t\n---\n');
    expect(result.frontMatter).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['BT103', 2],
      ['BT103', 3],
    ]);
    expect(result.diagnostics[0]!.message).toMatch(VIETNAMESE);
  });

  it('should refuse an alias bomb quickly without expanding it', () => {
    const lines = ['---', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    lines.push('---', 'x');
    const started = Date.now();
    const result = parse(lines.join('\n'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.frontMatter).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((d) => d.code === 'BT103')).toBe(true);
  });

  it('should refuse __proto__, constructor and << keys and pollute nothing', () => {
    const result = parse('---\ntitle: a\n__proto__:\n  polluted: yes\nconstructor: x\n<<: {polluted: yes}\nnested:\n  __proto__: {polluted: yes}\n---\n');
    expect(result.frontMatter).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['BT104', 3],
      ['BT104', 5],
      ['BT104', 6],
      ['BT104', 8],
    ]);
    expect(result.diagnostics[0]!.message).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('should refuse a line with no key before the colon', () => {
    onlyError(parse('---\ntitle: a\n: giá trị\n---\n').diagnostics, 'BT104', 3);
  });

  it('should refuse a front-matter block over 64 KB', () => {
    const big = `---\ntitle: a\nnote: "${'x'.repeat(MAX_FRONT_MATTER)}"\n---\nbody\n`;
    onlyError(parse(big).diagnostics, 'BT109', 1);
  });

  it('should accept a front-matter block just under 64 KB', () => {
    const head = 'title: a\nnote: ""\n';
    const note = 'x'.repeat(MAX_FRONT_MATTER - head.length);
    const result = parse(`---\ntitle: a\nnote: "${note}"\n---\nbody\n`);
    expect(result.diagnostics).toEqual([]);
    expect((result.frontMatter?.data.note as string).length).toBe(note.length);
  });

  it('should give the same result when parsed twice (no global cache)', () => {
    const bad = '---\ntitle: "a\n---\n';
    expect(parse(bad).diagnostics.map((d) => d.code)).toEqual(['BT101']);
    expect(parse(bad).diagnostics.map((d) => d.code)).toEqual(['BT101']);
    const good = '---\ntitle: a\n---\n';
    const first = parse(good).frontMatter!;
    (first.data as Record<string, unknown>).title = 'changed';
    expect(parse(good).frontMatter?.data.title).toBe('a');
  });
});
