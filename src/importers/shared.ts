/**
 * What every importer shares: the target site (its config, content folder and the URLs already
 * taken), unique slugs, categories that must exist in `bantin.yaml`, writing an article's
 * front-matter, and the report. The converters are pure (they return an ImportPlan); only
 * `readTarget` and `applyPlan` touch the disk.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isMap, isSeq, parseDocument, stringify } from 'yaml';
import { resolveConfig } from '../config/resolve-config.js';
import type { ResolvedConfig } from '../config/types.js';
import { parseFrontMatter } from '../content/front-matter.js';
import { decodeSource } from '../text/decode.js';
import { slugify, toneKey } from '../text/vietnamese.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { scanFolder } from '../project/scan.js';
import { resolvePaths, type SiteOptions } from '../project/paths.js';
import { isValidSlug, titleSlug } from '../text/slug.js';
import { RESERVED_SEGMENTS } from '../pages/plan.js';
import { checkContentFile } from '../content/file-types.js';

/** The site articles are imported into. */
export interface ImportTarget {
  /** Absolute path of the content folder. */
  readonly contentDir: string;
  /** How the content folder is shown in messages (`content`). */
  readonly contentLabel: string;
  readonly config: ResolvedConfig;
  /** Absolute path of the site's config and its text, when the site has one. */
  readonly configPath: string | undefined;
  readonly configText: string | undefined;
  /** Content-relative paths of the files already there. */
  readonly existingFiles: ReadonlySet<string>;
  /** `category-slug/article-slug` of the articles already there → their file. */
  readonly existingUrls: ReadonlyMap<string, string>;
}

/** One article to write. */
export interface PlannedArticle {
  /** Content-relative path of the new file. */
  readonly path: string;
  readonly text: string;
  /** Where it came from, as the report names it (`bài "Tiêu đề" (ID 12)`, `_posts/x.md`). */
  readonly source: string;
  readonly draft: boolean;
  /** A fixed page (`type: page`). */
  readonly page?: boolean | undefined;
}

export interface ImportPlan {
  readonly articles: PlannedArticle[];
  /** Files to copy: absolute source → content-relative destination. */
  readonly copies: Array<{ readonly from: string; readonly to: string }>;
  /** Categories to add to `bantin.yaml` (only when it lists categories). */
  readonly newCategories: string[];
  /** Items that were not imported, each with its reason. */
  readonly skipped: Array<{ readonly source: string; readonly reason: string }>;
  /**
   * What came across only in part: one line per thing changed (`lost` unset) or left behind
   * (`lost: true`, counted in the fidelity summary), with its line in the source when known.
   */
  readonly notes: Array<{ readonly source: string; readonly message: string; readonly line?: number | undefined; readonly lost?: boolean | undefined }>;
  /** Counts for the summary line (`bình luận`: 3). */
  readonly counts: Record<string, number>;
}

/**
 * Whether the content folder may publish a source file, by the build's own allowlist on its first
 * bytes (`heads`: `SNIFF_BYTES` of each file; a file without them is refused).
 */
export function mayPublish(path: string, heads: ReadonlyMap<string, Uint8Array> | undefined): boolean {
  return checkContentFile(path, heads?.get(path) ?? new Uint8Array(0), path) === undefined;
}

/** What the report says of a file `mayPublish` refused. */
export const refusedFile = (file: string): string => `tệp ${file} thuộc loại không được đăng từ thư mục nội dung (ảnh SVG, trang HTML có thể chứa mã chạy được), không chép sang`;

/** The way to keep such a file, for the report. */
export const KEEP_IN_STATIC = 'chép nó vào thư mục static/ (được duyệt như giao diện) rồi sửa đường dẫn';

export function emptyPlan(): ImportPlan {
  return { articles: [], copies: [], newCategories: [], skipped: [], notes: [], counts: {} };
}

/** Options shared by the import commands: where the site is. */
export type ImportSiteOptions = Pick<SiteOptions, 'root' | 'content' | 'config' | 'cwd'>;

