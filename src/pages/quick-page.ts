/**
 * One changed article's page, planned on the site as it is after the change, without planning the
 * site again: for the dev server, where an edit of a title, a date, tags or a category must show in
 * well under a second on a site of 10,000 articles (issue #19).
 *
 * The page is made by the code that plans every article page (`articlePage`), on a site model
 * derived from the last full plan: the article moved to its new place in the sorted list and in its
 * categories, its "Tin khác" picked on that list (`relatedOfOne`, the same scorer), its tag and
 * author addresses taken from the last taxonomy. Whenever the change could alter something that
 * page shows and that this derivation does not recompute — a category appearing or disappearing, a
 * tag address that depends on the order of other tags, a clash of addresses, menus naming the
 * article, links from other articles to its old address — `quickArticlePage` returns undefined and
 * the caller plans the site again. Every other page is left to the next full plan (the dev server
 * makes it before it serves any other page). `test/quick-page.test.ts` checks the page against the
 * one a full plan gives, over random sites and edits. Pure.
 */
import { mapBody } from '../content/parked-body.js';
import type { ArticleData } from '../content/article.js';
import { resolveArticleLinks } from '../content/markdown.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareArticles, push, relatedOfOne } from '../site/build-site.js';
import { applyMedia } from '../site/media.js';
import { documentsOf, isPage, type BuildOptions, type SiteArticle, type SiteCategory, type SiteMedia, type SiteModel } from '../site/model.js';
import { taxonomyOf, type Term } from '../site/taxonomy.js';
import type { MenuEntryConfig } from '../config/types.js';
import { articlePage, outputPathOf, planEnv, siteViewOf, type LazyPagePlan, type PageExtension, type RedirectPlan } from './plan.js';
import { authorPath, tagPath } from './taxonomy-pages.js';
import type { SiteView } from './views.js';

/** The parts of a site stage's plan that an article's page is made from, besides the site model. */
export interface StagePlan {
  readonly siteView: SiteView;
  readonly extension: PageExtension | undefined;
  readonly redirects: readonly RedirectPlan[];
  readonly staticFiles: readonly string[];
  readonly assetSizes: ReadonlyMap<string, number> | undefined;
  /** The stage had an image manifest (pictures in bodies): one article cannot be planned apart. */
  readonly images: boolean;
}

/** The last full plan, as `siteStage` returns it. */
export interface PlannedSite {
  readonly site: SiteModel;
  readonly pages: readonly LazyPagePlan[];
  readonly plan: StagePlan;
}

export interface QuickPage {
  /** The article's page on the changed site. */
  readonly plan: LazyPagePlan;
  /** The article as the changed site has it (address, category, links resolved). */
  readonly article: SiteArticle;
  /** Problems of the media stage for this article (content-relative). */
  readonly diagnostics: Diagnostic[];
}

/** What is derived once per full plan: addresses in use, links by address, term slugs. */
interface PlanFacts {
  readonly outputs: ReadonlySet<string>;
  readonly redirects: ReadonlySet<string>;
  readonly urlTargets: ReadonlySet<string>;
  readonly bySource: ReadonlyMap<string, SiteArticle>;
  readonly tags: TermFacts;
  readonly authors: TermFacts;
  /** The first article of each category by file (who names a category found in articles). */
  readonly firstOf: ReadonlyMap<SiteCategory, SiteArticle>;
  /** Position of each published article in the site's sorted list. */
  readonly position: ReadonlyMap<SiteArticle, number>;
  /** Articles by tag key and by title word, in that order (an article once per mention, as the related scorer counts). */
  readonly withTag: ReadonlyMap<string, readonly SiteArticle[]>;
  readonly withWord: ReadonlyMap<string, readonly SiteArticle[]>;
}

interface TermFacts {
  /** Base slug (before `-2`) and article count of each term, by key. */
  readonly byKey: ReadonlyMap<string, { readonly base: string; readonly count: number }>;
  /** How many terms have each base slug. */
  readonly baseCount: ReadonlyMap<string, number>;
}

const facts = new WeakMap<SiteModel, PlanFacts>();

