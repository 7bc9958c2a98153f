import { error, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { parseDate } from '../text/dates.js';
import { parseFrontMatter } from './front-matter.js';
import { renderMarkdown, resolveInsideContent, type LocalReference } from './markdown.js';
import { foldMarks, slugify, toneKey } from '../text/vietnamese.js';
import type { Position } from '../text/yaml.js';
import type { BodyTree } from './body.js';
import { parseDocuments, type DocumentData } from './documents.js';
import { isValidSlug, titleSlug } from '../text/slug.js';

/** Settings that change what one article renders to; part of the article cache key. */
export interface ArticleSettings {
  readonly timeZone: string;
  readonly basePath: string;
  readonly defaultAuthor: string;
}

export interface NamedValue {
  /** As the editor typed it (NFC). */
  readonly name: string;
  /** Comparison key: one key for `Hòa`/`Hoà`/NFD. */
  readonly key: string;
  readonly slug: string;
}

/** Everything the site needs from one article; plain data, so it can be cached and sent to workers. */
export interface ArticleData {
  /** Path relative to the content folder. */
  readonly source: string;
  readonly title: string;
  readonly slug: string;
  readonly date: number;
  readonly dateHasTime: boolean;
  readonly updated: number | null;
  readonly updatedHasTime: boolean;
  readonly author: NamedValue;
  readonly category: NamedValue;
  readonly tags: readonly NamedValue[];
  readonly summary: string;
  /** Content-relative path of the cover image, or ''. */
  readonly image: string;
  readonly firstImage: string;
  readonly draft: boolean;
  /**
   * The rendered body as a tree (content/body.ts); links to other articles are resolved by the
   * site stage, pictures made by the media stage, and it is serialized once, by `bodyHtml`.
   */
  readonly body: BodyTree;
  readonly references: readonly LocalReference[];
  /** Folded, unique words of the title, for related articles. */
  readonly titleWords: readonly string[];
  /** Plain text of the body. */
  readonly text: string;
  /** Front-matter fields bantin does not know, for templates. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Line of each front-matter key, to locate later errors (`category`, `slug`, …). */
  readonly lines: Readonly<Record<string, number>>;
  /** Legal documents of a notice (`documents:`), validated; absent when none. */
  readonly documents?: readonly DocumentData[];
  /**
   * `page` for a fixed page (`type: page`: Giới thiệu, Liên hệ…), at `/{slug}/`, outside every list;
   * absent for an article. A page may have no date (then `date` is 0), author or category (then '').
   */
  readonly kind?: 'page';
  /** Old addresses that redirect here (`aliases:`), as paths under the base: `duong-dan-cu/`, `2017/01/bai-cu.html`; absent when none. */
  readonly aliases?: readonly string[];
}

/** The front-matter value that makes a Markdown file a fixed page: `type: page`. */
export const PAGE_TYPE = 'page';

const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

const KNOWN_FIELDS = new Set([
  'title',
  'date',
  'author',
  'category',
  'categories',
  'tags',
  'summary',
  'description',
  'image',
  'slug',
  'draft',
  'updated',
  'documents',
  'type',
  'aliases',
]);

/**
 * Parse, validate and render one article. Pure: a function of the source text and settings only,
 * so its result can be cached by the digest of the text.
 *
 * @param source Path relative to the content folder (`/` separators).
 * @param text Decoded source: UTF-8, no BOM, LF line ends, NFC.
 *
 * Long: validates every front-matter field of the content contract in turn (title, date, author, category, tags, summary, image, slug, draft, type, aliases, documents…), each a few lines sharing the position lookup and the diagnostics list; the order is the README's.
 */
export function parseArticle(
  source: string,
  text: string,
  settings: ArticleSettings,
): { article?: ArticleData; diagnostics: Diagnostic[] } {
  const fm = parseFrontMatter(text, source);
  if (!fm.frontMatter) return { diagnostics: fm.diagnostics };
  const { data, positions, body, bodyLine } = fm.frontMatter;
  const diagnostics: Diagnostic[] = [...fm.diagnostics];
  const pos = (key: string): Position => positions.get(key) ?? { line: 1, column: 1 };
  const fail = (code: DiagnosticCode, key: string, message: string, hint: string) => {
    const p = pos(key);
    diagnostics.push(error(code, source, message, hint, p.line, p.column));
  };

  const text_ = (key: string, required: boolean, hintExample: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null) {
      if (required) fail('BT111', key, `Bài viết thiếu trường "${key}".`, `Thêm một dòng vào phần thông tin đầu bài, ví dụ: ${hintExample}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      fail('BT112', key, `Trường "${key}" phải là một đoạn chữ, không phải danh sách hay nhóm trường.`, `Viết trên một dòng, ví dụ: ${hintExample}`);
      return undefined;
    }
    const value = v.trim();
    if (value === '' && required) {
      fail(
        'BT113',
        key,
        `Trường "${key}" đang để trống.`,
        `Điền giá trị sau dấu hai chấm. Nếu giá trị bắt đầu bằng dấu # (YAML coi là ghi chú) hoặc có dấu hai chấm thì đặt trong ngoặc kép, ví dụ: ${hintExample}`,
      );
      return undefined;
    }
    return value;
  };

  // `type: page`: a fixed page. Any other value is refused, so a typo never turns a page into news.
  let isPage = false;
  const typeText = text_('type', false, 'type: page');
  if (typeText !== undefined && typeText !== '') {
    if (typeText.toLowerCase() === PAGE_TYPE) isPage = true;
    else if (typeText.toLowerCase() !== 'article' && typeText.toLowerCase() !== 'post')
      fail('BT160', 'type', `Loại "${typeText}" không được hỗ trợ.`, 'Viết type: page cho trang cố định (Giới thiệu, Liên hệ…), hoặc bỏ dòng type cho bài tin.');
  }

  const title = text_('title', true, isPage ? 'title: Giới thiệu' : 'title: "#5 Họp dân tổ 3"');

  // Date.
  let date: number | undefined;
  let dateHasTime = false;
  const dateText = text_('date', !isPage, 'date: "11/10/2021 14:48"');
  if (dateText !== undefined) {
    const parsed = parseDate(dateText, settings.timeZone);
    if (parsed.ok) {
      date = parsed.epochMs;
      dateHasTime = parsed.hasTime;
    } else fail('BT114', 'date', parsed.message, parsed.hint);
  } else if (isPage) date = 0;
  let updated: number | null = null;
  let updatedHasTime = false;
  const updatedText = text_('updated', false, 'updated: "12/10/2021 08:00"');
  if (updatedText) {
    const parsed = parseDate(updatedText, settings.timeZone);
    if (parsed.ok) {
      updated = parsed.epochMs;
      updatedHasTime = parsed.hasTime;
    } else fail('BT114', 'updated', parsed.message, parsed.hint);
  }

  // Author.
  // A page shows an author only when it names one.
  let authorName = text_('author', !settings.defaultAuthor && !isPage, 'author: Nguyễn Văn An');
  if (!authorName && settings.defaultAuthor && !isPage) authorName = settings.defaultAuthor;
  if (isPage) authorName ??= '';

  // Category: `category: X`, or Hugo/Jekyll `categories: [X]`.
  let categoryName: string | undefined;
  if (data.category !== undefined) {
    categoryName = text_('category', true, 'category: Hoạt động của xã phường');
  } else if (data.categories !== undefined) {
    const c = data.categories;
    const first = Array.isArray(c) ? c[0] : c;
    if (typeof first === 'string' && first.trim() !== '') categoryName = first.trim();
    else fail('BT112', 'categories', 'Trường "categories" phải là một danh sách tên chuyên mục.', 'Ví dụ: category: Hoạt động của xã phường');
  } else if (isPage) {
    categoryName = '';
  } else {
    fail('BT111', 'category', 'Bài viết thiếu trường "category" (chuyên mục).', 'Thêm một dòng, ví dụ: category: Hoạt động của xã phường');
  }

  // Tags: a list, or one text meaning a one-item list.
  const tags: NamedValue[] = [];
  if (data.tags !== undefined && data.tags !== '') {
    const list = typeof data.tags === 'string' ? [data.tags] : data.tags;
    if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
      fail('BT112', 'tags', 'Trường "tags" phải là danh sách các từ khoá.', 'Ví dụ: tags: [Đảng ủy, Hội nghị BCH]');
    } else {
      const seen = new Set<string>();
      for (const raw of list as string[]) {
        const name = raw.trim();
        if (name === '') continue;
        const nv = named(name);
        if (nv.slug === '') {
          fail('BT115', 'tags', `Từ khoá "${name}" không có chữ hoặc số nào.`, 'Xoá từ khoá đó hoặc viết lại bằng chữ.');
          continue;
        }
        if (seen.has(nv.key)) continue;
        seen.add(nv.key);
        tags.push(nv);
      }
    }
  }

  const summaryField = data.summary !== undefined ? 'summary' : data.description !== undefined ? 'description' : undefined;
  const summaryText = summaryField ? text_(summaryField, false, 'summary: "Tóm tắt một hai câu."') : undefined;

  let image = '';
  const imageText = text_('image', false, 'image: anh-bia.jpg');
  if (imageText) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(imageText) || imageText.startsWith('//')) {
      fail('BT116', 'image', `Ảnh bìa "${imageText}" phải là tệp nằm trong thư mục nội dung.`, 'Đặt ảnh cạnh bài viết và ghi tên tệp, ví dụ: image: anh-bia.jpg');
    } else {
      const resolved = resolveInsideContent(source, imageText.normalize('NFC'));
      if (resolved === undefined || resolved === '') {
        fail('BT116', 'image', `Ảnh bìa "${imageText}" trỏ ra ngoài thư mục nội dung.`, 'Đặt ảnh cạnh bài viết và ghi tên tệp, ví dụ: image: anh-bia.jpg');
      } else image = resolved;
    }
  }

  let slug: string | undefined;
  const slugText = text_('slug', false, 'slug: hop-dan-to-3');
  if (slugText !== undefined && slugText !== '') {
    if (isValidSlug(slugText)) slug = slugText;
    else
      fail(
        'BT117',
        'slug',
        `Đường dẫn "${slugText}" trong trường slug không hợp lệ.`,
        'Chỉ dùng chữ thường không dấu, số và dấu gạch ngang (tối đa 120 ký tự), ví dụ: slug: hop-dan-to-3',
      );
  } else if (title) {
    slug = titleSlug(title);
    if (slug === '') fail('BT117', 'title', `Không tạo được đường dẫn từ tiêu đề "${title}".`, 'Thêm trường slug, ví dụ: slug: thong-bao-so-1');
  }
  // Names Windows reserves for devices cannot be folders on every host.
  if (slug && RESERVED_NAMES.test(slug)) {
    fail('BT117', slugText ? 'slug' : 'title', `Đường dẫn "${slug}" trùng tên thiết bị mà Windows dành riêng (CON, NUL, COM1…).`, `Thêm hoặc sửa trường slug, ví dụ: slug: ${slug}-tin`);
    slug = undefined;
  }

  let draft = false;
  const draftValue = data.draft;
  if (draftValue !== undefined && draftValue !== '') {
    const v = typeof draftValue === 'string' ? draftValue.trim().toLowerCase() : undefined;
    if (v === 'true' || v === 'yes' || v === 'có') draft = true;
    else if (v === 'false' || v === 'no' || v === 'không') draft = false;
    else fail('BT112', 'draft', 'Trường "draft" chỉ nhận true hoặc false.', 'Viết draft: true để giữ bài ở dạng nháp, draft: false để đăng.');
  }

  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!KNOWN_FIELDS.has(k)) Object.defineProperty(params, k, { value: v, enumerable: true });
  }
  const lines: Record<string, number> = {};
  for (const [k, p] of positions) if (!k.includes('.')) lines[k] = p.line;

  const aliases = parseAliases(data.aliases, positions, source, diagnostics);

  const docs = parseDocuments(data.documents, positions, source, settings.timeZone);
  diagnostics.push(...docs.diagnostics);

  // A blank `summary:` (what `bantin new` writes) means none was written: the first paragraph of
  // a news article is the lead, printed above the rest of the body (marked in the tree, see
  // splitLead). A fixed page prints no lead, so its first paragraph is an ordinary one.
  const md = renderMarkdown(body, { file: source, bodyLine, basePath: settings.basePath, lead: !summaryText && !isPage });
  diagnostics.push(...md.diagnostics);

  if (diagnostics.some((d) => d.severity === 'error') || !title || date === undefined || authorName === undefined || (!authorName && !isPage) || categoryName === undefined || (!categoryName && !isPage) || !slug) {
    return { diagnostics };
  }
  const summary = summaryText || md.firstParagraph;
  return {
    article: {
      source,
      title,
      slug,
      date,
      dateHasTime,
      updated,
      updatedHasTime,
      author: named(authorName),
      category: named(categoryName),
      tags,
      summary,
      image,
      firstImage: md.firstImage,
      draft,
      body: md.body,
      references: md.references,
      titleWords: titleWords(title),
      text: md.text,
      params,
      lines,
      ...(docs.documents.length > 0 ? { documents: docs.documents } : {}),
      ...(isPage ? { kind: PAGE_TYPE } : {}),
      ...(aliases.length > 0 ? { aliases } : {}),
    },
    diagnostics,
  };
}