/**
 * Read the target site: its config (or the defaults), and the articles already in its content
 * folder, so that imported articles never take an existing URL or overwrite a file.
 */
export async function readTarget(options: ImportSiteOptions): Promise<ImportTarget> {
  const paths = resolvePaths(options);
  const display = (abs: string) => {
    const rel = relative(paths.cwd, abs).split(sep).join('/');
    return rel.startsWith('..') ? abs : rel || '.';
  };
  let configText: string | undefined;
  const configLabel = paths.config ? display(paths.config) : 'bantin.yaml';
  if (paths.config) {
    const bytes = await readFile(paths.config).catch(() => undefined);
    if (bytes === undefined) throw new UserError([{ code: 'BT203', severity: 'error', file: configLabel, message: `Không đọc được tệp cấu hình "${configLabel}".`, hint: 'Kiểm tra đường dẫn sau --config.' }]);
    const decoded = decodeSource(configLabel, bytes);
    if (decoded.text === undefined) throw new UserError(decoded.diagnostics);
    configText = decoded.text;
  }
  const resolved = resolveConfig(configText, configLabel);
  if (!resolved.config) throw new UserError(resolved.diagnostics);

  const existingFiles = new Set<string>();
  const existingUrls = new Map<string, string>();
  const exists = await stat(paths.content).then((s) => s.isDirectory(), () => false);
  const scanned = exists ? await scanFolder(paths.content, display) : { files: [] };
  for (const file of scanned.files) {
    existingFiles.add(file.path);
    if (!/\.md$/i.test(file.path)) continue;
    const decoded = decodeSource(file.path, await readFile(file.abs));
    if (decoded.text === undefined) continue;
    const url = articleUrlKey(decoded.text, file.path, resolved.config);
    if (url) existingUrls.set(url, file.path);
  }
  return {
    contentDir: paths.content,
    contentLabel: display(paths.content),
    config: resolved.config,
    configPath: paths.config,
    configText,
    existingFiles,
    existingUrls,
  };
}

/** `category-slug/article-slug` of an existing article, as bantin would give it; undefined when unreadable. */
function articleUrlKey(text: string, file: string, config: ResolvedConfig): string | undefined {
  const fm = parseFrontMatter(text, file).frontMatter;
  if (!fm) return undefined;
  const data = fm.data;
  const category = typeof data.category === 'string' ? data.category : Array.isArray(data.categories) ? data.categories[0] : data.categories;
  const title = data.title;
  if (typeof category !== 'string' || typeof title !== 'string') return undefined;
  const slug = typeof data.slug === 'string' && data.slug.trim() !== '' ? data.slug.trim() : articleSlug(title);
  const configured = config.categories.find((c) => toneKey(c.name) === toneKey(category));
  return `${configured?.slug ?? slugify(category)}/${slug}`;
}

/** The slug bantin makes from a title. */
export function articleSlug(title: string): string {
  return titleSlug(title);
}

/** Turn any text (a WordPress post name, a file name) into a valid slug, or '' when nothing is left. */
export function cleanSlug(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Not percent-encoded: use it as it is.
  }
  const slug = titleSlug(decoded.normalize('NFC'), 110);
  return isValidSlug(slug) ? slug : '';
}

/**
 * Categories of imported articles: a name the config already has (same name up to tone-mark
 * placement, or same slug) maps to the configured name; other names are new and, when the config
 * lists its categories, are added to it.
 */
export class CategoryResolver {
  private readonly byKey = new Map<string, { name: string; slug: string }>();
  private readonly bySlug = new Map<string, { name: string; slug: string }>();
  readonly added: string[] = [];
  private readonly restricted: boolean;

  constructor(config: ResolvedConfig) {
    this.restricted = config.categories.length > 0;
    for (const c of config.categories) this.remember(c.name, c.slug);
  }

  private remember(name: string, slug: string) {
    const entry = { name, slug };
    this.byKey.set(toneKey(name), entry);
    this.bySlug.set(slug, entry);
  }