/** Derive now what `quickArticlePage` needs of this plan (tens of ms on 10,000 articles), so that the first edit does not wait for it. */
export function prepareQuickPage(planned: PlannedSite): void {
  factsOf(planned);
}

function factsOf(planned: PlannedSite): PlanFacts {
  let known = facts.get(planned.site);
  if (!known) {
    const { site } = planned;
    const urlTargets = new Set<string>();
    for (const a of documentsOf(site)) for (const r of a.references) if (r.kind === 'url') urlTargets.add(r.target);
    const taxonomy = taxonomyOf(site);
    const withTag = new Map<string, SiteArticle[]>();
    const withWord = new Map<string, SiteArticle[]>();
    for (const a of site.articles) {
      for (const t of a.tags) push(withTag, t.key, a);
      for (const w of a.titleWords) push(withWord, w, a);
    }
    known = {
      firstOf: new Map(site.categories.filter((c) => c.articles.length > 0).map((c) => [c, c.articles.reduce((m, a) => (a.source < m.source ? a : m), c.articles[0]!)])),
      position: new Map(site.articles.map((a, i) => [a, i])),
      withTag,
      withWord,
      outputs: new Set(planned.pages.map((p) => p.outputPath)),
      redirects: new Set(planned.plan.redirects.map((r) => r.outputPath)),
      urlTargets,
      bySource: new Map(documentsOf(site).map((a) => [a.source, a])),
      tags: termFacts(taxonomy.tags, (a, key) => a.tags.find((t) => t.key === key)?.slug || 'tu-khoa'),
      authors: termFacts(taxonomy.authors, (a) => a.author.slug || 'khong-ten'),
    };
    facts.set(site, known);
  }
  return known;
}

function termFacts(terms: readonly Term[], baseOf: (newest: SiteArticle, key: string) => string): TermFacts {
  const byKey = new Map<string, { base: string; count: number }>();
  const baseCount = new Map<string, number>();
  for (const t of terms) {
    const base = baseOf(t.articles[0]!, t.key);
    byKey.set(t.key, { base, count: t.articles.length });
    baseCount.set(base, (baseCount.get(base) ?? 0) + 1);
  }
  return { byKey, baseCount };
}

/**
 * The slug of each of the article's terms (`after`) once its terms went from `before` to `after`,
 * or undefined when one depends on the order of other terms (`-2` suffixes), not on this edit alone.
 */
