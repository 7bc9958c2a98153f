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
import { error, UserError } from '../diagnostics/diagnostic.js';
import {
  articleSlug,
  articleText,
  CategoryResolver,
  cleanSlug,
  defaultCategoryName,
  emptyPlan,
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
  /** Category for articles that have none (default: the site's first category, else "Tin tức"). */
  readonly category?: string | undefined;
  /** The import's time: an article dated later is not published yet, so links to it are dropped (default: now). */
  readonly now?: number | undefined;
}

/** Markdown files the importers read. */
export const MARKDOWN_FILE = /\.(md|markdown|mdown|mkd)$/i;
/** Config files whose text the importers read. */
export const CONFIG_FILES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', '_config.yml', '_config.yaml'];
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
  'slug',
  'aliases',
  'url',
  'permalink',
  'redirect_from',
]);

interface SourceArticle {
  readonly source: string;
  readonly data: Record<string, unknown>;
  readonly body: string;
  /** 1-based line of the source file where the body starts. */
  readonly bodyLine: number;
  readonly fileSlug: string;
  readonly fileDate: string | undefined;
  readonly inDrafts: boolean;
  readonly folderCategories: string[];
}

/** Plan the import of a Hugo or Jekyll site into `target`. */
export function planStaticSiteImport(target: ImportTarget, options: StaticSiteOptions): ImportPlan {
  const plan = emptyPlan();
  const { kind, files, texts } = options;
  const tz = target.config.timeZone;
  const categories = new CategoryResolver(target.config);
  const registry = new SlugRegistry(target);
  const fallbackCategory = defaultCategoryName(target.config, options.category);
  const label = (path: string) => `${options.sourceLabel.replace(/\/+$/, '')}/${path}`;
  const oldBase = readOldBaseUrl(kind, texts);
  const hasContentFolder = [...files.keys()].some((p) => p.startsWith('content/'));
  const now = options.now ?? Date.now();

  // Which files are articles.
  const sources: SourceArticle[] = [];
  for (const path of [...files.keys()].sort()) {
    if (!MARKDOWN_FILE.test(path) || IGNORED_FOLDERS.test(path)) continue;
    const text = texts.get(path);
    if (text === undefined) continue;
    const segments = path.split('/');
    const fileName = segments[segments.length - 1]!;
    const stem = fileName.replace(MARKDOWN_FILE, '');
    let inDrafts = false;
    let folderCategories: string[] = [];
    let fileDate: string | undefined;
    let fileSlug = stem;
    if (kind === 'hugo') {
      if (hasContentFolder && !path.startsWith('content/')) continue;
      if (/^_index$/i.test(stem)) {
        plan.skipped.push({ source: label(path), reason: 'là trang danh sách của Hugo (_index), không phải bài viết.' });
        continue;
      }
      if (/^index$/i.test(stem) && segments.length > 1) fileSlug = segments[segments.length - 2]!;
    } else {
      const postsAt = segments.indexOf('_posts');
      const draftsAt = segments.indexOf('_drafts');
      if (postsAt === -1 && draftsAt === -1) {
        if (segments.some((s) => s.startsWith('_')) || !/^---/.test(text)) continue;
        plan.skipped.push({ source: label(path), reason: 'là trang (page) của Jekyll, không phải bài trong _posts.' });
        continue;
      }
      inDrafts = draftsAt !== -1 && (postsAt === -1 || draftsAt < postsAt);
      folderCategories = segments.slice(0, Math.max(postsAt, draftsAt) === -1 ? 0 : Math.min(...[postsAt, draftsAt].filter((n) => n !== -1)));
      const m = /^(\d{4}-\d{1,2}-\d{1,2})-(.+)$/.exec(stem);
      if (m) {
        fileDate = m[1];
        fileSlug = m[2]!;
      } else if (!inDrafts) {
        plan.skipped.push({ source: label(path), reason: 'tên tệp trong _posts phải bắt đầu bằng ngày (2021-10-11-ten-bai.md), Jekyll cũng bỏ qua tệp này.' });
        continue;
      }
    }
    const split = splitFrontMatter(text);
    if ('error' in split) {
      plan.skipped.push({ source: label(path), reason: split.error });
      continue;
    }
    sources.push({ source: path, data: split.data, body: split.body, bodyLine: split.bodyLine, fileSlug, fileDate, inDrafts, folderCategories });
  }

  // First pass: fields, category, URL and new file of every article.
  interface Planned {
    readonly src: SourceArticle;
    readonly fields: Parameters<typeof articleText>[0];
    readonly path: string;
    readonly epoch: number;
    readonly notes: string[];
  }
  const pending: Array<Omit<Planned, 'path'> & { categorySlug: string; slug: string; originalPath: string }> = [];
  for (const src of sources) {
    const { data } = src;
    const notes: string[] = [];
    let title = text(data.title);
    if (!title) {
      title = src.fileSlug.replace(/[-_]+/g, ' ').trim();
      title = title.charAt(0).toUpperCase() + title.slice(1);
      notes.push(`không có tiêu đề; đã đặt tạm "${title}" theo tên tệp.`);
    }
    const dateSource = kind === 'hugo' ? first(data.publishDate, data.publishdate, data.pubdate, data.date) : first(data.date, src.fileDate);
    let date = dateSource === undefined ? undefined : parseDate(dateSource, tz);
    const isDraft = src.inDrafts || bool(data.draft) === true || (kind === 'jekyll' && bool(data.published) === false);
    if (dateSource === undefined && isDraft) {
      // A draft has no date yet (Jekyll gives _drafts the file's time): the import's time, for now.
      date = { ok: true, epochMs: now - (now % 60_000), hasTime: true };
      notes.push(`bản nháp chưa có ngày; đặt tạm ngày nhập (${formatShortDate(date.epochMs, tz, true)}), sửa lại trước khi đăng.`);
    }
    if (!date?.ok) {
      plan.skipped.push({
        source: label(src.source),
        reason: dateSource === undefined ? 'không có ngày đăng (date); thêm "date:" vào bài rồi nhập lại.' : `ngày "${dateSource}" không đọc được (${date && !date.ok ? date.message : ''}).`,
      });
      continue;
    }
    const updatedSource = first(data.lastmod, data.modified, data.last_modified_at, data.updated);
    const updated = updatedSource === undefined ? undefined : parseDate(updatedSource, tz);
    if (updatedSource !== undefined && !updated?.ok) notes.push(`ngày sửa "${updatedSource}" không đọc được, đã bỏ.`);

    const draft = isDraft;
    const categoryNames = uniqueNames(kind === 'jekyll' ? [...list(data.category), ...words(data.categories), ...src.folderCategories] : list(data.categories));
    const category = categories.resolve(categoryNames[0] ?? fallbackCategory) ?? categories.resolve(fallbackCategory) ?? { name: fallbackCategory, slug: 'tin-tuc' };
    if (categoryNames.length > 1) notes.push(`bantin chỉ có một chuyên mục mỗi bài; chuyên mục ${categoryNames.slice(1).map((c) => `"${c}"`).join(', ')} thành từ khoá.`);
    const tags = uniqueNames([...categoryNames.slice(1), ...(kind === 'jekyll' ? words(data.tags) : list(data.tags))]);

    const authorValue = data.author ?? list(data.authors)[0];
    const author = authorValue && typeof authorValue === 'object' && !Array.isArray(authorValue) ? text((authorValue as Record<string, unknown>).name) : list(authorValue)[0];

    const aliases = uniqueStrings([...list(data.aliases), ...list(data.redirect_from), ...[text(data.url), text(data.permalink)].filter((u): u is string => !!u && !u.includes(':'))]);
    const slug = cleanSlug(text(data.slug) ?? '') || cleanSlug(src.fileSlug) || articleSlug(title);

    const extra: Record<string, unknown> = {};
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      if (MAPPED_FIELDS.has(key)) continue;
      if (THEME_FIELDS.has(key)) dropped.push(key);
      else extra[key] = value;
    }
    if (dropped.length > 0) notes.push(`các trường chỉ dùng cho giao diện cũ đã bỏ: ${dropped.join(', ')}.`);

    const originalPath = kind === 'hugo' ? src.source.replace(/^content\//, '').replace(MARKDOWN_FILE, '.md') : `${category.slug}/${src.source.split('/').pop()!.replace(MARKDOWN_FILE, '.md')}`;
    pending.push({
      src,
      fields: {
        title,
        date: formatShortDate(date.epochMs, tz, date.hasTime),
        author: author ?? (target.config.defaultAuthor ? undefined : 'Ban biên tập'),
        category: category.name,
        tags,
        summary: first(data.description, data.summary, data.excerpt),
        slug,
        draft,
        updated: updated?.ok ? formatShortDate(updated.epochMs, tz, updated.hasTime) : undefined,
        aliases,
        extra,
      },
      epoch: date.epochMs,
      notes,
      categorySlug: category.slug,
      slug,
      originalPath,
    });
  }
  // The older of two colliding articles keeps its address.
  pending.sort((a, b) => a.epoch - b.epoch || (a.src.source < b.src.source ? -1 : 1));
  const planned: Planned[] = [];
  const alreadyThere: Planned[] = [];
  for (const p of pending) {
    const withSuffix = (path: string, n: number) => {
      if (n === 1) return path;
      const bundle = /^(.*)\/(index\.md)$/i.exec(path);
      if (bundle) return `${bundle[1]}-${n}/${bundle[2]}`;
      return path.replace(/\.md$/i, `-${n}.md`);
    };
    // The file keeps its name unless another file has it; only the URL needs the new slug.
    const claim = registry.claim(p.categorySlug, p.slug, label(p.src.source), (_slug, n) => (n > 1 && registry.fileTaken(p.originalPath) ? withSuffix(p.originalPath, n) : p.originalPath));
    if (claim.exists) {
      plan.skipped.push({ source: label(p.src.source), reason: `đã có tệp ${target.contentLabel}/${claim.path} (có lẽ đã nhập lần trước); xoá tệp đó nếu muốn nhập lại.` });
      // Still a target for links from the articles imported now.
      alreadyThere.push({ src: p.src, fields: p.fields, path: claim.path, epoch: p.epoch, notes: [] });
      continue;
    }
    if (claim.collidedWith !== undefined) p.notes.push(`đường dẫn "${p.categorySlug}/${p.slug}/" trùng với ${claim.collidedWith}; đã đặt slug "${claim.slug}".`);
    const slug = claim.slug === articleSlug(p.fields.title) ? undefined : claim.slug;
    planned.push({ src: p.src, fields: { ...p.fields, slug }, path: claim.path, epoch: p.epoch, notes: p.notes });
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
  for (const p of [...planned, ...alreadyThere]) {
    newPathOf.set(p.src.source, p.path);
    if (p.fields.draft || p.epoch > now) unpublished.add(p.path);
    remember(p.src.fileSlug, p.path);
    remember(cleanSlug(p.src.fileSlug), p.path);
    if (p.src.fileDate) remember(`${padDate(p.src.fileDate)}-${p.src.fileSlug}`, p.path);
    const ownSlug = text(p.src.data.slug);
    if (ownSlug) remember(ownSlug, p.path);
    for (const alias of p.fields.aliases ?? []) remember(normalizeUrlPath(alias), p.path);
  }

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
    const notes = [...p.notes];
    let body = kind === 'hugo' ? convertHugoShortcodes(p.src.body) : convertLiquid(p.src.body);

    // Shortcodes and Liquid tags left: listed with their line in the source file.
    for (const m of body.matchAll(/\{\{[<%][\s\S]*?[%>]\}\}|\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}/g)) {
      const line = p.src.bodyLine + countNewlines(p.src.body.slice(0, Math.max(0, p.src.body.indexOf(m[0]))));
      notes.push(`${kind === 'hugo' ? 'mã rút gọn Hugo' : 'thẻ Liquid'} chưa chuyển được (dòng ${line}): ${clip(m[0])}`);
    }

    const published = !unpublished.has(p.path);
    /** A link to another imported article, or null (and a note) when that one is not published. */
    const articleLink = (article: string, hash: string, report: boolean): string | null => {
      if (published && unpublished.has(article)) {
        if (report) notes.push(`liên kết tới bài chưa đăng (bản nháp hoặc hẹn giờ) ${target.contentLabel}/${article} đã được bỏ, giữ chữ; thêm lại khi bài kia được đăng.`);
        return null;
      }
      return relativeLink(p.path, article) + hash;
    };
    /** Where a URL of this article now points: a new URL, or null to drop the link. */
    const resolveUrl = (url: string, kind_: 'link' | 'image', report = true): string | null => {
      const note = (message: string) => {
        if (report) notes.push(message);
      };
      const trimmed = url.trim();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//') || (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^bantin-(src|post):/.test(trimmed))) return url;
      const cut = trimmed.search(/[?#]/);
      const pathPart = cut === -1 ? trimmed : trimmed.slice(0, cut);
      const hash = cut === -1 ? '' : trimmed.slice(cut).replace(/^\?[^#]*/, '');
      let decoded = pathPart;
      try {
        decoded = decodeURI(pathPart);
      } catch {
        // Keep it as written.
      }
      decoded = decoded.normalize('NFC');
      if (decoded.startsWith('bantin-post:')) {
        // `{% post_url [folder/]2021-10-11-slug %}`: the post of that name under any _posts folder.
        const name = decoded.slice('bantin-post:'.length).replace(/^\/+/, '');
        const source = [...newPathOf.keys()].find((k) => k.replace(MARKDOWN_FILE, '').endsWith(`_posts/${name}`));
        if (source) return articleLink(newPathOf.get(source)!, hash, report);
        note(`liên kết tới bài "${name}" không có trong các bài được nhập, đã bỏ liên kết.`);
        return null;
      }
      if (decoded.startsWith('bantin-src:')) {
        const wanted = decoded.slice('bantin-src:'.length);
        // Hugo's ref also takes a bare file name (`{{< ref "hop-dan" >}}`): the one article so named.
        const name = wanted.split('/').pop()!.replace(MARKDOWN_FILE, '');
        const byName = [...newPathOf.keys()].filter((k) => k.split('/').pop()!.replace(MARKDOWN_FILE, '') === name || k.endsWith(`/${name}/index.md`));
        const article = newPathOf.get(wanted) ?? newPathOf.get(`${wanted}.md`) ?? newPathOf.get(`${wanted}/index.md`) ?? (byName.length === 1 ? newPathOf.get(byName[0]!) : undefined);
        if (article) return articleLink(article, hash, report);
        note(`liên kết tới "${decoded.slice('bantin-src:'.length)}" không có trong các bài được nhập, đã bỏ liên kết.`);
        return null;
      }
      const siteAbsolute = decoded.startsWith('/');
      const sitePath = siteAbsolute ? stripBase(decoded, oldBase.path) : undefined;
      const candidates: string[] = [];
      if (siteAbsolute) {
        const rest = sitePath!.replace(/^\/+/, '');
        if (kind === 'hugo') candidates.push(`static/${rest}`, `content/${rest}`, rest);
        else candidates.push(rest);
      } else {
        candidates.push(posix.normalize(posix.join(posix.dirname(p.src.source), decoded)));
      }
      for (const c of candidates) {
        const clean = c.replace(/\/+$/, '');
        const article = newPathOf.get(clean);
        if (article) return articleLink(article, hash, report);
        if (files.has(clean) && !MARKDOWN_FILE.test(clean)) {
          const wanted = siteAbsolute ? clean.replace(/^(static|content)\//, '') : safeJoin(posix.dirname(p.path), decoded) ?? `${posix.dirname(p.path)}/${posix.basename(clean)}`;
          const dest = copy(clean, wanted.replace(/^\.\//, ''));
          // A site-absolute link to a file copied to the same path is kept as written.
          if (siteAbsolute && dest === wanted && sitePath === decoded) return url;
          return relativeLink(p.path, dest) + hash;
        }
      }
      // An address of the old site: the article whose slug or alias it names.
      const key = normalizeUrlPath(siteAbsolute ? sitePath! : decoded);
      const lastSegment = key.split('/').filter(Boolean).pop()?.replace(/\.(html?|md|markdown)$/i, '') ?? '';
      // Jekyll's permalinks carry the date: /2021/10/12/slug.html, /news/2021/10/12/slug/.
      const dated = /(\d{4})\/(\d{1,2})\/(\d{1,2})\/([^/]+?)(?:\.html?)?$/.exec(key);
      const article = byOldUrl.get(key) ?? (dated ? byOldUrl.get(`${padDate(`${dated[1]}-${dated[2]}-${dated[3]}`)}-${dated[4]}`) : undefined) ?? (lastSegment ? byOldUrl.get(lastSegment.toLowerCase()) : undefined);
      if (article) return articleLink(article, hash, report);
      if (oldBase.url && siteAbsolute) {
        const absolute = new URL(sitePath!.replace(/^\/+/, ''), oldBase.url).href + hash;
        note(`${kind_ === 'image' ? 'ảnh' : 'liên kết'} "${trimmed}" không tìm thấy trong các bài và tệp được nhập; đã trỏ về trang cũ ${absolute}.`);
        return absolute;
      }
      note(
        kind_ === 'image'
          ? `ảnh "${trimmed}" không tìm thấy; đã thay bằng mô tả của ảnh.`
          : `liên kết "${trimmed}" không tìm thấy trong các bài và tệp được nhập; đã bỏ liên kết, giữ chữ.`,
      );
      return null;
    };
    body = rewriteMarkdownUrls(body, resolveUrl, (html, block) => {
      const value = html.trim();
      // `<!--more-->` and other comments: nothing for readers, and bantin drops them anyway.
      if (/^<!--[\s\S]*-->$/.test(value)) return block ? '' : undefined;
      if (block) {
        // A block of HTML (which bantin would remove) becomes Markdown, through the same trees.
        let converted: ReturnType<typeof htmlToMarkdown>;
        try {
          converted = htmlToMarkdown(value, resolveUrl);
        } catch (e) {
          if (!(e instanceof HtmlTooDeepError)) throw e;
          throw new UserError(
            [
              error(
                'BT808',
                file,
                `Một khối HTML của bài lồng thẻ quá sâu (hơn ${MAX_HTML_DEPTH} tầng); bantin không chuyển bài này sang Markdown được.`,
                'Mở tệp, bỏ bớt các khung (div) lồng nhau trong khối HTML rồi nhập lại, hoặc chuyển tệp này ra khỏi thư mục bài.',
                p.src.bodyLine,
              ),
            ],
            { cause: e },
          );
        }
        for (const d of converted.dropped) notes.push(`phần nhúng ${d} không chuyển sang Markdown được, đã bỏ.`);
        notes.push(`khối HTML đã chuyển sang Markdown, nên xem lại: ${clip(value)}`);
        return converted.markdown.trimEnd();
      }
      if (!value.startsWith('</')) notes.push(`HTML trong dòng sẽ bị bantin bỏ khi dựng trang: ${clip(value)}`);
      return undefined;
    });

    // Cover image: a local file of the old site.
    const imageValue = coverImage(p.src.data);
    let image: string | undefined;
    if (imageValue) {
      if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(imageValue)) {
        notes.push(`ảnh bìa "${imageValue}" là địa chỉ web; bantin cần ảnh nằm trong thư mục nội dung, đã bỏ.`);
      } else {
        const resolved = resolveUrl(imageValue, 'image', false);
        if (resolved !== null && !/^[a-z][a-z0-9+.-]*:/i.test(resolved)) image = resolved;
        else notes.push(`ảnh bìa "${imageValue}" không tìm thấy trong trang cũ, đã bỏ.`);
      }
    }

    const text_ = articleText({ ...p.fields, image }, body);
    plan.articles.push({ path: p.path, text: text_, source: file, draft: Boolean(p.fields.draft) });
    for (const message of notes) plan.notes.push({ source: file, message });
  }
  for (const [to, from] of copies) plan.copies.push({ from, to });
  plan.newCategories.push(...categories.added);
  return plan;
}

// --- front-matter -----------------------------------------------------------

/**
 * Split a Hugo or Jekyll file into its front-matter (YAML `---`, TOML `+++` or JSON `{…}`) and body.
 * Values come back as plain data: texts, booleans, lists and maps (dates as the text written).
 */
export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string; bodyLine: number; format: 'yaml' | 'toml' | 'json' | 'none' } | { error: string } {
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
      return { data: plain((value ?? {}) as Record<string, unknown>) as Record<string, unknown>, body, bodyLine, format: marker === '---' ? 'yaml' : 'toml' };
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
      return { data: plain(value as Record<string, unknown>) as Record<string, unknown>, body, bodyLine: 1 + countNewlines(source.slice(0, end + 1)) + 1, format: 'json' };
    } catch (e) {
      return { error: `phần thông tin đầu bài JSON viết sai: ${firstLine((e as Error).message)}` };
    }
  }
  return { data: {}, body: source, bodyLine: 1, format: 'none' };
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

/** The cover image field of the common Hugo and Jekyll themes. */
function coverImage(data: Record<string, unknown>): string | undefined {
  const nested = (value: unknown, key: string) => (value && typeof value === 'object' && !Array.isArray(value) ? text((value as Record<string, unknown>)[key]) : undefined);
  return first(data.image, nested(data.image, 'path'), list(data.images)[0], data.featured_image, data.featureImage, nested(data.cover, 'image'), data.thumbnail, nested(data.header, 'image'), nested(data.header, 'teaser'));
}

// --- bodies -------------------------------------------------------------------

/** Attributes of a shortcode or Liquid tag: `name="value"`, `name='value'`, `name=value`. */
function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`>%}]+))/g)) {
    out[m[1]!] = (m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').replace(/\\"/g, '"');
  }
  return out;
}

/** The first positional (quoted or bare) argument of a shortcode. */
function firstArgument(text: string): string | undefined {
  const m = /^\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=]+)(?=\s|$))/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Hugo `figure` → `![alt](src "caption")`; `ref`/`relref` → a `bantin-src:` placeholder resolved with the links. */
export function convertHugoShortcodes(body: string): string {
  let out = body.replace(/\{\{[<%]\s*figure\b([\s\S]*?)\s*\/?\s*[>%]\}\}/g, (all, attrs: string) => {
    const a = attributes(attrs);
    if (!a.src) return all;
    const caption = (a.caption ?? a.title ?? '').replace(/\s+/g, ' ').trim();
    const alt = (a.alt ?? a.caption ?? a.title ?? '').replace(/\s+/g, ' ').trim();
    const image = `![${escapeLinkText(alt)}](${linkDestination(a.src)}${caption ? ` "${caption.replace(/["\\]/g, '\\$&')}"` : ''})`;
    return a.link ? `[${image}](${linkDestination(a.link)})` : image;
  });
  out = out.replace(/\{\{[<%]\s*(?:rel)?ref\s+([\s\S]*?)\s*[>%]\}\}/g, (all, args: string, offset: number, whole: string) => {
    const target = firstArgument(args) ?? attributes(args).path;
    if (!target) return all;
    const [path, hash] = target.split('#') as [string, string | undefined];
    const source = path.startsWith('/') ? `content${path}` : `content/${path}`;
    const url = `bantin-src:${source.replace(/\/+$/, '')}${hash ? `#${hash}` : ''}`;
    // Inside a link's destination it is the URL; on its own Hugo prints the address: make it a link.
    return whole.slice(0, offset).endsWith('](') ? url : `[${escapeLinkText(path)}](${url})`;
  });
  return out;
}

/** Jekyll: `{{ site.baseurl }}` removed, `relative_url` unwrapped, `post_url`/`link` → `bantin-src:` placeholders. */
export function convertLiquid(body: string): string {
  return body
    .replace(/\{\{-?\s*site\.url\s*-?\}\}/g, '')
    .replace(/\{\{-?\s*site\.baseurl\s*-?\}\}/g, '')
    .replace(/\{\{-?\s*(["'])([^"']*)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}/g, (_all, _q: string, path: string) => path)
    .replace(/\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}/g, (_all, name: string) => `bantin-post:${name}`)
    .replace(/\{%-?\s*link\s+([^\s%]+)\s*-?%\}/g, (_all, path: string) => `bantin-src:${path.replace(/^\/+/, '')}`);
}

const markdownParser = unified().use(remarkParse).use(remarkGfm).freeze();

/**
 * Rewrite the URLs of the links, images and link definitions of a Markdown body in place,
 * leaving every other character as written. `resolve` returns the new URL, or null to drop a
 * link (its text stays) or an image (its description stays).
 */
export function rewriteMarkdownUrls(
  body: string,
  resolve: (url: string, kind: 'link' | 'image') => string | null,
  onHtml?: (html: string, block: boolean) => string | undefined,
): string {
  // `bantin-src:` placeholders of post_url/ref inside the link syntax parse as ordinary URLs.
  const tree = markdownParser.parse(body) as Root;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  visit(tree, (node, _index, parent) => {
    if (node.type === 'html') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      const block = parent?.type === 'root' || parent?.type === 'blockquote' || parent?.type === 'listItem';
      const replacement = onHtml?.((node as Html).value, block);
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
    const next = resolve(n.url, n.type === 'image' ? 'image' : 'link');
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

/** A link destination: in `<…>` when it has spaces or parentheses. */
function linkDestination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : url;
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]\\]/g, '\\$&');
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

/**
 * The old site's address from its config: Hugo `baseURL`, Jekyll `url` + `baseurl`. `path` is the
 * prefix of the site's own links (`/` or `/blog/`); `url` is absent when the config has no address.
 */
function readOldBaseUrl(kind: StaticSiteKind, texts: ReadonlyMap<string, string>): { url?: string; path: string } {
  for (const name of CONFIG_FILES) {
    const source = texts.get(name);
    if (source === undefined) continue;
    let data: Record<string, unknown>;
    try {
      if (name.endsWith('.toml')) data = parseToml(source) as Record<string, unknown>;
      else if (name.endsWith('.json')) data = JSON.parse(source) as Record<string, unknown>;
      else data = (parseYamlText(source, { schema: 'failsafe' }) ?? {}) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (!data || typeof data !== 'object') continue;
    const basePath = `/${(first(data.baseurl) ?? '').replace(/^\/+|\/+$/g, '')}/`.replace(/\/+/g, '/');
    const raw = kind === 'hugo' ? first(data.baseURL, data.baseUrl, data.baseurl) : first(data.url) === undefined ? undefined : `${first(data.url)!.replace(/\/+$/, '')}${basePath}`;
    if (raw) {
      try {
        const url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
        if (url.protocol === 'http:' || url.protocol === 'https:') return { url: url.href, path: url.pathname };
      } catch {
        // Not an absolute address: nothing to point old links at.
      }
    }
    if (kind === 'jekyll') return { path: basePath };
  }
  return { path: '/' };
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
