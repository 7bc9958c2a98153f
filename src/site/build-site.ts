import type { ResolvedConfig } from '../config/types.js';
import { mapBody } from '../content/parked-body.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ArticleData } from '../content/article.js';
import { resolveArticleLinks } from '../content/markdown.js';
import { closestName } from '../text/suggest.js';
import { toneKey } from '../text/vietnamese.js';
import { applyRelatedTable, relatedDigest, relatedTable, type RelatedMemo } from './related-memo.js';
import { HOME_CATEGORY_NAME, PAGE_CATEGORY, isPage, type BuildOptions, type LeftOut, type SiteArticle, type SiteCategory, type SiteModel } from './model.js';

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Newest first; ties broken by slug, then source path, so every machine gives one order. */
export function compareArticles(a: ArticleData, b: ArticleData): number {
  if (a.date !== b.date) return b.date - a.date;
  if (a.slug !== b.slug) return a.slug < b.slug ? -1 : 1;
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
 *
 * Long: the site model in one pass: drafts and schedule, categories (configured or found), URLs and their clashes, article links, sort; each step needs the results of the ones before it and the same diagnostics.
 */
export function buildSite(
  articles: readonly ArticleData[],
  assets: readonly string[],
  config: ResolvedConfig,
  options: BuildOptions,
  context: {
    readonly broken?: ReadonlySet<string>;
    readonly display?: (source: string) => string;
    /** Pick each article's related articles when `related` is first read, not now (the dev server plans pages on request). */
    readonly lazyRelated?: boolean;
    /** The related lists a build of this site kept (site/related-memo.ts): taken when nothing they were picked from changed. */
    readonly previousRelated?: RelatedMemo | undefined;
  } = {},
): { site: SiteModel; diagnostics: Diagnostic[]; related?: KeptRelated } {
  const diagnostics: Diagnostic[] = [];
  const display = context.display ?? ((source: string) => source);
  /** Articles already reported with an error of their own (a link to them says nothing new). */
  const failed = new Set(context.broken ?? []);
  const bySource = new Map(articles.map((a) => [a.source, a]));
  const published: ArticleData[] = [];
  const leftOut: LeftOut[] = [];
  for (const a of [...articles].sort((x, y) => (x.source < y.source ? -1 : 1))) {
    if (a.draft && !options.drafts) leftOut.push({ source: a.source, title: a.title, date: a.date, reason: 'draft' });
    else if (a.date > options.now && !options.future) leftOut.push({ source: a.source, title: a.title, date: a.date, reason: 'scheduled' });
    else published.push(a);
  }

  // Categories: configured ones by tone key, or discovered from articles.
  const categories = new Map<string, SiteCategory>();
  for (const c of config.categories) {
    categories.set(toneKey(c.name), { name: c.name, key: toneKey(c.name), slug: c.slug, description: c.description, articles: [] });
  }
  const configured = config.categories.length > 0;
  const known = config.categories.map((c) => c.name).join(', ');
  // "Thong bao" typed without marks is "Thông báo": say so, as config typos are answered.
  const categoryHint = (name: string) => {
    const near = closestName(name, config.categories.map((c) => c.name));
    return near !== undefined
      ? `Có phải ý bạn là "${near}"? Các chuyên mục: ${known}.`
      : `Chọn một trong các chuyên mục: ${known}; hoặc thêm chuyên mục mới vào bantin.yaml.`;
  };
  const lineOf = (a: ArticleData, ...keys: string[]) => {
    for (const k of keys) if (a.lines[k] !== undefined) return a.lines[k];
    return 1;
  };

  const siteArticles: SiteArticle[] = [];
  const urls = new Map<string, SiteArticle>();
  const sitePages: SiteArticle[] = [];
  for (const a of published) {
    if (isPage(a)) {
      const url = `${a.slug}/`;
      const page: SiteArticle = { ...a, url, categoryRef: PAGE_CATEGORY, related: [] };
      const other = urls.get(url);
      if (other) {
        diagnostics.push(
          error('BT162', a.source, `Trang này và "${display(other.source)}" có cùng đường dẫn /${url}.`, `Đặt slug khác cho một trong hai trang, ví dụ: slug: ${a.slug}-2`, lineOf(a, 'slug', 'title'), 1),
        );
        failed.add(a.source);
        continue;
      }
      urls.set(url, page);
      sitePages.push(page);
      continue;
    }
    let category = categories.get(a.category.key);
    if (!category) {
      if (configured) {
        diagnostics.push(
          error('BT121', a.source, `Chuyên mục "${a.category.name}" không có trong bantin.yaml.`, categoryHint(a.category.name), lineOf(a, 'category', 'categories'), 1),
        );
        failed.add(a.source);
        continue;
      }
      category = { name: a.category.name, key: a.category.key, slug: a.category.slug, description: '', articles: [] };
      if (category.slug === '') {
        diagnostics.push(error('BT130', a.source, `Tên chuyên mục "${a.category.name}" không có chữ hoặc số nào.`, 'Viết tên chuyên mục bằng chữ, ví dụ: category: Thông báo', lineOf(a, 'category', 'categories'), 1));
        failed.add(a.source);
        continue;
      }
      categories.set(a.category.key, category);
    }
    const url = `${category.slug}/${a.slug}/`;
    const article: SiteArticle = { ...a, url, categoryRef: category, related: [] };
    const other = urls.get(url);
    if (other) {
      diagnostics.push(
        error(
          'BT122',
          a.source,
          `Bài viết này và "${display(other.source)}" có cùng đường dẫn /${url}.`,
          `Thêm trường slug khác nhau cho một trong hai bài, ví dụ: slug: ${a.slug}-2`,
          lineOf(a, 'slug', 'title'),
          1,
        ),
      );
      failed.add(a.source);
      continue;
    }
    urls.set(url, article);
    category.articles.push(article);
    siteArticles.push(article);
  }
  // Two discovered categories with one slug (e.g. "An ninh - Quốc phòng" / "An ninh, quốc phòng").
  const slugOwner = new Map<string, SiteCategory>();
  for (const c of categories.values()) {
    const owner = slugOwner.get(c.slug);
    if (owner && c.articles[0]) {
      diagnostics.push(
        error('BT123', c.articles[0].source, `Chuyên mục "${c.name}" và "${owner.name}" có cùng đường dẫn /${c.slug}/.`, `Dùng đúng một cách viết tên chuyên mục, ví dụ: category: ${owner.name}`, lineOf(c.articles[0], 'category', 'categories'), 1),
      );
    } else slugOwner.set(c.slug, c);
  }

  // Links between articles and to files.
  const assetSet = new Set(assets);
  const publishedBySource = new Map([...siteArticles, ...sitePages].map((a) => [a.source, a]));
  const resolveLinks = (a: SiteArticle): SiteArticle => {
    if (a.image && !assetSet.has(a.image)) {
      diagnostics.push(error('BT124', a.source, `Không tìm thấy ảnh bìa "${a.image}".`, 'Kiểm tra tên tệp ảnh (phân biệt chữ hoa, chữ thường) và đặt ảnh trong thư mục content.', lineOf(a, 'image'), 1));
    }
    const linkUrls: Array<string | undefined> = [];
    a.references.forEach((ref, i) => {
      if (ref.kind === 'article') {
        const target = publishedBySource.get(ref.target);
        if (target) {
          linkUrls[i] = config.basePath + target.url + (ref.hash ? `#${ref.hash}` : '');
          return;
        }
        if (failed.has(ref.target)) return;
        const unpublished = bySource.get(ref.target);
        diagnostics.push(
          error(
            'BT125',
            a.source,
            unpublished
              ? `Liên kết "${ref.written}" trỏ tới bài "${unpublished.title}" chưa được đăng (bản nháp hoặc chưa đến ngày).`
              : `Liên kết "${ref.written}" trỏ tới bài viết không tồn tại (${ref.target}).`,
            unpublished ? 'Bỏ liên kết này, hoặc đăng bài kia trước.' : 'Kiểm tra tên tệp và thư mục; đường dẫn tính từ thư mục chứa bài viết này, ví dụ ../thong-bao/ten-bai.md',
            ref.line,
            ref.column,
          ),
        );
      } else if (ref.kind === 'file' && !assetSet.has(ref.target)) {
        diagnostics.push(
          error(
            'BT126',
            a.source,
            `Không tìm thấy tệp "${ref.written}" (${ref.target}).`,
            'Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết hoặc trong thư mục content.',
            ref.line,
            ref.column,
          ),
        );
      }
    });
    return linkUrls.length > 0 ? { ...a, body: mapBody(a.body, (tree) => resolveArticleLinks(tree, linkUrls)), related: [] } : a;
  };
  const resolved: SiteArticle[] = siteArticles.map(resolveLinks);
  const pages = sitePages.map(resolveLinks).sort((x, y) => (x.url < y.url ? -1 : x.url > y.url ? 1 : 0));

  // Rebuild category lists with the resolved articles, sorted.
  const resolvedBySource = new Map(resolved.map((a) => [a.source, a]));
  const finalCategories: SiteCategory[] = [];
  for (const c of categories.values()) {
    const list = c.articles.map((a) => resolvedBySource.get(a.source)!).sort(compareArticles);
    const category: SiteCategory = { ...c, articles: list };
    for (const a of list) (a as { categoryRef: SiteCategory }).categoryRef = category;
    if (list.length > 0 || configured) finalCategories.push(category);
  }
  if (configured) {
    const order = new Map(config.categories.map((c, i) => [toneKey(c.name), i]));
    finalCategories.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  } else {
    const homeKey = toneKey(HOME_CATEGORY_NAME);
    finalCategories.sort((a, b) => {
      if (a.key === homeKey) return -1;
      if (b.key === homeKey) return 1;
      return collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1);
    });
  }

  const sorted = resolved.sort(compareArticles);
  let relatedOf: ((a: SiteArticle) => readonly SiteArticle[]) | undefined;
  let related: KeptRelated | undefined;
  if (context.lazyRelated) relatedOf = lazyRelated(sorted, config.relatedCount);
  else related = assignRelatedOnce(sorted, config.relatedCount, context.previousRelated);
  return {
    site: { config, articles: sorted, categories: finalCategories, pages, leftOut, assets: [...assets].sort(), ...(relatedOf ? { relatedOf } : {}) },
    diagnostics,
    ...(related ? { related } : {}),
  };
}

