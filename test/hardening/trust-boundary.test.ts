/**
 * The trust boundary of content/ (issue 14): a pull request that only adds files under content/
 * publishes data, never code. Markdown and an allowlist of media and documents, each checked by its
 * bytes; anything else stops the build, located, with the hint to use the reviewed static/ folder.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkContentFile } from '../../src/content/file-types.js';
import { createSite, FAKE_JPEG, md, type TempSite } from '../helpers/site.js';
import { build, cli, NOW, readTree } from './helpers.js';

const ARTICLE = md({ title: 'Thông báo', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Xem [lịch](lich.pdf).\n');
const PDF = '%PDF-1.4\n%âãÏÓ\n';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);

/** Files a content-only pull request could add to take over the ward's site. */
const HOSTILE: Record<string, string | Uint8Array> = {
  'content/dang-nhap.html': '<!DOCTYPE html><form action="https://ke-gian.example/">Mật khẩu: <input type=password></form>',
  'content/trang.htm': '<script>alert(1)</script>',
  'content/trang.xhtml': '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
  'content/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
  'content/du-lieu.xml': '<?xml-stylesheet type="text/xsl" href="kieu.xsl"?><a/>',
  'content/kieu.xsl': '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
  'content/sw.js': 'self.addEventListener("fetch", () => {});',
  'content/_redirects': '/* https://ke-gian.example/ 301',
  'content/_headers': '/*\n  Content-Security-Policy: none',
  'content/CNAME': 'ke-gian.example',
  'content/la.bin': 'gì đó',
  // Allowed extensions whose bytes are something else: an HTML page named .pdf, an SVG named .png.
  'content/gia.pdf': '<html><script>alert(1)</script></html>',
  'content/gia.png': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  'content/gia.docx': '<script>alert(1)</script>',
};

describe('what content/ may hold', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should refuse every script-capable, host-control or unknown file, each located with the static/ hint, and keep the old site', async () => {
    site = await createSite({
      'content/thong-bao.md': ARTICLE,
      'content/lich.pdf': PDF,
      // Allowed types whose bytes match, upper-case extensions included: no error for them.
      'content/tai-lieu/bao-cao.DOCX': ZIP,
      'content/tai-lieu/anh.PNG': PNG,
      'content/tai-lieu/anh-chup.jfif': FAKE_JPEG,
      ...HOSTILE,
      'dist/.bantin-output': 'cũ\n',
      'dist/index.html': '<p>trang cũ</p>\n',
    });
    const before = await site.snapshot('dist');
    const { code, text } = await build(site);
    expect(code).toBe(1);
    for (const file of Object.keys(HOSTILE)) {
      expect(text, file).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+lỗi BT009`));
    }
    expect(text.match(/lỗi BT009/g)?.length).toBe(Object.keys(HOSTILE).length);
    expect(text.match(/Cách sửa: .*static\//g)?.length).toBe(Object.keys(HOSTILE).length);
    expect(text).not.toMatch(/(lich\.pdf|tai-lieu\/\S+)\s+lỗi/);
    expect(await site.snapshot('dist')).toEqual(before);
  });

  it('should make check --strict fail on them too (same reading of the site)', async () => {
    site = await createSite({ 'content/thong-bao.md': ARTICLE, 'content/lich.pdf': PDF, 'content/sw.js': 'x' });
    const { code, text } = await cli(['check', '--strict', '--root', site.root, '--now', NOW]);
    expect(code).toBe(1);
    expect(text).toMatch(/content\/sw\.js\s+lỗi BT009/);
    expect(text).not.toMatch(/Đạt/);
  });

  it('should judge by bytes, not by the name', () => {
    expect(checkContentFile('a.pdf', new TextEncoder().encode('%PDF-1.7'), 'content/a.pdf')).toBeUndefined();
    expect(checkContentFile('a.pdf', new TextEncoder().encode('<html>'), 'content/a.pdf')?.code).toBe('BT009');
    expect(checkContentFile('a.jpe', FAKE_JPEG.subarray(0, 16), 'content/a.jpe')).toBeUndefined();
    expect(checkContentFile('a.svg', new TextEncoder().encode('<svg/>'), 'content/a.svg')?.message).toMatch(/không thuộc loại/);
    expect(checkContentFile('CNAME', new TextEncoder().encode('x.example'), 'content/CNAME')?.code).toBe('BT009');
  });
});

describe('static/: the trusted folder beside templates/', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should copy every file of static/ as it is to the output root', async () => {
    const files = {
      'static/CNAME': 'phuong.example.gov.vn\n',
      'static/google123.html': 'google-site-verification: google123.html\n',
      'static/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
      'static/admin/index.html': '<!DOCTYPE html><title>CMS</title>\n',
    };
    site = await createSite({ 'content/thong-bao.md': ARTICLE, 'content/lich.pdf': PDF, ...files });
    const { code, text } = await build(site);
    expect(text).not.toMatch(/lỗi/);
    expect(code).toBe(0);
    const out = await readTree(site.path('dist'));
    for (const [rel, contents] of Object.entries(files)) expect(out.get(rel.slice('static/'.length)), rel).toBe(contents);
  });

  it('should refuse a content file on the path of a static/ file', async () => {
    site = await createSite({ 'content/thong-bao.md': ARTICLE, 'content/lich.pdf': PDF, 'static/lich.pdf': PDF });
    const { code, text } = await build(site);
    expect(code).toBe(1);
    expect(text).toMatch(/content\/lich\.pdf\s+lỗi BT128/);
  });
});

describe('names that are one name on many hosts', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should refuse two Unicode spellings (NFC, NFD) of one file name, located', async () => {
    site = await createSite({
      'content/thong-bao.md': ARTICLE,
      'content/lich.pdf': PDF,
      ['content/bi\u1ec3u-m\u1eabu.pdf'.normalize('NFC')]: PDF,
      ['content/bi\u1ec3u-m\u1eabu.pdf'.normalize('NFD')]: PDF,
    });
    const { code, text } = await build(site);
    expect(code).toBe(1);
    expect(text).toMatch(/lỗi BT011: .*hai kiểu mã Unicode/);
  });

  it('should refuse names that differ only by case', async () => {
    site = await createSite({ 'content/thong-bao.md': ARTICLE, 'content/lich.pdf': PDF, 'content/Lich.PDF': PDF });
    const { code, text } = await build(site);
    expect(code).toBe(1);
    expect(text).toMatch(/content\/lich\.pdf\s+lỗi BT011: .*chữ hoa, chữ thường/);
  });
});
