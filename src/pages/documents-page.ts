import type { ResolvedConfig } from '../config/types.js';
import type { DocumentEntry } from '../site/model.js';
import type { PageContext, PageExtension } from './plan.js';

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * The page of every document of the site (`/van-ban/`), with its issuer and year filters, as a
 * page extension; plans nothing when the site has no document.
 *
 * @param list Every document, newest first (`applyMedia`).
 * @param documentsUrl Path of the page under the base, or null.
 */
export function documentsPage(config: ResolvedConfig, list: readonly DocumentEntry[], documentsUrl: string | null): PageExtension {
  return {
    plan(ctx: PageContext) {
      if (!documentsUrl) return [];
      const issuers = [...new Set(list.map((d) => d.issuer).filter((i) => i !== ''))].sort(collator.compare);
      const years = [...new Set(list.map((d) => d.year))].sort((x, y) => y - x);
      const title = 'Văn bản';
      ctx.add(documentsUrl, 'documents', () => ({
        article: null,
        category: null,
        articles: [],
        sections: [],
        page: {
          title,
          description: `Các văn bản, thông báo do ${config.organization.name || config.title} ban hành: số ký hiệu, ngày ban hành, trích yếu và tệp để tải về.`,
          url: ctx.href(documentsUrl),
          canonical: ctx.abs(documentsUrl),
          image: ctx.logoImage,
          breadcrumbs: [ctx.home, { name: title, url: ctx.href(documentsUrl) }],
          pagination: null,
          isHome: false,
        },
        documents: { items: list, issuers, years },
      }));
      return [];
    },
  };
}
