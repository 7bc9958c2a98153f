/**
 * WordPress export (WXR) → bantin articles. Pure: the caller reads the export and lists the
 * uploads folder; this returns an ImportPlan (articles, copies, report).
 *
 * Posts come across with title, date (WordPress' local `post_date`, written `dd/mm/yyyy HH:mm`),
 * author (display name from the `<wp:author>` list), first category (others become tags), tags,
 * excerpt, slug, featured image, status (drafts, pending, private and password-protected posts stay
 * drafts) and their old address as `aliases`. Pages come only with `pages: true`, as pages
 * (`type: page`, URL `/{slug}/`, in `trang/`). Attachments are not articles: their files are copied
 * when a post uses them, and galleries show them.
 */
import { formatShortDate, parseDate } from '../text/dates.js';
import { HtmlTooDeepError, htmlToMarkdown, htmlToText, MAX_HTML_DEPTH } from './html-to-markdown.js';
import { error, UserError } from '../diagnostics/diagnostic.js';
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
import { childNamed, childrenNamed, childText, parseXml, textOf, type XmlElement } from './xml.js';

export interface WordPressOptions {
  /** Label of the export in messages (its path). */
  readonly exportLabel: string;
  /** Files of a local copy of `wp-content/uploads`: path inside it (`2021/10/anh.jpg`, NFC) → absolute path. */
  readonly uploads?: ReadonlyMap<string, string> | undefined;
  /**
   * The first `SNIFF_BYTES` bytes of each of those files, by the same paths: a file the content
   * folder may not publish (content/file-types.ts: an SVG, a page, bytes that do not match the
   * extension) is not copied; the article keeps the old site's address, and the report says why.
   */
  readonly uploadHeads?: ReadonlyMap<string, Uint8Array> | undefined;
  /** Import pages too, as pages (`type: page`, in the folder `trang/`). */
  readonly pages?: boolean | undefined;
  /** Category for posts that have none (default: the site's first category, else "Tin tức"). */
  readonly category?: string | undefined;
  /** The import's time: a post dated later is not published yet, so links to it are dropped (default: now). */
  readonly now?: number | undefined;
  /** Another address of the old site (`--old-url`): its links become internal ones too. */
  readonly oldUrl?: string | undefined;
}

/** The export is not a WordPress export, or not well-formed. */
export class WxrError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'WxrError';
    this.line = line;
  }
}

/** The folder of imported pages (`type: page`) in the content folder. */
export const PAGES_FOLDER = 'trang';

interface WxrItem {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly title: string;
  readonly link: string;
  readonly guid: string;
  readonly pubDate: string;
  readonly postDate: string;
  readonly modified: string;
  readonly name: string;
  readonly creator: string;
  readonly content: string;
  readonly excerpt: string;
  readonly password: string;
  readonly categories: ReadonlyArray<{ domain: string; nicename: string; name: string }>;
  readonly meta: ReadonlyMap<string, string>;
  readonly comments: number;
  readonly attachmentUrl: string;
  readonly parent: string;
  /** 1-based line of the item, and of its content, in the export. */
  readonly line: number;
  readonly contentLine: number;
}

/** Read the items and authors of a WXR document. */
export function readWxr(xml: string): { siteUrl: string; authors: Map<string, string>; items: WxrItem[] } {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    const err = e as Error & { line?: number };
    throw new WxrError(`Tệp XML viết sai: ${err.message}`, err.line);
  }
  const channel = root.name === 'rss' ? childNamed(root, 'channel') : undefined;
  if (!channel || (!childNamed(channel, 'wp:wxr_version') && !childNamed(channel, 'wp:base_site_url'))) {
    throw new WxrError('Tệp này không phải bản xuất WordPress (WXR): không có <rss><channel> với các thẻ wp:….');
  }
  const siteUrl = (childText(channel, 'wp:base_blog_url') || childText(channel, 'wp:base_site_url') || childText(channel, 'link')).trim();
  const authors = new Map<string, string>();
  for (const a of childrenNamed(channel, 'wp:author')) {
    const login = childText(a, 'wp:author_login').trim();
    const display = htmlToText(childText(a, 'wp:author_display_name')) || [childText(a, 'wp:author_first_name'), childText(a, 'wp:author_last_name')].join(' ').trim();
    if (login) authors.set(login, (display || login).normalize('NFC'));
  }
  const items = childrenNamed(channel, 'item').map((item): WxrItem => {
    const meta = new Map<string, string>();
    for (const m of childrenNamed(item, 'wp:postmeta')) meta.set(childText(m, 'wp:meta_key').trim(), childText(m, 'wp:meta_value').trim());
    return {
      id: childText(item, 'wp:post_id').trim(),
      type: childText(item, 'wp:post_type').trim(),
      status: childText(item, 'wp:status').trim(),
      title: childText(item, 'title'),
      link: childText(item, 'link').trim(),
      guid: childText(item, 'guid').trim(),
      pubDate: childText(item, 'pubDate').trim(),
      postDate: childText(item, 'wp:post_date').trim(),
      modified: childText(item, 'wp:post_modified').trim(),
      name: childText(item, 'wp:post_name').trim(),
      creator: childText(item, 'dc:creator').trim(),
      content: childText(item, 'content:encoded'),
      excerpt: childText(item, 'excerpt:encoded'),
      password: childText(item, 'wp:post_password'),
      categories: childrenNamed(item, 'category').map((c) => ({ domain: c.attributes.domain ?? '', nicename: c.attributes.nicename ?? '', name: htmlToText(textOf(c)) })),
      meta,
      comments: childrenNamed(item, 'wp:comment').length,
      attachmentUrl: childText(item, 'wp:attachment_url').trim(),
      parent: childText(item, 'wp:post_parent').trim(),
      line: item.line,
      contentLine: childNamed(item, 'content:encoded')?.line ?? item.line,
    };
  });
  return { siteUrl, authors, items };
}

