/**
 * The error catalogue (src/diagnostics/codes.ts) and the source agree: every `BTnnn` written in
 * src/ has an entry, every entry is reported somewhere (or is retired), a code is reported from
 * several places only when its entry says so (two problems cannot silently share a code), each
 * entry's severity is the one its call sites use, and docs/ma-loi.md is what the catalogue gives.
 *
 * The source is read with the TypeScript parser: a code in a comment is not a use; a code compared
 * (`d.code === 'BT005'`, `case 'BT005':`) is a reference, which must be catalogued but is not a
 * place that reports the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { newArticle } from '../src/commands/new.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { renderCodesDoc } from '../src/diagnostics/codes-doc.js';
import { catalogue, CODE_RANGES, CODES, type CodeEntry } from '../src/diagnostics/codes.js';
import { buildSite } from '../src/site/build-site.js';
import { articleData, config } from './helpers/site.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(REPO, 'src');
const CATALOGUE_FILE = 'src/diagnostics/codes.ts';
const CODE = /^BT\d{3}$/;
const CODE_IN_TEXT = /BT\d{3}/g;

const ENTRIES: Readonly<Record<string, CodeEntry>> = CODES;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Use {
  readonly code: string;
  /** `src/…/file.ts:line`. */
  readonly at: string;
  /** A place that reports the problem (not a comparison, not a code inside a longer text). */
  readonly site: boolean;
  /** The severity this place gives it, when it can be read from the call (`error(…)`, `warning(…)`, `severity: '…'`). */
  readonly severity?: 'error' | 'warning';
}

function isComparison(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isCaseClause(parent)) return true;
  if (!ts.isBinaryExpression(parent)) return false;
  const op = parent.operatorToken.kind;
  return (
    op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
    op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
    op === ts.SyntaxKind.EqualsEqualsToken ||
    op === ts.SyntaxKind.ExclamationEqualsToken
  );
}

function severityAt(node: ts.Node): 'error' | 'warning' | undefined {
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === node && ts.isIdentifier(parent.expression)) {
    if (parent.expression.text === 'error') return 'error';
    if (parent.expression.text === 'warning') return 'warning';
  }
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    for (const p of parent.parent.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'severity' && ts.isStringLiteral(p.initializer)) {
        const v = p.initializer.text;
        if (v === 'error' || v === 'warning') return v;
      }
    }
  }
  return undefined;
}