function termSlugs(facts: TermFacts, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Map<string, string> | undefined {
  const baseCount = new Map(facts.baseCount);
  const bases = new Map<string, string>();
  for (const [key, slug] of new Map([...before, ...after])) {
    const known = facts.byKey.get(key);
    const count = (known?.count ?? 0) - (before.has(key) ? 1 : 0) + (after.has(key) ? 1 : 0);
    const base = known?.base ?? slug;
    // One term has one base slug whichever article is its newest: not so here, let the full plan decide.
    if (after.has(key) && known && known.base !== slug) return undefined;
    const was = (known?.count ?? 0) > 0;
    if (was && count === 0) baseCount.set(base, baseCount.get(base)! - 1);
    if (!was && count > 0) baseCount.set(base, (baseCount.get(base) ?? 0) + 1);
    if (after.has(key)) bases.set(key, base);
  }
  const shared = [...baseCount].filter(([, n]) => n > 1).map(([base]) => base);
  const slugs = new Map<string, string>();
  for (const [key, base] of bases) {
    if (baseCount.get(base) !== 1 || shared.some((s) => base.startsWith(`${s}-`))) return undefined;
    slugs.set(key, base);
  }
  return slugs;
}

const keysOf = (values: readonly { key: string; slug: string }[], fallback: string) => new Map(values.map((v) => [v.key, v.slug || fallback]));

/** Whether a menu entry (or one below it) names the article's file. */
function menuNames(entries: readonly MenuEntryConfig[] | null, source: string): boolean {
  return (entries ?? []).some((e) => e.target.replace(/^content\//, '').replace(/^\/+|\/+$/g, '').normalize('NFC') === source || menuNames(e.children, source));
}

/**
 * Plan the page of `next`, the new state of the published article `old` of `planned`, on the site
 * as it is with that one change; undefined when the change needs the site planned again (see the
 * module's comment).
 *
 * Long: the conditions under which one article's page can be planned apart are a list of checks, each against one page or address the change could affect; then the derived model, made in a few lines each. Split, the checks would be read apart from what they guard.
 */
export function quickArticlePage(planned: PlannedSite, old: SiteArticle, next: ArticleData, options: BuildOptions): QuickPage | undefined {
  const { site, plan } = planned;
  const { config } = site;
  // Where a link or document is written (for messages) moves with any line added above it: not compared.
  const positionless = (key: string, value: unknown) => (key === 'line' || key === 'column' ? undefined : value);
  const same = (x: unknown, y: unknown) => JSON.stringify(x, positionless) === JSON.stringify(y, positionless);
  if (plan.images || isPage(old) || isPage(next) || next.source !== old.source) return undefined;
  if ((next.draft && !options.drafts) || (next.date > options.now && !options.future)) return undefined;
  if (!same(next.aliases ?? [], old.aliases ?? []) || !same(next.documents ?? [], old.documents ?? []) || !same(next.references, old.references)) return undefined;
  const assets = new Set(site.assets);
  if (next.image && !assets.has(next.image)) return undefined;

  const known = factsOf(planned);
  // Its category must exist before and after, with the same name and address.
  const configured = config.categories.length > 0;
  const from = site.categories.find((c) => c.key === old.categoryRef.key);
  const to = site.categories.find((c) => c.key === next.category.key);
  if (!from || !to || to.slug === 'trang') return undefined;
  if (!configured) {
    if (next.category.name !== to.name || next.category.slug !== to.slug) return undefined;
    // A category found in articles is named by its first article (by file) and vanishes with its last.
    const first = known.firstOf.get(from)!;
    if (from !== to && (from.articles.length === 1 || first === old)) return undefined;
    if (first === old && old.category.name !== next.category.name) return undefined;
  }

  // Its address: free, and nothing links to the one it leaves.
  const url = `${to.slug}/${next.slug}/`;
  const outputPath = outputPathOf(url);
  const menus = config.menus;
  if (menus && (menuNames(menus.menu, old.source) || menuNames(menus.footerMenu, old.source) || url !== old.url)) return undefined;
  if (url !== old.url) {
    if (known.outputs.has(outputPath) || known.redirects.has(outputPath) || assets.has(outputPath) || plan.staticFiles.includes(outputPath) || (site.trustedFiles ?? []).includes(outputPath)) return undefined;
    if ((next.aliases ?? []).includes(url)) return undefined;
    const left = old.url;
    if (known.urlTargets.has(left) || known.urlTargets.has(left.slice(0, -1)) || known.urlTargets.has(`${left}index.html`)) return undefined;
  }

  // Tag and author addresses that do not depend on other terms.
  const extension = plan.extension;
  const tagSlugs = extension?.tagUrl ? termSlugs(known.tags, keysOf(old.tags, 'tu-khoa'), keysOf(next.tags, 'tu-khoa')) : new Map<string, string>();
  const authorSlugs = extension?.authorUrl ? termSlugs(known.authors, keysOf([old.author], 'khong-ten'), keysOf([next.author], 'khong-ten')) : new Map<string, string>();
  if (!tagSlugs || !authorSlugs) return undefined;

  // The article as buildSite makes it: address, category, links to other articles resolved.
  const linkUrls: Array<string | undefined> = [];
  let broken = false;
  next.references.forEach((ref, i) => {
    if (ref.kind !== 'article') return;
    const target = ref.target === next.source ? { url } : known.bySource.get(ref.target);
    if (!target) broken = true;
    else linkUrls[i] = config.basePath + target.url + (ref.hash ? `#${ref.hash}` : '');
  });
  if (broken) return undefined;
  const category: SiteCategory = { ...to, articles: [] };
  const placed: SiteArticle = { ...next, url, categoryRef: category, related: [] };
  const article: SiteArticle = linkUrls.length > 0 ? { ...placed, body: mapBody(placed.body, (tree) => resolveArticleLinks(tree, linkUrls)), related: [] } : placed;
  (category.articles as SiteArticle[]).push(...insertSorted(to.articles.filter((a) => a !== old), article));
  const categories = site.categories.map((c) => (c === to ? category : c === from ? { ...c, articles: c.articles.filter((a) => a !== old) } : c));
  const articles = insertSorted(site.articles.filter((a) => a !== old), article);
  // Positions in the new list: one article left its place, one took another.
  const removed = known.position.get(old)!;
  const inserted = articles.indexOf(article);
  const indexOf = (a: SiteArticle): number | undefined => {
    if (a === article) return inserted;
    const p = known.position.get(a);
    if (p === undefined || a === old) return undefined;
    const b = p > removed ? p - 1 : p;
    return b >= inserted ? b + 1 : b;
  };
  const without = (list: readonly SiteArticle[] | undefined) => (list ?? []).filter((a) => a !== old);

  // Its media (attachments, documents) on a site of its own: they depend only on it and the files.
  // Only the files it names: the media stage indexes the site's files (thousands of photos) first.
  const named = new Set([...article.references.map((r) => r.target), ...(article.documents ?? []).map((d) => d.file), article.image, article.firstImage]);
  const own = applyMedia({ ...site, assets: site.assets.filter((f) => named.has(f)), articles: [article], categories: [category], pages: [] }, { assetSizes: plan.assetSizes });
  if (own.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const media: SiteMedia | undefined = site.media && {
    pictureOf: (a) => (a === article ? own.media.pictureOf(a) : site.media!.pictureOf(a)),
    ogImageOf: (a) => (a === article ? own.media.ogImageOf(a) : site.media!.ogImageOf(a)),
    attachmentsOf: (a) => (a === article ? own.media.attachmentsOf(a) : site.media!.attachmentsOf(a)),
    documentsOf: (a) => (a === article ? own.media.documentsOf(a) : site.media!.documentsOf(a)),
    documentsUrl: site.media.documentsUrl,
  };
  const related = relatedOfOne(articles, config.relatedCount, {
    article,
    indexOf,
    // As often as the article names it (two spellings of one tag count twice, as in a full plan).
    withTag: (key) => withRepeats(without(known.withTag.get(key)), article, article.tags.filter((t) => t.key === key).length),
    withWord: (word) => withRepeats(without(known.withWord.get(word)), article, article.titleWords.filter((w) => w === word).length),
    tagCount: (key) => (known.withTag.get(key)?.length ?? 0) - old.tags.filter((t) => t.key === key).length + article.tags.filter((t) => t.key === key).length,
    wordCount: (word) => (known.withWord.get(word)?.length ?? 0) - old.titleWords.filter((w) => w === word).length + article.titleWords.filter((w) => w === word).length,
  });
  const changed: SiteModel = { ...site, articles, categories, relatedOf: (a) => (a === article ? related : (site.relatedOf?.(a) ?? a.related)), ...(media ? { media } : {}) };
  const quickExtension: PageExtension | undefined = extension && {
    ...extension,
    tagUrl: (t) => {
      const slug = tagSlugs.get(t.key);
      return slug === undefined ? null : tagPath({ slug });
    },
    authorUrl: (a) => {
      const slug = authorSlugs.get(a.key);
      return slug === undefined ? null : authorPath({ slug });
    },
  };
  const env = planEnv(changed, quickExtension);
  const siteView: SiteView = { ...siteViewOf(changed, env), menu: plan.siteView.menu, footerMenu: plan.siteView.footerMenu };
  const decorate = extension?.decorate;
  const page: LazyPagePlan = {
    url,
    outputPath,
    template: 'article',
    view: () => {
      const view = { site: siteView, ...articlePage(env, article) };
      return decorate ? decorate(view, page) : view;
    },
  };
  return { plan: page, article, diagnostics: own.diagnostics };
}

/** `list` (in `compareArticles` order) with `a` in its place, `times` times. */
function withRepeats(list: readonly SiteArticle[], a: SiteArticle, times: number): SiteArticle[] {
  let out = [...list];
  for (let k = 0; k < times; k++) out = insertSorted(out, a);
  return out;
}

/** `list` (in `compareArticles` order) with `a` in its place. */
function insertSorted(list: readonly SiteArticle[], a: SiteArticle): SiteArticle[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareArticles(list[mid]!, a) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), a, ...list.slice(lo)];
}