/** Labels of item types that are not articles, for the summary. */
const OTHER_TYPES: Readonly<Record<string, string>> = {
  attachment: 'tệp đính kèm (attachment; ảnh được chép theo bài dùng nó)',
  nav_menu_item: 'mục menu',
  revision: 'bản sửa cũ (revision)',
  custom_css: 'CSS tuỳ biến',
  wp_block: 'khối dùng lại (reusable block)',
  wp_navigation: 'menu điều hướng',
  wp_template: 'mẫu giao diện',
  wp_template_part: 'phần mẫu giao diện',
  wp_global_styles: 'kiểu dáng chung',
};

/**
 * Plan the import of a WordPress export into `target`. Throws WxrError when the file cannot be read.
 * Long: two passes over the same items (addresses first, so links between posts resolve; then
 * bodies) share the registry, the upload copier and the report.
 */
export function planWordPressImport(xml: string, target: ImportTarget, options: WordPressOptions): ImportPlan {
  const plan = emptyPlan();
  const { siteUrl, authors, items } = readWxr(xml);
  const tz = target.config.timeZone;
  const categories = new CategoryResolver(target.config);
  const registry = new SlugRegistry(target);
  const fallbackCategory = defaultCategoryName(target.config, options.category);
  const site = siteMatcher(siteUrl, options.oldUrl);

  const attachments = new Map<string, string>();
  const media = new Map<string, GalleryImage>();
  /** Attachment pages (`/bai/anh-1/`, `?attachment_id=5`) → the file. */
  const attachmentPages = new Map<string, string>();
  for (const item of items) {
    if (item.type !== 'attachment' || !item.id || !item.attachmentUrl) continue;
    attachments.set(item.id, item.attachmentUrl);
    media.set(item.id, { id: item.id, url: item.attachmentUrl, alt: htmlToText(item.meta.get('_wp_attachment_image_alt') ?? ''), caption: htmlToText(item.excerpt), parent: item.parent });
    for (const key of [item.link, item.guid].map((u) => site.key(u)).filter((k): k is string => k !== undefined && k !== '/')) attachmentPages.set(key, item.attachmentUrl);
    attachmentPages.set(`?attachment_id=${item.id}`, item.attachmentUrl);
  }

  // What to import, oldest first so that the older of two colliding posts keeps its address.
  const candidates: Array<{ item: WxrItem; date: string; epoch: number; label: string }> = [];
  let comments = 0;
  for (const item of items) {
    const title = htmlToText(item.title).normalize('NFC');
    const label = `${item.type === 'page' ? 'trang' : 'bài'} "${title || '(không có tiêu đề)'}" (ID ${item.id || '?'})`;
    if (item.type !== 'post' && item.type !== 'page') {
      const key = OTHER_TYPES[item.type] ?? `mục loại "${item.type}"`;
      plan.counts[key] = (plan.counts[key] ?? 0) + 1;
      continue;
    }
    if (item.type === 'page' && !options.pages) {
      plan.skipped.push({ source: label, reason: 'là trang (page), không phải bài viết; thêm --pages để nhập các trang thành trang cố định (type: page).' });
      continue;
    }
    if (item.status === 'trash') {
      plan.skipped.push({ source: label, reason: 'nằm trong thùng rác của WordPress.' });
      continue;
    }
    if (item.status === 'auto-draft' || item.status === 'inherit') {
      // Empty drafts WordPress makes by itself when the editor opens: nobody wrote them.
      const key = 'bản lưu tự động (auto-draft) của WordPress';
      plan.counts[key] = (plan.counts[key] ?? 0) + 1;
      continue;
    }
    if (title === '' && htmlToText(item.content) === '') {
      plan.skipped.push({ source: label, reason: 'không có tiêu đề và nội dung.' });
      continue;
    }
    const date = [item.postDate, item.modified].map((d) => wallClock(d, tz)).find((d) => d !== undefined) ?? rfc822(item.pubDate, tz);
    if (!date) {
      plan.skipped.push({ source: label, reason: `không có ngày đăng hợp lệ (wp:post_date "${item.postDate}").` });
      continue;
    }
    comments += item.comments;
    candidates.push({ item, date: date.text, epoch: date.epoch, label });
  }
  if (comments > 0) plan.counts['bình luận (bantin không có phần bình luận)'] = comments;
  // A published post keeps its address before a draft; then the older of two colliding posts.
  const isDraft = (item: WxrItem) => item.status === 'draft' || item.status === 'pending' || item.status === 'private' || item.password !== '';
  candidates.sort((a, b) => Number(isDraft(a.item)) - Number(isDraft(b.item)) || a.epoch - b.epoch || Number(a.item.id) - Number(b.item.id) || (a.item.id < b.item.id ? -1 : 1));

  // First pass: category, slug and file of every article, so that links between posts can be rewritten.
  interface Planned {
    readonly item: WxrItem;
    readonly label: string;
    readonly date: string;
    readonly title: string;
    readonly category: string;
    readonly extraCategories: string[];
    readonly slug: string;
    readonly path: string;
    readonly draft: boolean;
    readonly page: boolean;
    readonly categorySlug: string;
  }
  const planned: Planned[] = [];
  /** Articles a published article must not link to: bantin stops a build on such a link. */
  const unpublished = new Set<string>();
  const now = options.now ?? Date.now();
  const byUrl = new Map<string, string>();
  // Every post's category first (in the same order as below): a page may not take a category's address (/{slug}/).
  for (const { item } of candidates) {
    if (item.type === 'page') continue;
    const names = categoryNamesOf(item);
    if (!categories.resolve(names[0] ?? fallbackCategory)) categories.resolve(fallbackCategory);
  }
  registry.reserveCategories(categories.all());
  for (const { item, date, epoch, label } of candidates) {
    let title = htmlToText(item.title).normalize('NFC');
    if (title === '') {
      title = `Bài viết số ${item.id}`;
      plan.notes.push({ source: label, message: `không có tiêu đề; đã đặt tạm "${title}".` });
    }
    const isPage = item.type === 'page';
    const names = isPage ? [] : categoryNamesOf(item);
    // A page has no category: its URL is /{slug}/ (the registry keys it under an empty category).
    let category = isPage ? { name: '', slug: '' } : (categories.resolve(names[0] ?? fallbackCategory) ?? categories.resolve(fallbackCategory));
    if (!category) {
      category = { name: fallbackCategory, slug: 'tin-tuc' };
    }
    const folder = isPage ? PAGES_FOLDER : category.slug;
    const ownSlug = cleanSlug(item.name) || articleSlug(title) || `bai-viet-${cleanSlug(item.id) || planned.length + 1}`;
    const claim = registry.claim(category.slug, ownSlug, label, (slug) => `${folder}/${slug}.md`);
    const remember = (path: string) => {
      for (const key of [item.link, item.guid].map((u) => site.key(u)).filter((k): k is string => k !== undefined)) byUrl.set(key, path);
      if (item.id) {
        byUrl.set(`?p=${item.id}`, path);
        byUrl.set(`?page_id=${item.id}`, path);
      }
    };
    const draft = isDraft(item);
    if (claim.exists) {
      plan.skipped.push({ source: label, reason: `đã có tệp ${target.contentLabel}/${claim.path} (có lẽ đã nhập lần trước); xoá tệp đó nếu muốn nhập lại.` });
      // Still a target for links from the posts imported now.
      remember(claim.path);
      if (draft || epoch > now) unpublished.add(claim.path);
      continue;
    }
    if (claim.collidedWith !== undefined) {
      plan.notes.push({ source: `${target.contentLabel}/${claim.path}`, message: `đường dẫn "${isPage ? '' : `${category.slug}/`}${ownSlug}/" của ${label} trùng với ${claim.collidedWith}; đã đặt slug "${claim.slug}".` });
    }
    if (draft || epoch > now) unpublished.add(claim.path);
    planned.push({ item, label, date, title, category: category.name, extraCategories: names.slice(1), slug: claim.slug, path: claim.path, draft, page: isPage, categorySlug: category.slug });
    remember(claim.path);
  }

  // Second pass: bodies.
  const copies = new Map<string, string>();
  /** Where an upload is copied to; `{ refused }`: found, but content/ may not publish it; undefined: not found. */
  const upload = (rel: string): string | { readonly refused: string } | undefined => {
    if (!options.uploads) return undefined;
    const found = findUpload(rel, options.uploads);
    if (found === undefined) return undefined;
    if (!mayPublish(found, options.uploadHeads)) return { refused: `uploads/${found}` };
    const dest = `uploads/${found}`;
    // A file already in the content folder (an earlier import) is linked to, not copied again.
    if (!copies.has(dest) && registry.takeFile(dest)) copies.set(dest, options.uploads.get(found)!);
    return dest;
  };

  for (const p of planned) {
    const { item } = p;
    /** Things of this post that stay on the old site or are dropped: the address as shown, and as written (to find its line). */
    const notCopied: Array<{ shown: string; written: string; refused?: string | undefined }> = [];
    const oldLinks: Array<{ shown: string; written: string }> = [];
    const unpublishedLinks: Array<{ shown: string; written: string }> = [];
    const rewrite = (url: string, kind: 'link' | 'image'): string | null => {
      const trimmed = url.trim();
      if (trimmed === '' || trimmed.startsWith('#') || /^(mailto|tel|data):/i.test(trimmed)) return trimmed;
      let abs: URL;
      try {
        abs = new URL(trimmed, site.base);
      } catch {
        return kind === 'link' ? null : trimmed;
      }
      if (abs.protocol !== 'http:' && abs.protocol !== 'https:') return trimmed;
      if (!site.matches(abs)) return trimmed;
      const attachmentFile = attachmentPages.get(site.key(abs.href) ?? '') ?? (abs.searchParams.get('attachment_id') ? attachmentPages.get(`?attachment_id=${abs.searchParams.get('attachment_id')}`) : undefined);
      if (attachmentFile !== undefined && attachmentFile !== trimmed) return rewrite(attachmentFile, kind);
      const path = safeDecode(abs.pathname).normalize('NFC');
      const uploadPath = /\/wp-content\/uploads\/(.+)$/.exec(path)?.[1];
      if (uploadPath !== undefined) {
        const local = upload(uploadPath);
        if (typeof local === 'string') return relativeLink(p.path, local);
        notCopied.push({ shown: abs.href, written: trimmed, refused: local?.refused });
        return abs.href;
      }
      const article = byUrl.get(site.key(abs.href) ?? '') ?? queryTarget(abs, byUrl);
      if (article !== undefined) {
        if (unpublished.has(article) && !p.draft && !unpublished.has(p.path)) {
          unpublishedLinks.push({ shown: `${target.contentLabel}/${article}`, written: trimmed });
          return null;
        }
        return relativeLink(p.path, article) + abs.hash;
      }
      oldLinks.push({ shown: abs.href, written: trimmed });
      return abs.href;
    };

    const prepared = prepareWordPressHtml(item.content, { media, postId: item.id });
    let converted: ReturnType<typeof htmlToMarkdown>;
    try {
      converted = htmlToMarkdown(prepared.html, rewrite);
    } catch (e) {
      if (!(e instanceof HtmlTooDeepError)) throw e;
      throw new UserError(
        [
          error(
            'BT808',
            options.exportLabel,
            `Nội dung của bài "${htmlToText(item.title).normalize('NFC') || '(không có tiêu đề)'}" (ID ${item.id || '?'}) lồng thẻ HTML quá sâu (hơn ${MAX_HTML_DEPTH} tầng); bantin không chuyển bài này sang Markdown được.`,
            'Mở bài trong trình soạn thảo WordPress, bỏ bớt các khung (div) lồng nhau rồi xuất lại, hoặc xoá bài này khỏi tệp xuất.',
          ),
        ],
        { cause: e },
      );
    }

    const tags = uniqueNames([...p.extraCategories, ...item.categories.filter((c) => c.domain === 'post_tag').map((c) => c.name)]);
    if (p.extraCategories.length > 0) {
      plan.notes.push({ source: `${options.exportLabel}:${item.line} (${p.label} → ${target.contentLabel}/${p.path})`, message: `bantin chỉ có một chuyên mục mỗi bài; chuyên mục ${p.extraCategories.map((c) => `"${c}"`).join(', ')} thành từ khoá.` });
    }
    let image: string | undefined;
    const thumb = attachments.get(item.meta.get('_thumbnail_id') ?? '');
    if (thumb) {
      const rel = /\/wp-content\/uploads\/(.+)$/.exec(safeDecode(new URL(thumb, site.base).pathname).normalize('NFC'))?.[1];
      const local = rel === undefined ? undefined : upload(rel);
      if (typeof local === 'string') image = relativeLink(p.path, local);
      else notCopied.push({ shown: `${thumb} (ảnh đại diện)`, written: '', refused: local?.refused });
    } else if (item.meta.get('_thumbnail_id')) {
      plan.notes.push({ source: `${options.exportLabel}:${item.line} (${p.label})`, message: `ảnh đại diện (tệp đính kèm ID ${item.meta.get('_thumbnail_id')}) không có trong tệp xuất, không mang sang được.`, lost: true });
    }
    const author = authors.get(item.creator) ?? (item.creator.normalize('NFC') || undefined);
    const draft = p.draft;
    // The old permalink, as a path of the new site (under its base path when it has one), unless the new URL is the same.
    const oldPath = draft ? undefined : site.oldPath(item.link);
    const newBase = target.config.basePath;
    const aliasPath = oldPath !== undefined && newBase !== '/' && oldPath.startsWith(newBase) ? `/${oldPath.slice(newBase.length)}` : oldPath;
    const newUrl = p.page ? `/${p.slug}/` : `/${p.categorySlug}/${p.slug}/`;
    const summary = htmlToText(item.excerpt);
    const text = articleText(
      {
        title: p.title,
        date: p.date,
        author: p.page ? undefined : (author ?? (target.config.defaultAuthor ? undefined : 'Ban biên tập')),
        category: p.category,
        tags,
        summary: summary || undefined,
        image,
        // A page always pins its slug: its URL is /{slug}/.
        slug: !p.page && p.slug === articleSlug(p.title) ? undefined : p.slug,
        draft,
        aliases: aliasPath && aliasPath.replace(/\/+$/, '') !== newUrl.replace(/\/+$/, '') ? [aliasPath] : undefined,
        page: p.page,
      },
      converted.markdown,
    );
    plan.articles.push({ path: p.path, text, source: p.label, draft, page: p.page });

    const file = `${target.contentLabel}/${p.path}`;
    /** A note about this post: its new file, and where it is in the export. */
    const note = (message: string, lost = false, line = item.line) => plan.notes.push({ source: `${options.exportLabel}:${line} (${p.label} → ${file})`, message, lost });
    if (item.status === 'private') note('bài riêng tư (private) trên WordPress; để ở dạng nháp.');
    if (item.password !== '') note('bài có mật khẩu trên WordPress; để ở dạng nháp vì bantin không có bài khoá mật khẩu.');
    if (item.status === 'future') note(`bài hẹn giờ; sẽ lên trang từ ${p.date}.`);
    for (const s of prepared.shortcodes) note(`mã rút gọn ${s.text} không chuyển được, đã bỏ khỏi bài.`, true, item.contentLine + s.line - 1);
    for (const s of prepared.partial) note(s.text, true, item.contentLine + s.line - 1);
    for (const line of prepared.latex) note('công thức LaTeX sẽ hiện nguyên văn (bantin không dựng công thức toán); nên viết lại bằng chữ hoặc thay bằng ảnh.', false, item.contentLine + line - 1);
    /** Line in the export of the first place the content writes this (an address, an embed's src); the item's line when not found. */
    const lineOf = (written: string) => {
      const at = written === '' ? -1 : item.content.indexOf(written);
      return at === -1 ? item.line : item.contentLine + countLines(item.content.slice(0, at));
    };
    for (const d of converted.dropped) note(`phần nhúng ${d} không chuyển sang Markdown được, đã bỏ.`, true, lineOf(d.includes('> ') ? d.slice(d.indexOf('> ') + 2) : ''));
    const why = options.uploads ? 'không tìm thấy trong thư mục uploads' : 'chưa chép vì không có --uploads';
    for (const n of notCopied) {
      const reason = n.refused ? `${refusedFile(n.refused)}; nếu cần giữ tệp này trên trang mới, ${KEEP_IN_STATIC}` : why;
      note(`ảnh/tệp ${n.shown} vẫn lấy từ trang cũ (${reason}).`, true, n.written ? lineOf(n.written) : item.line);
    }
    for (const n of unpublishedLinks) note(`liên kết tới bài chưa đăng (bản nháp hoặc hẹn giờ) ${n.shown} đã được bỏ, giữ chữ; thêm lại khi bài kia được đăng.`, true, lineOf(n.written));
    for (const n of oldLinks) note(`liên kết ${n.shown} vẫn trỏ về trang cũ (không có trong các bài được nhập).`, false, lineOf(n.written));
  }
  for (const [to, from] of copies) plan.copies.push({ from, to });
  plan.newCategories.push(...categories.added);
  return plan;
}

