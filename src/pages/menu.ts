/**
 * Menus: `menu:` and `footerMenu:` of bantin.yaml, resolved against the planned site. Each entry
 * names a fixed page (by content path or slug), a page bantin makes (`tim-kiem`, `van-ban`,
 * `luu-tru`…), a category, or another site; an entry that leads nowhere is an error at its line of
 * the config file, with the closest names as a suggestion. Pure.
 */
import type { MenuEntryConfig } from '../config/types.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../text/suggest.js';
import { slugify, toneKey } from '../text/vietnamese.js';
import { pagesOf, type SiteModel } from '../site/model.js';
import { DOCUMENTS_PAGE } from '../site/media.js';
import { ARCHIVE_ROOT, AUTHOR_ROOT, NAMES, SEARCH_PAGE, SITEMAP_PAGE, TAG_ROOT } from './roots.js';
import type { MenuItemView } from './views.js';

/** Pages bantin makes that a menu may name, by slug, with their default label. */
export const GENERATED_MENU_PAGES: ReadonlyArray<{ readonly slug: string; readonly label: string }> = [
  { slug: SEARCH_PAGE, label: NAMES.search },
  { slug: DOCUMENTS_PAGE.replace(/\/$/, ''), label: 'Văn bản' },
  { slug: ARCHIVE_ROOT, label: NAMES.archives },
  { slug: SITEMAP_PAGE, label: NAMES.sitemap },
  { slug: TAG_ROOT, label: NAMES.tags },
  { slug: AUTHOR_ROOT, label: NAMES.authors },
];

/**
 * Resolve one menu.
 *
 * @param planned URLs (under the base) of every planned page, to know which generated pages exist.
 * @param href A path under the base as a link.
 */
export function resolveMenu(
  entries: readonly MenuEntryConfig[],
  site: SiteModel,
  planned: ReadonlySet<string>,
  href: (url: string) => string,
  file: string,
  menuKey: string,
): { items: MenuItemView[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pages = pagesOf(site);
  const bySource = new Map([...pages, ...site.articles].map((p) => [p.source, p]));
  const pageBySlug = new Map(pages.map((p) => [p.slug, p]));
  const generated = GENERATED_MENU_PAGES.filter((g) => planned.has(`${g.slug}/`));
  const pageNames = [...pages.map((p) => p.slug), ...generated.map((g) => g.slug)];
  const categoryNames = site.categories.flatMap((c) => [c.name, c.slug]);

  const resolveOne = (e: MenuEntryConfig): { label: string; url: string; external: boolean } | undefined => {
    const fail = (message: string, candidates: readonly string[], fallback: string) => {
      const near = closest(e.target, candidates);
      diagnostics.push(error('BT164', file, message, near ? `Có phải ý bạn là "${near}"? ${fallback}` : fallback, e.line, e.column));
      return undefined;
    };
    if (e.kind === 'url') return { label: e.label, url: e.target, external: true };
    if (e.kind === 'category') {
      const key = toneKey(e.target);
      // By name (any spelling of its marks, or none: "Thong bao"), or by slug.
      const c = site.categories.find((k) => k.key === key || k.slug === e.target || k.slug === slugify(e.target));
      if (!c) return fail(`Mục "${e.target}" trong ${menuKey} không phải chuyên mục nào của trang web.`, categoryNames, `Các chuyên mục: ${site.categories.map((k) => k.name).join(', ') || '(chưa có)'}.`);
      return { label: e.label || c.name, url: href(`${c.slug}/`), external: false };
    }
    const target = e.target.replace(/^content\//, '').replace(/^\/+|\/+$/g, '');
    if (target === '') return { label: e.label || 'Trang chủ', url: href(''), external: false };
    if (target.endsWith('.md')) {
      const p = bySource.get(target.normalize('NFC'));
      if (!p) {
        return fail(
          `Mục "${e.target}" trong ${menuKey} trỏ tới tệp không có (hoặc chưa đăng) trong thư mục nội dung.`,
          [...bySource.keys()],
          'Ghi đường dẫn tệp tính từ thư mục content, ví dụ: page: gioi-thieu.md, hoặc ghi slug của trang, ví dụ: page: gioi-thieu',
        );
      }
      return { label: e.label || p.title, url: href(p.url), external: false };
    }
    const page = pageBySlug.get(target);
    if (page) return { label: e.label || page.title, url: href(page.url), external: false };
    const g = generated.find((x) => x.slug === target);
    if (g) return { label: e.label || g.label, url: href(`${g.slug}/`), external: false };
    // `page: thong-bao` written for a category: accept it, the address is the same kind of thing.
    const c = site.categories.find((k) => k.slug === target);
    if (c) return { label: e.label || c.name, url: href(`${c.slug}/`), external: false };
    const known = GENERATED_MENU_PAGES.find((x) => x.slug === target);
    return fail(
      known
        ? `Mục "${e.target}" trong ${menuKey} trỏ tới trang "${known.label}", nhưng trang web này không có trang đó (chưa có bài nào cần đến nó).`
        : `Mục "${e.target}" trong ${menuKey} không trỏ tới trang nào của trang web.`,
      pageNames,
      `Dùng slug của một trang cố định (type: page), đường dẫn tệp .md, hoặc một trong: ${generated.map((x) => x.slug).join(', ')}.`,
    );
  };

  const items: MenuItemView[] = [];
  for (const e of entries) {
    const top = resolveOne(e);
    const children: MenuItemView[] = [];
    for (const child of e.children) {
      const c = resolveOne(child);
      if (c) children.push({ ...c, children: [] });
    }
    if (top) items.push({ ...top, children });
  }
  return { items, diagnostics };
}
