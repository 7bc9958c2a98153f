/**
 * Hugo or Jekyll site → bantin articles. Pure: the caller lists the source site's files and reads
 * its Markdown and config; this returns an ImportPlan.
 *
 * Front-matter in YAML (`---`), TOML (`+++`) or JSON (`{`) is rewritten to bantin's fields
 * (title, date, author, category, tags, summary, image, slug, draft, updated, aliases) in YAML;
 * fields that only drive the old theme (layout, weight, menu, …) are dropped and listed; other
 * fields are kept (templates see them as `article.params`). The body is kept as written, except:
 * Hugo `figure` shortcodes become `![alt](src "caption")`; `ref`/`relref`, Jekyll `post_url` and
 * `link` become links to the imported files; `{{ site.baseurl }}` and `relative_url` are removed;
 * links and images are pointed at the new places of files and articles, and the files they use are
 * copied. What cannot come across (other shortcodes, Liquid tags, raw HTML, dead links) is listed
 * per file.
 */
import { posix } from 'node:path';
import type { Definition, Html, Image, Link, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { parse as parseToml } from 'smol-toml';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseYamlText } from 'yaml';
import { formatShortDate, parseDate } from '../text/dates.js';
import { HtmlTooDeepError, htmlToMarkdown, MAX_HTML_DEPTH } from './html-to-markdown.js';
import { convertHugoShortcodes, convertLiquid, escapeLinkText, findLatex, linkDestination } from './shortcodes.js';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { normalizeAlias } from '../content/article.js';
import {
  articleSlug,
  articleText,
  CategoryResolver,
  cleanSlug,
  defaultCategoryName,
  emptyPlan,
  KEEP_IN_STATIC,
  mayPublish,
  refusedFile,
  relativeLink,
  SlugRegistry,
  uniqueNames,
  type ImportPlan,
  type ImportTarget,
} from './shared.js';

export type StaticSiteKind = 'hugo' | 'jekyll';

export interface StaticSiteOptions {
  readonly kind: StaticSiteKind;
  /** The source folder as shown in messages. */
  readonly sourceLabel: string;
  /** Every file of the source site: path relative to its root (`/`, NFC) → absolute path. */
  readonly files: ReadonlyMap<string, string>;
  /** Text (UTF-8, LF, NFC) of the Markdown and config files, by the same paths. */
  readonly texts: ReadonlyMap<string, string>;
  /**
   * The first `SNIFF_BYTES` bytes of the other files, by the same paths: a file the content folder
   * may not publish (content/file-types.ts: an SVG, a page, an unknown type, bytes that do not match
   * the extension) is not copied, and what linked to it is reported.
   */
  readonly heads: ReadonlyMap<string, Uint8Array>;
  /** Category for articles that have none (default: the site's first category, else "Tin tức"). */
  readonly category?: string | undefined;
  /** The import's time: an article dated later is not published yet, so links to it are dropped (default: now). */
  readonly now?: number | undefined;
  /** The old site's address (`--old-url`), instead of the config's `baseURL`/`url`. */
  readonly oldUrl?: string | undefined;
}

/** Markdown files the importers read. */
export const MARKDOWN_FILE = /\.(md|markdown|mdown|mkd)$/i;
/** Source files of articles and pages: Markdown, and Jekyll's HTML posts and pages. */
const SOURCE_FILE = /\.(md|markdown|mdown|mkd|html?)$/i;

/**
 * An HTML file a Jekyll site may publish as a post or a page (with front-matter): under `_posts`/
 * `_drafts`, or outside the `_`-folders and the usual asset folders, at most two folders deep.
 */
export function isJekyllHtmlSource(path: string): boolean {
  if (!/\.html?$/i.test(path)) return false;
  const segments = path.split('/');
  if (segments.includes('_posts') || segments.includes('_drafts')) return true;
  return segments.length <= 3 && !segments.some((s) => s.startsWith('_') || s.startsWith('.')) && !/^(assets|vendor|node_modules|css|js|img|images|fonts|static)$/i.test(segments[0]!);
}
/** Config files whose text the importers read. */
export const CONFIG_FILES = [
  'hugo.toml',
  'hugo.yaml',
  'hugo.yml',
  'hugo.json',
  'config.toml',
  'config.yaml',
  'config.yml',
  'config.json',
  '_config.yml',
  '_config.yaml',
  // Hugo's config folder: the main file, and the tables split into their own files.
  ...['hugo', 'config', 'languages', 'permalinks'].flatMap((n) => ['toml', 'yaml', 'yml', 'json'].map((ext) => `config/_default/${n}.${ext}`)),
];
/** Jekyll data files naming categories and tags (`kinh-te: Kinh tế`); read with the config. */
export const DATA_FILES = ['_data/categories.yml', '_data/categories.yaml', '_data/tags.yml', '_data/tags.yaml'];
/** Folders never read: dependencies, build output, version control. */
const IGNORED_FOLDERS = /^(node_modules|vendor|public|resources|_site|\.[^/]*|themes)(\/|$)/;

/** Front-matter fields that only drive the old site's theme or build; dropped and listed. */
const THEME_FIELDS = new Set([
  'layout',
  'type',
  'weight',
  'menu',
  'menus',
  'outputs',
  'build',
  '_build',
  'cascade',
  'markup',
  'linkTitle',
  'toc',
  'sitemap',
  'excerpt_separator',
  'resources',
  'headless',
  'translationKey',
  'isCJKLanguage',
  'expiryDate',
  'expirydate',
  'comments',
  'share',
  'sidebar',
  'author_profile',
  'read_time',
  'classes',
  'hidden',
  'ShowToc',
  'TocOpen',
  'ShowReadingTime',
  'ShowBreadCrumbs',
  'ShowPostNavLinks',
  'ShowWordCount',
  'ShowShareButtons',
  'hidemeta',
  'disableShare',
  'searchHidden',
  'showToc',
  'tocOpen',
  'math',
  'katex',
  'mathjax',
]);

/** Fields read into bantin's own fields (never copied as they are). */
const MAPPED_FIELDS = new Set([
  'title',
  'date',
  'publishDate',
  'publishdate',
  'pubdate',
  'published',
  'lastmod',
  'modified',
  'last_modified_at',
  'updated',
  'draft',
  'author',
  'authors',
  'category',
  'categories',
  'tags',
  'description',
  'summary',
  'excerpt',
  'image',
  'images',
  'featured_image',
  'featureImage',
  'cover',
  'thumbnail',
  'header',
  'banner',
  'featuredImage',
  'slug',
  'aliases',
  'url',
  'permalink',
  'redirect_from',
]);

interface SourceArticle {
  readonly source: string;
  /** Path under the content folder (Hugo, without a language suffix), or the source path (Jekyll). */
  readonly relPath: string;
  /** Front-matter values as texts (YAML read with the failsafe schema), for bantin's fields. */
  readonly data: Record<string, unknown>;
  /** Front-matter values with their YAML types (booleans, numbers), for the fields kept as they are. */
  readonly typed: Record<string, unknown>;
  /** The front-matter as written (its first line is line 2 of the file). */
  readonly frontMatter: string;
  /** A standalone page (about, contact): written with `type: page`. */
  readonly isPage: boolean;
  /** A Hugo page bundle (`folder/index.md`). */
  readonly bundle: boolean;
  /** A Jekyll post or page written in HTML: its body is turned into Markdown. */
  readonly html: boolean;
  readonly body: string;
  /** 1-based line of the source file where the body starts. */
  readonly bodyLine: number;
  readonly fileSlug: string;
  readonly fileDate: string | undefined;
  readonly inDrafts: boolean;
  readonly folderCategories: string[];
}

/**
 * Plan the import of a Hugo or Jekyll site into `target`.
 * Long: three passes (which files are articles, pages or translations; their fields and URLs;
 * their bodies) share the registry of URLs, the map of old addresses and the file copier.
 */
