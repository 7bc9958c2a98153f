/**
 * The layout's rules, checked on the source itself: imports point one way (no cycle between files
 * or between folders), the pure stages touch no disk and no process, no regular expression reads
 * or rewrites serialized HTML, and long functions say why they are long.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface SourceInfo {
  readonly rel: string;
  readonly text: string;
  readonly file: ts.SourceFile;
  /** Relative specifiers resolved to src-relative `.ts` paths, and bare module names. */
  readonly imports: string[];
}

const sources: SourceInfo[] = listFiles(SRC).map((abs) => {
  const text = readFileSync(abs, 'utf8');
  const file = ts.createSourceFile(abs, text, ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const add = (spec: string) => {
    if (spec.startsWith('.')) imports.push(relative(SRC, resolve(dirname(abs), spec)).replace(/\.js$/, '.ts').split('\\').join('/'));
    else imports.push(spec);
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { rel: relative(SRC, abs).split('\\').join('/'), text, file, imports };
});

/** Strongly connected components with more than one member (Tarjan). */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const strong = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) strong(v);
  return found;
}

/** A file's folder under src/ (`content`, `site`…), or the file itself for top-level files. */
const folderOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : rel);

/** Folders whose code is the pure pipeline: strings and values in, values out. */
const PURE = ['text', 'diagnostics', 'config', 'content', 'site', 'pages', 'render', 'outputs', 'pipeline.ts'];

describe('the source layout', () => {
  it('should have no import cycle between files (type-only imports count too)', () => {
    const graph = new Map(sources.map((s) => [s.rel, new Set(s.imports.filter((i) => i.endsWith('.ts')))]));
    expect(cycles(graph)).toEqual([]);
  });

  it('should have no import cycle between folders', () => {
    const graph = new Map<string, Set<string>>();
    for (const s of sources) {
      const from = folderOf(s.rel);
      const targets = graph.get(from) ?? new Set<string>();
      graph.set(from, targets);
      for (const i of s.imports) if (i.endsWith('.ts') && folderOf(i) !== from) targets.add(folderOf(i));
    }
    expect(cycles(graph)).toEqual([]);
  });

  it('should keep the pure stages free of the disk, threads and the process', () => {
    const offenders: string[] = [];
    for (const s of sources) {
      if (!PURE.includes(folderOf(s.rel))) continue;
      for (const i of s.imports) {
        if (/^(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|os)$/.test(i) || i === 'chokidar' || i === 'sharp') offenders.push(`${s.rel} imports ${i}`);
      }
      const visit = (node: ts.Node) => {
        if (ts.isIdentifier(node) && node.text === 'process' && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
          offenders.push(`${s.rel}:${s.file.getLineAndCharacterOfPosition(node.getStart()).line + 1} uses process`);
        }
        ts.forEachChild(node, visit);
      };
      visit(s.file);
    }
    expect(offenders).toEqual([]);
  });

  it('should have every pure folder in the source tree (the list above is not stale)', () => {
    const folders = new Set(sources.map((s) => folderOf(s.rel)));
    for (const f of PURE) expect(folders.has(f), f).toBe(true);
  });
});

/**
 * Regular expressions that look at markup but do not read or rewrite rendered HTML, each with its
 * reason. Everything else that matches `<` followed by a tag-like character is a failure.
 */