  /** Every category known so far (configured, then found), once each. */
  all(): Array<{ readonly name: string; readonly slug: string }> {
    return [...new Set(this.bySlug.values())];
  }

  /** The name and slug to use for `name`; undefined when the name has no letter or digit. */
  resolve(rawName: string): { name: string; slug: string } | undefined {
    const name = rawName.normalize('NFC').replace(/\s+/g, ' ').trim();
    const known = this.byKey.get(toneKey(name));
    if (known) return known;
    const slug = slugify(name);
    if (slug === '') return undefined;
    const sameSlug = this.bySlug.get(slug);
    if (sameSlug) return sameSlug;
    this.remember(name, slug);
    if (this.restricted) this.added.push(name);
    return { name, slug };
  }
}

/** The category used when an item has none: the first configured one, else "Tin tức". */
export function defaultCategoryName(config: ResolvedConfig, given: string | undefined): string {
  return given?.trim() || config.categories[0]?.name || 'Tin tức';
}

/**
 * Unique article URLs and file paths. The first item to ask for a URL keeps it; a later one gets
 * `-2`, `-3`, … and the caller reports the change.
 */
export class SlugRegistry {
  private readonly urls: Map<string, string>;
  private readonly files: Set<string>;

  constructor(target: ImportTarget) {
    this.urls = new Map(target.existingUrls);
    // A page may not take the address of a page bantin makes itself (`/tac-gia/`, `/tim-kiem/`, …).
    for (const segment of RESERVED_SEGMENTS) if (!this.urls.has(`/${segment}`)) this.urls.set(`/${segment}`, `trang /${segment}/ do bantin tạo ra`);
    this.files = new Set([...target.existingFiles].map((f) => f.toLowerCase()));
  }

  /** Keep each category's address (/{slug}/) from pages, which live at /{slug}/ too. */
  reserveCategories(categories: Iterable<{ readonly name: string; readonly slug: string }>): void {
    for (const c of categories) if (!this.urls.has(`/${c.slug}`)) this.urls.set(`/${c.slug}`, `chuyên mục "${c.name}"`);
  }

  /** Whether a file already exists at this content-relative path (case-insensitive, as on Windows and macOS). */
  fileTaken(path: string): boolean {
    return this.files.has(path.toLowerCase());
  }

  /**
   * Claim the URL `categorySlug/slug` and a file path for `source`. When an article already in
   * the content folder has both this URL and this file, the item was imported before: `exists`.
   * @param fileFor Content-relative file path for a slug (and a counter > 1 when renamed).
   */
  claim(categorySlug: string, slug: string, source: string, fileFor: (slug: string, n: number) => string): { slug: string; path: string; collidedWith?: string; exists?: true } {
    let n = 1;
    let candidate = slug;
    let collidedWith: string | undefined;
    for (;;) {
      const key = `${categorySlug}/${candidate}`;
      const path = fileFor(candidate, n);
      const urlOwner = this.urls.get(key);
      if (n === 1 && urlOwner !== undefined && urlOwner.toLowerCase() === path.toLowerCase()) return { slug, path, exists: true };
      if (urlOwner === undefined && !this.files.has(path.toLowerCase())) {
        this.urls.set(key, source);
        this.files.add(path.toLowerCase());
        return collidedWith === undefined ? { slug: candidate, path } : { slug: candidate, path, collidedWith };
      }
      collidedWith ??= urlOwner ?? path;
      n++;
      candidate = `${slug.slice(0, 110)}-${n}`;
    }
  }

  /** Reserve a file path (a copied image); false when it is already taken. */
  takeFile(path: string): boolean {
    const key = path.toLowerCase();
    if (this.files.has(key)) return false;
    this.files.add(key);
    return true;
  }
}

