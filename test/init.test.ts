import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { run } from '../src/cli.js';
import { runInit } from '../src/commands/init.js';
import { findPlaceholders, isPlaceholderText } from '../src/content/placeholders.js';
import { resolveConfig } from '../src/config/resolve-config.js';
import { scaffoldSite } from '../src/init/scaffold.js';
import { installedFromRegistry } from '../src/init/tool-package.js';
import { createMemoryLogger } from '../src/logger.js';
import { filesOf, snapshotTree } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = Date.parse('2025-06-01T09:30:00+07:00');
const OWN = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const OWN_VERSION = OWN.version;
const OWN_ENGINES = OWN.engines.node;

async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text() };
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bantin-init-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A fresh folder name under the test's temp folder. */
let counter = 0;
const fresh = () => path.join(tmp, `site-${++counter}`);

async function init(dir: string, options: Parameters<typeof runInit>[1] = {}) {
  const logger = createMemoryLogger();
  const code = await runInit(dir, { name: 'Phường Trần Phú', now: NOW, ...options }, logger);
  return { code, text: logger.text() };
}

describe('the trust boundary in a new site', () => {
  const files = new Map(scaffoldSite({ name: 'Phường Trần Phú', now: NOW, toolVersion: '0.1.0' }).map((f) => [f.path, f.contents]));

  it('should require a maintainer review of templates/, static/, CI and dependencies in CODEOWNERS, never of content/', () => {
    const rules = files
      .get('.github/CODEOWNERS')!
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    const paths = rules.map((r) => r[0]);
    expect(paths).toEqual(expect.arrayContaining(['/templates/', '/static/', '/.github/', '/package.json', '/package-lock.json', '/bantin.yaml']));
    expect(paths.some((p) => p!.includes('content'))).toBe(false);
    for (const r of rules) expect(r[1]).toMatch(/^@/);
  });

  it('should say in the site README what content/ may hold and what static/ is', () => {
    const readme = files.get('README.md')!;
    expect(readme).toMatch(/## Thư mục content\/ và thư mục static\//);
    for (const word of ['BT009', 'CNAME', 'SVG', 'CODEOWNERS', 'nguyên vẹn']) expect(readme).toContain(word);
  });
});

describe('bantin init', () => {
  it('should create bantin.yaml, a welcome article, the browser editor, templates, package.json, README, .gitignore and CI files', async () => {
    const dir = fresh();
    const result = await init(dir, { governingBody: 'UBND thành phố Quảng Ngãi', baseUrl: 'https://tranphu.quangngai.gov.vn' });
    expect(result.code).toBe(0);
    expect(filesOf(await snapshotTree(dir))).toEqual([
      '.github/CODEOWNERS',
      '.github/workflows/dang-trang.yml',
      '.github/workflows/kiem-tra.yml',
      '.gitignore',
      '.gitlab-ci.yml',
      'README.md',
      'bantin.yaml',
      'content/hoat-dong-cua-xa-phuong/ra-mat-cong-thong-tin.md',
      'content/trang/co-cau-to-chuc.md',
      'content/trang/gioi-thieu.md',
      'content/trang/lich-tiep-cong-dan.md',
      'content/trang/lien-he.md',
      'docs/huong-dan-bien-tap.md',
      'package.json',
      'static/admin/config.yml',
      'static/admin/index.html',
      'templates/README.md',
      `vendor/bantin-${OWN_VERSION}.tgz`,
    ]);
    expect(result.text).toContain('npm install');
    expect(result.text).toContain(`vendor/bantin-${OWN_VERSION}.tgz`);
    expect(result.text).toContain('docs/huong-dan-bien-tap.md');
  });

  it('should place the packed tool in vendor/ and depend on it by relative path, so the site installs without the registry’s bantin', async () => {
    const dir = fresh();
    expect((await init(dir)).code).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; engines: Record<string, string> };
    expect(pkg.dependencies).toEqual({ bantin: `file:vendor/bantin-${OWN_VERSION}.tgz` });
    // The tarball is a gzip file holding this package's manifest (npm pack's layout: package/…).
    const tgz = await readFile(path.join(dir, `vendor/bantin-${OWN_VERSION}.tgz`));
    expect([tgz[0], tgz[1]]).toEqual([0x1f, 0x8b]);
    const tar = gunzipSync(tgz).toString('latin1');
    for (const entry of ['package/package.json', 'package/bin/bantin.js', 'package/lib/cli.js', 'package/templates/layouts/base.hbs', 'package/docs/huong-dan-bien-tap.md']) {
      expect(tar, entry).toContain(entry);
    }
    // The site's README says how to switch to the registry's bantin in one line.
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toContain(`npm install bantin@^${OWN_VERSION}`);
    expect(readme).toContain(`"bantin": "file:vendor/bantin-${OWN_VERSION}.tgz"`);
    expect(readme).not.toContain('npmjs.com/package/bantin');
    // The site asks for the Node versions bantin's own dependencies need.
    expect(pkg.engines).toEqual({ node: OWN_ENGINES });
  });

  it('should depend on the registry’s bantin with --from-registry, and write no vendor/ folder', async () => {
    const dir = fresh();
    const result = await cli(['init', dir, '--name', 'Phường Trần Phú', '--from-registry']);
    expect(result.code, result.text).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual({ bantin: `^${OWN_VERSION}` });
    expect(existsSync(path.join(dir, 'vendor'))).toBe(false);
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toContain('npm install bantin@latest');
  });

  it('should write the editors’ guide that bantin new names, identical to the one the package ships', async () => {
    const dir = fresh();
    await init(dir);
    expect(await readFile(path.join(dir, 'docs/huong-dan-bien-tap.md'), 'utf8')).toBe(await readFile(path.join(REPO, 'docs/huong-dan-bien-tap.md'), 'utf8'));
    const created = await cli(['new', 'Họp dân tổ 3', '--category', 'Thông báo', '--root', dir]);
    expect(created.code, created.text).toBe(0);
    const file = (await readdir(path.join(dir, 'content/thong-bao')))[0]!;
    const article = await readFile(path.join(dir, 'content/thong-bao', file), 'utf8');
    const named = /Hướng dẫn: (\S+\.md)/.exec(article)?.[1];
    expect(named).toBe('docs/huong-dan-bien-tap.md');
    expect(existsSync(path.join(dir, named!))).toBe(true);
  });

  it('should tell whether the running bantin came from the registry from npm’s hidden lock file', async () => {
    const nm = path.join(tmp, 'registry-check', 'node_modules');
    await mkdir(path.join(nm, 'bantin'), { recursive: true });
    const lock = (resolved: string) => JSON.stringify({ packages: { 'node_modules/bantin': { version: OWN_VERSION, resolved } } });
    await writeFile(path.join(nm, '.package-lock.json'), lock(`https://registry.npmjs.org/bantin/-/bantin-${OWN_VERSION}.tgz`));
    expect(installedFromRegistry(path.join(nm, 'bantin'))).toBe(true);
    await writeFile(path.join(nm, '.package-lock.json'), lock(`file:vendor/bantin-${OWN_VERSION}.tgz`));
    expect(installedFromRegistry(path.join(nm, 'bantin'))).toBe(false);
    // A checkout is not in a node_modules folder.
    expect(installedFromRegistry(REPO)).toBe(false);
  });

  it('should fill bantin.yaml from the flags, with "Hoạt động của xã phường" among the categories', async () => {
    const dir = fresh();
    await init(dir, { governingBody: 'UBND thành phố Quảng Ngãi', baseUrl: 'https://tranphu.quangngai.gov.vn' });
    const { config, diagnostics } = resolveConfig(await readFile(path.join(dir, 'bantin.yaml'), 'utf8'), 'bantin.yaml');
    expect(diagnostics).toEqual([]);
    expect(config?.title).toBe('Cổng thông tin điện tử Phường Trần Phú');
    expect(config?.baseUrl).toBe('https://tranphu.quangngai.gov.vn/');
    expect(config?.organization.name).toBe('UBND Phường Trần Phú');
    expect(config?.organization.governingBody).toBe('UBND thành phố Quảng Ngãi');
    expect(config?.defaultAuthor).toBe('Ban biên tập');
    expect(config?.categories.map((c) => c.name)).toContain('Hoạt động của xã phường');
    expect(config?.categories[0]?.slug).toBe('hoat-dong-cua-xa-phuong');
  });

  it('should write a package.json that depends on bantin and has build, serve and check scripts', async () => {
    const dir = fresh();
    await init(dir);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(pkg.scripts).toEqual({ build: 'bantin build', serve: 'bantin serve', check: 'bantin check' });
    expect(Object.keys(pkg.dependencies!)).toEqual(['bantin']);
    expect(pkg.name).toBe('phuong-tran-phu');
    expect(pkg.private).toBe(true);
  });

  it('should leave templates/ without templates, with a README on how overriding works', async () => {
    const dir = fresh();
    await init(dir);
    expect(await readdir(path.join(dir, 'templates'))).toEqual(['README.md']);
    const readme = await readFile(path.join(dir, 'templates/README.md'), 'utf8');
    expect(readme).toContain('node_modules/bantin/templates/');
    expect(readme).toContain('giữ nguyên đường dẫn');
  });

  it('should ignore node_modules, the output and the build cache in git', async () => {
    const dir = fresh();
    await init(dir);
    const lines = (await readFile(path.join(dir, '.gitignore'), 'utf8')).split('\n');
    expect(lines).toEqual(expect.arrayContaining(['node_modules/', 'dist/', 'public/', '.cache/']));
  });

  it('should write a Vietnamese README for the ward that explains writing and deploying', async () => {
    const dir = fresh();
    await init(dir);
    const readme = await readFile(path.join(dir, 'README.md'), 'utf8');
    expect(readme.startsWith('# Cổng thông tin điện tử Phường Trần Phú\n')).toBe(true);
    for (const part of ['## Viết bài', '### GitHub Pages', '### GitLab Pages', '### Máy chủ khác', 'Source: GitHub Actions', 'Cache-Control', 'application/rss+xml']) {
      expect(readme).toContain(part);
    }
  });

  it('should date the welcome article at the time of init, and keep it a draft', async () => {
    const dir = fresh();
    await init(dir);
    const article = await readFile(path.join(dir, 'content/hoat-dong-cua-xa-phuong/ra-mat-cong-thong-tin.md'), 'utf8');
    expect(article).toContain('date: "01/06/2025 09:30"');
    expect(article).toContain('category: "Hoạt động của xã phường"');
    expect(article).toContain('\ndraft: true\n');
  });

  it('should give a site that passes bantin check, as the pull-request workflow runs it', async () => {
    const dir = fresh();
    await init(dir);
    const result = await cli(['check', '--root', dir, '--format', 'github', '--now', '2025-06-01T10:00:00+07:00']);
    expect(result.code, result.text).toBe(0);
  });

  it('should start the ward\'s fixed pages, with [Điền …] placeholders, and a menu that holds them', async () => {
    const dir = fresh();
    await init(dir);
    for (const slug of ['gioi-thieu', 'co-cau-to-chuc', 'lien-he', 'lich-tiep-cong-dan']) {
      const text = await readFile(path.join(dir, `content/trang/${slug}.md`), 'utf8');
      expect(text).toContain('\ntype: page\n');
      expect(text).toContain(`\nslug: ${slug}\n`);
      expect(isPlaceholderText(text), slug).toBe(true);
    }
    expect(findPlaceholders(await readFile(path.join(dir, 'bantin.yaml'), 'utf8')).map((p) => p.text)).toEqual([
      '[Điền địa chỉ trụ sở]',
      '[Điền giờ làm việc, ví dụ: Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu]',
    ]);
    const result = await cli(['build', '--root', dir, '--now', '2025-06-01T10:00:00+07:00', '--no-cache']);
    expect(result.code, result.text).toBe(0);
    const home = await readFile(path.join(dir, 'dist/index.html'), 'utf8');
    const nav = home.slice(home.indexOf('<nav class="site-nav"'), home.indexOf('</nav>', home.indexOf('<nav class="site-nav"')));
    const links = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(links).toEqual([
      'Trang chủ /',
      'Giới thiệu /gioi-thieu/',
      'Cơ cấu tổ chức /co-cau-to-chuc/',
      'Hoạt động của xã phường /hoat-dong-cua-xa-phuong/',
      'Thông báo /thong-bao/',
      'Lịch tiếp công dân /lich-tiep-cong-dan/',
      'Liên hệ /lien-he/',
    ]);
    const contact = await readFile(path.join(dir, 'dist/lien-he/index.html'), 'utf8');
    expect(contact).toContain('Địa chỉ: [Điền địa chỉ trụ sở]');
    expect(contact).toContain('Giờ làm việc: [Điền giờ làm việc');
    expect(isPlaceholderText('Ông Nguyễn Văn Minh, Chủ tịch UBND phường')).toBe(false);
  });

  it('should give a site that builds straight away', async () => {
    const dir = fresh();
    await init(dir);
    const result = await cli(['build', '--root', dir, '--now', '2025-06-01T10:00:00+07:00', '--no-cache']);
    expect(result.code).toBe(0);
    // The welcome article is a Markdown tutorial: a draft, not a public news item (issue 15).
    expect(result.text).toContain('Đã đăng 0 bài');
    expect(result.text).toContain('bỏ qua 1 bản nháp (hoat-dong-cua-xa-phuong/ra-mat-cong-thong-tin.md');
    const home = await readFile(path.join(dir, 'dist/index.html'), 'utf8');
    expect(home).not.toContain('Ra mắt Cổng thông tin điện tử Phường Trần Phú');
    expect(home).toContain('UBND Phường Trần Phú');
  });

  it('should have check name the empty organisation fields, as a warning that --strict turns into a failure', async () => {
    const dir = fresh();
    await init(dir);
    const relaxed = await cli(['check', '--root', dir, '--now', '2025-06-01T10:00:00+07:00']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.text).toContain(
      'bantin.yaml  cảnh báo BT342: Thông tin cơ quan còn trống: điện thoại (phone), thư điện tử (email), người chịu trách nhiệm (responsible). Cuối mọi trang sẽ thiếu các dòng này.',
    );
    expect(relaxed.text).not.toContain('BT341');
    const strict = await cli(['check', '--root', dir, '--now', '2025-06-01T10:00:00+07:00', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.text).toContain('Chưa đạt vì --strict');
    // Published with --drafts, the tutorial is placeholder content.
    const drafts = await cli(['check', '--root', dir, '--now', '2025-06-01T10:00:00+07:00', '--drafts']);
    expect(drafts.text).toContain('cảnh báo BT341: Bài "Ra mắt Cổng thông tin điện tử Phường Trần Phú" còn nội dung tạm ("Cách viết một bài mới (bài hướng dẫn do bantin init tạo)"), chưa phải tin cho người dân.');
  });

  it('should run from the command line with a folder argument and flags', async () => {
    const dir = fresh();
    const result = await cli(['init', dir, '--name', 'Xã Tân Lập', '--governing-body', 'UBND huyện Tân Lập']);
    expect(result.code).toBe(0);
    expect(await readFile(path.join(dir, 'bantin.yaml'), 'utf8')).toContain('name: "UBND Xã Tân Lập"');
  });

  it('should refuse a non-empty folder and change nothing in it', async () => {
    const dir = fresh();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'ghi-chu.txt'), 'có sẵn');
    const before = await snapshotTree(dir);
    const result = await init(dir);
    expect(result.code).toBe(1);
    expect(result.text).toContain('BT712');
    expect(result.text).toContain('không trống (ghi-chu.txt)');
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('should accept a folder that holds only .git, as a fresh clone of an empty repository does', async () => {
    const dir = fresh();
    await mkdir(path.join(dir, '.git'), { recursive: true });
    expect((await init(dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'bantin.yaml'))).toBe(true);
  });

  it('should ask for --name with exit code 2', async () => {
    const dir = fresh();
    const logger = createMemoryLogger();
    expect(await runInit(dir, {}, logger)).toBe(2);
    expect(logger.text()).toContain('--name');
    expect(existsSync(dir)).toBe(false);
    expect((await cli(['init', fresh()])).code).toBe(2);
  });

  it('should refuse an invalid --base-url with exit code 2', async () => {
    const dir = fresh();
    const result = await init(dir, { baseUrl: 'thư mục con' });
    expect(result.code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('deploy recipes written by bantin init', () => {
  const files = new Map(scaffoldSite({ name: 'Phường Trần Phú', now: NOW, toolVersion: '0.1.0' }).map((f) => [f.path, f.contents]));
  type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
  type Job = { steps: Step[]; permissions?: Record<string, string>; needs?: string; environment?: unknown };
  type Workflow = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };
  const workflow = (name: string) => parseYaml(files.get(`.github/workflows/${name}`)!) as Workflow;
  const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);

  it('should check pull requests on pull_request, never pull_request_target, read-only and with no secret', () => {
    const text = files.get('.github/workflows/kiem-tra.yml')!;
    const w = workflow('kiem-tra.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    for (const [, content] of files) expect(content).not.toMatch(/pull_request_target:|on:\s*\[?[^\n]*pull_request_target/);
    expect(text).not.toContain('secrets.');
    expect(w.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(w.jobs)) expect(job.permissions).toBeUndefined();
    const runs = steps(w).map((s) => s.run ?? '');
    // --since: the base branch, fetched with the whole history, to catch published URLs about to die.
    expect(runs).toContain('npx bantin check --format github --since "origin/${{ github.base_ref }}"');
    expect(runs.some((r) => /^npx bantin build\b/.test(r))).toBe(true);
    // Checked out without keeping the token.
    expect(steps(w).find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'persist-credentials': false, 'fetch-depth': 0 });
  });

  it('should let pull requests read the build cache but never save it', () => {
    const w = workflow('kiem-tra.yml');
    const cacheSteps = steps(w).filter((s) => s.uses?.startsWith('actions/cache'));
    expect(cacheSteps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/cache/restore']);
    // The cache lives where repositories do not carry it; its signing key outside the repository.
    expect(cacheSteps[0]?.with?.path).toBe('node_modules/.cache/bantin\n~/.cache/bantin\n');
  });

  it('should build and deploy to GitHub Pages on main, every day and by hand', () => {
    const w = workflow('dang-trang.yml');
    expect(w.on.push).toEqual({ branches: ['main'] });
    expect('workflow_dispatch' in w.on).toBe(true);
    const schedule = w.on.schedule as Array<{ cron: string }>;
    expect(schedule).toHaveLength(1);
    // Once a day: fixed minute and hour, every day of every month.
    expect(schedule[0]!.cron.split(' ')).toEqual(['5', '17', '*', '*', '*']);
    const uses = steps(w).map((s) => s.uses?.split('@')[0]);
    expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages', 'actions/upload-pages-artifact', 'actions/deploy-pages']));
    expect(steps(w).find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))?.with).toEqual({ path: 'dist' });
  });

  it('should give the Pages permissions only to the job that deploys', () => {
    const w = workflow('dang-trang.yml');
    expect(w.permissions).toEqual({ contents: 'read' });
    const deployJobs = Object.entries(w.jobs).filter(([, j]) => j.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
    expect(deployJobs).toHaveLength(1);
    const [name, deploy] = deployJobs[0]!;
    expect(deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(deploy.needs).toBeDefined();
    for (const [other, job] of Object.entries(w.jobs)) if (other !== name) expect(job.permissions).toBeUndefined();
  });

  it('should keep bantin build cache between deploy runs and build under the Pages address', () => {
    const w = workflow('dang-trang.yml');
    const cache = steps(w).find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache?.with?.path).toBe('node_modules/.cache/bantin\n~/.cache/bantin\n');
    expect(String(cache?.with?.key)).toContain('github.sha');
    expect(String(cache?.with?.['restore-keys'])).toContain('bantin-');
    const build = steps(w).find((s) => s.run?.startsWith('npx bantin build'));
    expect(build?.run).toBe('npx bantin build --base-url "$BASE_URL"');
    // The address comes in through the environment, not pasted into the script.
    expect(build?.env).toEqual({ BASE_URL: '${{ steps.pages.outputs.base_url }}' });
  });

  it('should do the same on GitLab: check merge requests, deploy the default branch to Pages, keep the cache', () => {
    type GitLabJob = { stage?: string; rules?: Array<{ if: string }>; script?: string[]; artifacts?: { paths: string[] }; cache?: { paths: string[]; policy?: string } };
    const ci = parseYaml(files.get('.gitlab-ci.yml')!) as Record<string, GitLabJob> & { default: { cache: { paths: string[] }; image: string } };
    expect(ci.default.image).toBe('node:20');
    expect(ci.default.cache.paths).toContain('node_modules/.cache/bantin/');
    const check = ci['kiem-tra']!;
    expect(check.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(check.script).toEqual(['npx bantin check --since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"', 'npx bantin build']);
    expect(check.cache?.policy).toBe('pull');
    const pages = ci.pages!;
    expect(pages.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
    expect(pages.script).toEqual(['npx bantin build --out public --base-url "$CI_PAGES_URL"']);
    expect(pages.artifacts).toEqual({ paths: ['public'] });
    // The daily run is a pipeline schedule, made once in GitLab: the file says how.
    expect(files.get('.gitlab-ci.yml')).toContain('Pipeline schedules');
  });
});

describe('a site served under a sub-path', () => {
  const BASE = 'https://example.github.io/phuong-tran-phu/';
  const BASE_PATH = '/phuong-tran-phu/';

  /**
   * Every internal reference of the built site: href, src and srcset in pages, url() in CSS,
   * addresses in XML and JSON files (feeds, sitemap, search index), when there are any.
   */
  async function internalReferences(out: string): Promise<Array<{ file: string; url: string }>> {
    const refs: Array<{ file: string; url: string }> = [];
    const snapshot = await snapshotTree(out);
    for (const file of filesOf(snapshot)) {
      const text = Buffer.from(snapshot[file]!, 'hex').toString('utf8');
      const found: string[] = [];
      if (file.endsWith('.html')) {
        for (const m of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) found.push(m[1]!);
        // Addresses in <meta content> (og:url, og:image); other content values are text.
        for (const m of text.matchAll(/\scontent="((?:https?:\/\/|\/)[^"]*)"/g)) found.push(m[1]!);
        for (const m of text.matchAll(/\ssrcset="([^"]*)"/g)) found.push(...m[1]!.split(',').map((s) => s.trim().split(/\s+/)[0]!));
      } else if (file.endsWith('.css')) {
        for (const m of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) found.push(m[1]!);
      } else if (/\.(xml|json|webmanifest)$/.test(file)) {
        for (const m of text.matchAll(/https?:\/\/[^\s"'<>]+|"(\/[^"\s<>]*)"/g)) found.push(m[1] ?? m[0]);
      } else continue;
      for (const raw of found) {
        const url = raw.replace(/&amp;/g, '&');
        const resolved = new URL(url, new URL(file, BASE));
        if (resolved.origin !== new URL(BASE).origin) continue;
        refs.push({ file, url: resolved.pathname });
      }
    }
    return refs;
  }

  /** The references that do not lead to a file of the output under the base path. */
  async function brokenReferences(out: string): Promise<string[]> {
    const broken: string[] = [];
    const refs = await internalReferences(out);
    expect(refs.length).toBeGreaterThan(50);
    for (const { file, url } of refs) {
      if (!url.startsWith(BASE_PATH)) {
        broken.push(`${file}: ${url} (ngoài ${BASE_PATH})`);
        continue;
      }
      let rel = decodeURIComponent(url.slice(BASE_PATH.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      if (!existsSync(path.join(out, ...rel.split('/')))) broken.push(`${file}: ${url}`);
    }
    return broken;
  }

  it('should have every link, asset, feed and sitemap entry of the sample site under the base path', async () => {
    const out = path.join(tmp, 'sub-path-sample');
    const result = await cli(['build', '--root', REPO, '--out', out, '--base-url', BASE, '--no-cache']);
    expect(result.code, result.text).toBe(0);
    expect(await brokenReferences(out)).toEqual([]);
    // Canonical addresses are absolute and under the base.
    const home = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(home).toContain(`<link rel="canonical" href="${BASE}">`);
  });

  it('should do the same for a site made by bantin init', async () => {
    const dir = fresh();
    await init(dir);
    const out = path.join(dir, 'dist');
    const result = await cli(['build', '--root', dir, '--base-url', BASE, '--now', '2025-06-01T10:00:00+07:00', '--no-cache']);
    expect(result.code, result.text).toBe(0);
    expect(await brokenReferences(out)).toEqual([]);
  });
});
