// Eleventy 3 side of the bantin benchmark (bench/run.mjs): the same pages as bench/sites/bantin.
//   eleventy --config=bench/sites/eleventy/eleventy.config.mjs --input=<corpus> --output=<out> --quiet
// The input folder is the generated corpus (Markdown articles + images/), so the layouts and the
// list pages (home, categories, 404) are added as virtual templates read from this folder.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const PAGE_SIZE = 20;
const RELATED = 5;
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Same slugs as bantin's (src/text/vietnamese.ts): marks removed, đ → d, runs of other characters → "-". */
function slugify(text) {
  return String(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
/** `29/04/2023 09:17` in the site's time zone, as bantin prints dates. */
function viDate(date) {
  const p = Object.fromEntries(dateFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

// Content is not a template (as in bantin and Hugo): Markdown is not run through Liquid first.
export const config = { markdownTemplateEngine: false, htmlTemplateEngine: 'njk' };

export default function (eleventyConfig) {
  const input = eleventyConfig.directories?.input ?? process.env.BENCH_INPUT ?? '.';

  // Raw HTML in Markdown is not passed through (bantin removes it, Hugo's default leaves it out).
  eleventyConfig.amendLibrary('md', (md) => md.set({ html: false }));
  // Images referenced as /images/YYYY/MM/x.jpg: copied, never processed as templates.
  eleventyConfig.addPassthroughCopy({ [join(input, 'images')]: 'images' });
  // Static pages of the corpus (gioi-thieu/index.html, see bench/lib.mjs): copied as they are.
  for (const entry of existsSync(input) ? readdirSync(input, { withFileTypes: true }) : []) {
    if (entry.isDirectory() && existsSync(join(input, entry.name, 'index.html'))) {
      eleventyConfig.addPassthroughCopy({ [join(input, entry.name, 'index.html')]: `${entry.name}/index.html` });
    }
  }
  eleventyConfig.setTemplateFormats(['md', 'njk']);

  // Layouts and list pages: virtual templates (the input folder is the corpus).
  for (const file of readdirSync(join(here, 'layouts'))) {
    eleventyConfig.addTemplate(`_includes/${file}`, readFileSync(join(here, 'layouts', file), 'utf8'));
  }
  for (const file of readdirSync(join(here, 'pages'))) {
    eleventyConfig.addTemplate(`bench-pages/${file}`, readFileSync(join(here, 'pages', file), 'utf8'));
  }
  // Every Markdown file of the corpus is an article.
  eleventyConfig.addGlobalData('layout', 'article.njk');
  eleventyConfig.addGlobalData('siteTitle', 'Bản tin phường (benchmark)');

  eleventyConfig.addFilter('viDate', viDate);
  eleventyConfig.addFilter('isoDate', (d) => d.toISOString());
  eleventyConfig.addFilter('categoryUrl', (name) => `/${slugify(name)}/`);

  /** Related articles by article input path, filled by the `articles` collection. */
  const relatedByPath = new Map();
  eleventyConfig.addFilter('related', (inputPath) => relatedByPath.get(inputPath) ?? []);

  // Articles, newest first; related = most shared tags (3 each) + same category (2), nearest date first.
  eleventyConfig.addCollection('articles', (api) => {
    const articles = api
      .getAll()
      .filter((item) => item.inputPath.endsWith('.md'))
      .sort((a, b) => b.date - a.date || (a.inputPath < b.inputPath ? -1 : 1));
    const byTag = new Map();
    const byCategory = new Map();
    articles.forEach((a, i) => {
      for (const tag of a.data.tags ?? []) {
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(i);
      }
      const c = a.data.category;
      if (!byCategory.has(c)) byCategory.set(c, []);
      byCategory.get(c).push(i);
    });
    const score = new Int32Array(articles.length);
    articles.forEach((a, i) => {
      const touched = [];
      const add = (j, w) => {
        if (j === i) return;
        if (score[j] === 0) touched.push(j);
        score[j] += w;
      };
      for (const tag of a.data.tags ?? []) for (const j of byTag.get(tag)) add(j, 3);
      for (const j of byCategory.get(a.data.category)) add(j, 2);
      const t = a.date.getTime();
      const best = [];
      for (const j of touched) {
        const s = score[j];
        const d = Math.abs(articles[j].date.getTime() - t);
        if (best.length === RELATED) {
          const w = best[RELATED - 1];
          if (s < w.s || (s === w.s && d >= w.d)) continue;
          best.pop();
        }
        let k = best.length;
        while (k > 0 && (best[k - 1].s < s || (best[k - 1].s === s && best[k - 1].d > d))) k--;
        best.splice(k, 0, { j, s, d });
      }
      for (const j of touched) score[j] = 0;
      relatedByPath.set(a.inputPath, best.map((b) => articles[b.j]));
    });
    return articles;
  });

  // One entry per page of each category list, for a size-1 pagination over them.
  eleventyConfig.addCollection('categoryPages', (api) => {
    const articles = api
      .getAll()
      .filter((item) => item.inputPath.endsWith('.md'))
      .sort((a, b) => b.date - a.date || (a.inputPath < b.inputPath ? -1 : 1));
    const groups = new Map();
    for (const a of articles) {
      const c = a.data.category;
      if (!groups.has(c)) groups.set(c, []);
      groups.get(c).push(a);
    }
    const pages = [];
    for (const [name, list] of [...groups].sort((x, y) => x[0].localeCompare(y[0], 'vi'))) {
      const slug = slugify(name);
      const total = Math.ceil(list.length / PAGE_SIZE);
      const urlOf = (n) => (n === 1 ? `/${slug}/` : `/${slug}/trang/${n}/`);
      for (let n = 1; n <= total; n++) {
        pages.push({
          name, url: urlOf(n), number: n, total,
          prev: n > 1 ? urlOf(n - 1) : null, next: n < total ? urlOf(n + 1) : null,
          items: list.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE),
        });
      }
    }
    return pages;
  });

  eleventyConfig.addCollection('categoryNames', (api) =>
    [...new Set(api.getAll().filter((item) => item.inputPath.endsWith('.md')).map((a) => a.data.category))].sort((x, y) => x.localeCompare(y, 'vi')),
  );
}