/** Front-matter fields of an imported article, in the order they are written. */
export interface ArticleFields {
  title: string;
  /** Optional for a page (`type: page`). */
  date: string;
  author?: string | undefined;
  category: string;
  tags?: string[] | undefined;
  summary?: string | undefined;
  image?: string | undefined;
  slug?: string | undefined;
  draft?: boolean | undefined;
  updated?: string | undefined;
  aliases?: string[] | undefined;
  /** A fixed page (`type: page`, URL `/{slug}/`): no category, date optional. */
  page?: boolean | undefined;
  /** Other fields kept as they were (given to templates as `article.params`). */
  extra?: Record<string, unknown> | undefined;
}

/**
 * The text of an article: YAML front-matter written by the `yaml` package with every text
 * double-quoted (so `:`, `#`, quotes and leading digits are always safe), then the body.
 */
export function articleText(fields: ArticleFields, body: string): string {
  const data: Record<string, unknown> = { title: fields.title };
  if (fields.page) data.type = 'page';
  if (fields.date) data.date = fields.date;
  if (fields.author) data.author = fields.author;
  if (!fields.page) data.category = fields.category;
  if (fields.tags && fields.tags.length > 0) data.tags = fields.tags;
  if (fields.summary) data.summary = fields.summary;
  if (fields.image) data.image = fields.image;
  if (fields.slug) data.slug = fields.slug;
  if (fields.draft) data.draft = true;
  if (fields.updated) data.updated = fields.updated;
  if (fields.aliases && fields.aliases.length > 0) data.aliases = fields.aliases;
  for (const [k, v] of Object.entries(fields.extra ?? {})) if (!(k in data) && v !== undefined && v !== null) data[k] = v;
  const yamlText = stringify(nfc(data), { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  const cleanBody = body.normalize('NFC').replace(/^\s*\n/, '').replace(/\s+$/, '');
  return `---\n${yamlText}---\n\n${cleanBody}${cleanBody ? '\n' : ''}`;
}

/** Every string inside `value` in NFC (imported text may be decomposed). */
function nfc(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfc);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), nfc(v)]));
  }
  return value;
}

/** Unique, non-empty names in first-seen order, compared by `toneKey`. */
export function uniqueNames(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (name === '' || slugify(name) === '') continue;
    const key = toneKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/**
 * `bantin.yaml` with new categories appended to its `categories` list, comments and layout
 * kept (the yaml package's document model). Returns undefined when the text has no list to extend.
 */
export function addCategoriesToConfig(text: string, names: readonly string[]): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const list = doc.get('categories', true);
  if (!isSeq(list)) return undefined;
  for (const name of names) list.add(doc.createNode({ name }));
  return doc.toString({ lineWidth: 0 });
}

/** Content-relative path from one content file's folder to another file, for a Markdown link. */
export function relativeLink(fromFile: string, toFile: string): string {
  const fromDir = dirname(`/${fromFile}`);
  const rel = relative(fromDir, `/${toFile}`).split(sep).join('/');
  return rel === '' ? toFile.split('/').pop()! : rel;
}

/**
 * Write the plan: new categories into the config (first, so that a config that cannot take them
 * stops the import before any article is written), then articles (never over an existing file) and
 * copies. Throws UserError when something cannot be written.
 */
export async function applyPlan(plan: ImportPlan, target: ImportTarget): Promise<void> {
  const configLabel = target.configPath ? target.configPath : 'bantin.yaml';
  const fail = (message: string, hint: string, cause?: unknown): never => {
    throw new UserError([{ code: 'BT806', severity: 'error', file: configLabel, message, hint }], { cause });
  };
  if (plan.newCategories.length > 0 && target.configText !== undefined && target.configPath) {
    const updated = addCategoriesToConfig(target.configText, plan.newCategories);
    if (updated === undefined) {
      fail(
        `Không thêm được các chuyên mục ${plan.newCategories.map((c) => `"${c}"`).join(', ')} vào danh sách categories của tệp cấu hình.`,
        'Thêm chúng vào danh sách categories bằng tay (mỗi chuyên mục một dòng "- name: …") rồi nhập lại; chưa có tệp nào được ghi.',
      );
    }
    await writeFile(target.configPath, updated!).catch((e: unknown) => fail(`Không ghi được tệp cấu hình: ${(e as Error).message}`, 'Kiểm tra quyền ghi của tệp.', e));
  }
  try {
    for (const article of plan.articles) {
      const abs = join(target.contentDir, ...article.path.split('/'));
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, article.text, { flag: 'wx' });
    }
    for (const copy of plan.copies) {
      const abs = join(target.contentDir, ...copy.to.split('/'));
      await mkdir(dirname(abs), { recursive: true });
      await copyFile(copy.from, abs);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(
      [{ code: 'BT807', severity: 'error', file: err.path ?? target.contentLabel, message: `Không ghi được tệp vào thư mục nội dung (${err.code ?? err.message}); có thể một phần bài đã được ghi.`, hint: 'Kiểm tra quyền ghi và chỗ trống của ổ đĩa, xoá các tệp vừa nhập rồi chạy lại.' }],
      { cause: e },
    );
  }
}

