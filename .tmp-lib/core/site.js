import { error } from '../diagnostics/diagnostic.js';
import { resolveArticleLinks } from './markdown.js';
import { toneKey } from './vietnamese.js';
export const HOME_CATEGORY_NAME = 'Hoạt động của xã phường';
const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
/** Newest first; ties broken by slug, then source path, so every machine gives one order. */
export function compareArticles(a, b) {
    if (a.date !== b.date)
        return b.date - a.date;
    if (a.slug !== b.slug)
        return a.slug < b.slug ? -1 : 1;
    return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}
/**
 * Build the site model from parsed articles: filter drafts and scheduled articles, group categories,
 * give URLs, resolve links between articles, sort, and pick related articles. Pure.
 *
 * @param articles Every parsed article (any order).
 * @param assets Content-relative paths of the non-Markdown files.
 * @param context.broken Content-relative paths of Markdown files that failed with their own errors:
 *   links to them are not reported again.
 * @param context.display Turns a content-relative path into the path shown to the user in messages.
 */
export function buildSite(articles, assets, config, options, context = {}) {
    const diagnostics = [];
    const display = context.display ?? ((source) => source);
    /** Articles already reported with an error of their own (a link to them says nothing new). */
    const failed = new Set(context.broken ?? []);
    const bySource = new Map(articles.map((a) => [a.source, a]));
    const published = [];
    const leftOut = [];
    for (const a of [...articles].sort((x, y) => (x.source < y.source ? -1 : 1))) {
        if (a.draft && !options.drafts)
            leftOut.push({ source: a.source, title: a.title, date: a.date, reason: 'draft' });
        else if (a.date > options.now && !options.future)
            leftOut.push({ source: a.source, title: a.title, date: a.date, reason: 'scheduled' });
        else
            published.push(a);
    }
    // Categories: configured ones by tone key, or discovered from articles.
    const categories = new Map();
    for (const c of config.categories) {
        categories.set(toneKey(c.name), { name: c.name, key: toneKey(c.name), slug: c.slug, description: c.description, articles: [] });
    }
    const configured = config.categories.length > 0;
    const known = config.categories.map((c) => c.name).join(', ');
    const lineOf = (a, ...keys) => {
        for (const k of keys)
            if (a.lines[k] !== undefined)
                return a.lines[k];
        return 1;
    };
    const siteArticles = [];
    const urls = new Map();
    for (const a of published) {
        let category = categories.get(a.category.key);
        if (!category) {
            if (configured) {
                diagnostics.push(error('BT121', a.source, `Chuyên mục "${a.category.name}" không có trong bantin.yaml.`, `Chọn một trong các chuyên mục: ${known}; hoặc thêm chuyên mục mới vào bantin.yaml.`, lineOf(a, 'category', 'categories'), 1));
                failed.add(a.source);
                continue;
            }
            category = { name: a.category.name, key: a.category.key, slug: a.category.slug, description: '', articles: [] };
            if (category.slug === '') {
                diagnostics.push(error('BT121', a.source, `Tên chuyên mục "${a.category.name}" không có chữ hoặc số nào.`, 'Viết tên chuyên mục bằng chữ, ví dụ: category: Thông báo', lineOf(a, 'category', 'categories'), 1));
                failed.add(a.source);
                continue;
            }
            categories.set(a.category.key, category);
        }
        const url = `${category.slug}/${a.slug}/`;
        const article = { ...a, url, categoryRef: category, related: [] };
        const other = urls.get(url);
        if (other) {
            diagnostics.push(error('BT122', a.source, `Bài viết này và "${display(other.source)}" có cùng đường dẫn /${url}.`, `Thêm trường slug khác nhau cho một trong hai bài, ví dụ: slug: ${a.slug}-2`, lineOf(a, 'slug', 'title'), 1));
            failed.add(a.source);
            continue;
        }
        urls.set(url, article);
        category.articles.push(article);
        siteArticles.push(article);
    }
    // Two discovered categories with one slug (e.g. "An ninh - Quốc phòng" / "An ninh, quốc phòng").
    const slugOwner = new Map();
    for (const c of categories.values()) {
        const owner = slugOwner.get(c.slug);
        if (owner && c.articles[0]) {
            diagnostics.push(error('BT123', c.articles[0].source, `Chuyên mục "${c.name}" và "${owner.name}" có cùng đường dẫn /${c.slug}/.`, `Dùng đúng một cách viết tên chuyên mục, ví dụ: category: ${owner.name}`, lineOf(c.articles[0], 'category', 'categories'), 1));
        }
        else
            slugOwner.set(c.slug, c);
    }
    // Links between articles and to files.
    const assetSet = new Set(assets);
    const publishedBySource = new Map(siteArticles.map((a) => [a.source, a]));
    const resolved = siteArticles.map((a) => {
        if (a.image && !assetSet.has(a.image)) {
            diagnostics.push(error('BT124', a.source, `Không tìm thấy ảnh bìa "${a.image}".`, 'Kiểm tra tên tệp ảnh (phân biệt chữ hoa, chữ thường) và đặt ảnh trong thư mục content.', lineOf(a, 'image'), 1));
        }
        const linkUrls = [];
        a.references.forEach((ref, i) => {
            if (ref.kind === 'article') {
                const target = publishedBySource.get(ref.target);
                if (target) {
                    linkUrls[i] = config.basePath + target.url + (ref.hash ? `#${ref.hash}` : '');
                    return;
                }
                if (failed.has(ref.target))
                    return;
                const unpublished = bySource.get(ref.target);
                diagnostics.push(error('BT125', a.source, unpublished
                    ? `Liên kết "${ref.written}" trỏ tới bài "${unpublished.title}" chưa được đăng (bản nháp hoặc chưa đến ngày).`
                    : `Liên kết "${ref.written}" trỏ tới bài viết không tồn tại (${ref.target}).`, unpublished ? 'Bỏ liên kết này, hoặc đăng bài kia trước.' : 'Kiểm tra tên tệp và thư mục; đường dẫn tính từ thư mục chứa bài viết này, ví dụ ../thong-bao/ten-bai.md', ref.line, ref.column));
            }
            else if (ref.kind === 'file' && !assetSet.has(ref.target)) {
                diagnostics.push(error('BT126', a.source, `Không tìm thấy tệp "${ref.written}" (${ref.target}).`, 'Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết hoặc trong thư mục content.', ref.line, ref.column));
            }
        });
        return linkUrls.length > 0 ? { ...a, html: resolveArticleLinks(a.html, linkUrls), related: [] } : a;
    });
    // Rebuild category lists with the resolved articles, sorted.
    const resolvedBySource = new Map(resolved.map((a) => [a.source, a]));
    const finalCategories = [];
    for (const c of categories.values()) {
        const list = c.articles.map((a) => resolvedBySource.get(a.source)).sort(compareArticles);
        const category = { ...c, articles: list };
        for (const a of list)
            a.categoryRef = category;
        if (list.length > 0 || configured)
            finalCategories.push(category);
    }
    if (configured) {
        const order = new Map(config.categories.map((c, i) => [toneKey(c.name), i]));
        finalCategories.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
    }
    else {
        const homeKey = toneKey(HOME_CATEGORY_NAME);
        finalCategories.sort((a, b) => {
            if (a.key === homeKey)
                return -1;
            if (b.key === homeKey)
                return 1;
            return collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1);
        });
    }
    const sorted = resolved.sort(compareArticles);
    let relatedOf;
    if (context.lazyRelated)
        relatedOf = lazyRelated(sorted, config.relatedCount);
    else
        assignRelated(sorted, config.relatedCount);
    return {
        site: { config, articles: sorted, categories: finalCategories, leftOut, assets: [...assets].sort(), ...(relatedOf ? { relatedOf } : {}) },
        diagnostics,
    };
}
/**
 * Pick "Tin khác" for every article: score by shared tags (3 each), shared title words (1 each,
 * ignoring words found in many titles) and same category (2), so an article of the same category
 * with nothing else in common still counts; of those, the nearest in time come first. The best
 * `count` are kept. Deterministic: ties go to the nearer date, then the newer article, then the slug.
 * Uses inverted indexes and a walk outwards from the article's place in its category, so the cost
 * follows the number of real overlaps, not n².
 *
 * @param articles Published articles, newest first; `related` is set on each.
 * @param count Most related articles per article (`relatedCount`).
 */
