#!/usr/bin/env node
// The bare stack (issue #6's reference column): gray-matter + remark-parse + remark-html + handlebars +
// write, on one thread, with no checks, no cache and no safety: the least any tool built on this
// stack can do. Measured in the same command as bantin's cold build of the same corpus (same pages:
// outputs.discovery false: bench/sites/bantin/same-pages.yaml), so the ratio bantin/bare holds on a noisy machine, and the
// bare time against the reference figures (1.11 s at 1,000, 6.35 s at 10,000) says how fast
// this machine is. A script, not a test: it prints numbers.
//
//   node bench/bare-stack.mjs [--sizes 1000,10000] [--runs 3]
//
// `--child CORPUS OUT` runs the bare stack once (used by the script itself, under /usr/bin/time).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BANTIN_BIN, ROOT, cleanup, compileTool, ensureCorpus, fmt, linkTree, log, makeTemp, markdownFiles, option, median, table, timed } from './lib.mjs';

const args = process.argv.slice(2);

if (args[0] === '--child') {
  await bareBuild(args[1], args[2]);
  process.exit(0);
}

const sizes = String(option(args, '--sizes', '1000,10000')).split(',').map(Number);
const runs = Number(option(args, '--runs', 3));
const REFERENCE = { 1000: 1.11, 10000: 6.35 };

compileTool();
log(`bare stack vs bantin cold (same pages, no cache) — Node ${process.version}; medians of ${runs} runs, alternating`);
const rows = [['articles', 'bare wall s', 'bare CPU s', 'bantin wall s', 'bantin CPU s', 'bantin/bare (wall / CPU)', 'bare vs issue reference']];
for (const n of sizes) {
  const corpus = ensureCorpus(n);
  const work = makeTemp('bantin-bare-');
  const content = join(work, 'content');
  linkTree(corpus.dir, content);
  const bare = [];
  const bantin = [];
  for (let r = 0; r < runs; r++) {
    const one = () => bare.push(timed(process.execPath, [join(ROOT, 'bench', 'bare-stack.mjs'), '--child', content, join(work, `bare-${r}`)]));
    const two = () =>
      bantin.push(
        timed(process.execPath, [BANTIN_BIN, 'build', '--root', join(ROOT, 'bench', 'sites', 'bantin'), '--content', content, '--config', join(ROOT, 'bench', 'sites', 'bantin', 'same-pages.yaml'), '--out', join(work, `out-${r}`), '--no-cache']),
      );
    if (r % 2 === 0) {
      one();
      two();
    } else {
      two();
      one();
    }
  }
  for (const m of [...bare, ...bantin]) if (!m.ok) log(`a run failed: ${m.error ?? m.stderr ?? ''}`);
  const bw = median(bare.map((m) => m.wall));
  const bc = median(bare.map((m) => m.cpu));
  const tw = median(bantin.map((m) => m.wall));
  const tc = median(bantin.map((m) => m.cpu));
  const ref = REFERENCE[n];
  rows.push([n.toLocaleString('en'), fmt(bw), fmt(bc), fmt(tw), fmt(tc), `${fmt(tw / bw)}× / ${fmt(tc / bc)}×`, ref ? `${fmt(bw / ref)}× of ${ref} s` : '–']);
}
log(table(rows));
cleanup();

/**
 * One build with the bare stack: every article page (with 5 related: same category, nearest in the
 * list), the home list and one list per category paginated by 20, written one file at a time.
 */
async function bareBuild(contentDir, out) {
  const { default: matter } = await import('gray-matter');
  const { unified } = await import('unified');
  const { default: remarkParse } = await import('remark-parse');
  const { default: remarkHtml } = await import('remark-html');
  const { default: Handlebars } = await import('handlebars');
  const processor = unified().use(remarkParse).use(remarkHtml).freeze();
  const slug = (s) => String(s).normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/đ/g, 'd').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const articles = markdownFiles(contentDir).map((file) => {
    const { data, content } = matter(readFileSync(join(contentDir, file), 'utf8'));
    const [d, m, y, hm = '00:00'] = String(data.date).split(/[/ ]/);
    const category = String(data.category ?? 'Tin tức');
    return { title: String(data.title), date: Date.parse(`${y}-${m}-${d}T${hm}:00+07:00`), author: data.author, category, url: `/${slug(category)}/${data.slug ?? slug(data.title)}/`, html: String(processor.processSync(content)) };
  });
  articles.sort((a, b) => b.date - a.date);
  const byCategory = new Map();
  for (const a of articles) {
    if (!byCategory.has(a.category)) byCategory.set(a.category, []);
    byCategory.get(a.category).push(a);
  }
  const layout = (body) => `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{title}}</title></head><body>${body}</body></html>`;
  const article = Handlebars.compile(layout('<article><h1>{{title}}</h1><p>{{author}}</p>{{{html}}}</article><h2>Tin khác</h2><ul>{{#each related}}<li><a href="{{url}}">{{title}}</a></li>{{/each}}</ul>'));
  const list = Handlebars.compile(layout('<h1>{{title}}</h1><ul>{{#each items}}<li><a href="{{url}}">{{title}}</a></li>{{/each}}</ul>{{#if next}}<a href="{{next}}">Trang sau</a>{{/if}}'));
  const write = (path, html) => {
    const file = join(out, path, 'index.html');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  };
  for (const a of articles) {
    const siblings = byCategory.get(a.category);
    const k = siblings.indexOf(a);
    const related = [...siblings.slice(Math.max(0, k - 3), k), ...siblings.slice(k + 1, k + 6)].slice(0, 5);
    write(a.url, article({ ...a, related }));
  }
  const paginate = (base, title, items) => {
    for (let p = 0; p * 20 < items.length || p === 0; p++) {
      const path = p === 0 ? base : `${base}trang/${p + 1}/`;
      write(path, list({ title, items: items.slice(p * 20, p * 20 + 20), next: (p + 1) * 20 < items.length ? `${base}trang/${p + 2}/` : '' }));
    }
  };
  paginate('/', 'Trang chủ', articles);
  for (const [name, items] of byCategory) paginate(`/${slug(name)}/`, name, items);
}