/**
 * `aliases:` — old addresses of this article or page, each site-absolute (`/duong-dan-cu/`,
 * `/2017/01/bai-cu.html`), as paths under the base: a path ending in a file name (with a dot) is that
 * file; any other is a folder (`/cu` → `cu/`). Errors at the list's line.
 */
export function parseAliases(value: unknown, positions: ReadonlyMap<string, Position>, source: string, diagnostics: Diagnostic[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  const at = (i: number | null) => positions.get(i === null ? 'aliases' : `aliases.${i}`) ?? positions.get('aliases') ?? { line: 1, column: 1 };
  const list = typeof value === 'string' ? [value] : value;
  const example = 'aliases: [/duong-dan-cu/, /2017/01/bai-cu.html]';
  if (!Array.isArray(list)) {
    const p = at(null);
    diagnostics.push(error('BT161', source, 'Trường "aliases" phải là danh sách các đường dẫn cũ.', `Ví dụ: ${example}`, p.line, p.column));
    return [];
  }
  const out: string[] = [];
  list.forEach((raw, i) => {
    const p = at(typeof value === 'string' ? null : i);
    const path = normalizeAlias(raw);
    if (path === undefined) {
      diagnostics.push(
        error(
          'BT161',
          source,
          `Đường dẫn cũ "${String(typeof raw === 'string' ? raw : JSON.stringify(raw))}" trong aliases không hợp lệ.`,
          `Mỗi đường dẫn cũ bắt đầu bằng "/", tính từ địa chỉ gốc của trang web, không có tên miền, "?", "#" hay "..", ví dụ: ${example}`,
          p.line,
          p.column,
        ),
      );
    } else if (!out.includes(path)) out.push(path);
  });
  return out;
}

/** `/duong-dan-cu` → `duong-dan-cu/`; `/2017/01/bai-cu.html` → as is without the slash; undefined when not a path. */
export function normalizeAlias(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let text = raw.trim();
  if (!text.startsWith('/') || text.startsWith('//') || /[\s?#\\]/.test(text)) return undefined;
  try {
    text = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  text = text.normalize('NFC');
  const parts = text.slice(1).split('/');
  const folder = parts[parts.length - 1] === '';
  if (folder) parts.pop();
  if (parts.length === 0 || parts.some((s) => s === '' || s === '.' || s === '..' || /[\u0000-\u001f<>"|*:]/.test(s))) return undefined;
  const last = parts[parts.length - 1]!;
  return !folder && /\.[a-z0-9]+$/i.test(last) ? parts.join('/') : `${parts.join('/')}/`;
}

function named(name: string): NamedValue {
  // Authors, categories and tags repeat across a site's articles: their keys are made once (the
  // tone key and slug cost more than the rest of the front-matter). Bounded: cleared when full.
  let known = namedValues.get(name);
  if (known === undefined) {
    const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
    known = { name: clean, key: toneKey(clean), slug: slugify(clean) };
    if (namedValues.size >= 20_000) namedValues.clear();
    namedValues.set(name, known);
  }
  return { ...known };
}
const namedValues = new Map<string, NamedValue>();

/** Folded, unique title words of two or more characters. */
export function titleWords(title: string): string[] {
  const words = foldMarks(title).split(/[^a-z0-9]+/);
  return [...new Set(words.filter((w) => w.length >= 2))].sort();
}