export function assignRelated(articles, count) {
    const find = createRelatedFinder(articles, count);
    for (const a of articles)
        a.related = find(a);
}
/**
 * The related articles of one article on request, with the result `assignRelated` gives: the
 * indexes are built on the first request, and each article's list costs only its own overlaps.
 * Call only after the site model is complete (categories and their lists final).
 */
export function lazyRelated(articles, count) {
    let find;
    const chosen = new Map();
    return (a) => {
        let list = chosen.get(a);
        if (!list) {
            list = (find ??= createRelatedFinder(articles, count))(a);
            chosen.set(a, list);
        }
        return list;
    };
}
/**
 * The scoring behind `assignRelated`, as a function from one article to its related articles.
 * Builds the indexes once; each call is independent of the others.
 */
export function createRelatedFinder(articles, count) {
    if (count <= 0)
        return () => [];
    const index = new Map(articles.map((a, i) => [a, i]));
    /** Place of each article in its category's list (newest first). */
    const place = new Map();
    for (const category of new Set(articles.map((a) => a.categoryRef)))
        category.articles.forEach((s, k) => place.set(s, k));
    const byTag = new Map();
    const byWord = new Map();
    articles.forEach((a, i) => {
        for (const t of a.tags)
            push(byTag, t.key, i);
        for (const w of a.titleWords)
            push(byWord, w, i);
    });
    // A word in more than 5% of titles (and in more than 3) says little about relatedness.
    const wordLimit = Math.max(3, Math.floor(articles.length * 0.05));
    const tagLimit = Math.max(50, Math.floor(articles.length * 0.2));
    const scores = new Float64Array(articles.length);
    const touched = [];
    return (a) => {
        const i = index.get(a) ?? -1;
        const add = (j, s) => {
            if (j === i)
                return;
            if (scores[j] === 0)
                touched.push(j);
            scores[j] += s;
        };
        for (const t of a.tags) {
            const list = byTag.get(t.key);
            if (list.length <= tagLimit)
                for (const j of list)
                    add(j, 3);
        }
        for (const w of a.titleWords) {
            const list = byWord.get(w);
            if (list.length <= wordLimit)
                for (const j of list)
                    add(j, 1);
        }
        // Keep only the best `count` (a small sorted list), never sorting every candidate.
        const top = [];
        const offer = (b, score) => {
            if (top.length === count) {
                const worst = top[count - 1];
                if (score < worst.score || (score === worst.score && nearer(a, b, worst.b) >= 0))
                    return;
                top.pop();
            }
            let k = top.length;
            while (k > 0 && (top[k - 1].score < score || (top[k - 1].score === score && nearer(a, b, top[k - 1].b) < 0)))
                k--;
            top.splice(k, 0, { b, score });
        };
        for (const j of touched) {
            const b = articles[j];
            offer(b, scores[j] + (b.categoryRef.key === a.categoryRef.key ? 2 : 0));
        }
        // The rest of the category scores 2 each: only the `count` nearest in time can be chosen.
        const siblings = a.categoryRef.articles;
        const pos = place.get(a) ?? siblings.findIndex((s) => s.source === a.source);
        if (pos !== -1) {
            const newer = outwards(siblings, pos - 1, -1);
            const older = outwards(siblings, pos + 1, 1);
            let n = newer.next();
            let o = older.next();
            let added = 0;
            while (added < count && !(n.done && o.done)) {
                let pick;
                if (o.done || (!n.done && nearer(a, n.value, o.value) <= 0)) {
                    pick = n.value;
                    n = newer.next();
                }
                else {
                    pick = o.value;
                    o = older.next();
                }
                const j = index.get(pick);
                if (pick === a || pick.source === a.source || j === undefined || scores[j] > 0)
                    continue;
                offer(pick, 2);
                added++;
            }
        }
        for (const j of touched)
            scores[j] = 0;
        touched.length = 0;
        return top.map((c) => c.b);
    };
}
/**
 * The articles of a category list (newest first) from `from` outwards in direction `step`, ordered
 * by distance in time from the start and, at one distance, as `compareArticles` orders them.
 */
function* outwards(list, from, step) {
    let k = from;
    while (k >= 0 && k < list.length) {
        const date = list[k].date;
        const run = [];
        for (; k >= 0 && k < list.length && list[k].date === date; k += step)
            run.push(list[k]);
        if (step < 0)
            run.reverse();
        yield* run;
    }
}
function nearer(a, x, y) {
    const dx = Math.abs(x.date - a.date);
    const dy = Math.abs(y.date - a.date);
    if (dx !== dy)
        return dx - dy;
    return compareArticles(x, y);
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