export function planStaticSiteImport(target: ImportTarget, options: StaticSiteOptions): ImportPlan {
  const plan = emptyPlan();
  const { kind, files, texts } = options;
  const tz = target.config.timeZone;
  const categories = new CategoryResolver(target.config);
  const registry = new SlugRegistry(target);
  const fallbackCategory = defaultCategoryName(target.config, options.category);
  const label = (path: string) => `${options.sourceLabel.replace(/\/+$/, '')}/${path}`;
  const site = readSiteConfig(kind, texts, options.oldUrl);
  const oldBase = site.oldBase;
  const contentRoot = kind === 'hugo' ? site.contentDir : '';
  const hasContentFolder = [...files.keys()].some((p) => p.startsWith(`${contentRoot}/`));
  const now = options.now ?? Date.now();

  // Hugo taxonomy terms with a display name: `content/categories/kinh-te/_index.md` title "Kinh tế".
  const termNames = new Map<string, string>();
  if (kind === 'hugo') {
    for (const [path, text_] of texts) {
      const m = new RegExp(`^${escapeRegExp(contentRoot)}/(categories|tags|category|tag)/([^/]+)/_index(?:\\.${escapeRegExp(site.defaultLanguage)})?\\.md$`, 'i').exec(path);
      if (!m) continue;
      const split = splitFrontMatter(text_);
      const title = 'error' in split ? undefined : text(split.data.title);
      if (title) termNames.set(`${m[1]!.toLowerCase().replace(/^(categor|tag).*/, '$1')}:${hugoUrlize(m[2]!)}`, title);
    }
  }
  /**
   * An old address as an alias of the new site: the path the browser asked for on the old site
   * (with the old site's base path, `/blog/…`), under the new site's own base path when it has one.
   */
  const aliasFor = (oldPath: string) => {
    const full = `${oldBase.path.replace(/\/+$/, '')}${oldPath}`;
    const newBase = target.config.basePath;
    return newBase !== '/' && full.startsWith(newBase) ? `/${full.slice(newBase.length)}` : full;
  };
  if (kind === 'jekyll') {
    for (const name of DATA_FILES) {
      const source = texts.get(name);
      if (source === undefined) continue;
      const taxonomy = name.includes('categor') ? 'categor' : 'tag';
      for (const [slug, title] of termsOfDataFile(source)) termNames.set(`${taxonomy}:${hugoUrlize(slug)}`, title);
    }
  }
  const displayName = (taxonomy: 'categor' | 'tag', name: string) => termNames.get(`${taxonomy}:${hugoUrlize(name)}`) ?? name;

  // Which files are articles or pages.
  const sources: SourceArticle[] = [];
  for (const path of [...files.keys()].sort()) {
    const html = kind === 'jekyll' && isJekyllHtmlSource(path);
    if ((!MARKDOWN_FILE.test(path) && !html) || IGNORED_FOLDERS.test(path)) continue;
    const text_ = texts.get(path);
    if (text_ === undefined) continue;
    const segments = path.split('/');
    const fileName = segments[segments.length - 1]!;
    let stem = fileName.replace(SOURCE_FILE, '');
    let inDrafts = false;
    let folderCategories: string[] = [];
    let fileDate: string | undefined;
    let isPage = false;
    let relPath = path;
    if (kind === 'hugo') {
      if (hasContentFolder && !path.startsWith(`${contentRoot}/`)) {
        const other = site.languageDirs.find((d) => path.startsWith(`${d.dir}/`));
        if (other) plan.skipped.push({ source: label(path), reason: translationReason(other.lang, site.defaultLanguage) });
        continue;
      }
      relPath = hasContentFolder ? path.slice(contentRoot.length + 1) : path;
      // `bai.en.md`: the English translation of `bai.md`.
      const langSuffix = /^(.*)\.([a-z]{2,3}(?:[-_][a-z0-9]+)?)$/i.exec(stem);
      if (langSuffix && site.languages.has(langSuffix[2]!.toLowerCase())) {
        if (langSuffix[2]!.toLowerCase() !== site.defaultLanguage) {
          plan.skipped.push({ source: label(path), reason: translationReason(langSuffix[2]!.toLowerCase(), site.defaultLanguage) });
          continue;
        }
        stem = langSuffix[1]!;
        relPath = relPath.replace(/\.[^./]+(\.[^./]+)$/, '$1');
      }
      if (/^_index$/i.test(stem)) {
        if (/^(categories|tags|category|tag)\/[^/]+\/_index\./i.test(relPath)) continue; // display names, read above
        plan.skipped.push({ source: label(path), reason: 'là trang danh sách của Hugo (_index): bantin tự tạo trang chủ và trang chuyên mục, phần chữ của trang này không được mang sang.' });
        continue;
      }
    } else {
      const postsAt = segments.indexOf('_posts');
      const draftsAt = segments.indexOf('_drafts');
      if (postsAt === -1 && draftsAt === -1) {
        if (!/^---/.test(text_)) continue;
        const underscored = segments.find((s_) => s_.startsWith('_'));
        if (underscored !== undefined) {
          // A collection (`_projects/x.md`) is content readers saw; theme folders are not.
          if (segments[0] === underscored && !JEKYLL_THEME_FOLDERS.has(underscored)) {
            plan.skipped.push({ source: label(path), reason: `thuộc bộ sưu tập (collection) "${underscored.slice(1)}" của Jekyll, chưa được nhập; chép nội dung sang một bài hoặc trang nếu cần.` });
          }
          continue;
        }
        isPage = true;
      } else {
        inDrafts = draftsAt !== -1 && (postsAt === -1 || draftsAt < postsAt);
        folderCategories = segments.slice(0, Math.min(...[postsAt, draftsAt].filter((n) => n !== -1)));
        const m = /^(\d{4}-\d{1,2}-\d{1,2})-(.+)$/.exec(stem);
        if (m) {
          fileDate = m[1];
          stem = m[2]!;
        } else if (!inDrafts) {
          plan.skipped.push({ source: label(path), reason: 'tên tệp trong _posts phải bắt đầu bằng ngày (2021-10-11-ten-bai.md), Jekyll cũng bỏ qua tệp này.' });
          continue;
        }
      }
    }
    const relSegments = relPath.split('/');
    const bundle = /^index$/i.test(stem) && relSegments.length > 1;
    const fileSlug = bundle ? relSegments[relSegments.length - 2]! : stem;
    const split = splitFrontMatter(text_);
    if ('error' in split) {
      plan.skipped.push({ source: label(path), reason: split.error });
      continue;
    }
    const layout = (text(split.data.layout) ?? text(split.data.type) ?? '').toLowerCase();
    if (GENERATED_LAYOUTS.test(layout) || (kind === 'jekyll' && isPage && /^(index|404)$/i.test(fileSlug))) {
      plan.skipped.push({ source: label(path), reason: `là trang do giao diện cũ tự tạo (${layout ? `layout "${layout}"` : fileSlug}); bantin có sẵn trang chủ, lưu trữ, tìm kiếm và trang chuyên mục, nên không nhập.${split.body.trim() ? ' Phần chữ của trang này không được mang sang.' : ''}` });
      continue;
    }
    if (kind === 'hugo') {
      const topLevel = relSegments.length === 1 || (bundle && relSegments.length === 2);
      const hasTaxonomies = split.data.categories !== undefined || split.data.tags !== undefined;
      isPage = PAGE_LAYOUTS.test(layout) || /^(page|pages|trang)$/i.test(relSegments[0]!) || (topLevel && !hasTaxonomies);
    } else if (isPage && PAGE_LAYOUTS.test(layout) === false && layout !== '' && /post/.test(layout)) {
      isPage = false;
    }
    sources.push({ source: path, relPath, data: split.data, typed: split.typed, frontMatter: split.frontMatter, body: split.body, bodyLine: split.bodyLine, fileSlug, fileDate, inDrafts, folderCategories, isPage, bundle, html });
  }

  // First pass: fields, category, URL and new file of every article.
  interface Planned {
    readonly src: SourceArticle;
    readonly fields: Parameters<typeof articleText>[0];
    readonly path: string;
    readonly epoch: number;
    readonly notes: Note[];
    /** The path of its address on the old site, under the old site's root (`/2021/10/bai.html`). */
    readonly oldPath: string | undefined;
  }
  const pending: Array<Omit<Planned, 'path'> & { categorySlug: string; slug: string; originalPath: string; draft: boolean }> = [];
  for (const src of sources) {
    const { data } = src;
    const notes: Note[] = [];
    let title = text(data.title);
    if (!title) {
      title = src.fileSlug.replace(/[-_]+/g, ' ').trim();
      title = title.charAt(0).toUpperCase() + title.slice(1);
      notes.push({ message: `không có tiêu đề; đã đặt tạm "${title}" theo tên tệp.` });
    }
    const dateSource = kind === 'hugo' ? first(data.publishDate, data.publishdate, data.pubdate, data.date) : first(data.date, src.fileDate);
    let date = dateSource === undefined ? undefined : parseDate(dateSource, tz);
    const isDraft = src.inDrafts || bool(data.draft) === true || (kind === 'jekyll' && bool(data.published) === false);
    if (dateSource === undefined && isDraft && !src.isPage) {
      // A draft has no date yet (Jekyll gives _drafts the file's time): the import's time, for now.
      date = { ok: true, epochMs: now - (now % 60_000), hasTime: true };
      notes.push({ message: `bản nháp chưa có ngày; đặt tạm ngày nhập (${formatShortDate(date.epochMs, tz, true)}), sửa lại trước khi đăng.` });
    }
    if (!date?.ok && !(src.isPage && dateSource === undefined)) {
      plan.skipped.push({
        source: label(src.source),
        reason: dateSource === undefined ? 'không có ngày đăng (date); thêm "date:" vào bài rồi nhập lại.' : `ngày "${dateSource}" không đọc được (${date && !date.ok ? date.message : ''}).`,
      });
      continue;
    }
    const epoch = date?.ok ? date.epochMs : 0;
    const updatedSource = first(data.lastmod, data.modified, data.last_modified_at, data.updated);
    const updated = updatedSource === undefined ? undefined : parseDate(updatedSource, tz);
    if (updatedSource !== undefined && !updated?.ok) notes.push({ message: `ngày sửa "${updatedSource}" không đọc được, đã bỏ.`, line: fieldLine(src, 'lastmod', 'modified', 'last_modified_at', 'updated'), lost: true });

    const rawCategories = kind === 'jekyll' ? [...list(data.category), ...words(data.categories), ...src.folderCategories] : list(data.categories);
    const categoryNames = uniqueNames(rawCategories.map((c) => displayName('categor', c)));
    const tagNames = (kind === 'jekyll' ? words(data.tags) : list(data.tags)).map((t) => displayName('tag', t));
    let categorySlug = '';
    let categoryName = '';
    let tags: string[];
    if (src.isPage) {
      tags = uniqueNames([...categoryNames, ...tagNames]);
    } else {
      const category = categories.resolve(categoryNames[0] ?? fallbackCategory) ?? categories.resolve(fallbackCategory) ?? { name: fallbackCategory, slug: 'tin-tuc' };
      categorySlug = category.slug;
      categoryName = category.name;
      if (categoryNames.length > 1) notes.push({ message: `bantin chỉ có một chuyên mục mỗi bài; chuyên mục ${categoryNames.slice(1).map((c) => `"${c}"`).join(', ')} thành từ khoá.` });
      tags = uniqueNames([...categoryNames.slice(1), ...tagNames]);
    }

    const authorValue = data.author ?? list(data.authors)[0];
    const author = authorValue && typeof authorValue === 'object' && !Array.isArray(authorValue) ? text((authorValue as Record<string, unknown>).name) : list(authorValue)[0];

    // A draft was never published: it has no old address to keep.
    const oldPath = isDraft ? undefined : oldPathOf(kind, src, site, title, uniqueNames(rawCategories));
    // A page keeps the last part of its old address (`permalink: /lien-he/`) as its URL /{slug}/.
    const pageSlug = src.isPage && oldPath ? cleanSlug(oldPath.split('/').filter(Boolean).pop()?.replace(/\.html?$/i, '') ?? '') : '';
    const slug = cleanSlug(text(data.slug) ?? '') || pageSlug || cleanSlug(src.fileSlug) || articleSlug(title);
    const newUrl = src.isPage ? `/${slug}/` : `/${categorySlug}/${slug}/`;
    // Hugo reads an alias without a leading "/" from the page's folder.
    const ownAliases = list(data.aliases).map((a) => (a.startsWith('/') || /^[a-z]+:/i.test(a) ? a : posix.join(oldPath === undefined ? '/' : oldPath.endsWith('/') ? posix.dirname(oldPath.slice(0, -1)) : posix.dirname(oldPath), a)));
    const aliases = uniqueStrings([
      ...ownAliases,
      ...list(data.redirect_from),
      ...(kind === 'jekyll' ? [] : [text(data.url)].filter((u): u is string => !!u && !u.includes(':'))),
      ...(oldPath !== undefined ? [aliasFor(oldPath)] : []),
    ]).filter((a) => normalizeUrlPath(a) !== normalizeUrlPath(newUrl));

    const extra: Record<string, unknown> = {};
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(src.typed)) {
      if (MAPPED_FIELDS.has(key)) continue;
      if (THEME_FIELDS.has(key)) dropped.push(key);
      else extra[key] = value;
    }
    if (dropped.length > 0) notes.push({ message: `các trường chỉ dùng cho giao diện cũ đã bỏ: ${dropped.join(', ')}.` });

    const originalPath = kind === 'hugo' || src.isPage ? src.relPath.replace(SOURCE_FILE, '.md') : `${categorySlug}/${src.source.split('/').pop()!.replace(SOURCE_FILE, '.md')}`;
    pending.push({
      src,
      fields: {
        title,
        date: date?.ok ? formatShortDate(date.epochMs, tz, date.hasTime) : '',
        author: src.isPage ? author : (author ?? (target.config.defaultAuthor ? undefined : 'Ban biên tập')),
        category: categoryName,
        tags,
        summary: first(data.description, data.summary, data.excerpt),
        slug,
        draft: isDraft,
        updated: updated?.ok ? formatShortDate(updated.epochMs, tz, updated.hasTime) : undefined,
        aliases,
        page: src.isPage,
        extra,
      },
      epoch,
      notes,
      categorySlug,
      slug,
      originalPath,
      draft: isDraft,
      oldPath,
    });
  }
  // A published article keeps its address before a draft; then the older of two colliding articles.
  pending.sort((a, b) => Number(a.draft) - Number(b.draft) || a.epoch - b.epoch || (a.src.source < b.src.source ? -1 : 1));
  const planned: Planned[] = [];
  const alreadyThere: Planned[] = [];
  // Every category is known now: a page may not take a category's address (/{slug}/).
  registry.reserveCategories(categories.all());
  for (const p of pending) {
    const withSuffix = (path: string, n: number) => {
      if (n === 1) return path;
      const bundleMatch = /^(.*)\/(index\.md)$/i.exec(path);
      if (bundleMatch) return `${bundleMatch[1]}-${n}/${bundleMatch[2]}`;
      return path.replace(/\.md$/i, `-${n}.md`);
    };
    // The file keeps its name unless another file has it; only the URL needs the new slug.
    const claim = registry.claim(p.categorySlug, p.slug, label(p.src.source), (_slug, n) => (n > 1 && registry.fileTaken(p.originalPath) ? withSuffix(p.originalPath, n) : p.originalPath));
    if (claim.exists) {
      plan.skipped.push({ source: label(p.src.source), reason: `đã có tệp ${target.contentLabel}/${claim.path} (có lẽ đã nhập lần trước); xoá tệp đó nếu muốn nhập lại.` });
      // Still a target for links from the articles imported now.
      alreadyThere.push({ src: p.src, fields: p.fields, path: claim.path, epoch: p.epoch, notes: [], oldPath: p.oldPath });
      continue;
    }
    if (claim.collidedWith !== undefined) p.notes.push({ message: `đường dẫn "${p.src.isPage ? '' : `${p.categorySlug}/`}${p.slug}/" trùng với ${claim.collidedWith}; đã đặt slug "${claim.slug}".` });
    // A page always pins its slug (its URL is /{slug}/, as on the old site); an article only when it differs from the title's.
    const slug = !p.src.isPage && claim.slug === articleSlug(p.fields.title) ? undefined : claim.slug;
    const newUrl = p.src.isPage ? `/${claim.slug}/` : `/${p.categorySlug}/${claim.slug}/`;
    const aliases = (p.fields.aliases ?? []).filter((a) => {
      if (normalizeUrlPath(a) === normalizeUrlPath(newUrl)) return false;
      // The build's own rule (content/article.ts): a path inside the site, not the home page.
      if (normalizeAlias(a) !== undefined) return true;
      const why = normalizeUrlPath(a) === '' ? 'là trang chủ của trang cũ; trang chủ của bantin thay cho nó' : 'không phải một đường dẫn trong trang (bắt đầu bằng "/", không có dấu cách, ? hay #)';
      p.notes.push({ message: `đường dẫn cũ "${a}" ${why}, nên không giữ làm đường dẫn cũ (aliases).`, lost: true });
      return false;
    });
    planned.push({ src: p.src, fields: { ...p.fields, slug, aliases }, path: claim.path, epoch: p.epoch, notes: p.notes, oldPath: p.oldPath });
  }

  // Where each source article went, and its old addresses (file slug, slug, aliases) for links.
  const newPathOf = new Map<string, string>();
  /** Articles a published article must not link to: bantin stops a build on such a link. */
  const unpublished = new Set<string>();
  const byOldUrl = new Map<string, string | null>();
  const remember = (key: string, path: string) => {
    const k = key.toLowerCase();
    if (!k) return;
    byOldUrl.set(k, byOldUrl.has(k) && byOldUrl.get(k) !== path ? null : path);
  };
  // Published articles first: a draft never takes an address (or a bare slug) from a published one.
  for (const p of [...planned, ...alreadyThere].sort((a, b) => Number(Boolean(a.fields.draft)) - Number(Boolean(b.fields.draft)))) {
    newPathOf.set(p.src.source, p.path);
    if (p.src.relPath !== p.src.source) newPathOf.set(`content/${p.src.relPath}`, p.path);
    if (p.fields.draft || (!p.src.isPage && p.epoch > now)) unpublished.add(p.path);
    const rememberOnce = (key: string) => {
      if (!byOldUrl.has(key.toLowerCase()) || !p.fields.draft) remember(key, p.path);
    };
    rememberOnce(p.src.fileSlug);
    rememberOnce(cleanSlug(p.src.fileSlug));
    if (p.src.fileDate) rememberOnce(`${padDate(p.src.fileDate)}-${p.src.fileSlug}`);
    const ownSlug = text(p.src.data.slug);
    if (ownSlug) rememberOnce(ownSlug);
    if (p.oldPath) rememberOnce(normalizeUrlPath(p.oldPath));
    for (const alias of p.fields.aliases ?? []) rememberOnce(normalizeUrlPath(alias));
  }

  /** The new file of the article a `post_url`/`link`/`ref` placeholder names. */
  const placeholderTarget = (placeholder: string): string | undefined => {
    const decodedPlaceholder = placeholder.split('#')[0]!;
    if (decodedPlaceholder.startsWith('bantin-post:')) {
      // `{% post_url [folder/]2021-10-11-slug %}`: the post of that name under any _posts folder.
      const name = decodedPlaceholder.slice('bantin-post:'.length).replace(/^\/+/, '');
      const source = [...newPathOf.keys()].find((k) => k.replace(SOURCE_FILE, '').endsWith(`_posts/${name}`));
      return source === undefined ? undefined : newPathOf.get(source);
    }
    const wanted = decodedPlaceholder.slice('bantin-src:'.length);
    // Hugo's ref also takes a bare file name (`{{< ref "hop-dan" >}}`): the one article so named.
    const name = wanted.split('/').pop()!.replace(SOURCE_FILE, '');
    const byName = [...newPathOf.keys()].filter((k) => k.split('/').pop()!.replace(SOURCE_FILE, '') === name || k.endsWith(`/${name}/index.md`));
    return newPathOf.get(wanted) ?? newPathOf.get(`${wanted}.md`) ?? newPathOf.get(`${wanted}/index.md`) ?? (byName.length === 1 ? newPathOf.get(byName[0]!) : undefined);
  };
  const titleOfPath = new Map([...planned, ...alreadyThere].map((p) => [p.path, p.fields.title]));
  /** The text of a link made from a placeholder standing on its own: the title of the article it names. */
  const placeholderLabel = (placeholder: string) => {
    const article = placeholderTarget(placeholder);
    return article === undefined ? undefined : titleOfPath.get(article);
  };

  // Second pass: bodies, links and the files they use.
  const copies = new Map<string, string>();
  const copiedFrom = new Map<string, string>();
  const copy = (sourcePath: string, wanted: string): string => {
    const previous = copiedFrom.get(sourcePath);
    if (previous !== undefined) return previous;
    // A name already taken (another file, or one already in the content folder) gets -2, -3, …
    let dest = wanted;
    for (let n = 2; !registry.takeFile(dest); n++) dest = wanted.replace(/(\.[^./]+)?$/, (ext) => `-${n}${ext}`);
    copies.set(dest, files.get(sourcePath)!);
    copiedFrom.set(sourcePath, dest);
    return dest;
  };

  for (const p of planned) {
    const file = label(p.src.source);
    const notes: Note[] = [...p.notes];
    const atBody = (line: number) => p.src.bodyLine + line - 1;
    const converted = kind === 'hugo' ? convertHugoShortcodes(p.src.body, placeholderLabel) : convertLiquid(p.src.body, placeholderLabel);
    let body = converted.body;
    for (const l of converted.lost) notes.push({ message: l.message, line: atBody(l.line), lost: true });
    for (const line of findLatex(p.src.body)) notes.push({ message: 'công thức LaTeX sẽ hiện nguyên văn (bantin không dựng công thức toán); nên viết lại bằng chữ hoặc thay bằng ảnh.', line: atBody(line) });

    const published = !unpublished.has(p.path);
    /** A link to another imported article, or null (and a note) when that one is not published. */
    const articleLink = (article: string, hash: string, report: boolean): string | null => {
      if (published && unpublished.has(article)) {
        if (report) notes.push({ message: `liên kết tới bài chưa đăng (bản nháp hoặc hẹn giờ) ${target.contentLabel}/${article} đã được bỏ, giữ chữ; thêm lại khi bài kia được đăng.`, lost: true });
        return null;
      }
      return relativeLink(p.path, article) + hash;
    };
    const oldDir = p.oldPath === undefined ? '/' : p.oldPath.endsWith('/') ? p.oldPath : posix.dirname(p.oldPath);
    /** The file content/ may not publish that the last `resolveUrl` found (and did not copy). */
    let lastRefused: string | undefined;
    /** Where a URL of this article now points: a new URL, or null to drop the link. */
    const resolveUrl = (url: string, kind_: 'link' | 'image', report = true, cover = false): string | null => {
      lastRefused = undefined;
      const note = (message: string, isLost: boolean) => {
        if (report) notes.push({ message, lost: isLost });
      };
      const trimmed = url.trim();
      /** An image whose address is an article's page (what a theme's Liquid left names a page): its description stays. */
      const notAnImage = (): null => (note(`ảnh "${trimmed}" trỏ tới một bài hoặc trang, không phải tệp ảnh (có thể phần còn lại sau khi bỏ thẻ Liquid); đã thay bằng mô tả của ảnh.`, true), null);
      const onOldSite = oldSitePath(trimmed, site);
      if (onOldSite === undefined && (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//') || (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^bantin-(src|post):/.test(trimmed)))) return url;
      const local = onOldSite ?? trimmed;
      const cut = local.search(/[?#]/);
      const pathPart = cut === -1 ? local : local.slice(0, cut);
      const hash = cut === -1 ? '' : local.slice(cut).replace(/^\?[^#]*/, '');
      let decoded = pathPart;
      try {
        decoded = decodeURI(pathPart);
      } catch {
        // Keep it as written.
      }
      decoded = decoded.normalize('NFC');
      if (/^bantin-(post|src):/.test(decoded)) {
        const article = placeholderTarget(decoded);
        if (article) return articleLink(article, hash, report);
        note(`liên kết tới "${decoded.replace(/^bantin-(post|src):/, '')}" không có trong các bài được nhập, đã bỏ liên kết (giữ chữ).`, true);
        return null;
      }
      const siteAbsolute = decoded.startsWith('/');
      const sitePath = siteAbsolute ? stripBase(decoded, oldBase.path) : undefined;
      /** Files to look for, each with where it goes in the content folder (undefined: beside the article). */
      const candidates: Array<{ path: string; dest?: string }> = [];
      const rootFile = (rest: string) => {
        const clean = posix.normalize(rest).replace(/^\/+/, '');
        if (clean.startsWith('..')) return;
        if (kind === 'hugo') candidates.push({ path: `static/${clean}`, dest: clean }, { path: `${contentRoot}/${clean}`, dest: clean }, { path: `assets/${clean}`, dest: clean });
        else candidates.push({ path: clean, dest: clean });
      };
      if (siteAbsolute) rootFile(sitePath!);
      else {
        const beside = posix.normalize(posix.join(posix.dirname(p.src.source), decoded));
        // Jekyll serves a post at its permalink: `images/a.jpg` is read from the permalink's folder.
        if (kind === 'jekyll' && !cover) rootFile(posix.join(oldDir, decoded));
        if (!cover || kind === 'hugo') candidates.push({ path: beside });
        // Covers are printed with absURL/relative_url by the themes: from the site's root (`static/` for Hugo).
        if (cover || kind === 'jekyll') rootFile(decoded);
        else rootFile(posix.join(oldDir, decoded));
        if (kind === 'hugo' && !cover) rootFile(decoded);
      }
      /** A file found that content/ may not publish (never copied). */
      let refused: string | undefined;
      for (const c of candidates) {
        const clean = c.path.replace(/\/+$/, '');
        const article = newPathOf.get(clean);
        if (article && kind_ === 'image') return notAnImage();
        if (article) return articleLink(article, hash, report);
        if (files.has(clean) && !MARKDOWN_FILE.test(clean) && !(kind === 'jekyll' && isJekyllHtmlSource(clean) && texts.has(clean))) {
          if (!mayPublish(clean, options.heads)) {
            refused ??= clean;
            continue;
          }
          const wanted = c.dest ?? safeJoin(posix.dirname(p.path), decoded) ?? `${posix.dirname(p.path)}/${posix.basename(clean)}`;
          const dest = copy(clean, wanted.replace(/^\.\//, ''));
          // A site-absolute link to a file copied to the same path is kept as written.
          if (siteAbsolute && onOldSite === undefined && dest === wanted && sitePath === decoded) return url;
          return relativeLink(p.path, dest) + hash;
        }
      }
      // An address of the old site: the article whose slug or alias it names.
      const article = articleAtOldUrl(byOldUrl, normalizeUrlPath(siteAbsolute ? sitePath! : posix.join(oldDir, decoded)), decoded);
      if (article && kind_ === 'image') return notAnImage();
      if (article) return articleLink(article, hash, report);
      // Not carried: pointed at the old site when its address is known, else dropped (an image keeps its description).
      const absolute = oldBase.url && (siteAbsolute || onOldSite !== undefined) ? new URL(sitePath!.replace(/^\/+/, ''), oldBase.url).href + hash : undefined;
      const left = leftBehind(kind_, trimmed, absolute, refused);
      note(left.message, left.lost);
      lastRefused = refused;
      return absolute ?? null;
    };
    // Lines of the source file: offsets in the converted body are mapped back through the shortcode edits.
    const lineOf = (offset: number) => atBody(1 + countNewlines(p.src.body.slice(0, converted.sourceOffset(offset))));
    // HTML through the same trees as Markdown; nesting deeper than the parser can take is BT808 here.
    const toMarkdown = (html: string, line: number | undefined) => {
      try {
        return htmlToMarkdown(html, resolveUrl);
      } catch (e) {
        if (!(e instanceof HtmlTooDeepError)) throw e;
        throw new UserError(
          [
            error(
              'BT808',
              file,
              `Một khối HTML của bài lồng thẻ quá sâu (hơn ${MAX_HTML_DEPTH} tầng); bantin không chuyển bài này sang Markdown được.`,
              'Mở tệp, bỏ bớt các khung (div) lồng nhau trong khối HTML rồi nhập lại, hoặc chuyển tệp này ra khỏi thư mục bài.',
              line,
            ),
          ],
          { cause: e },
        );
      }
    };
    if (p.src.html) {
      // A post or page written in HTML: Markdown through the same trees, its URLs resolved on the way.
      const htmlConverted = toMarkdown(body, p.src.bodyLine);
      for (const d of htmlConverted.dropped) notes.push({ message: `phần nhúng ${d} không chuyển sang Markdown được, đã bỏ.`, lost: true });
      notes.push({ message: 'bài viết bằng HTML đã chuyển sang Markdown, nên xem lại.' });
      body = htmlConverted.markdown;
    } else body = rewriteMarkdownUrls(
      body,
      (url, k, offset) => {
        const before = notes.length;
        const out = resolveUrl(url, k);
        // Body notes carry their line (the converted body keeps the source's lines up to this point).
        for (let n = before; n < notes.length; n++) if (notes[n]!.line === undefined) notes[n] = { ...notes[n]!, line: lineOf(offset) };
        return out;
      },
      (html, block, offset) => {
        const value = html.trim();
        // `<!--more-->` and other comments: nothing for readers, and bantin drops them anyway.
        if (value.startsWith('<!--') && value.endsWith('-->')) return block ? '' : undefined;
        if (block) {
          // A block of HTML (which bantin would remove) becomes Markdown, through the same trees.
          const before = notes.length;
          const htmlConverted = toMarkdown(value, lineOf(offset));
          for (const d of htmlConverted.dropped) notes.push({ message: `phần nhúng ${d} không chuyển sang Markdown được, đã bỏ.`, lost: true });
          notes.push({ message: `khối HTML đã chuyển sang Markdown, nên xem lại: ${clip(value)}` });
          for (let n = before; n < notes.length; n++) notes[n] = { ...notes[n]!, line: lineOf(offset) };
          return htmlConverted.markdown.trimEnd();
        }
        if (!value.startsWith('</')) notes.push({ message: `HTML trong dòng sẽ bị bantin bỏ khi dựng trang: ${clip(value)}`, line: lineOf(offset), lost: true });
        return undefined;
      },
    );

    // Cover image: a local file of the old site.
    const cover = coverImage(p.src.data);
    let image: string | undefined;
    const extra = { ...(p.fields.extra ?? {}) };
    if (cover) {
      const line = fieldLine(p.src, cover.field);
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(cover.value) && oldSitePath(cover.value, site) === undefined) {
        notes.push({ message: `ảnh bìa "${cover.value}" là địa chỉ web ngoài trang cũ; bantin cần ảnh nằm trong thư mục nội dung, đã bỏ.`, line, lost: true });
      } else {
        const resolved = resolveUrl(cover.value, 'image', false, true);
        if (resolved !== null && !/^[a-z][a-z0-9+.-]*:/i.test(resolved)) image = resolved;
        else if (lastRefused !== undefined) {
          notes.push({
            message: `ảnh bìa "${cover.value}" (${cover.field}): tệp ${lastRefused} thuộc loại không được đăng từ thư mục nội dung (ảnh SVG có thể chứa mã chạy được), đã bỏ. Nếu cần, lưu ảnh thành JPEG hoặc PNG rồi đặt lại ảnh bìa.`,
            line,
            lost: true,
          });
        } else notes.push({ message: `ảnh bìa "${cover.value}" (${cover.field}) không tìm thấy trong trang cũ, đã bỏ.`, line, lost: true });
      }
      if (image && cover.alt) extra.imageAlt = cover.alt;
      if (image && cover.caption) extra.imageCaption = cover.caption;
      if (image && (cover.alt || cover.caption)) notes.push({ message: `mô tả/chú thích của ảnh bìa được giữ trong các trường imageAlt/imageCaption.`, line });
      for (const other of cover.others) notes.push({ message: `ảnh "${other}" trong ${cover.field} (ngoài ảnh đầu tiên) chỉ dùng cho mạng xã hội ở trang cũ, không mang sang.`, line, lost: true });
    }

    // Files of a page bundle that the article does not use (a theme's gallery showed them): listed.
    if (p.src.bundle) {
      const dir = `${posix.dirname(p.src.source)}/`;
      for (const path of files.keys()) {
        if (!path.startsWith(dir) || MARKDOWN_FILE.test(path) || copiedFrom.has(path)) continue;
        notes.push({ message: `tệp ${path.slice(dir.length)} trong thư mục của bài (page bundle) không được bài dùng tới (giao diện cũ có thể đã hiện nó, ví dụ trong bộ ảnh), chưa mang sang.`, lost: true });
      }
    }
    const text_ = articleText({ ...p.fields, image, extra }, body);
    plan.articles.push({ path: p.path, text: text_, source: file, draft: Boolean(p.fields.draft), page: p.src.isPage });
    for (const n of notes) plan.notes.push({ source: file, message: n.message, line: n.line, lost: n.lost });
  }
  for (const [to, from] of copies) plan.copies.push({ from, to });
  plan.newCategories.push(...categories.added);
  return plan;
}

interface Note {
  readonly message: string;
  readonly line?: number | undefined;
  readonly lost?: boolean | undefined;
}

/**
 * The imported article an address of the old site names (`key`: normalised; `decoded`: as written):
 * by its old URL, slug or alias, by Jekyll's dated permalink (/2021/10/12/slug.html,
 * /news/2021/10/12/slug/), or by its last segment.
 */
function articleAtOldUrl(byOldUrl: ReadonlyMap<string, string | null>, key: string, decoded: string): string | null | undefined {
  const lastSegment = key.split('/').filter(Boolean).pop()?.replace(/\.(html?|md|markdown)$/i, '') ?? '';
  const dated = /(\d{4})\/(\d{1,2})\/(\d{1,2})\/([^/]+?)(?:\.html?)?$/.exec(key);
  return (
    byOldUrl.get(key) ??
    byOldUrl.get(normalizeUrlPath(decoded)) ??
    (dated ? byOldUrl.get(`${padDate(`${dated[1]}-${dated[2]}-${dated[3]}`)}-${dated[4]}`) : undefined) ??
    (lastSegment ? byOldUrl.get(lastSegment.toLowerCase()) : undefined)
  );
}

/**
 * The note for a link or image the import does not carry: `refused`, a file content/ may not
 * publish; `absolute`, the old site's address it now points at (else it is dropped).
 */
function leftBehind(kind: 'link' | 'image', written: string, absolute: string | undefined, refused: string | undefined): { message: string; lost: boolean } {
  if (refused !== undefined) {
    const what = kind === 'image' ? `ảnh "${written}"` : `liên kết tới tệp "${written}"`;
    const instead = absolute ? `đã trỏ về trang cũ ${absolute}` : kind === 'image' ? 'đã thay bằng mô tả của ảnh' : 'đã bỏ liên kết, giữ chữ';
    return {
      message: `${what}: ${refusedFile(refused)}; ${instead}. Nếu cần giữ tệp này, ${KEEP_IN_STATIC}.`,
      lost: true,
    };
  }
  if (absolute) return { message: `${kind === 'image' ? 'ảnh' : 'liên kết'} "${written}" không tìm thấy trong các bài và tệp được nhập; đã trỏ về trang cũ ${absolute}.`, lost: kind === 'image' };
  return {
    message: kind === 'image' ? `ảnh "${written}" không tìm thấy trong trang cũ; đã thay bằng mô tả của ảnh.` : `liên kết "${written}" không tìm thấy trong các bài và tệp được nhập; đã bỏ liên kết, giữ chữ.`,
    lost: true,
  };
}

function translationReason(lang: string, defaultLanguage: string): string {
  return `là bản dịch (ngôn ngữ "${lang}"); bantin chỉ nhập ngôn ngữ chính của trang Hugo ("${defaultLanguage}"), bản dịch không được mang sang.`;
}

/** Jekyll's folders that hold the theme and build, not content. */
const JEKYLL_THEME_FOLDERS = new Set(['_layouts', '_includes', '_data', '_sass', '_site', '_plugins', '_config', '_scss', '_assets', '_i18n']);

/** Layouts of pages the old theme generated: bantin has its own. */
const GENERATED_LAYOUTS = /^(archives?|search|home|index|blog|posts|tags?|categor(y|ies)|terms?|taxonomy|list|sitemap|404)$/;
/** Layouts of standalone pages. */
const PAGE_LAYOUTS = /^(page|about|profile|contact|single-page|links|static)$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line, in the source file, of the first front-matter field named `keys`; undefined when not found. */
function fieldLine(src: SourceArticle, ...keys: string[]): number | undefined {
  const lines = src.frontMatter.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const key of keys) {
      if (new RegExp(`^\\s*(?:\\[\\[?)?"?${escapeRegExp(key)}"?\\s*(?:[:=\\]]|$)`).test(lines[i]!)) return i + 2;
    }
  }
  return undefined;
}

/**
 * Display names of a Jekyll data file: a map (`kinh-te: Kinh tế`, `kinh-te: {name: Kinh tế}`) or a
 * list (`- slug: kinh-te` with `name`/`title`).
 */
function termsOfDataFile(source: string): Array<[string, string]> {
  let data: unknown;
  try {
    data = parseYamlText(source, { schema: 'failsafe' });
  } catch {
    return [];
  }
  const nameOf = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? first((v as Record<string, unknown>).name, (v as Record<string, unknown>).title) : text(v));
  if (Array.isArray(data)) {
    return data.flatMap((entry): Array<[string, string]> => {
      if (!entry || typeof entry !== 'object') return [];
      const e = entry as Record<string, unknown>;
      const slug = first(e.slug, e.id, e.key);
      const name = nameOf(e);
      return slug && name ? [[slug, name]] : [];
    });
  }
  if (data && typeof data === 'object') {
    return Object.entries(data as Record<string, unknown>).flatMap(([slug, v]): Array<[string, string]> => {
      const name = nameOf(v);
      return name ? [[slug, name]] : [];
    });
  }
  return [];
}

/** Hugo's `urlize`: lower-case, spaces to `-`, marks kept. */
function hugoUrlize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\-_./]/gu, '');
}

