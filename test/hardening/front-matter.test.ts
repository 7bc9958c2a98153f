/**
 * Hostile front-matter: code in other languages, prototype pollution, alias bombs, oversized
 * blocks, unsafe URLs and invalid characters. Each is refused with a located Vietnamese error,
 * never run, and a site holding them exits 1 with its previous output untouched.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { parseArticle } from '../../src/content/article.js';
import { parseFrontMatter, safeMatterOptions } from '../../src/content/front-matter.js';
import { parseYaml } from '../../src/text/yaml.js';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { build, REPO } from './helpers.js';

const SETTINGS = { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' };
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const GOOD = (n: number) => md({ title: `Bài tốt số ${n}`, date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' });

declare global {
  // eslint-disable-next-line no-var
  var __bantinSentinel: unknown;
}

describe('front-matter in other languages', () => {
  let site: TempSite;
  const sentinel = path.join(os.tmpdir(), `bantin-sentinel-${process.pid}-${Date.now()}`);
  // Code that would leave two traces if it ever ran: a global and a file (seen from any thread).
  const code = `(globalThis.__bantinSentinel = 'ran', require('fs').writeFileSync(${JSON.stringify(sentinel)}, 'ran'), { title: 'x' })`;
  const spellings: Record<string, string> = {
    js: `---js\n${code}\n---\nNội dung.\n`,
    javascript: `---javascript\n${code}\n---\nNội dung.\n`,
    // File names differ by more than case (names differing only by case are refused as such, BT011).
    'JS upper': `---JS\n${code}\n---\nNội dung.\n`,
    'JavaScript upper': `---JavaScript\n${code}\n---\nNội dung.\n`,
    'space javascript': `--- javascript\n${code}\n---\nNội dung.\n`,
    'tab js': `---\tjs\n${code}\n---\nNội dung.\n`,
    coffee: `---coffee\ntitle: (-> globalThis.__bantinSentinel = 'ran')()\n---\nNội dung.\n`,
    coffeescript: `---coffeescript\ntitle: 'x'\n---\nNội dung.\n`,
    cson: `---cson\ntitle: 'x'\n---\nNội dung.\n`,
    toml: `---toml\ntitle = "x"\n---\nNội dung.\n`,
    json: `---json\n{"title": "x"}\n---\nNội dung.\n`,
    'plus TOML': `+++\ntitle = "x"\n+++\nNội dung.\n`,
    'bare JSON': `{\n"title": "x"\n}\nNội dung.\n`,
  };

  beforeAll(async () => {
    const files: Record<string, string> = { 'dist/.bantin-output': 'old\n', 'dist/index.html': 'trang cũ\n' };
    for (let i = 0; i < 5; i++) files[`content/tot-${i}.md`] = GOOD(i);
    for (const [name, text] of Object.entries(spellings)) files[`content/ngon-ngu/${name.replace(/\s+/g, '-')}.md`] = text;
    site = await createSite(files);
  });
  afterAll(() => site.cleanup());
  afterEach(() => {
    delete globalThis.__bantinSentinel;
  });

  for (const [name, text] of Object.entries(spellings)) {
    it(`should refuse ${name} front-matter at line 1 without running it`, () => {
      const result = parseArticle('a.md', text, SETTINGS);
      expect(result.article).toBeUndefined();
      expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT106', 1]]);
      expect(result.diagnostics[0]!.hint).toMatch(VIETNAMESE);
      expect(globalThis.__bantinSentinel).toBeUndefined();
      expect(existsSync(sentinel)).toBe(false);
    });
  }

  it('should report every refused file of a site together, exit 1 and leave the old output as it was', async () => {
    const before = await site.snapshot('dist');
    const { code, text } = await build(site);
    expect(code).toBe(1);
    for (const name of Object.keys(spellings)) expect(text).toContain(`content/ngon-ngu/${name.replace(/\s+/g, '-')}.md:1:1`);
    expect(text.match(/lỗi BT106/g)?.length).toBe(Object.keys(spellings).length);
    expect(await site.snapshot('dist')).toEqual(before);
    expect(globalThis.__bantinSentinel).toBeUndefined();
    expect(existsSync(sentinel)).toBe(false);
  });

  it('should make gray-matter itself refuse every engine it ships, in any spelling, when given the safe options', () => {
    const require = createRequire(import.meta.url);
    const shipped = Object.keys(require('gray-matter/lib/engines.js') as Record<string, unknown>);
    const options = safeMatterOptions(() => ({}));
    for (const engine of shipped) expect(Object.keys(options.engines)).toContain(engine);
    for (const spelling of ['js', 'javascript', 'JS', 'Javascript', ' javascript', 'coffee', 'CoffeeScript', 'cson', 'json', 'toml', 'JSON']) {
      const text = `---${spelling}\n${code}\n---\nx`;
      expect(() => matter(text, safeMatterOptions(() => ({})))).toThrow();
    }
    expect(globalThis.__bantinSentinel).toBeUndefined();
    expect(existsSync(sentinel)).toBe(false);
  });
});

describe('every call of gray-matter in src/', () => {
  /** Uses of gray-matter in a source file that do not go through `safeMatterOptions`. */
  function unsafeUses(file: string, text: string): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const problems: string[] = [];
    const names = new Set<string>();
    const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const isGrayMatter = (spec: ts.Node | undefined) => spec !== undefined && ts.isStringLiteralLike(spec) && /^gray-matter(\/|$)/.test(spec.text);
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && isGrayMatter(node.moduleSpecifier)) {
        if (!ts.isStringLiteral(node.moduleSpecifier) || node.moduleSpecifier.text !== 'gray-matter') problems.push(`${where(node)} imports a part of gray-matter`);
        const clause = node.importClause;
        if (clause?.name) names.add(clause.name.text);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) problems.push(`${where(el)} imports "${el.name.text}" from gray-matter`);
      } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) && isGrayMatter(node.arguments[0])) {
        problems.push(`${where(node)} loads gray-matter dynamically`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    const check = (node: ts.Node) => {
      if (ts.isIdentifier(node) && names.has(node.text) && !ts.isImportClause(node.parent) && !ts.isNamespaceImport(node.parent)) {
        const call = node.parent;
        const safe =
          ts.isCallExpression(call) &&
          call.expression === node &&
          call.arguments.length === 2 &&
          ts.isCallExpression(call.arguments[1]!) &&
          ts.isIdentifier((call.arguments[1] as ts.CallExpression).expression) &&
          ((call.arguments[1] as ts.CallExpression).expression as ts.Identifier).text === 'safeMatterOptions';
        if (!safe) problems.push(`${where(node)} uses gray-matter without safeMatterOptions(…)`);
      }
      ts.forEachChild(node, check);
    };
    check(source);
    return problems;
  }

  it('should find an unsafe call when there is one (the check itself works)', () => {
    expect(unsafeUses('x.ts', "import m from 'gray-matter';\nm(text);\n")).toEqual(['x.ts:2 uses gray-matter without safeMatterOptions(…)']);
    expect(unsafeUses('x.ts', "import m from 'gray-matter';\nm(text, { engines: {} });\n")).toHaveLength(1);
    expect(unsafeUses('x.ts', "import * as gm from 'gray-matter';\ngm.default.read(p);\n")).toHaveLength(1);
    expect(unsafeUses('x.ts', "import m from 'gray-matter';\nconst f = m;\n")).toHaveLength(1);
    expect(unsafeUses('x.ts', "const m = await import('gray-matter');\n")).toHaveLength(1);
    expect(unsafeUses('x.ts', "import e from 'gray-matter/lib/engines.js';\n")).toHaveLength(1);
    expect(unsafeUses('x.ts', "import m from 'gray-matter';\nm(text, safeMatterOptions(parse));\n")).toEqual([]);
  });

  it('should pass the safe options to every call in src/', async () => {
    const problems: string[] = [];
    let calls = 0;
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const abs = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(abs);
        else if (/\.[cm]?[jt]s$/.test(entry.name)) {
          const text = await readFile(abs, 'utf8');
          if (!text.includes('gray-matter')) continue;
          calls += (text.match(/safeMatterOptions\(/g) ?? []).length;
          problems.push(...unsafeUses(path.relative(REPO, abs), text));
        }
      }
    };
    await walk(path.join(REPO, 'src'));
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(0);
  });
});