/** `2021-10-11 14:48:00` (WordPress local time) → `11/10/2021 14:48`; undefined for `0000-00-00 …` or junk. */
function wallClock(value: string, timeZone: string): { text: string; epoch: number } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || value.startsWith('0000')) return undefined;
  const parsed = parseDate(value, timeZone);
  if (!parsed.ok) return undefined;
  return { text: formatShortDate(parsed.epochMs, timeZone, true), epoch: parsed.epochMs };
}

/** RSS `pubDate` (RFC 822, with its offset) → the site's time zone. */
function rfc822(value: string, timeZone: string): { text: string; epoch: number } | undefined {
  const ms = Date.parse(value);
  if (!value || Number.isNaN(ms) || ms <= 0) return undefined;
  return { text: formatShortDate(ms, timeZone, true), epoch: ms };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Recognise addresses on the old WordPress site, whatever their scheme or `www.`. */
function siteMatcher(siteUrl: string, oldUrl?: string) {
  let base: URL;
  try {
    base = new URL(siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`);
  } catch {
    base = new URL('https://wordpress.invalid/');
  }
  const host = (h: string) => h.toLowerCase().replace(/^www\./, '');
  const hosts = new Set([host(base.hostname)]);
  if (oldUrl) {
    try {
      hosts.add(host(new URL(/^[a-z]+:\/\//i.test(oldUrl) ? oldUrl : `https://${oldUrl}`).hostname));
    } catch {
      // Not an address: only the export's own.
    }
  }
  const matches = (u: URL) => hosts.has(host(u.hostname));
  return {
    base: base.href,
    matches,
    /** Comparison key of an address on the site: host-less path without trailing `/`, plus `?p=` queries. */
    key(url: string): string | undefined {
      if (!url) return undefined;
      let u: URL;
      try {
        u = new URL(url, base);
      } catch {
        return undefined;
      }
      if (!matches(u)) return undefined;
      const path = safeDecode(u.pathname).normalize('NFC').replace(/\/+$/, '').toLowerCase();
      const p = u.searchParams.get('p') ?? u.searchParams.get('page_id');
      if (p) return `?${u.searchParams.has('p') ? 'p' : 'page_id'}=${p}`;
      return path || '/';
    },
    /** The path of an old permalink, for `aliases`; undefined for `?p=` links and other sites. */
    oldPath(url: string): string | undefined {
      if (!url) return undefined;
      try {
        const u = new URL(url, base);
        if (!matches(u) || u.search || u.pathname === '/' || u.pathname === base.pathname) return undefined;
        return safeDecode(u.pathname).normalize('NFC');
      } catch {
        return undefined;
      }
    },
  };
}

/** `?p=12`, `?page_id=12` on the old site. */
function queryTarget(url: URL, byUrl: ReadonlyMap<string, string>): string | undefined {
  const p = url.searchParams.get('p');
  if (p) return byUrl.get(`?p=${p}`);
  const page = url.searchParams.get('page_id');
  return page ? byUrl.get(`?page_id=${page}`) : undefined;
}

/**
 * A file of the uploads folder, by its path after `wp-content/uploads/`. A resized copy
 * (`anh-300x200.jpg`, `anh-scaled.jpg`) that is missing falls back to the original.
 */
export function findUpload(rel: string, files: ReadonlyMap<string, string>): string | undefined {
  const clean = rel.replace(/^\/+/, '').normalize('NFC');
  if (clean.split('/').includes('..')) return undefined;
  const candidates = [clean, clean.replace(/-\d+x\d+(\.[A-Za-z0-9]+)$/, '$1'), clean.replace(/-scaled(\.[A-Za-z0-9]+)$/, '$1'), clean.replace(/-\d+x\d+(\.[A-Za-z0-9]+)$/, '$1').replace(/-scaled(\.[A-Za-z0-9]+)$/, '$1')];
  return candidates.find((c) => files.has(c));
}

/** Shortcodes that only ever draw something WordPress renders (so nothing is left to keep). */
const KNOWN_SHORTCODES = new Set(['gallery', 'video', 'audio', 'playlist', 'embed', 'wp_caption', 'contact-form-7', 'contact-form', 'googlemaps', 'youtube', 'vimeo', 'soundcloud', 'pdf-embedder', 'pdf', 'slideshow', 'instagram', 'facebook', 'tweet']);

/** An image of the media library, for galleries. */
export interface GalleryImage {
  readonly id: string;
  readonly url: string;
  readonly alt: string;
  readonly caption: string;
  /** ID of the post it was uploaded to. */
  readonly parent: string;
}

/** SyntaxHighlighter's shortcodes named after a language (`[csharp]…[/csharp]`), with the fence's language. */
const LANGUAGE_SHORTCODES: Readonly<Record<string, string>> = {
  as3: 'actionscript', actionscript3: 'actionscript', bash: 'bash', shell: 'bash', sh: 'bash', c: 'c', cpp: 'cpp', 'c++': 'cpp', csharp: 'csharp', 'c-sharp': 'csharp', cs: 'csharp',
  css: 'css', delphi: 'delphi', pascal: 'pascal', diff: 'diff', patch: 'diff', erlang: 'erlang', go: 'go', golang: 'go', groovy: 'groovy', html: 'html', xhtml: 'html', xml: 'xml', xslt: 'xml',
  java: 'java', javafx: 'java', js: 'javascript', jscript: 'javascript', javascript: 'javascript', json: 'json', kotlin: 'kotlin', latex: 'latex', matlab: 'matlab', objc: 'objectivec',
  perl: 'perl', pl: 'perl', php: 'php', plain: '', text: '', powershell: 'powershell', ps: 'powershell', python: 'python', py: 'python', r: 'r', ruby: 'ruby', rails: 'ruby', rb: 'ruby',
  rust: 'rust', sass: 'scss', scss: 'scss', scala: 'scala', sql: 'sql', swift: 'swift', ts: 'typescript', typescript: 'typescript', vb: 'vbnet', vbnet: 'vbnet', yaml: 'yaml',
};

/** A tag found in the content, at its 1-based line. */
export interface FoundTag {
  readonly text: string;
  readonly line: number;
}

export interface PreparedHtml {
  readonly html: string;
  /** Shortcodes removed without their meaning (enclosing ones keep their text). */
  readonly shortcodes: FoundTag[];
  /** Parts of converted shortcodes that could not come across (a gallery's images missing from the export). */
  readonly partial: FoundTag[];
  /** Lines with LaTeX (`$latex …$`, `[latex]`, `\(…\)`), which bantin shows as written. */
  readonly latex: number[];
}

/** Newlines in a text. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/**
 * Long: one step per kind of shortcode, in the order WordPress applies them.
 *
 * WordPress-specific clean-up before the HTML is read: code shortcodes (`[code lang="x"]`,
 * `[sourcecode]`, SyntaxHighlighter's `[csharp]…[/csharp]`) become `<pre><code class="language-x">`
 * with their text and indentation as written; `[caption]` becomes a `<figure>`; `[gallery]`
 * becomes one figure per image of the media library (by `ids`, else the images uploaded to the
 * post); `[embed]URL[/embed]` a link; other shortcodes are removed (enclosing ones keep their
 * content) and listed with their line; paragraphs separated by blank lines get their `<p>` (as
 * WordPress' wpautop does on display) unless the post is made of editor blocks.
 */
export function prepareWordPressHtml(content: string, context: { media?: ReadonlyMap<string, GalleryImage>; postId?: string } = {}): PreparedHtml {
  const original = content.replace(/\r\n?/g, '\n');
  const partial: FoundTag[] = [];
  const latex = new Set<number>();
  for (const m of original.matchAll(/\$latex\b|\[latex\]|\\\(|\\\[|\$\$/g)) latex.add(lineAt(original, m.index));

  // Code first, kept aside so nothing inside it is read as a shortcode or a paragraph.
  const kept: string[] = [];
  const keep = (html: string) => {
    kept.push(html);
    return `\n\n\u0001${kept.length - 1}\u0001\n\n`;
  };
  let html = original.replace(/\[(code|sourcecode|source|[a-z][a-z0-9+#-]*)(\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/gi, (all, rawName: string, attrs: string | undefined, code: string) => {
    const name = rawName.toLowerCase();
    const a = Object.fromEntries([...(attrs ?? '').matchAll(/(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '']));
    let lang: string | undefined;
    if (name === 'code' || name === 'sourcecode' || name === 'source') lang = a.language ?? a.lang ?? '';
    else if (name in LANGUAGE_SHORTCODES) lang = LANGUAGE_SHORTCODES[name];
    if (lang === undefined) return all;
    // The code as written: raw `<` and `>` are text; entities the editor wrote (`&lt;`) are read as such.
    const text = code.replace(/^\n/, '').replace(/\n$/, '').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    return keep(`<pre><code${lang ? ` class="language-${escapeHtml(lang.toLowerCase())}"` : ''}>${text}</code></pre>`);
  });
  html = html.replace(VERBATIM_BLOCK, (block) => keep(block));

  html = html.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_all, attrs: string, inner: string) => {
    const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(inner);
    const attrCaption = /\bcaption=(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
    if (!m) return inner;
    const caption = (m[2] ?? '').trim() || attrCaption?.[1] || attrCaption?.[2] || '';
    return `\n\n<figure>${m[1]}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>\n\n`;
  });
  html = html.replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[]+)\s*\[\/embed\]/gi, (_all, url: string) => `\n\n<p><a href="${url}">${url}</a></p>\n\n`);
  // Jetpack's `[youtube URL]`/`[vimeo URL]`, and `[video]`/`[audio]`/`[pdf-embedder]` with their file: a link (the file is copied like any upload).
  html = html.replace(/\[(youtube|vimeo)\s+(https?:\/\/[^\s\]]+)\s*\]/gi, (_all, name: string, url: string) => `\n\n<p><a href="${escapeHtml(url)}">Xem video trên ${name.toLowerCase() === 'youtube' ? 'YouTube' : 'Vimeo'}</a></p>\n\n`);
  html = html.replace(/\[(video|audio|pdf-embedder)\b([^\]]*)\](?:\s*\[\/\1\])?/gi, (all, name: string, attrs: string) => {
    const url = /\b(?:src|url|mp4|m4v|webm|ogv|mp3|m4a|ogg|wav)=["']?([^"'\s\]]+)/i.exec(attrs)?.[1];
    if (!url) return all;
    const label = name.toLowerCase() === 'audio' ? 'Nghe tệp âm thanh' : name.toLowerCase() === 'video' ? 'Xem video' : 'Xem tài liệu';
    return `\n\n<p><a href="${escapeHtml(url)}">${label}</a></p>\n\n`;
  });

  // Galleries: the images of the media library, each with its caption.
  const media = context.media ?? new Map<string, GalleryImage>();
  html = html.replace(/\[gallery((?:\s[^\]]*)?)\]/gi, (all, attrs: string) => {
    const ids = /\bids=["']?([\d,\s]+)/i.exec(attrs)?.[1]?.split(',').map((id) => id.trim()).filter(Boolean);
    const images = ids ? ids.map((id) => media.get(id)) : [...media.values()].filter((m) => context.postId !== undefined && m.parent === context.postId).sort((x, y) => Number(x.id) - Number(y.id));
    const found = images.filter((i): i is GalleryImage => i !== undefined);
    if (found.length === 0) return all;
    const line = lineAt(original, original.indexOf(all));
    const missing = ids ? ids.filter((id) => !media.has(id)) : [];
    if (missing.length > 0) partial.push({ text: `bộ ảnh ${all.trim()}: ảnh số ${missing.join(', ')} không có trong tệp xuất, không mang sang được.`, line });
    return `\n\n${found.map((i) => `<figure><img src="${escapeHtml(i.url)}" alt="${escapeHtml(i.alt || i.caption)}">${i.caption ? `<figcaption>${escapeHtml(i.caption)}</figcaption>` : ''}</figure>`).join('\n\n')}\n\n`;
  });

  // Lines of the shortcodes left, read in the content as written (the steps above keep their order).
  const shortcodeRe = /\[(\/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)\](?!\()/gi;
  const written = [...original.matchAll(shortcodeRe)].map((m) => ({ text: m[0], line: lineAt(original, m.index), used: false }));
  const found: FoundTag[] = [];
  const seen = new Set<string>();
  const closing = new Set([...html.matchAll(/\[\/([a-z][a-z0-9_-]*)\]/gi)].map((m) => m[1]!.toLowerCase()));
  html = html.replace(shortcodeRe, (all, slash: string, rawName: string, attrs: string) => {
    const name = rawName.toLowerCase();
    const isShortcode = KNOWN_SHORTCODES.has(name) || closing.has(name) || /\w+\s*=/.test(attrs) || /^(vc|et_pb|su|fusion)_/.test(name);
    if (!isShortcode) return all;
    const at = written.find((w) => !w.used && w.text === all);
    if (at) at.used = true;
    if (!slash) {
      const text = `[${name}${attrs.trim() ? ` ${attrs.trim()}` : ''}]`;
      // Each occurrence is listed, at its own line.
      const key = `${text}@${at?.line ?? 0}`;
      if (!seen.has(key)) found.push({ text, line: at?.line ?? 1 });
      seen.add(key);
    }
    return '';
  });

  if (!html.includes('<!-- wp:')) html = autop(html);
  html = html.replace(/\n*\u0001(\d+)\u0001\n*/g, (_all, n: string) => `\n\n${kept[Number(n)]!}\n\n`);
  return { html, shortcodes: found, partial, latex: [...latex].sort((x, y) => x - y) };
}

/** Blocks of the source HTML whose text is kept as written (code, scripts, styles): no paragraphs, no shortcodes inside. */
const VERBATIM_BLOCK = /<(pre|script|style)\b[\s\S]*?<\/\1>/gi;

const BLOCK_START = /^<\/?(?:address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hgroup|hr|iframe|li|main|menu|nav|noscript|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|script|style|object|embed)\b/i;

/** A simple wpautop: text blocks separated by blank lines become paragraphs, single line breaks `<br>`. */
function autop(html: string): string {
  const kept: string[] = [];
  const protectedHtml = html.replace(VERBATIM_BLOCK, (block) => {
    kept.push(block);
    return `\u0000${kept.length - 1}\u0000`;
  });
  const out = protectedHtml
    .split(/\n[ \t]*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => (BLOCK_START.test(chunk) || /^[\u0000\u0001]\d+[\u0000\u0001]$/.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n\n');
  return out.replace(/\u0000(\d+)\u0000/g, (_all, n: string) => kept[Number(n)]!);
}

/** The WordPress categories of a post that name something (not "Uncategorized"), each once, first first. */
function categoryNamesOf(item: WxrItem): string[] {
  return uniqueNames(item.categories.filter((c) => c.domain === 'category' && c.nicename !== 'uncategorized' && !/^(uncategori[sz]ed|chưa (được )?phân loại)$/i.test(c.name.trim())).map((c) => c.name));
}