/** Files the fidelity summary counts as images. */
const IMAGE_FILE = /\.(jpe?g|png|webp|gif|svg|avif|heic|tiff?|bmp)$/i;

/**
 * The report printed after an import: the fidelity summary ("n bài, m ảnh mang sang, k thứ không
 * mang được"), what was not imported and why, every thing left behind with its source file and
 * line, and what changed on the way.
 */
export function formatReport(plan: ImportPlan, target: ImportTarget, what: string): string {
  const lines: string[] = [];
  const pages = plan.articles.filter((a) => a.page).length;
  const drafts = plan.articles.filter((a) => a.draft).length;
  const posts = plan.articles.length - pages;
  const images = plan.copies.filter((c) => IMAGE_FILE.test(c.to)).length;
  const lost = plan.notes.filter((n) => n.lost);
  const changed = plan.notes.filter((n) => !n.lost);
  const notCarried = plan.skipped.length + lost.length;
  lines.push(`${posts} bài${pages > 0 ? `, ${pages} trang` : ''}, ${images} ảnh mang sang, ${notCarried} thứ không mang được${notCarried > 0 ? ' (liệt kê bên dưới)' : ''}.`);
  const head = [`Đã nhập ${plan.articles.length} bài viết từ ${what} vào thư mục "${target.contentLabel}"`];
  if (pages > 0) head.push(`trong đó ${pages} trang cố định (type: page)`);
  if (drafts > 0) head.push(`${drafts} bản nháp`);
  if (plan.copies.length > 0) head.push(`chép ${plan.copies.length} tệp ảnh/tài liệu`);
  lines.push(`${head.join(', ')}.`);
  for (const [label, n] of Object.entries(plan.counts)) if (n > 0) lines.push(`Bỏ qua ${n} ${label}.`);
  if (plan.newCategories.length > 0) {
    lines.push(`Đã thêm ${plan.newCategories.length} chuyên mục vào bantin.yaml: ${plan.newCategories.join(', ')}.`);
  }
  const where = (n: { source: string; line?: number | undefined }) => (n.line === undefined ? n.source : `${n.source}:${n.line}`);
  if (plan.skipped.length > 0) {
    lines.push('', `Không nhập được ${plan.skipped.length} mục:`);
    plan.skipped.forEach((s, i) => lines.push(`  ${i + 1}. ${s.source}: ${s.reason}`));
  }
  if (lost.length > 0) {
    lines.push('', `Không mang sang được (${lost.length}):`);
    lost.forEach((n, i) => lines.push(`  ${i + 1}. ${where(n)}: ${n.message}`));
  }
  if (changed.length > 0) {
    lines.push('', `Cần xem lại (${changed.length}):`);
    changed.forEach((n, i) => lines.push(`  ${i + 1}. ${where(n)}: ${n.message}`));
  }
  if (plan.skipped.length === 0 && plan.notes.length === 0) lines.push('Không có gì bị bỏ lại.');
  lines.push('', 'Chạy "npx bantin build" để dựng trang với các bài vừa nhập.');
  return lines.join('\n');
}
