/**
 * Two outputs on one path (issue 14): an article whose page lands on a list page (`category: Trang`
 * with `slug: "2"` is `/trang/2/`, page 2 of that category) is a located error, never a stack, and
 * `check` finds it as `build` does (the same plan).
 */
import { describe, expect, it } from 'vitest';
import { createSite, md, type SiteFiles } from '../helpers/site.js';
import { build, cli, NOW } from './helpers.js';

function files(): SiteFiles {
  const out: SiteFiles = {
    'bantin.yaml': 'title: Phường Thử\npageSize: 5\n',
    'content/a.md': md({ title: 'Bài một', date: '01/05/2025', author: 'Hà Vân', category: 'Trang', slug: '2' }),
    'dist/.bantin-output': 'cũ\n',
    'dist/index.html': '<p>trang cũ</p>\n',
  };
  for (let i = 0; i < 12; i++) out[`content/b${i}.md`] = md({ title: `Bài số ${i}`, date: '02/05/2025', author: 'Hà Vân', category: 'Trang' });
  return out;
}

describe('an article on the path of a list page', () => {
  it('should stop build with BT132 at the slug line, and keep the old site', async () => {
    const site = await createSite(files());
    try {
      const before = await site.snapshot('dist');
      const { code, text } = await build(site);
      expect(code).toBe(1);
      expect(text, text.slice(0, 300)).toMatch(/content\/a\.md:\d+:1\s+lỗi BT132: Hai trang cùng ghi vào "\/trang\/2\/"/);
      expect(text).not.toMatch(/\n\s+at |duplicate output path/);
      expect(await site.snapshot('dist')).toEqual(before);
    } finally {
      await site.cleanup();
    }
  });

  it('should make check fail with the same error', async () => {
    const site = await createSite(files());
    try {
      const { code, text } = await cli(['check', '--root', site.root, '--now', NOW]);
      expect(code).toBe(1);
      expect(text).toMatch(/content\/a\.md:6:1\s+lỗi BT132/);
    } finally {
      await site.cleanup();
    }
  });
});

describe('a file of static/ on the path of a file bantin makes', () => {
  it('should stop build with BT131 at static/rss.xml (the site feed), never a stack, and keep the old site', async () => {
    const site = await createSite({
      'bantin.yaml': 'title: Phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n',
      'content/a.md': md({ title: 'Bài một', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'static/rss.xml': '<rss/>\n',
      'dist/.bantin-output': 'cũ\n',
      'dist/index.html': '<p>trang cũ</p>\n',
    });
    try {
      const before = await site.snapshot('dist');
      const { code, text } = await build(site);
      expect(code).toBe(1);
      expect(text).toMatch(/static\/rss\.xml\s+lỗi BT131: .*\(rss\.xml\)/);
      expect(text).not.toMatch(/\n\s+at |duplicate output path/);
      expect(await site.snapshot('dist')).toEqual(before);
    } finally {
      await site.cleanup();
    }
  });
});

describe('check finds a static/ file over a generated file, as build does', () => {
  it('should fail check with BT131 at static/rss.xml', async () => {
    const site = await createSite({
      'bantin.yaml': 'title: Phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n',
      'content/a.md': md({ title: 'Bài một', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
      'static/rss.xml': '<rss/>\n',
    });
    try {
      const { code, text } = await cli(['check', '--root', site.root, '--now', NOW]);
      expect(code).toBe(1);
      expect(text).toMatch(/static\/rss\.xml\s+lỗi BT131/);
    } finally {
      await site.cleanup();
    }
  });
});
