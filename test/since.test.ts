/**
 * `bantin check --since <ref>` on a temporary git repository: every published address that a
 * change loses without an alias is an error with the line to add; a move between folders that
 * keeps the address is not reported; a shallow clone fetches the ref it needs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { createMemoryLogger } from '../src/logger.js';
import { createSite, md, type TempSite } from './helpers/site.js';

const NOW = '2025-06-01T10:00:00+07:00';

async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text() };
}

const article = (title: string, category: string, extra: Record<string, string | string[]> = {}) => md({ title, date: '01/05/2025', author: 'An', category, ...extra });

const CONFIG = 'categories:\n  - name: Thông báo\n  - name: Hoạt động của xã phường\n';

describe('bantin check --since', () => {
  let site: TempSite;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: site.root, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } });
  const check = (...more: string[]) => cli(['check', '--root', site.root, '--now', NOW, '--since', 'goc', ...more]);

  beforeAll(async () => {
    site = await createSite({
      'bantin.yaml': CONFIG,
      'content/thong-bao/lich-tiem.md': article('Lịch tiêm chủng tháng 5', 'Thông báo'),
      'content/thong-bao/hop-dan.md': article('Họp dân tổ 3', 'Thông báo', { slug: 'hop-dan-to-3' }),
      'content/thong-bao/bai-bo.md': article('Bài sẽ bị xoá', 'Thông báo', { slug: 'bai-se-bi-xoa' }),
      'content/hoat-dong/ra-quan.md': article('Ra quân vệ sinh', 'Hoạt động của xã phường', { slug: 'ra-quan' }),
      'content/hoat-dong/hoi-nghi.md': article('Hội nghị BCH', 'Hoạt động của xã phường', { slug: 'hoi-nghi', aliases: ['/2017/01/hoi-nghi.html'] }),
      'content/gioi-thieu.md': md({ type: 'page', title: 'Giới thiệu', slug: 'gioi-thieu' }),
    });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'goc');
    git('tag', 'goc');
  }, 60_000);
  afterAll(() => site.cleanup());

  it('should report nothing when nothing moved', async () => {
    const r = await check();
    expect(r.code, r.text).toBe(0);
    expect(r.text).not.toContain('BT170');
  });

  it('should report a title change, a category rename, a deletion and a lost alias, each with the line to add; not a move between folders', async () => {
    // A typo fixed in a title without slug: the URL moves.
    await site.write({ 'content/thong-bao/lich-tiem.md': article('Lịch tiêm chủng mở rộng tháng 5', 'Thông báo') });
    // The category "Hoạt động của xã phường" gets the slug "hoat-dong": both its articles move.
    await site.write({ 'bantin.yaml': 'categories:\n  - name: Thông báo\n  - name: Hoạt động của xã phường\n    slug: hoat-dong\n' });
    // One article is deleted; the page moves to another folder with the same slug (same URL).
    await site.remove('content/thong-bao/bai-bo.md');
    await site.remove('content/gioi-thieu.md');
    await site.write({ 'content/trang/gioi-thieu.md': md({ type: 'page', title: 'Giới thiệu', slug: 'gioi-thieu' }) });
    // An article moves folder but keeps its category and slug.
    await site.remove('content/thong-bao/hop-dan.md');
    await site.write({ 'content/thong-bao/2025/hop-dan.md': article('Họp dân tổ 3', 'Thông báo', { slug: 'hop-dan-to-3' }) });

    const r = await check();
    expect(r.code).toBe(1);
    const lines = r.text.split('\n').filter((l) => l.includes('BT170'));
    expect(lines).toHaveLength(4);
    expect(r.text).toContain('content/thong-bao/lich-tiem.md:2:1  lỗi BT170: Địa chỉ /thong-bao/lich-tiem-chung-thang-5/ của bài "Lịch tiêm chủng mở rộng tháng 5" (có ở goc) sẽ mất: bài nay ở /thong-bao/lich-tiem-chung-mo-rong-thang-5/.');
    expect(r.text).toContain('Thêm dòng này vào phần thông tin đầu bài, ngay dưới dòng 2 (title): aliases: [/thong-bao/lich-tiem-chung-thang-5/]');
    expect(r.text).toContain('content/hoat-dong/ra-quan.md:2:1  lỗi BT170: Địa chỉ /hoat-dong-cua-xa-phuong/ra-quan/ của bài "Ra quân vệ sinh"');
    // An article with aliases: already gets the whole line, old aliases kept.
    expect(r.text).toContain('content/hoat-dong/hoi-nghi.md:7:1  lỗi BT170: Địa chỉ /hoat-dong-cua-xa-phuong/hoi-nghi/ của bài "Hội nghị BCH"');
    expect(r.text).toContain('Sửa dòng 7 thành: aliases: [/2017/01/hoi-nghi.html, /hoat-dong-cua-xa-phuong/hoi-nghi/]');
    expect(r.text).toContain('content/thong-bao/bai-bo.md  lỗi BT170: Bài "Bài sẽ bị xoá" (có ở goc) đã bị xoá hoặc thôi đăng; địa chỉ /thong-bao/bai-se-bi-xoa/ sẽ trả lỗi 404.');
    expect(r.text).not.toContain('gioi-thieu');
    expect(r.text).not.toContain('hop-dan');
  });

  it('should be satisfied once the aliases are added as the messages say', async () => {
    await site.write({
      'content/thong-bao/lich-tiem.md': article('Lịch tiêm chủng mở rộng tháng 5', 'Thông báo', { aliases: ['/thong-bao/lich-tiem-chung-thang-5/'] }),
      'content/hoat-dong/ra-quan.md': article('Ra quân vệ sinh', 'Hoạt động của xã phường', { slug: 'ra-quan', aliases: ['/hoat-dong-cua-xa-phuong/ra-quan/'] }),
      'content/hoat-dong/hoi-nghi.md': article('Hội nghị BCH', 'Hoạt động của xã phường', { slug: 'hoi-nghi', aliases: ['/2017/01/hoi-nghi.html', '/hoat-dong-cua-xa-phuong/hoi-nghi/'] }),
      'content/gioi-thieu-moi.md': article('Thay bài đã xoá', 'Thông báo', { slug: 'thay-bai', aliases: ['/thong-bao/bai-se-bi-xoa/'] }),
    });
    const r = await check();
    expect(r.code, r.text).toBe(0);
    expect(r.text).not.toContain('BT170');
  });

  it('should fetch the ref one commit deep in a shallow clone, and say what to do when it cannot', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-shallow-'));
    try {
      // A branch the shallow, single-branch clone never fetched, as in a CI checkout.
      git('branch', '-f', 'cu', 'goc');
      const clone = path.join(parent, 'clone');
      execFileSync('git', ['clone', '-q', '--depth=1', '--single-branch', '--no-local', '--branch', 'main', site.root, clone]);
      expect(() => execFileSync('git', ['rev-parse', '--verify', '--quiet', 'origin/cu'], { cwd: clone, stdio: 'ignore' })).toThrow();
      const r = await cli(['check', '--root', clone, '--now', NOW, '--since', 'origin/cu']);
      expect(r.text).not.toContain('BT171');
      // At origin/cu (= goc) and in the clone (main = goc) the same articles: nothing lost.
      expect(r.code, r.text).toBe(0);
      expect(execFileSync('git', ['rev-parse', 'origin/cu'], { cwd: clone, encoding: 'utf8' }).trim()).toBe(git('rev-parse', 'goc').trim());
      const missing = await cli(['check', '--root', clone, '--now', NOW, '--since', 'origin/khong-co']);
      expect(missing.code).toBe(1);
      expect(missing.text).toContain('lỗi BT171: Không tìm thấy phiên bản "origin/khong-co" trong kho git (kho chỉ có một phần lịch sử).');
      expect(missing.text).toContain('fetch-depth: 0');
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