/** What the importers need of the old site's config. */
interface SiteConfig {
  readonly oldBase: { url?: string; path: string };
  /** Hosts of the old site (its own, and `--old-url`'s), without `www.`. */
  readonly hosts: ReadonlySet<string>;
  readonly defaultLanguage: string;
  readonly languages: ReadonlySet<string>;
  /** Content folders of the other languages (Hugo `languages.en.contentDir`). */
  readonly languageDirs: ReadonlyArray<{ lang: string; dir: string }>;
  /** Hugo: the default language's content folder (`content`). */
  readonly contentDir: string;
  /** Hugo `[permalinks]` by section; Jekyll `permalink` under `''`. */
  readonly permalinks: ReadonlyMap<string, string>;
  readonly uglyURLs: boolean;
}

/**
 * The old site's config: the first main file found (`hugo.toml`, `config.toml`, `_config.yml`,
 * `config/_default/hugo.toml`…), with Hugo's `config/_default/languages.*` and `permalinks.*` as
 * its `languages` and `permalinks` tables.
 */
function readConfigData(texts: ReadonlyMap<string, string>): Record<string, unknown> | undefined {
  const parse = (name: string): Record<string, unknown> | undefined => {
    const source = texts.get(name);
    if (source === undefined) return undefined;
    try {
      const data = name.endsWith('.toml') ? parseToml(source) : name.endsWith('.json') ? JSON.parse(source) : parseYamlText(source);
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
    } catch {
      // A config that cannot be read gives nothing.
      return undefined;
    }
  };
  const main = CONFIG_FILES.filter((n) => !/\/(languages|permalinks)\./.test(n)).map(parse).find((d) => d !== undefined);
  const split = (table: string) => ['toml', 'yaml', 'yml', 'json'].map((ext) => parse(`config/_default/${table}.${ext}`)).find((d) => d !== undefined);
  const languages = split('languages');
  const permalinks = split('permalinks');
  if (!main && !languages && !permalinks) return undefined;
  return { ...(main ?? {}), ...(languages ? { languages } : {}), ...(permalinks ? { permalinks } : {}) };
}

