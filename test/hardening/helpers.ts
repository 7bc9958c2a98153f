/**
 * Helpers of the hardening suite: building sites in this process, running the real command in a
 * child process (from a private transpiled copy of src/, so no other test's lib/ is touched), and
 * reading HTML as a tree to look for anything a browser would run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, Root, RootContent } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { run } from '../../src/cli.js';
import { createMemoryLogger } from '../../src/logger.js';
import { filesOf, snapshotTree, type TempSite } from '../helpers/site.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NOW = '2025-06-01T00:00:00+07:00';

/** `bantin <args>` in this process with a memory logger: exit code and everything printed. */
export async function cli(args: readonly string[]): Promise<{ code: number; text: string }> {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text() };
}

/** `bantin build --root <site> --now NOW --no-cache --threads 1 <args>` in this process. */
export function build(site: TempSite, ...args: string[]): Promise<{ code: number; text: string }> {
  return cli(['build', '--root', site.root, '--now', NOW, '--no-cache', '--threads', '1', ...args]);
}

/** Every file under `dir` as text, by posix path (folders left out). */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const snapshot = await snapshotTree(dir);
  return new Map(filesOf(snapshot).map((f) => [f, Buffer.from(snapshot[f]!, 'hex').toString('utf8')]));
}

// ---------------------------------------------------------------------------
// The command in a child process
// ---------------------------------------------------------------------------

export interface CompiledCli {
  /** Absolute path of the copy's `bin/bantin.js`. */
  readonly bin: string;
  cleanup(): Promise<void>;
}

/** Strip the types of one TypeScript file: Vite's native transform when there, else TypeScript's. */
async function stripTypes(): Promise<(text: string, fileName: string) => Promise<string>> {
  try {
    const { transformWithOxc } = await import('vite');
    return async (text, fileName) => (await transformWithOxc(text, fileName, { lang: 'ts', target: 'es2022' })).code;
  } catch {
    const ts = (await import('typescript')).default;
    return async (text, fileName) =>
      ts.transpileModule(text, { fileName, compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, sourceMap: false } }).outputText;
  }
}

/**
 * Transpile src/ (types stripped, no type check: tsc runs separately) into a fresh folder laid out
 * like the package (`lib/`, `bin/`, `package.json`, `templates`, `node_modules`), so child
 * processes run the current sources without touching the repository's lib/.
 */