/** The related lists a build picked or took, to keep for the next build; `reused`: taken from `previousRelated`. */
export interface KeptRelated {
  readonly memo: RelatedMemo;
  readonly reused: boolean;
}

/**
 * `assignRelated`, or the lists of `previous` when they were picked from the same inputs (same
 * `relatedDigest`) and are well formed: the same result either way.
 */
export function assignRelatedOnce(articles: SiteArticle[], count: number, previous: RelatedMemo | undefined): KeptRelated {
  const digest = relatedDigest(articles, count);
  if (previous !== undefined && previous.digest === digest && applyRelatedTable(articles, count, previous.table)) return { memo: previous, reused: true };
  assignRelated(articles, count);
  return { memo: { digest, table: relatedTable(articles, count) }, reused: false };
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
export function assignRelated(articles: SiteArticle[], count: number): void {
  const find = createRelatedFinder(articles, count);
  for (const a of articles) a.related = find(a);
}

/**
 * The related articles of one article, as `assignRelated` would pick them on this site, without
 * indexing the tags and words of the others (the dev server, after one article changed).
 */
export function relatedOfOne(articles: readonly SiteArticle[], count: number, focus: RelatedFocus): SiteArticle[] {
  return createRelatedFinder(articles, count, focus)(focus.article);
}

/**
 * What `createRelatedFinder` needs of a site to pick one article's related articles: the lists of
 * its own tags, title words and category, and where an article is in the site's sorted list.
 */
export interface RelatedFocus {
  readonly article: SiteArticle;
  /** Position in the site's articles (`compareArticles` order). */
  indexOf(a: SiteArticle): number | undefined;
  /** The articles with this tag key, in `compareArticles` order (as often as they name it). */
  withTag(key: string): readonly SiteArticle[];
  /** The articles with this title word, in `compareArticles` order. */
  withWord(word: string): readonly SiteArticle[];
  /** The length of `withTag(key)`, without making it (a list over the limit is not read). */
  tagCount(key: string): number;
  /** The length of `withWord(word)`. */
  wordCount(word: string): number;
}

/**
 * The related articles of one article on request, with the result `assignRelated` gives: the
 * indexes are built on the first request, and each article's list costs only its own overlaps.
 * Call only after the site model is complete (categories and their lists final).
 */
export function lazyRelated(articles: readonly SiteArticle[], count: number): (a: SiteArticle) => readonly SiteArticle[] {
  let find: ((a: SiteArticle) => SiteArticle[]) | undefined;
  const chosen = new Map<SiteArticle, SiteArticle[]>();
  return (a) => {
    let list = chosen.get(a);
    if (!list) {
      list = (find ??= createRelatedFinder(articles, count))(a);
      chosen.set(a, list);
    }
    return list;
  };
}

/** Site size beyond which the limits on common words and tags stop growing (see `createRelatedFinder`). */
const RELATED_SCALE = 10_000;

/**
 * The scoring behind `assignRelated`, as a function from one article to its related articles.
 * Builds the indexes once; each call is independent of the others.
 *
 * Long: "Tin khác" scoring with typed arrays and indexes built once; the returned scorer shares them, which is what makes 10,000 articles fast (see the comments on each index).
 */
export function createRelatedFinder(articles: readonly SiteArticle[], count: number, focus?: RelatedFocus): (a: SiteArticle) => SiteArticle[] {
  if (count <= 0) return () => [];
  // A word in more than 5% of titles (and in more than 3) says little about relatedness, nor does a
  // tag on more than 20% of the articles. Both are capped at what 10,000 articles give (500 titles,
  // 2,000 articles), so that each article's candidates stay bounded however large the site: with
  // shares alone, 100,000 articles made the work grow with the square of the site (150 s).
  const n = articles.length;
  const wordLimit = Math.max(3, Math.floor(Math.min(n, RELATED_SCALE) * 0.05));
  const tagLimit = Math.max(50, Math.floor(Math.min(n, RELATED_SCALE) * 0.2));
  // `articles` is in `compareArticles` order, so comparing two of them is comparing their indexes;
  // dates and categories in typed arrays keep the inner loops free of property lookups.
  const dates = new Float64Array(n);
  const categoryOf = new Int32Array(n);
  const categoryIds = new Map<string, number>();
  const note = (a: SiteArticle, i: number) => {
    dates[i] = a.date;
    let id = categoryIds.get(a.categoryRef.key);
    if (id === undefined) categoryIds.set(a.categoryRef.key, (id = categoryIds.size));
    categoryOf[i] = id;
  };
  /** Place of each article in its category's list (newest first). */
  const place = new Map<SiteArticle, number>();
  const byTag = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  let index: { get(a: SiteArticle): number | undefined };
  if (focus) {
    // One article's lists only: its tags, its title words, its category (see `RelatedFocus`).
    index = { get: focus.indexOf };
    // A list over its limit is never read, only its length: it is not mapped (a common word has thousands).
    const positions = (list: readonly SiteArticle[], limit: number) =>
      list.length > limit
        ? new Array<number>(list.length)
        : list.map((x) => {
            const i = focus.indexOf(x)!;
            note(x, i);
            return i;
          });
    // A list over its limit is never read, only its length: it is not even made.
    const listOf = (count: number, limit: number, list: () => readonly SiteArticle[]) => (count > limit ? new Array<number>(count) : positions(list(), limit));
    for (const t of focus.article.tags) if (!byTag.has(t.key)) byTag.set(t.key, listOf(focus.tagCount(t.key), tagLimit, () => focus.withTag(t.key)));
    for (const w of focus.article.titleWords) if (!byWord.has(w)) byWord.set(w, listOf(focus.wordCount(w), wordLimit, () => focus.withWord(w)));
    // Its own place in its category; the others of the category are noted when the walk reaches them.
    place.set(focus.article, focus.article.categoryRef.articles.indexOf(focus.article));
  } else {
    index = new Map<SiteArticle, number>(articles.map((a, i) => [a, i]));
    articles.forEach(note);
    for (const category of new Set(articles.map((a) => a.categoryRef))) category.articles.forEach((s, k) => place.set(s, k));
    articles.forEach((a, i) => {
      for (const t of a.tags) push(byTag, t.key, i);
      for (const w of a.titleWords) push(byWord, w, i);
    });
  }
  const scores = new Float64Array(n);
  const touched: number[] = [];
  let histogram = new Int32Array(16);
  // Long: the scorer's loops over tags, title words and neighbours in date order share the score
  // array and the histogram threshold; each loop is commented.
  return (a: SiteArticle): SiteArticle[] => {
    const i = index.get(a) ?? -1;
    const date = a.date;
    const category = categoryIds.get(a.categoryRef.key) ?? -1;
    const add = (j: number, s: number) => {
      if (j === i) return;
      if (scores[j] === 0) touched.push(j);
      scores[j]! += s;
    };
    for (const t of a.tags) {
      const list = byTag.get(t.key)!;
      if (list.length <= tagLimit) for (const j of list) add(j, 3);
    }
    for (const w of a.titleWords) {
      const list = byWord.get(w)!;
      if (list.length <= wordLimit) for (const j of list) add(j, 1);
    }
    // Final scores (same category +2), and the lowest score that can still reach the top `count`:
    // at least `count` candidates score that much or more, so anyone below can never be chosen.
    // Scores are whole numbers (3, 1, 2), so a histogram finds it without sorting.
    let max = 0;
    for (const j of touched) {
      const s = scores[j]! + (categoryOf[j] === category ? 2 : 0);
      scores[j] = s;
      if (s > max) max = s;
    }
    if (histogram.length <= max) histogram = new Int32Array(max + 1);
    for (const j of touched) histogram[scores[j]!]!++;
    let threshold = 0;
    for (let s = max, seen = 0; s > 0; s--) {
      seen += histogram[s]!;
      if (seen >= count) {
        threshold = s;
        break;
      }
    }
    histogram.fill(0, 0, max + 1);
    /** Negative when `x` is nearer in time to `a` than `y` (ties: `compareArticles` order). */
    const nearerIndex = (x: number, y: number): number => {
      const dx = Math.abs(dates[x]! - date);
      const dy = Math.abs(dates[y]! - date);
      return dx !== dy ? dx - dy : x - y;
    };
    // Keep only the best `count` (a small sorted list), never sorting every candidate.
    const topIndex: number[] = [];
    const topScore: number[] = [];
    const offer = (j: number, score: number) => {
      if (topIndex.length === count) {
        const worst = count - 1;
        if (score < topScore[worst]! || (score === topScore[worst]! && nearerIndex(j, topIndex[worst]!) >= 0)) return;
        topIndex.pop();
        topScore.pop();
      }
      let k = topIndex.length;
      while (k > 0 && (topScore[k - 1]! < score || (topScore[k - 1]! === score && nearerIndex(j, topIndex[k - 1]!) < 0))) k--;
      topIndex.splice(k, 0, j);
      topScore.splice(k, 0, score);
    };
    for (const j of touched) if (scores[j]! >= threshold) offer(j, scores[j]!);

    // The rest of the category scores 2 each: only the `count` nearest in time can be chosen, and
    // only when the candidates above left room at 2 or less.
    const siblings = a.categoryRef.articles;
    const pos = threshold > 2 ? -1 : (place.get(a) ?? siblings.findIndex((s) => s.source === a.source));
    if (pos !== -1) {
      const newer = outwards(siblings, pos - 1, -1);
      const older = outwards(siblings, pos + 1, 1);
      let nw = newer.next();
      let o = older.next();
      let added = 0;
      while (added < count && !(nw.done && o.done)) {
        let pick: SiteArticle;
        if (o.done || (!nw.done && nearer(a, nw.value, o.value) <= 0)) {
          pick = nw.value as SiteArticle;
          nw = newer.next();
        } else {
          pick = o.value;
          o = older.next();
        }
        const j = index.get(pick);
        if (pick === a || pick.source === a.source || j === undefined || scores[j]! > 0) continue;
        if (focus) note(pick, j);
        offer(j, 2);
        added++;
      }
    }
    for (const j of touched) scores[j] = 0;
    touched.length = 0;
    return topIndex.map((j) => articles[j]!);
  };
}

/**
 * The articles of a category list (newest first) from `from` outwards in direction `step`, ordered
 * by distance in time from the start and, at one distance, as `compareArticles` orders them.
 */
function* outwards(list: readonly SiteArticle[], from: number, step: 1 | -1): Generator<SiteArticle, void> {
  let k = from;
  while (k >= 0 && k < list.length) {
    const date = list[k]!.date;
    const run: SiteArticle[] = [];
    for (; k >= 0 && k < list.length && list[k]!.date === date; k += step) run.push(list[k]!);
    if (step < 0) run.reverse();
    yield* run;
  }
}

function nearer(a: ArticleData, x: ArticleData, y: ArticleData): number {
  const dx = Math.abs(x.date - a.date);
  const dy = Math.abs(y.date - a.date);
  if (dx !== dy) return dx - dy;
  return compareArticles(x, y);
}

/** Append `value` to the list of `key`, making the list on first use. */
export function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