/** The old site's address, languages and permalinks from its config (`hugo.toml`, `_config.yml`, …). */
function readSiteConfig(kind: StaticSiteKind, texts: ReadonlyMap<string, string>, oldUrl: string | undefined): SiteConfig {
  const data = readConfigData(texts) ?? {};
  const basePath = `/${(first(data.baseurl) ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/\/+/g, '/');
  const raw = oldUrl ?? (kind === 'hugo' ? first(data.baseURL, data.baseUrl, data.baseurl) : first(data.url) === undefined ? undefined : `${first(data.url)!.replace(/\/+$/, '')}${basePath}`);
  let oldBase: { url?: string; path: string } = { path: kind === 'jekyll' ? basePath : '/' };
  const hosts = new Set<string>();
  for (const candidate of [raw, kind === 'hugo' ? first(data.baseURL, data.baseUrl, data.baseurl) : first(data.url)]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate.endsWith('/') ? candidate : `${candidate}/`);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      hosts.add(url.hostname.toLowerCase().replace(/^www\./, ''));
      if (candidate === raw && oldBase.url === undefined) oldBase = { url: url.href, path: kind === 'jekyll' && oldUrl === undefined ? basePath : url.pathname };
    } catch {
      // Not an absolute address: nothing to point old links at.
    }
  }
  const defaultLanguage = (first(data.defaultContentLanguage, data.lang, data.locale) ?? (kind === 'hugo' ? 'en' : 'vi')).toLowerCase().replace(/_/g, '-');
  const languages = new Set<string>([defaultLanguage]);
  const languageDirs: Array<{ lang: string; dir: string }> = [];
  let contentDir = (first(data.contentDir) ?? 'content').replace(/^\.?\/+|\/+$/g, '');
  if (data.languages && typeof data.languages === 'object' && !Array.isArray(data.languages)) {
    for (const [lang, value] of Object.entries(data.languages as Record<string, unknown>)) {
      const code = lang.toLowerCase();
      languages.add(code);
      const dir = value && typeof value === 'object' ? text((value as Record<string, unknown>).contentDir) : undefined;
      if (!dir) continue;
      const clean = dir.replace(/^\.?\/+|\/+$/g, '');
      if (code === defaultLanguage) contentDir = clean;
      else languageDirs.push({ lang: code, dir: clean });
    }
  }
  const permalinks = new Map<string, string>();
  if (kind === 'jekyll') {
    const p = text(data.permalink);
    if (p) permalinks.set('', p);
  } else if (data.permalinks && typeof data.permalinks === 'object') {
    const table = data.permalinks as Record<string, unknown>;
    const pageTable = table.page && typeof table.page === 'object' ? (table.page as Record<string, unknown>) : table;
    for (const [section, pattern] of Object.entries(pageTable)) if (typeof pattern === 'string') permalinks.set(section, pattern);
  }
  return { oldBase, hosts, defaultLanguage, languages, languageDirs, contentDir, permalinks, uglyURLs: bool(data.uglyURLs) === true || bool(data.uglyurls) === true };
}

/** The path (under the old site's root, with its base path) of a URL on the old site's own domain; undefined otherwise. */
function oldSitePath(url: string, site: SiteConfig): string | undefined {
  if (!/^https?:\/\//i.test(url) || site.hosts.size === 0) return undefined;
  try {
    const u = new URL(url);
    if (!site.hosts.has(u.hostname.toLowerCase().replace(/^www\./, ''))) return undefined;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return undefined;
  }
}

/** The address of a post or page on the old site, under its root (`/2021/10/11/bai.html`), as Hugo or Jekyll made it. */
function oldPathOf(kind: StaticSiteKind, src: SourceArticle, site: SiteConfig, title: string, categoryNames: readonly string[]): string | undefined {
  const data = src.data;
  const ownUrl = text(kind === 'hugo' ? data.url : data.permalink);
  const slug = text(data.slug) ?? src.fileSlug;
  const dateText = first(data.date, src.fileDate);
  const date = dateText ? /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(dateText) : null;
  const pad = (n: string | undefined) => (n ?? '').padStart(2, '0');
  const fill = (pattern: string, tokens: Record<string, string>) =>
    pattern.replace(/:([a-z_]+)/g, (all, name: string) => tokens[name] ?? all).replace(/\/{2,}/g, '/');
  let path: string;
  if (kind === 'hugo') {
    if (ownUrl && !ownUrl.includes(':')) return ownUrl.startsWith('/') ? ownUrl : `/${ownUrl}`;
    const segments = src.relPath.split('/');
    const dirs = segments.slice(0, src.bundle ? -2 : -1);
    const section = segments.length > 1 ? segments[0]! : '';
    const pattern = site.permalinks.get(section);
    if (pattern && date) {
      path = fill(pattern, {
        year: date[1]!,
        month: pad(date[2]),
        day: pad(date[3]),
        slug: hugoUrlize(text(data.slug) ?? title),
        title: hugoUrlize(title),
        filename: src.fileSlug,
        contentbasename: src.fileSlug,
        slugorfilename: text(data.slug) ?? src.fileSlug,
        slugorcontentbasename: text(data.slug) ?? src.fileSlug,
        section,
        sections: dirs.join('/'),
      });
    } else {
      path = `/${[...dirs, slug].join('/')}/`;
    }
    path = path.toLowerCase();
    if (site.uglyURLs && path.endsWith('/')) path = `${path.slice(0, -1)}.html`;
    return path.startsWith('/') ? path : `/${path}`;
  }
  // Jekyll.
  if (src.isPage) {
    if (ownUrl) return ownUrl.startsWith('/') ? ownUrl : `/${ownUrl}`;
    const base = src.relPath.replace(SOURCE_FILE, '');
    const pretty = /^pretty$|\/$/.test(site.permalinks.get('') ?? '');
    if (/(^|\/)index$/.test(base)) return `/${base.replace(/(^|\/)index$/, '')}${base === 'index' ? '' : '/'}`.replace(/\/{2,}/g, '/');
    return pretty ? `/${base}/` : `/${base}.html`;
  }
  const style = ownUrl ?? site.permalinks.get('') ?? 'date';
  const pattern =
    { date: '/:categories/:year/:month/:day/:title:output_ext', pretty: '/:categories/:year/:month/:day/:title/', ordinal: '/:categories/:year/:y_day/:title:output_ext', weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext', none: '/:categories/:title:output_ext' }[style] ?? style;
  if (!date && /:(year|month|day)/.test(pattern)) return undefined;
  path = fill(pattern, {
    year: date?.[1] ?? '',
    month: pad(date?.[2]),
    day: pad(date?.[3]),
    i_month: String(Number(date?.[2] ?? 0)),
    i_day: String(Number(date?.[3] ?? 0)),
    short_year: (date?.[1] ?? '').slice(2),
    title: src.fileSlug,
    slug: cleanSlug(slug) || slug,
    name: src.fileSlug,
    categories: categoryNames.map((c) => c.toLowerCase().replace(/\s+/g, '-')).join('/'),
    slugified_categories: categoryNames.map((c) => cleanSlug(c)).join('/'),
    output_ext: '.html',
  });
  return path.startsWith('/') ? path : `/${path}`;
}

// --- front-matter -----------------------------------------------------------

/**
 * Split a Hugo or Jekyll file into its front-matter (YAML `---`, TOML `+++` or JSON `{…}`) and body.
 * Values come back as plain data: texts, booleans, lists and maps (dates as the text written).
 */
export function splitFrontMatter(
  text: string,
): { data: Record<string, unknown>; typed: Record<string, unknown>; frontMatter: string; body: string; bodyLine: number; format: 'yaml' | 'toml' | 'json' | 'none' } | { error: string } {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fence = /^(---|\+\+\+)[ \t]*\n/.exec(source);
  if (fence) {
    const marker = fence[1]!;
    const closing = new RegExp(`^(${marker === '---' ? '---|\\.\\.\\.' : '\\+\\+\\+'})[ \\t]*$`, 'm');
    const rest = source.slice(fence[0].length);
    const end = closing.exec(rest);
    if (!end) return { error: `phần thông tin đầu bài mở bằng "${marker}" nhưng không có dòng đóng.` };
    const block = rest.slice(0, end.index);
    const afterClose = end.index + end[0].length;
    const body = rest.slice(afterClose).replace(/^\n/, '');
    const bodyLine = 1 + countNewlines(block) + 2;
    try {
      const value = marker === '---' ? parseYamlText(block, { schema: 'failsafe', maxAliasCount: 50 }) : parseToml(block);
      if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) return { error: 'phần thông tin đầu bài không phải các dòng "tên: giá trị".' };
      const data = plain((value ?? {}) as Record<string, unknown>) as Record<string, unknown>;
      // Fields kept as they are keep their YAML type (`comments: false` stays a boolean); YAML 1.2's core schema reads no dates.
      const typed = marker === '---' ? (plain(parseYamlText(block, { schema: 'core', maxAliasCount: 50 }) ?? {}) as Record<string, unknown>) : data;
      return { data, typed, frontMatter: block, body, bodyLine, format: marker === '---' ? 'yaml' : 'toml' };
    } catch (e) {
      return { error: `phần thông tin đầu bài (${marker === '---' ? 'YAML' : 'TOML'}) viết sai: ${firstLine((e as Error).message)}` };
    }
  }
  if (source.startsWith('{')) {
    const end = jsonObjectEnd(source);
    if (end === -1) return { error: 'phần thông tin đầu bài JSON chưa đóng ngoặc "}".' };
    try {
      const value = JSON.parse(source.slice(0, end + 1)) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'phần thông tin đầu bài JSON phải là một đối tượng {…}.' };
      const body = source.slice(end + 1).replace(/^[ \t]*\n/, '');
      const data = plain(value as Record<string, unknown>) as Record<string, unknown>;
      return { data, typed: data, frontMatter: source.slice(1, end), body, bodyLine: 1 + countNewlines(source.slice(0, end + 1)) + 1, format: 'json' };
    } catch (e) {
      return { error: `phần thông tin đầu bài JSON viết sai: ${firstLine((e as Error).message)}` };
    }
  }
  return { data: {}, typed: {}, frontMatter: '', body: source, bodyLine: 1, format: 'none' };
}

/** Index of the `}` closing the JSON object that starts at 0, or -1. */
function jsonObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Plain data: TOML dates become the text they were written as, numbers and booleans stay. */
function plain(value: unknown): unknown {
  if (value instanceof Date) {
    const iso = (value as Date & { toISOString(): string }).toISOString();
    return iso;
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
      out[k] = plain(v);
    }
    return out;
  }
  return typeof value === 'string' ? value.normalize('NFC') : value;
}

// --- values -------------------------------------------------------------------

/** A text value (numbers and booleans as text), trimmed; undefined when empty or not a scalar. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function first(...values: unknown[]): string | undefined {
  for (const v of values) {
    const t = text(v);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** `true`/`false` written any way; undefined otherwise. */
function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const t = text(value)?.toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return undefined;
}

/** A list of texts from a list or one text. */
function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== undefined);
  const t = text(value);
  return t === undefined ? [] : [t];
}

/** Jekyll's `categories`/`tags`: a list, or one text of space-separated words. */
function words(value: unknown): string[] {
  if (Array.isArray(value)) return list(value);
  const t = text(value);
  return t === undefined ? [] : t.split(/\s+/).filter(Boolean);
}

function uniqueStrings(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

/**
 * The cover image of the common Hugo and Jekyll themes: `image` (or `image.path`), `images`
 * (texts, or TOML `[[images]] src = …`), `featured_image`, `featureImage`, `cover.image` (with
 * `cover.alt`/`cover.caption`), `thumbnail`, `header.image`/`header.teaser`, `banner`. `others`
 * are the further images of `images`.
 */
function coverImage(data: Record<string, unknown>): { value: string; field: string; alt?: string | undefined; caption?: string | undefined; others: string[] } | undefined {
  const nested = (value: unknown, key: string) => (value && typeof value === 'object' && !Array.isArray(value) ? text((value as Record<string, unknown>)[key]) : undefined);
  const images = (Array.isArray(data.images) ? data.images : data.images === undefined ? [] : [data.images])
    .map((v) => text(v) ?? nested(v, 'src') ?? nested(v, 'url') ?? nested(v, 'path') ?? nested(v, 'image'))
    .filter((v): v is string => v !== undefined);
  const candidates: Array<[string, string | undefined]> = [
    ['image', text(data.image) ?? nested(data.image, 'path') ?? nested(data.image, 'src')],
    ['images', images[0]],
    ['featured_image', text(data.featured_image)],
    ['featureImage', text(data.featureImage) ?? text(data.featuredImage)],
    ['cover', text(data.cover) ?? nested(data.cover, 'image') ?? nested(data.cover, 'src')],
    ['thumbnail', text(data.thumbnail) ?? nested(data.thumbnail, 'src')],
    ['header', nested(data.header, 'image') ?? nested(data.header, 'teaser') ?? nested(data.header, 'overlay_image')],
    ['banner', text(data.banner)],
  ];
  const found = candidates.find(([, v]) => v !== undefined);
  if (!found) return undefined;
  const [field, value] = found;
  const alt = field === 'cover' ? nested(data.cover, 'alt') : field === 'image' ? nested(data.image, 'alt') : undefined;
  const caption = field === 'cover' ? nested(data.cover, 'caption') : field === 'image' ? nested(data.image, 'caption') : undefined;
  return { value: value!, field, alt, caption, others: field === 'images' ? images.slice(1) : [] };
}

// --- bodies -------------------------------------------------------------------

const markdownParser = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Rewrite the URLs of the links, images and link definitions of a Markdown body in place,
 * leaving every other character as written. `resolve` returns the new URL, or null to drop a
 * link (its text stays) or an image (its description stays).
 */
export function rewriteMarkdownUrls(
  body: string,
  resolve: (url: string, kind: 'link' | 'image', offset: number) => string | null,
  onHtml?: (html: string, block: boolean, offset: number) => string | undefined,
): string {
  // `bantin-src:` placeholders of post_url/ref inside the link syntax parse as ordinary URLs.
  const tree = markdownParser.parse(body) as Root;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  visit(tree, (node, _index, parent) => {
    if (node.type === 'html') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      const block = parent?.type === 'root' || parent?.type === 'blockquote' || parent?.type === 'listItem';
      const replacement = onHtml?.((node as Html).value, block, start ?? 0);
      if (replacement !== undefined && start !== undefined && end !== undefined) edits.push({ start, end, text: replacement });
      return;
    }
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const n = node as Link | Image | Definition;
    const start = n.position?.start.offset;
    const end = n.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const written = body.slice(start, end);
    // Autolinks (`<https://…>`, bare www. links) are left alone.
    if (n.type === 'link' && !written.startsWith('[')) return;
    const next = resolve(n.url, n.type === 'image' ? 'image' : 'link', start);
    if (next === n.url) return;
    // Where the destination part starts: after the link's text, the image's `](`, the definition's `]:`.
    let tail: number;
    if (n.type === 'link') {
      const last = n.children[n.children.length - 1]?.position?.end.offset;
      tail = last === undefined ? written.indexOf('](') : last - start;
    } else tail = written.indexOf(n.type === 'image' ? '](' : ']:');
    if (tail < 0) return;
    const title = n.title ? ` "${n.title.replace(/["\\]/g, '\\$&')}"` : '';
    if (next === null) {
      if (n.type === 'definition') return;
      if (n.type === 'image') {
        edits.push({ start, end, text: escapeLinkText(n.alt ?? '') });
      } else {
        // Drop `[` and `](…)` around the text, so edits inside the text (an image) still apply.
        const first = n.children[0]?.position?.start.offset ?? start + 1;
        edits.push({ start: start + tail, end, text: '' });
        edits.push({ start, end: first, text: '' });
      }
      return;
    }
    // Replace the destination as written, searched for after the text (which may hold the same characters).
    for (const c of [n.url, encodeURI(n.url)]) {
      const at = c === '' ? -1 : written.indexOf(c, tail);
      if (at !== -1) {
        // `<…>` around the destination is rewritten with it (linkDestination adds it when needed).
        const bracketed = written[at - 1] === '<' && written[at + c.length] === '>';
        const from = start + at - (bracketed ? 1 : 0);
        edits.push({ start: from, end: start + at + c.length + (bracketed ? 1 : 0), text: linkDestination(next) });
        return;
      }
    }
    // Written with escapes or in angle brackets: write the destination part again.
    if (n.type === 'definition') edits.push({ start: start + tail, end, text: `]: ${linkDestination(next)}${title}` });
    else edits.push({ start: start + tail, end, text: `](${linkDestination(next)}${title})` });
  });
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = body;
  let limit = Number.POSITIVE_INFINITY;
  for (const e of edits) {
    if (e.end > limit) continue; // inside an edit already made (an image replaced by its description)
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** `/blog/2021/x/` with base path `/blog/` → `/2021/x/`. */
function stripBase(path: string, basePath: string): string {
  if (basePath !== '/' && path.startsWith(basePath)) return `/${path.slice(basePath.length)}`;
  return path;
}

/** A path of the old site, for comparisons: no trailing `/`, no `index.html`, lower-case. */
function normalizeUrlPath(path: string): string {
  return path
    .replace(/^[a-z]+:\/\/[^/]+/i, '')
    .replace(/index\.html?$/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** Join inside the content folder; undefined when the result climbs out of it. */
function safeJoin(dir: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(dir === '.' ? '' : dir, rel));
  return joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined) ? undefined : joined;
}

/** `2021-1-5` → `2021-01-05`. */
function padDate(date: string): string {
  return date.replace(/-(\d)(?=-|$)/g, '-0$1');
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