/** Every code written in a string of src/ (the catalogue itself aside). */
function usesInSource(): Use[] {
  const uses: Use[] = [];
  for (const abs of listFiles(SRC)) {
    const rel = relative(REPO, abs).split('\\').join('/');
    if (rel === CATALOGUE_FILE) continue;
    const file = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      let text: string | undefined;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
      else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) text = node.text;
      if (text !== undefined) {
        const at = `${rel}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
        if (CODE.test(text) && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
          const site = !isComparison(node);
          const severity = severityAt(node);
          uses.push({ code: text, at, site, ...(severity ? { severity } : {}) });
        } else {
          for (const m of text.match(CODE_IN_TEXT) ?? []) uses.push({ code: m, at, site: false });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return uses;
}

/** Property names of the `CODES` object literal, in file order, with their lines (duplicates kept). */
function catalogueKeys(): Array<{ key: string; line: number }> {
  const abs = join(REPO, CATALOGUE_FILE);
  const file = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.ES2022, true);
  const keys: Array<{ key: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'CODES' && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isSatisfiesExpression(init) || ts.isAsExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (!ts.isObjectLiteralExpression(init)) throw new Error(`${CATALOGUE_FILE}: CODES is not an object literal`);
      for (const p of init.properties) {
        const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : `(${ts.SyntaxKind[p.kind]})`;
        keys.push({ key: name, line: file.getLineAndCharacterOfPosition(p.getStart(file)).line + 1 });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return keys;
}

const USES = usesInSource();
const sitesOf = (code: string) => USES.filter((u) => u.site && u.code === code);

describe('the error catalogue', () => {
  it('has an entry for every code used in src/', () => {
    const missing = USES.filter((u) => !Object.hasOwn(ENTRIES, u.code)).map((u) => `${u.code} at ${u.at}`);
    expect(
      missing,
      `These codes are used in src/ but have no entry in ${CATALOGUE_FILE}. Add one per code (severity, title, message, hint, example; ` +
        `sites when several places report it), then run npm run docs:codes:\n  ${missing.join('\n  ')}\n`,
    ).toEqual([]);
  });

  it('has no entry that nothing reports, unless it is retired', () => {
    const unused = Object.keys(ENTRIES).filter((code) => !ENTRIES[code]!.retired && sitesOf(code).length === 0);
    expect(unused, `These entries of ${CATALOGUE_FILE} are reported nowhere in src/: mark them retired: true (never reuse a code) or remove a typo:\n  ${unused.join(', ')}\n`).toEqual([]);
    const retiredButUsed = USES.filter((u) => ENTRIES[u.code]?.retired).map((u) => `${u.code} at ${u.at}`);
    expect(retiredButUsed, `These codes are retired but still used in src/; a retired code keeps its old meaning, give the problem a new code:\n  ${retiredButUsed.join('\n  ')}\n`).toEqual([]);
  });

  it('lets a code be reported from several places only when its entry says why (one code, one problem)', () => {
    const wrong: string[] = [];
    for (const code of Object.keys(ENTRIES)) {
      const sites = sitesOf(code);
      const declared = ENTRIES[code]!.sites?.count ?? 1;
      if (ENTRIES[code]!.retired || sites.length === 0 || sites.length === declared) continue;
      wrong.push(
        `${code}: reported from ${sites.length} places (${sites.map((s) => s.at).join(', ')}), its entry says ${declared}. ` +
          'If they are the same problem, set sites: { count, reason } in the entry; if not, give the new problem a new code.',
      );
    }
    expect(wrong, `Codes shared by more places than the catalogue allows:\n  ${wrong.join('\n  ')}\n`).toEqual([]);
    const pointless = Object.keys(ENTRIES).filter((code) => (ENTRIES[code]!.sites?.count ?? 2) < 2);
    expect(pointless, 'sites.count below 2 (omit sites for a code reported from one place)').toEqual([]);
  });

  it('gives each code the severity its call sites use', () => {
    const wrong = USES.filter((u) => u.severity !== undefined && Object.hasOwn(ENTRIES, u.code) && ENTRIES[u.code]!.severity !== u.severity).map(
      (u) => `${u.code} at ${u.at} is reported as ${u.severity}, the catalogue says ${ENTRIES[u.code]!.severity}`,
    );
    expect(wrong, `Severity differs from the catalogue:\n  ${wrong.join('\n  ')}\n`).toEqual([]);
  });

  it('has each code once, well formed, in its range, with every text filled in', () => {
    const keys = catalogueKeys();
    expect(keys.length).toBeGreaterThan(0);
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    for (const { key, line } of keys) {
      if (seen.has(key)) duplicates.push(`${key} at lines ${seen.get(key)} and ${line}`);
      else seen.set(key, line);
    }
    expect(duplicates, `Codes listed twice in ${CATALOGUE_FILE}:\n  ${duplicates.join('\n  ')}\n`).toEqual([]);
    expect(keys.map((k) => k.key).filter((k) => !CODE.test(k)), 'keys that are not BTnnn').toEqual([]);
    const ranges: Readonly<Record<string, string>> = CODE_RANGES;
    expect(keys.map((k) => k.key).filter((k) => !ranges[k.charAt(2)]), 'codes outside the ranges of CODE_RANGES').toEqual([]);
    const empty = catalogue().flatMap((e) =>
      (['title', 'message', 'hint', 'example'] as const).filter((f) => e[f].trim() === '').map((f) => `${e.code}.${f}`),
    );
    expect(empty, 'empty texts in the catalogue').toEqual([]);
    const noReason = catalogue().filter((e) => e.sites && e.sites.reason.trim() === '').map((e) => e.code);
    expect(noReason, 'sites without a reason').toEqual([]);
  });

  it('is what docs/ma-loi.md lists (npm run docs:codes regenerates it)', () => {
    const doc = readFileSync(join(REPO, 'docs', 'ma-loi.md'), 'utf8');
    const expected = renderCodesDoc();
    if (doc !== expected) {
      const listed = new Set(doc.match(/^### (BT\d{3})/gm)?.map((h) => h.slice(4)) ?? []);
      const missing = catalogue().map((e) => e.code).filter((c) => !listed.has(c));
      const extra = [...listed].filter((c) => !Object.hasOwn(ENTRIES, c));
      expect.fail(
        `docs/ma-loi.md is out of date: run npm run docs:codes.` +
          (missing.length ? ` Missing there: ${missing.join(', ')}.` : '') +
          (extra.length ? ` Not in the catalogue: ${extra.join(', ')}.` : '') +
          (missing.length || extra.length ? '' : ' (Same codes; a title, message, hint or example changed.)'),
      );
    }
  });

  it('finds codes the way the test means to (the scan itself)', () => {
    // Guards against a scan that silently finds nothing, e.g. after a move of src/.
    expect(USES.filter((u) => u.site).length).toBeGreaterThan(50);
    expect(USES.filter((u) => u.severity !== undefined).length).toBeGreaterThan(50);
  });
});

/** Problems that shared a code until the catalogue gave one of them its own (the old code keeps its first meaning). */
describe('codes split from a shared one', () => {
  const NOW = Date.parse('2025-06-01T00:00:00+07:00');
  const CATEGORIES = 'categories:\n  - name: Thông báo\n';

  it('BT121 is a category missing from bantin.yaml, BT130 a category name without letters', () => {
    const site = (category: string, yaml?: string) =>
      buildSite([articleData({ source: 'a.md', title: 'Bài', date: '2024-01-01T00:00:00Z', category, lines: { category: 5 } })], [], config(yaml), { drafts: false, future: false, now: NOW });
    expect(site('Tin tức', CATEGORIES).diagnostics.map((d) => d.code)).toEqual(['BT121']);
    expect(site('!!!').diagnostics.map((d) => [d.code, d.line])).toEqual([['BT130', 5]]);
  });

  it('BT602 is a category missing from bantin.yaml for bantin new, BT605 a category name without letters', () => {
    expect(newArticle({ title: 'Họp dân', category: 'Tin tức' }, config(CATEGORIES), NOW).diagnostics.map((d) => d.code)).toEqual(['BT602']);
    expect(newArticle({ title: 'Họp dân', category: '!!!' }, config(), NOW).diagnostics.map((d) => d.code)).toEqual(['BT605']);
  });

  it('BT202 is a field of bantin.yaml, BT204 the --base-url option', () => {
    expect(resolveConfig('baseUrl: "a b"\n', 'bantin.yaml').diagnostics.map((d) => [d.code, d.file])).toEqual([['BT202', 'bantin.yaml']]);
    expect(resolveConfig(undefined, 'bantin.yaml', { baseUrl: 'a b' }).diagnostics.map((d) => [d.code, d.file])).toEqual([['BT204', '--base-url']]);
  });
});
