/**
 * The embargo (issue 14): a file only drafts or scheduled articles link to or show (a PDF, a photo
 * with every variant and its -og.jpg) is not published before its article; `--drafts`/`--future`
 * show them, and a file a published article uses too is published.
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAndBuild } from '../../src/project/load-site.js';
import { createSite, md, type TempSite } from '../helpers/site.js';
import { build, readTree } from './helpers.js';

const PDF = '%PDF-1.4\n%bản kế hoạch chưa công bố\n';

async function files() {
  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  return {
    'bantin.yaml': 'title: Phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n',
    'content/tin/da-dang.md': md({ title: 'Bài đã đăng', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Xem [quy chế](../chung/quy-che.pdf).\n'),
    'content/nhap/ke-hoach.md': md(
      { title: 'Kế hoạch giải phóng mặt bằng', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo', draft: 'true', image: 'ban-do.jpg' },
      'Tải [kế hoạch](ke-hoach.pdf) và [quy chế](../chung/quy-che.pdf).\n\n![Bản đồ](ban-do-chi-tiet.jpg)\n',
    ),
    'content/nhap/ke-hoach.pdf': PDF,
    'content/nhap/ban-do.jpg': photo,
    'content/nhap/ban-do-chi-tiet.jpg': photo,
    'content/hen/thong-bao.md': md({ title: 'Thông báo hẹn giờ', date: '01/01/2030 08:00', author: 'Hà Vân', category: 'Thông báo' }, 'Xem [danh sách](danh-sach.pdf).\n'),
    'content/hen/danh-sach.pdf': PDF,
    'content/chung/quy-che.pdf': PDF,
  };
}

describe('files of unpublished articles', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.cleanup();
    site = undefined;
  });

  it('should not publish them, nor any variant or link-preview crop of their photos, until their articles are', async () => {
    site = await createSite(await files());
    const { code, text } = await build(site);
    expect(text).not.toMatch(/lỗi/);
    expect(code).toBe(0);
    const out = [...(await readTree(site.path('dist'))).keys()];
    expect(out).toContain('chung/quy-che.pdf');
    expect(out.filter((f) => f.startsWith('nhap/') || f.startsWith('hen/'))).toEqual([]);

    // They appear with their articles: here shown by --drafts and --future.
    expect((await build(site, '--drafts', '--future')).code).toBe(0);
    const all = [...(await readTree(site.path('dist'))).keys()];
    expect(all).toEqual(expect.arrayContaining(['nhap/ke-hoach.pdf', 'nhap/ban-do.jpg', 'nhap/ban-do-og.jpg', 'hen/danh-sach.pdf', 'chung/quy-che.pdf']));
    expect(all.some((f) => /^nhap\/ban-do-chi-tiet-\d+w\.webp$/.test(f))).toBe(true);
  });

  it('should hand the writer only the published files when it copies them ahead of the pages', async () => {
    // The build copies content files while the pages render: they must already be the final list.
    site = await createSite({ ...(await files()), 'content/tin/so-do.pdf': PDF });
    const events: string[] = [];
    let ahead: string[] = [];
    const loaded = await loadAndBuild({
      cwd: site.root,
      root: '.',
      cacheDir: false,
      onCopies: (copies) => {
        ahead = [...copies.keys()].sort();
        events.push('copies');
      },
      onPage: () => events.push('page'),
    });
    expect(events[0]).toBe('copies');
    expect(events.filter((e) => e === 'copies')).toHaveLength(1);
    expect(events.length).toBeGreaterThan(3);
    // The theme's files and the published content files; not the draft's or the scheduled article's.
    expect(ahead.filter((p) => !p.startsWith('assets/'))).toEqual(['chung/quy-che.pdf', 'tin/so-do.pdf']);
    expect([...loaded.copies.keys()].sort()).toEqual(ahead);
    await loaded.close();
  });
});