const MARKUP_PATTERN_EXCEPTIONS: ReadonlyArray<{ file: string; pattern: string; why: string }> = [
  {
    file: 'content/markdown.ts',
    pattern: String.raw`/^<([a-zA-Z][\w-]*)/`,
    why: "names the tag of raw HTML the editor wrote in the Markdown source (an mdast `html` node's value) for the BT301 message; the node itself is dropped, nothing rendered is read",
  },
  {
    file: 'importers/hugo-jekyll.ts',
    pattern: String.raw`/^<!--[\s\S]*-->$/`,
    why: 'the importer reads another generator’s source files (a Markdown block that is only an HTML comment), before bantin renders anything',
  },
  {
    file: 'importers/wordpress.ts',
    pattern: String.raw`/^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i`,
    why: 'part of wpautop: WordPress stores posts as text with blank-line paragraphs, and its own wpautop splits that text with these patterns before any HTML parser sees it; the result is parsed (rehype-parse) and converted on the tree',
  },
  {
    file: 'importers/wordpress.ts',
    pattern: String.raw`/^<\/?(?:address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|iframe|li|main|menu|nav|noscript|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|script|style|object|embed)\b/i`,
    why: 'wpautop (see above): whether a blank-line block of a WordPress post starts with a block tag, on the stored text',
  },
  {
    file: 'importers/wordpress.ts',
    pattern: String.raw`/<(pre|script|style)\b[\s\S]*?<\/\1>/gi`,
    why: 'wpautop (see above): blocks whose blank lines are not paragraph breaks, on the stored text',
  },
];

/**
 * The body of a regular expression literal (`/…/flags` without its delimiters), with lookbehinds
 * and named groups (`(?<=`, `(?<!`, `(?<name>`) turned into plain groups: neither is markup.
 */
function patternBody(literal: string): string {
  const body = literal.slice(1, literal.lastIndexOf('/'));
  return body.split('(?<=').join('(').split('(?<!').join('(').split('(?<').join('(');
}

describe('rendered HTML is never read or rewritten with a regular expression', () => {
  it('should flag a regex over tags but not its own delimiters, a bare `<` or a lookbehind', () => {
    const flagged = (literal: string) => /<\\?\/?[a-zA-Z!?]|<\[|<\(/.test(patternBody(literal));
    expect(flagged(String.raw`/<img\b([^>]*)>/g`)).toBe(true);
    expect(flagged(String.raw`/href="#bantin-link-(\d+)"/g`)).toBe(false);
    expect(flagged(String.raw`/<\/a>/`)).toBe(true);
    expect(flagged('/</g')).toBe(false);
    expect(flagged('/(?<=a)b/')).toBe(false);
    expect(flagged('/(?<!a)b/')).toBe(false);
    expect(flagged('/(?<name>x)/')).toBe(false);
    expect(flagged('/(?<=x)<p>/')).toBe(true);
  });

  it('should find no regular expression over tags in src/ outside the named exceptions', () => {
    const found: string[] = [];
    for (const s of sources) {
      // Walk the AST for regular expression literals (a scanner alone cannot tell `/` from a regex).
      const visit = (node: ts.Node) => {
        if (ts.isRegularExpressionLiteral(node)) {
          const pattern = node.text;
          if (/<\\?\/?[a-zA-Z!?]|<\[|<\(/.test(patternBody(pattern)) && !MARKUP_PATTERN_EXCEPTIONS.some((e) => e.file === s.rel && e.pattern === pattern)) {
            found.push(`${s.rel}:${s.file.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${pattern}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(s.file);
    }
    expect(found).toEqual([]);
  });
});

/** Functions longer than this many lines must give the reason in their doc comment ("Long: …"). */
const LONG_FUNCTION = 80;

describe('function length', () => {
  it(`should give a reason ("Long: …") in the doc comment of every function over ${LONG_FUNCTION} lines`, () => {
    const long: string[] = [];
    for (const s of sources) {
      const visit = (node: ts.Node) => {
        if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
          const start = s.file.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = s.file.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > LONG_FUNCTION) {
            // The reason may stand before the function, its declaration or statement (`const f = …`, `return …`).
            const holders = [node, node.parent, node.parent?.parent].filter((n): n is ts.Node => n !== undefined && !ts.isSourceFile(n));
            const docs = holders.flatMap((h) => ts.getJSDocCommentsAndTags(h).map((d) => d.getText())).join('\n');
            const leading = holders.flatMap((h) => ts.getLeadingCommentRanges(s.text, h.getFullStart())?.map((r) => s.text.slice(r.pos, r.end)) ?? []).join('\n');
            if (!/Long: /.test(docs + leading)) long.push(`${s.rel}:${start + 1} (${end - start + 1} lines)`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(s.file);
    }
    expect(long).toEqual([]);
  });
});