export async function compileCli(): Promise<CompiledCli> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bantin-cli-'));
  const src = path.join(REPO, 'src');
  const strip = await stripTypes();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(src, rel), { withFileTypes: true })) {
      const childRel = path.join(rel, entry.name);
      if (entry.isDirectory()) await walk(childRel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const text = await readFile(path.join(src, childRel), 'utf8');
        const js = await strip(text, entry.name);
        const target = path.join(dir, 'lib', childRel.replace(/\.ts$/, '.js'));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, js);
      }
    }
  };
  await walk('');
  await mkdir(path.join(dir, 'bin'));
  await copyFile(path.join(REPO, 'bin', 'bantin.js'), path.join(dir, 'bin', 'bantin.js'));
  await copyFile(path.join(REPO, 'package.json'), path.join(dir, 'package.json'));
  await symlink(path.join(REPO, 'templates'), path.join(dir, 'templates'), 'dir');
  await symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { bin: path.join(dir, 'bin', 'bantin.js'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start `node <bin> <args>`; `done` settles when it exits. */
export function startChild(bin: string, args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): { child: ChildProcess; done: Promise<ChildResult> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Run `node <bin> <args>` to the end. */
export function runChild(bin: string, args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<ChildResult> {
  return startChild(bin, args, options).done;
}

/** Wait until `file` exists (a child's pause marker), or fail after `ms`, or when `done` settles first. */
export async function waitForFile(file: string, done: Promise<ChildResult>, ms = 30_000): Promise<void> {
  let finished: ChildResult | undefined;
  void done.then((r) => (finished = r));
  const deadline = Date.now() + ms;
  while (!existsSync(file)) {
    if (finished) throw new Error(`child exited (code ${finished.code}) before reaching the pause point:\n${finished.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  // The marker is written in one call; give it a moment to be complete.
  while ((await stat(file)).size === 0) await new Promise((r) => setTimeout(r, 5));
}

/** A PID that belonged to a process which has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((r) => child.on('close', r));
  return pid;
}

// ---------------------------------------------------------------------------
// HTML inspection
// ---------------------------------------------------------------------------

const parser = unified().use(rehypeParse, { fragment: false });

export function parseHtml(html: string): Root {
  return parser.parse(html) as Root;
}

/** Every element of a tree, in document order. */
export function elements(node: Root | RootContent): Element[] {
  const out: Element[] = [];
  const walk = (n: Root | RootContent) => {
    if (n.type === 'element') {
      out.push(n);
      if (n.tagName === 'template' && n.content) walk(n.content as unknown as Root);
    }
    if ('children' in n) for (const c of n.children as RootContent[]) walk(c);
  };
  walk(node);
  return out;
}

/** Text of an element (entities decoded). */
export function textOf(node: Root | RootContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(textOf).join('');
  return '';
}

/** hast property names whose value is a URL a browser follows or loads. */
const URL_PROPERTIES = new Set([
  'href', 'src', 'action', 'formAction', 'poster', 'cite', 'background', 'data', 'codeBase', 'srcSet', 'xLinkHref', 'ping',
  'longDesc', 'manifest', 'lowsrc', 'dynsrc', 'icon', 'profile', 'classId', 'archive', 'useMap', 'itemId', 'imageSrcSet',
]);

/** What a browser makes of a URL's scheme: leading spaces and controls dropped, tabs and newlines removed anywhere. */
export function urlScheme(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const squeezed = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(squeezed)?.[1]?.toLowerCase();
}

const RUNNABLE_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'livescript']);

/**
 * Everything in a page that would run code or load a document from content: `<script>` elements
 * other than `allowedScripts` (their outer signature), `on…` attributes, URL attributes with a
 * runnable scheme (after entity decoding, which the parser does), meta refreshes, plugins and
 * frames, and style with `javascript:` or `expression(`.
 */
export function runnableParts(html: string, allowedScripts: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const el of elements(parseHtml(html))) {
    const props = el.properties ?? {};
    if (el.tagName === 'script') {
      const sig = scriptSignature(el);
      if (!allowedScripts.has(sig)) problems.push(`script: ${sig.slice(0, 120)}`);
    }
    // The theme's own search forms (header, /tim-kiem/) are allowed like its scripts: by exact signature.
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'bgsound', 'form', 'input', 'textarea', 'isindex', 'math', 'xmp', 'plaintext', 'noembed', 'portal'].includes(el.tagName) && !(THEME_CONTROLS.has(el.tagName) && allowedScripts.has(scriptSignature(el)))) {
      problems.push(`<${el.tagName}>`);
    }
    if (el.tagName === 'meta' && props.httpEquiv !== undefined) problems.push(`<meta http-equiv=${String(props.httpEquiv)}>`);
    if (el.tagName === 'style') problems.push('<style>');
    for (const [name, value] of Object.entries(props)) {
      if (/^on/i.test(name)) problems.push(`<${el.tagName} ${name}>`);
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      if (URL_PROPERTIES.has(name)) {
        for (const v of name === 'srcSet' || name === 'imageSrcSet' ? values.flatMap((x) => x.split(',')) : values) {
          const scheme = urlScheme(v);
          if (scheme && RUNNABLE_SCHEMES.has(scheme)) problems.push(`<${el.tagName} ${name}="${v.slice(0, 80)}">`);
        }
      }
      if (name === 'style' && values.some((v) => /javascript:|expression\s*\(|url\s*\(/i.test(v))) problems.push(`<${el.tagName} style="${values.join(' ')}">`);
    }
    // A meta whose content is a URL (og:image, og:url, refresh).
    if (el.tagName === 'meta' && /(?:url|image|video|audio)$/i.test(String(props.property ?? props.name ?? ''))) {
      const scheme = urlScheme(String(props.content ?? ''));
      if (scheme && RUNNABLE_SCHEMES.has(scheme)) problems.push(`<meta ${String(props.property ?? props.name)} content="${String(props.content)}">`);
    }
  }
  return problems;
}

/** A script element as attributes + text, to compare with the theme's own scripts. */
export function scriptSignature(el: Element): string {
  const attrs = Object.entries(el.properties ?? {})
    // Where the search page finds its index depends on the site, not on the theme.
    .filter(([k]) => !(el.tagName === 'form' && ['dataIndex', 'dataShards', 'dataDocs'].includes(k)))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .sort()
    .join(' ');
  const type = String(el.properties?.type ?? '');
  // JSON-LD carries page data (titles…): only its shape is the theme's, so it is checked apart.
  return /ld\+json/i.test(type) ? `${attrs} <json-ld>` : `${attrs} ${textOf(el)}`;
}

/** Elements the theme itself writes that content must never bring: allowed only with the theme's exact signature. */
const THEME_CONTROLS = new Set(['form', 'input']);

/** The signatures of every script (and search form) of every page of a site built from harmless content. */
export function scriptsOf(pages: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const html of pages) for (const el of elements(parseHtml(html))) if (el.tagName === 'script' || THEME_CONTROLS.has(el.tagName)) set.add(scriptSignature(el));
  return set;
}
