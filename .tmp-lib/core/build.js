import { compareDiagnostics, error } from '../diagnostics/diagnostic.js';
import { parseArticle } from './article.js';
import { checkImageSizes } from './check-images.js';
import { createDiscovery } from './discovery.js';
import { applyMedia, combineExtensions } from './media.js';
import { planPagesLazily } from './pages.js';
import { buildSite } from './site.js';
import { decodeSource, digest } from './source.js';
import { createTemplates } from './templates.js';
/** Settings of the per-article stage for a config. */
export function articleSettings(config) {
    return { timeZone: config.timeZone, basePath: config.basePath, defaultAuthor: config.defaultAuthor };
}
/** Cache key of one source: digest of its bytes, its path (links resolve from it) and the settings. */
export function articleCacheKey(source, settings) {
    return `${digest(source.bytes)}\0${source.path}\0${settings.timeZone}\0${settings.basePath}\0${settings.defaultAuthor}`;
}
/** The per-article stage for one source: decode, then parse, validate and render. Pure. */
export function processSource(source, settings) {
    const decoded = decodeSource(source.path, source.bytes);
    return decoded.text === undefined ? { diagnostics: decoded.diagnostics } : parseArticle(source.path, decoded.text, settings);
}
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/**
 * The per-article stage for one source with the file size limit, from `cache` when the same
 * source was processed before. Diagnostics name the content-relative path.
 *
 * @returns `key`: the cache key, absent when the file is refused for its size (nothing cached).
 */
export function articleStage(source, settings, maxSize, cache) {
    if (source.bytes.length > maxSize) {
        return {
            result: {
                diagnostics: [
                    error('BT004', source.path, `Tệp quá lớn (${Math.round(source.bytes.length / 1024)} KB, giới hạn ${Math.round(maxSize / 1024)} KB).`, 'Chia bài thành nhiều bài nhỏ hơn; ảnh và tài liệu đặt thành tệp riêng rồi liên kết tới.'),
                ],
            },
        };
    }
    const key = articleCacheKey(source, settings);
    let result = cache?.get(key);
    if (!result) {
        result = processSource(source, settings);
        cache?.set(key, result);
    }
    return { key, result };
}
/**
 * The stage after the per-article one: theme/content file clashes, site model, page plans, image
 * sizes. Pure; the templates are not needed until pages are rendered.
 */
export function siteStage(input) {
    const { config } = input;
    const diagnostics = [];
    const label = (d) => ({ ...d, file: input.contentLabel + d.file });
    // Theme files and content files must not land on one path.
    const themeAssets = new Set(input.themeAssets);
    for (const asset of input.assets) {
        if (themeAssets.has(asset)) {
            diagnostics.push(error('BT128', input.contentLabel + asset, `Tệp "${asset}" trùng tên với tệp của giao diện.`, 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.'));
        }
    }
    const { site: built, diagnostics: siteDiagnostics } = buildSite(input.articles, input.assets, config, input.options, {
        broken: input.broken,
        display: (source) => input.contentLabel + source,
        lazyRelated: input.lazy ?? false,
    });
    diagnostics.push(...siteDiagnostics.map(label));
    // Pictures, attachments and documents (src/core/media.ts): before discovery, so feeds see the final bodies.
    const media = applyMedia(built, { manifest: input.images, assetSizes: input.assetSizes });
    diagnostics.push(...media.diagnostics.map(label));
    const site = { ...built, media: media.media };
    const discovery = input.discovery === false ? undefined : createDiscovery(site, { display: (source) => input.contentLabel + source });
    const { pages, diagnostics: pageDiagnostics } = planPagesLazily(site, combineExtensions(discovery?.extension, media.extension));
    diagnostics.push(...pageDiagnostics.map(label), ...(discovery?.diagnostics ?? []));
    if (input.assetSizes)
        diagnostics.push(...checkImageSizes(site.articles, input.assetSizes, config.maxImageSize).map(label));
    return { site, pages, diagnostics, files: () => discovery?.files(pages) ?? [] };
}
/**
 * The whole pure pipeline: decode → parse and render each article → site model → pages →
 * templates. No file access: the caller reads sources and writes the result.
 */
export function buildSiteOutput(input, cache) {
    const { config } = input;
    const diagnostics = [];
    const texts = new Map();
    const label = (d) => ({ ...d, file: input.contentLabel + d.file });
    const settings = articleSettings(config);
    /** Entries used by this build: what a persistent cache should keep. */
    const used = new Map();
    const maxSize = input.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const articles = [];
    /** Markdown files that gave no article (their errors are reported already). */
    const broken = new Set();
    for (const source of input.markdown) {
        const { key, result } = articleStage(source, settings, maxSize, cache);
        if (key !== undefined) {
            used.set(key, result);
            if (result.diagnostics.length > 0) {
                // Only files with problems need their text, for the code frame under each message.
                const decoded = decodeSource(source.path, source.bytes);
                if (decoded.text !== undefined)
                    texts.set(input.contentLabel + source.path, decoded.text);
            }
        }
        diagnostics.push(...result.diagnostics.map(label));
        if (result.article)
            articles.push(result.article);
        else
            broken.add(source.path);
    }
    const templates = createTemplates(input.templates, { basePath: config.basePath, timeZone: config.timeZone });
    diagnostics.push(...templates.diagnostics);
    const stage = siteStage({
        config,
        articles,
        broken,
        assets: input.assets,
        themeAssets: input.themeAssets,
        options: input.options,
        contentLabel: input.contentLabel,
        assetSizes: input.assetSizes,
        discovery: input.discovery ?? true,
        images: input.images,
    });
    diagnostics.push(...stage.diagnostics);
    const pages = [];
    if (templates.templates && !diagnostics.some((d) => d.severity === 'error')) {
        for (const plan of stage.pages) {
            const rendered = templates.templates.render({ url: plan.url, outputPath: plan.outputPath, template: plan.template, view: plan.view() });
            if (rendered.diagnostic)
                diagnostics.push(rendered.diagnostic);
            if (rendered.html !== undefined)
                pages.push({ path: plan.outputPath, contents: rendered.html });
        }
    }
    diagnostics.sort(compareDiagnostics);
    const failed = diagnostics.some((d) => d.severity === 'error');
    // Made on first use: `bantin check` never asks for them, so it builds no search index.
    let files;
    return {
        pages: failed ? [] : pages,
        get files() {
            return (files ??= failed ? [] : stage.files());
        },
        diagnostics,
        published: stage.site.articles.length,
        leftOut: stage.site.leftOut,
        texts,
        used,
    };
}
