import { error } from '../diagnostics/diagnostic.js';
import { formatIsoDate, formatLongDate, formatShortDate, zonedParts } from './dates.js';
import { encodePath } from './paths.js';
/** Templates of the discovery pages (tags, authors, archives, sitemap, search: src/core/discovery.ts). */
export const DISCOVERY_TEMPLATES = ['tag', 'tags', 'author', 'authors', 'archive', 'archives', 'sitemap', 'search'];
/** Templates of the media pages (the documents page: src/core/media.ts). */
export const MEDIA_TEMPLATES = ['documents'];
/** How many articles each category block on the home page shows. */
const SECTION_SIZE = 4;
/**
 * Plan every page of the site: articles, paginated home and category lists, 404.
 * Also checks site-absolute links (`/thong-bao/`) against the planned URLs. Pure.
 */
export function planPages(site) {
    const planned = planPagesLazily(site);
    return {
        pages: planned.pages.map((p) => ({ url: p.url, outputPath: p.outputPath, template: p.template, view: p.view() })),
        diagnostics: planned.diagnostics,
    };
}
/**
 * `planPages` with each page's view made only when asked for: the URLs and link checks cost little.
 *
 * @param extension Pages, links and view data of a later stage (discovery), planned with these pages.
 */
export function planPagesLazily(site, extension) {
    const { config } = site;
    const base = config.basePath;
    const tz = config.timeZone;
    const abs = (url) => (config.baseUrl.startsWith('http') ? config.baseUrl : base) + encodePath(url);
    const href = (url) => base + encodePath(url);
    const categoryLink = (c) => ({ name: c.name, url: href(`${c.slug}/`) });
    const imageUrl = (a) => {
        const path = a.image || a.firstImage;
        return path ? href(path) : null;
    };
    const summaries = new Map();
    const summaryOf = (a) => {
        let view = summaries.get(a);
        if (!view) {
            view = {
                title: a.title,
                url: href(a.url),
                date: formatShortDate(a.date, tz, a.dateHasTime),
                dateIso: formatIsoDate(a.date, tz),
                summary: a.summary,
                image: imageUrl(a),
                picture: site.media?.pictureOf(a) ?? null,
                category: categoryLink(a.categoryRef),
                author: a.author.name,
            };
            summaries.set(a, view);
        }
        return view;
    };
    const newest = site.articles[0];
    const siteView = {
        title: config.title,
        description: config.description,
        baseUrl: config.baseUrl,
        basePath: base,
        language: config.language,
        organization: {
            ...config.organization,
            logoUrl: config.organization.logo ? href(config.organization.logo) : null,
            phoneUrl: /\d/.test(config.organization.phone) ? `tel:${config.organization.phone.replace(/[^\d+]/g, '')}` : null,
        },
        categories: site.categories.map((c) => ({ ...categoryLink(c), slug: c.slug, description: c.description, count: c.articles.length })),
        copyrightYear: newest ? zonedParts(newest.date, tz).year : 2025,
    };
    const home = { name: 'Trang chủ', url: href('') };
    const logoImage = config.organization.logo ? abs(config.organization.logo) : null;
    const linkOrNull = (url) => (url == null ? null : href(url));
    const pages = [];
    const add = (url, template, make) => {
        const outputPath = url.endsWith('.html') ? url : `${url}index.html`;
        pages.push({ url, outputPath, template, view: () => ({ site: siteView, ...make() }) });
    };
    const empty = { article: null, category: null, articles: [], sections: [] };
    // Articles.
    for (const a of site.articles) {
        add(a.url, 'article', () => {
            const summary = summaryOf(a);
            const view = {
                ...summary,
                dateLong: formatLongDate(a.date, tz),
                updated: a.updated === null ? null : formatShortDate(a.updated, tz, a.updatedHasTime),
                updatedIso: a.updated === null ? null : formatIsoDate(a.updated, tz),
                tags: a.tags.map((t) => ({ name: t.name, url: linkOrNull(extension?.tagUrl?.(t)) })),
                authorUrl: linkOrNull(extension?.authorUrl?.(a.author)),
                html: a.html,
                related: (site.relatedOf ? site.relatedOf(a) : a.related).map(summaryOf),
                params: a.params,
                source: a.source,
                attachments: site.media?.attachmentsOf(a) ?? [],
                documents: site.media?.documentsOf(a) ?? [],
                documentsUrl: site.media?.documentsUrl ? href(site.media.documentsUrl) : null,
            };
            return {
                ...empty,
                page: {
                    title: a.title,
                    description: a.summary,
                    url: href(a.url),
                    canonical: abs(a.url),
                    image: site.media?.ogImageOf(a) ? abs(site.media.ogImageOf(a)) : a.image || a.firstImage ? abs(a.image || a.firstImage) : logoImage,
                    breadcrumbs: [home, categoryLink(a.categoryRef), { name: a.title, url: href(a.url) }],
                    pagination: null,
                    isHome: false,
                },
                article: view,
                category: { ...categoryLink(a.categoryRef), description: a.categoryRef.description },
            };
        });
    }
    // Paginated lists: home and each category. A page's items are made when its view is.
    const paginate = (list, prefix, make) => {
        const total = Math.max(1, Math.ceil(list.length / config.pageSize));
        const urlOf = (n) => (n === 1 ? prefix : `${prefix}trang/${n}/`);
        for (let n = 1; n <= total; n++) {
            make(urlOf(n), n, () => ({
                items: list.slice((n - 1) * config.pageSize, n * config.pageSize).map(summaryOf),
                pagination: total === 1
                    ? null
                    : {
                        current: n,
                        total,
                        prev: n > 1 ? href(urlOf(n - 1)) : null,
                        next: n < total ? href(urlOf(n + 1)) : null,
                        pages: Array.from({ length: total }, (_, i) => ({ number: i + 1, url: href(urlOf(i + 1)), current: i + 1 === n })),
                    },
            }));
        }
    };
    const sections = () => site.categories
        .filter((c) => c.articles.length > 0)
        .map((c) => ({ category: categoryLink(c), articles: c.articles.slice(0, SECTION_SIZE).map(summaryOf) }));
    paginate(site.articles, '', (url, n, content) => {
        add(url, 'home', () => {
            const { items, pagination } = content();
            return {
                ...empty,
                page: {
                    title: n === 1 ? config.title : `${config.title} – Trang ${n}`,
                    description: config.description,
                    url: href(url),
                    canonical: abs(url),
                    image: logoImage,
                    breadcrumbs: n === 1 ? [] : [home, { name: `Trang ${n}`, url: href(url) }],
                    pagination,
                    isHome: n === 1,
                },
                articles: items,
                sections: n === 1 ? sections() : [],
            };
        });
    });
    for (const c of site.categories) {
        paginate(c.articles, `${c.slug}/`, (url, n, content) => {
            add(url, 'category', () => {
                const { items, pagination } = content();
                const link = categoryLink(c);
                return {
                    ...empty,
                    page: {
                        title: n === 1 ? c.name : `${c.name} – Trang ${n}`,
                        description: c.description,
                        url: href(url),
                        canonical: abs(url),
                        image: logoImage,
                        breadcrumbs: n === 1 ? [home, link] : [home, link, { name: `Trang ${n}`, url: href(url) }],
                        pagination,
                        isHome: false,
                    },
                    category: { ...link, description: c.description },
                    articles: items,
                };
            });
        });
    }
    const files = extension?.plan?.({ site, siteView, home, logoImage, href, abs, summaryOf, paginate, add }) ?? [];
    add('404.html', '404', () => ({
        ...empty,
        page: {
            title: 'Không tìm thấy trang',
            description: '',
            url: href('404.html'),
            canonical: abs('404.html'),
            image: logoImage,
            breadcrumbs: [home, { name: 'Không tìm thấy trang', url: href('404.html') }],
            pagination: null,
            isHome: false,
        },
    }));
    const decorate = extension?.decorate;
    const planned = decorate ? pages.map((p) => ({ ...p, view: () => decorate(p.view(), p) })) : pages;
    return { pages: planned, diagnostics: checkSitePaths(site, [...planned, ...files.map((f) => ({ url: f, outputPath: f }))]) };
}
/** Site-absolute links must lead to a page or a copied file; no page may be overwritten by a copied file. */
function checkSitePaths(site, pages) {
    const diagnostics = [];
    const pageUrls = new Set(pages.map((p) => p.url));
    const outputs = new Set(pages.map((p) => p.outputPath));
    const assets = new Set(site.assets);
    for (const asset of site.assets) {
        if (outputs.has(asset)) {
            diagnostics.push(error('BT127', asset, `Tệp "${asset}" trùng chỗ với một trang do bantin tạo ra.`, 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.'));
        }
    }
    for (const a of site.articles) {
        for (const ref of a.references) {
            if (ref.kind !== 'url')
                continue;
            const t = ref.target;
            const ok = pageUrls.has(t) || pageUrls.has(`${t}/`) || assets.has(t) || outputs.has(t) || (t.endsWith('/') && (outputs.has(`${t}index.html`) || assets.has(`${t}index.html`)));
            if (!ok) {
                diagnostics.push(error('BT126', a.source, `Liên kết "${ref.written}" không dẫn tới trang nào của trang web.`, 'Kiểm tra lại đường dẫn; để liên kết tới bài khác, dùng tên tệp .md của bài đó, ví dụ ../thong-bao/ten-bai.md', ref.line, ref.column));
            }
        }
    }
    return diagnostics;
}
