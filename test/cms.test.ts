/**
 * The browser editor's configuration (`bantin cms`): generated from bantin.yaml, YAML-safe for every
 * category name, with the content contract's fields; `bantin check` says when it is out of step and
 * `bantin cms` keeps the site's own `backend:`. (The Chromium test validates the same configs
 * against Decap's own schema, in the CMS itself.)
 */
import { mkdtemp, mkdir, readFile, rm, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { run } from '../src/cli.js';
import { cmsConfigData, cmsConfigYaml, cmsIndexHtml, DECAP_CMS_VERSION, GENERATED_MARK } from '../src/cms/config.js';
import { SLUG_PATTERN, titleSlug } from '../src/text/slug.js';
import { createMemoryLogger } from '../src/logger.js';
import { DECAP_SERVER_VERSION } from '../src/cms/local-backend.js';
import { cmsFixtures, TRICKY_CATEGORIES } from './helpers/cms-fixtures.js';

interface Field {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  default?: unknown;
  options?: string[];
  format?: string;
  time_format?: string | false;
  pattern?: [string, string];
  fields?: Field[];
}
interface Collection {
  name: string;
  folder: string;
  path: string;
  slug: string;
  media_folder: string;
  public_folder: string;
  fields: Field[];
}
interface Config {
  locale: string;
  backend: { name: string };
  local_backend: unknown;
  media_folder: string;
  collections: Collection[];
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WIDGETS = new Set(['string', 'text', 'datetime', 'select', 'list', 'image', 'file', 'boolean', 'markdown', 'hidden']);
const field = (fields: Field[], name: string) => fields.find((f) => f.name === name)!;

describe('generated Decap config', () => {
  for (const fixture of cmsFixtures()) {
    describe(fixture.name, () => {
      const text = cmsConfigYaml(fixture.config);
      const data = parse(text) as Config;

      it('parses back (YAML-safe) to the data it was made from, with no alias', () => {
        expect(text.startsWith(GENERATED_MARK)).toBe(true);
        expect(data).toEqual(JSON.parse(JSON.stringify(cmsConfigData(fixture.config))));
        expect(text).not.toMatch(/[&*]a\d/);
      });

      it('has what Decap requires, the local backend and the Vietnamese interface', () => {
        expect(data.backend.name).toBe('git-gateway');
        expect(data.local_backend).toBe(true);
        expect(data.locale).toBe('vi');
        expect(data.media_folder).toBe('content/tep-chung');
        expect(data.collections.map((c) => c.name)).toEqual(['tin-tuc', 'trang']);
        for (const c of data.collections) {
          const walk = (fields: Field[]) => {
            expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
            for (const f of fields) {
              expect(WIDGETS.has(f.widget), `${c.name}.${f.name}: ${f.widget}`).toBe(true);
              expect(f.label).toMatch(/\S/);
              if (f.fields) walk(f.fields);
            }
          };
          walk(c.fields);
          // Images and files beside the entry, referenced relative to it.
          expect([c.media_folder, c.public_folder]).toEqual(['', '']);
          expect(c.path).toBe(c.name === 'trang' ? '{{slug}}' : '{{slug}}/index');
          expect(c.slug).toBe('{{fields.slug}}');
        }
      });

      it('offers exactly the configured categories, in order, as typed', () => {
        const category = field(data.collections[0]!.fields, 'category');
        expect(category.required).toBe(true);
        if (fixture.categories.length === 0) {
          expect(category.widget).toBe('string');
        } else {
          expect(category.widget).toBe('select');
          expect(category.options).toEqual(fixture.categories);
          expect(category.default).toBe(fixture.categories[0]);
        }
      });

      it('has the content contract: required title, date as dd/mm/yyyy HH:mm, author, tags, cover, draft, pinned slug, documents', () => {
        const fields = data.collections[0]!.fields;
        expect(fields.map((f) => f.name)).toEqual(['title', 'slug', 'date', 'author', 'category', 'tags', 'summary', 'image', 'draft', 'documents', 'body']);
        expect(field(fields, 'title')).toMatchObject({ widget: 'string', required: true });
        expect(field(fields, 'date')).toMatchObject({ widget: 'datetime', required: true, format: 'DD/MM/YYYY HH:mm', time_format: 'HH:mm' });
        const author = field(fields, 'author');
        if (fixture.config.defaultAuthor) expect(author).toMatchObject({ required: false, default: fixture.config.defaultAuthor });
        else expect(author.required).toBe(true);
        expect(field(fields, 'tags')).toMatchObject({ widget: 'list', required: false });
        expect(field(fields, 'image')).toMatchObject({ widget: 'image', required: false });
        expect(field(fields, 'draft')).toMatchObject({ widget: 'boolean', default: false });
        const slug = field(fields, 'slug');
        expect(new RegExp(slug.pattern![0]).source).toBe(SLUG_PATTERN.source);
        const documents = field(fields, 'documents');
        expect(documents.widget).toBe('list');
        expect(documents.fields!.map((f) => [f.name, f.widget, f.required])).toEqual([
          ['number', 'string', true],
          ['issuer', 'string', false],
          ['issued', 'datetime', true],
          ['effective', 'datetime', false],
          ['summary', 'string', false],
          ['file', 'file', true],
        ]);
        expect(field(documents.fields!, 'issued')).toMatchObject({ format: 'DD/MM/YYYY', time_format: false });
        const page = data.collections[1]!.fields;
        expect(page.map((f) => f.name)).toEqual(['type', 'title', 'slug', 'updated', 'body']);
        expect(field(page, 'type')).toMatchObject({ widget: 'hidden', default: 'page' });
      });
    });
  }

  it('keeps tricky names as typed (quotes, #, leading -, yes/null, braces)', () => {
    const fixture = cmsFixtures().find((f) => f.name === 'names YAML would misread')!;
    const options = field((parse(cmsConfigYaml(fixture.config)) as Config).collections[0]!.fields, 'category').options;
    expect(options).toEqual([...TRICKY_CATEGORIES]);
  });

  it('makes the editor page load the vendored bundle and pin the slug the bantin way', () => {
    const fixture = cmsFixtures()[0]!;
    const html = cmsIndexHtml(fixture.config);
    expect(html).toContain('<script src="decap-cms.js"></script>');
    expect(html).toContain(`Decap CMS ${DECAP_CMS_VERSION}`);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3)/);
    // The page's slug function, run here, agrees with bantin's slugify.
    const source = /function bantinSlug[\s\S]*?\n {4}}/.exec(html)![0];
    const bantinSlug = new Function(`${source}; return bantinSlug;`)() as (t: string) => string;
    for (const title of ['Đảng ủy phường Trần Phú họp', 'Y tế & Giáo dục', 'HỘI NGHỊ  BCH -- lần 14', 'Thủy lợi, khỏe mạnh', 'a'.repeat(130)]) {
      expect(bantinSlug(title)).toBe(titleSlug(title));
    }
    expect(bantinSlug('Đường đến trường')).toBe('duong-den-truong');
  });

  it('pins decap-cms (fetched as one tarball by scripts/vendor-cms.mjs, never installed) to the version the page names, and decap-server (installed on first serve --cms, not a dependency)', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.devDependencies['decap-cms']).toBeUndefined();
    expect(pkg.dependencies['decap-cms']).toBeUndefined();
    const script = await readFile(path.join(REPO, 'scripts', 'vendor-cms.mjs'), 'utf8');
    expect(script).toContain(`const VERSION = '${DECAP_CMS_VERSION}';`);
    expect(script).toMatch(/const INTEGRITY = 'sha512-[A-Za-z0-9+/=]+';/);
    expect(pkg.dependencies['decap-server']).toBeUndefined();
    expect(DECAP_SERVER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('bantin cms and bantin check', () => {
  let parent: string | undefined;
  afterEach(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
    parent = undefined;
  });

  async function site(): Promise<string> {
    parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-cms-unit-'));
    const root = path.join(parent, 'site');
    await mkdir(root);
    await cp(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
    await cp(path.join(REPO, 'bantin.yaml'), path.join(root, 'bantin.yaml'));
    return root;
  }
  async function cli(args: string[]) {
    const logger = createMemoryLogger();
    const code = await run(args, logger);
    return { code, text: logger.text() };
  }
  const checkJson = async (root: string) => {
    const r = await cli(['check', '--root', root, '--format', 'json']);
    return { code: r.code, report: JSON.parse(r.text) as { diagnostics: Array<{ code: string; file: string; hint: string }> } };
  };

  it('writes static/admin, which check accepts; a category added to bantin.yaml makes check warn with the fix, and cms fixes it', async () => {
    const root = await site();
    expect((await checkJson(root)).report.diagnostics).toEqual([]); // no editor: nothing to say
    const made = await cli(['cms', '--root', root]);
    expect(made.code).toBe(0);
    expect(made.text).toContain('static/admin/config.yml');
    expect((await checkJson(root)).report.diagnostics).toEqual([]);

    const yamlText = await readFile(path.join(root, 'bantin.yaml'), 'utf8');
    const withCategory = parse(yamlText) as { categories: Array<{ name: string }> };
    withCategory.categories.push({ name: 'Chuyển đổi số' });
    await writeFile(path.join(root, 'bantin.yaml'), stringify(withCategory));
    const stale = await checkJson(root);
    expect(stale.report.diagnostics.map((d) => [d.code, d.file.replace(/^.*\/site\//, '')])).toEqual([['BT720', 'static/admin/config.yml']]);
    expect(stale.report.diagnostics[0]!.hint).toContain('npx bantin cms');
    expect((await cli(['check', '--root', root, '--strict'])).code).toBe(1);

    expect((await cli(['cms', '--root', root])).code).toBe(0);
    expect((await checkJson(root)).report.diagnostics).toEqual([]);
    const options = field((parse(await readFile(path.join(root, 'static/admin/config.yml'), 'utf8')) as Config).collections[0]!.fields, 'category').options;
    expect(options?.at(-1)).toBe('Chuyển đổi số');
    expect((await cli(['cms', '--root', root])).text).toContain('đã khớp');
  });

  it('keeps the backend the IT volunteer chose, and check does not count it as a difference', async () => {
    const root = await site();
    await cli(['cms', '--root', root]);
    const file = path.join(root, 'static/admin/config.yml');
    const chosen = (await readFile(file, 'utf8')).replace('  name: git-gateway\n  branch: main\n', '  name: gitlab\n  repo: ubnd/phuong-tran-phu\n  auth_type: pkce\n  app_id: abc123\n');
    await writeFile(file, chosen);
    expect((await checkJson(root)).report.diagnostics).toEqual([]);
    const withAuthor = parse(await readFile(path.join(root, 'bantin.yaml'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(root, 'bantin.yaml'), stringify({ ...withAuthor, defaultAuthor: 'Ban biên tập' }));
    expect((await checkJson(root)).report.diagnostics.map((d) => d.code)).toEqual(['BT720']);
    await cli(['cms', '--root', root]);
    const data = parse(await readFile(file, 'utf8')) as Config & { backend: Record<string, string> };
    expect(data.backend).toEqual({ name: 'gitlab', repo: 'ubnd/phuong-tran-phu', auth_type: 'pkce', app_id: 'abc123' });
    expect(field(data.collections[0]!.fields, 'author')).toMatchObject({ required: false, default: 'Ban biên tập' });
  });

  it('check warns when the editor page was edited by hand', async () => {
    const root = await site();
    await cli(['cms', '--root', root]);
    await writeFile(path.join(root, 'static/admin/index.html'), '<script src="https://unpkg.com/decap-cms/dist/decap-cms.js"></script>');
    const { report } = await checkJson(root);
    expect(report.diagnostics.map((d) => [d.code, d.file.replace(/^.*\/site\//, '')])).toEqual([['BT720', 'static/admin/index.html']]);
  });

  it('build publishes static/ as it is and the vendored bundle beside the editor', async () => {
    const root = await site();
    await cli(['cms', '--root', root]);
    await writeFile(path.join(root, 'static', 'CNAME'), 'tranphu.quangngai.gov.vn\n');
    const out = path.join(parent!, 'dist');
    const built = await cli(['build', '--root', root, '--out', out, '--no-cache']);
    expect(built.code, built.text).toBe(0);
    expect(await readFile(path.join(out, 'CNAME'), 'utf8')).toBe('tranphu.quangngai.gov.vn\n');
    expect(await readFile(path.join(out, 'admin', 'config.yml'), 'utf8')).toBe(await readFile(path.join(root, 'static/admin/config.yml'), 'utf8'));
    const bundle = await readFile(path.join(out, 'admin', 'decap-cms.js'), 'utf8');
    expect(bundle.length).toBeGreaterThan(1_000_000);
    expect(bundle).toContain(`decap-cms ${DECAP_CMS_VERSION}`);

  });
});