describe('prototype pollution through front-matter', () => {
  const cases: Record<string, string> = {
    '__proto__ key': '__proto__:\n  polluted: yes',
    'quoted __proto__ key': '"__proto__": {polluted: yes}',
    'explicit __proto__ key': '? __proto__\n: {polluted: yes}',
    'constructor.prototype': 'constructor:\n  prototype:\n    polluted: yes',
    'nested __proto__': 'params:\n  __proto__:\n    polluted: yes',
    '__proto__ in a list': 'tags:\n  - __proto__: {polluted: yes}',
    'prototype key': 'prototype: {polluted: yes}',
    'merge key': '<<: {polluted: yes}',
    'merge key with an alias': 'base: &base {polluted: yes}\nextra:\n  <<: *base',
    'tagged merge key': '!!merge <<: {polluted: yes}',
  };
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  for (const [name, yaml] of Object.entries(cases)) {
    it(`should refuse a ${name} with a located error and pollute nothing`, () => {
      const text = `---\ntitle: Bài\ndate: 01/05/2025\nauthor: Hà Vân\ncategory: Thông báo\n${yaml}\n---\nNội dung.\n`;
      const result = parseArticle('a.md', text, SETTINGS);
      expect(result.article).toBeUndefined();
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) {
        expect(d.line).toBeGreaterThanOrEqual(6);
        expect(d.message).toMatch(VIETNAMESE);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('should refuse them in bantin.yaml too', () => {
    for (const yaml of Object.values(cases)) {
      const { config, diagnostics } = resolveConfig(`title: Phường\n${yaml}\n`, 'bantin.yaml');
      expect(config).toBeUndefined();
      expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('YAML alias bombs and oversized front-matter', () => {
  const bomb = (() => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    return lines.join('\n');
  })();

  /** Fastest of a few runs: the machine may be busy, the work itself must be small. */
  function fastest(fn: () => void): number {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      fn();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  }

  it('should refuse a billion-laughs front-matter within 100 ms', () => {
    const text = `---\ntitle: Bài\n${bomb}\n---\nx\n`;
    let result: ReturnType<typeof parseArticle> | undefined;
    const ms = fastest(() => (result = parseArticle('a.md', text, SETTINGS)));
    expect(ms).toBeLessThan(100);
    expect(result!.article).toBeUndefined();
    expect(result!.diagnostics.every((d) => d.code === 'BT103')).toBe(true);
  });

  it('should refuse a billion-laughs bantin.yaml and strings.yaml within 100 ms', () => {
    let diagnostics: readonly { code: string }[] = [];
    expect(fastest(() => (diagnostics = resolveConfig(`title: x\n${bomb}\n`, 'bantin.yaml').diagnostics))).toBeLessThan(100);
    expect(diagnostics.some((d) => d.code === 'BT103')).toBe(true);
    expect(fastest(() => (diagnostics = parseYaml(bomb, 'strings.yaml').diagnostics))).toBeLessThan(100);
    expect(diagnostics.some((d) => d.code === 'BT103')).toBe(true);
  });

  it('should refuse front-matter over 64 KB quickly, at line 1', () => {
    const text = `---\ntitle: Bài\nsummary: "${'a'.repeat(70 * 1024)}"\n---\nx\n`;
    let result: ReturnType<typeof parseFrontMatter> | undefined;
    expect(fastest(() => (result = parseFrontMatter(text, 'a.md')))).toBeLessThan(100);
    expect(result!.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT109', 1]]);
  });
});

describe('unsafe values in front-matter', () => {
  const unsafe: Record<string, string> = {
    javascript: 'website: javascript:alert(1)',
    'upper case': 'website: JaVaScRiPt:alert(1)',
    'leading spaces': 'website: "  javascript:alert(1)"',
    'a tab inside': 'website: "java\\tscript:alert(1)"',
    'a newline inside': 'website: "java\\nscript:alert(1)"',
    vbscript: 'lienKet: vbscript:msgbox(1)',
    'data HTML': 'lienKet: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="',
    'image field': 'image: javascript:alert(1)',
    'nested list': 'lienKet:\n  - https://a.vn\n  - javascript:alert(1)',
  };
  for (const [name, yaml] of Object.entries(unsafe)) {
    it(`should refuse a ${name} URL in any field, at its line`, () => {
      const text = `---\ntitle: Bài\ndate: 01/05/2025\nauthor: Hà Vân\ncategory: Thông báo\n${yaml}\n---\nNội dung.\n`;
      const result = parseArticle('a.md', text, SETTINGS);
      expect(result.article).toBeUndefined();
      expect(result.diagnostics.map((d) => d.code)).toEqual(['BT110']);
      expect(result.diagnostics[0]!.line).toBeGreaterThanOrEqual(6);
      expect(result.diagnostics[0]!.hint).toMatch(VIETNAMESE);
    });
  }

  it('should accept ordinary text that only looks like a scheme', () => {
    const text = `---\ntitle: "Data: số liệu dân số 2024"\nsummary: "Javascript là gì? Hướng dẫn cho cán bộ"\ndate: 01/05/2025\nauthor: Hà Vân\ncategory: Thông báo\nwebsite: https://tranphu.gov.vn/\n---\nNội dung.\n`;
    const result = parseArticle('a.md', text, SETTINGS);
    expect(result.diagnostics).toEqual([]);
    expect(result.article?.params).toEqual({ website: 'https://tranphu.gov.vn/' });
  });

  const invalid: Record<string, string> = {
    NUL: 'title: "Bài\\0viết"',
    BEL: 'summary: "Tóm\\atắt"',
    ESC: 'author: "Hà\\eVân"',
    'lone high surrogate': 'title: "Bài \\ud800"',
    'lone low surrogate': 'tags: ["\\udc00"]',
    'control character in a key': '"ti\\u0001tle": x',
  };
  for (const [name, yaml] of Object.entries(invalid)) {
    it(`should refuse a ${name} written as an escape, at its line`, () => {
      const text = `---\ndate: 01/05/2025\ncategory: Thông báo\n${yaml}\n---\nNội dung.\n`;
      const result = parseFrontMatter(text, 'a.md');
      expect(result.frontMatter).toBeUndefined();
      expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT118', 4]]);
    });
  }

  it('should keep a real pair of surrogates (an emoji) and tabs', () => {
    const result = parseFrontMatter('---\ntitle: "Vui \\ud83d\\ude00\\tquá"\n---\n', 'a.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.frontMatter?.data.title).toBe('Vui 😀\tquá');
  });
});

describe('YAML tags in front-matter', () => {
  for (const yaml of ['!!merge <<: {polluted: yes}', 'title: !!binary aGVsbG8=', 'title: !!js/function "function () { return 1 }"', 'title: !!int 12', 'title: !ten x', '? !!merge <<\n: x']) {
    it(`should refuse ${JSON.stringify(yaml)} at its line`, () => {
      const result = parseFrontMatter(`---\ndate: 01/05/2025\n${yaml}\n---\n`, 'a.md');
      expect(result.frontMatter).toBeUndefined();
      expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['BT119', 3]]);
    });
  }

  it('should accept a value that starts with "!" in quotes', () => {
    expect(parseFrontMatter('---\ntitle: "!Khẩn: họp dân"\n---\n', 'a.md').frontMatter?.data.title).toBe('!Khẩn: họp dân');
  });
});
