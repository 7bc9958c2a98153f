import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { runCheck, type CheckFormat, type CheckReport } from '../src/commands/check.js';
import { createMemoryLogger } from '../src/logger.js';
import { jpegOfSize, TINY_JPEG } from './helpers/serve-fixtures.js';
import { createSite, md, type SiteFiles, type TempSite } from './helpers/site.js';

const NOW = '2025-06-01T00:00:00+07:00';

async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text(), lines: logger.lines };
}

/** A filled organisation block: without it every check warns with BT342. */
const ORG = 'organization:\n  name: UBND phường Thử\n  address: 1 Trần Phú\n  phone: "0255 3822 123"\n  email: ubnd@phuong-thu.gov.vn\n  responsible: Ông Nguyễn Văn Minh\n';

const fields = (title: string, extra: Record<string, string> = {}) => ({ title, date: '20/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo', ...extra });

/** A site without mistakes, with a draft and a scheduled article. */
const GOOD: SiteFiles = {
  'bantin.yaml': `title: Bản tin phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n${ORG}`,
  'content/thong-bao/a.md': md(fields('Lịch tiếp công dân'), '![Hội trường](anh.jpg "Hội trường")\n\nXem [bài B](b.md).\n'),
  'content/thong-bao/b.md': md(fields('Họp dân tổ 3')),
  'content/thong-bao/anh.jpg': TINY_JPEG,
  'content/nhap.md': md({ ...fields('Bài nháp'), draft: 'true' }),
  'content/hen-gio.md': md({ ...fields('Bài hẹn giờ'), date: '01/01/2030 08:00' }),
};

/** One article with only warnings: raw HTML, an image without alt text, an image over the limit. */
const WARNINGS: SiteFiles = {
  ...GOOD,
  // images.process off: readers get the original, so an image over the limit is slow for them (BT320).
  'bantin.yaml': `title: Bản tin phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\nmaxImageSize: 1KB\nimages:\n  process: false\n${ORG}`,
  'content/thong-bao/c.md': md(fields('Bài có cảnh báo'), 'Mở đầu.\n\n<iframe src="https://x.vn"></iframe>\n\n![](anh.jpg)\n\n![Ảnh lớn](lon.jpg)\n'),
  'content/thong-bao/lon.jpg': jpegOfSize(3000),
};

/** Every kind of error a build stops on. */
const ERRORS: SiteFiles = {
  ...WARNINGS,
  'content/loi/ngay.md': md({ ...fields('Bài sai ngày'), date: '30/02/2025' }),
  'content/loi/trung-1.md': md(fields('Bài trùng tên')),
  'content/loi/trung-2.md': md(fields('Bài trùng tên')),
  'content/loi/lien-ket.md': md(fields('Bài có liên kết hỏng'), 'Xem [bài cũ](khong-co.md) và ![Ảnh](khong-co.jpg).\n'),
  'content/loi/thieu.md': '---\ntitle: Bài thiếu chuyên mục\ndate: 20/05/2025\nauthor: A\n---\n\nNội dung.\n',
};

describe('bantin check', () => {
  let site: TempSite;
  /** `bantin check` run from the site's folder, as CI runs it from the repository's. */
  const check = async (...args: string[]) => {
    const logger = createMemoryLogger();
    const format = args.includes('--format') ? (args[args.indexOf('--format') + 1] as CheckFormat) : undefined;
    const code = await runCheck({ root: site.root, cwd: site.root, now: Date.parse(NOW), strict: args.includes('--strict'), format }, logger);
    return { code, text: logger.text(), lines: logger.lines };
  };
  afterEach(() => site?.cleanup());

  // Issue 15: what a build lets through but makes a launched site look abandoned.
  it('should warn about an empty body and placeholder text in published articles, and fail on them with --strict', async () => {
    site = await createSite({
      ...GOOD,
      'content/thong-bao/trong.md': md(fields('Bài chưa viết'), ''),
      'content/thong-bao/cap-nhat.md': md(fields('Lịch tiêm chủng tháng 6'), 'Nội dung đang cập nhật.\n'),
      'content/thong-bao/dien.md': md(fields('Thông báo họp dân'), 'Thời gian: [điền ngày họp], tại nhà văn hoá tổ 3.\n'),
      'content/thong-bao/nhap-trong.md': md({ ...fields('Nháp chưa viết'), draft: 'true' }, ''),
    });
    const relaxed = await check();
    expect(relaxed.code).toBe(0);
    const warnings = relaxed.text.split('\n').filter((l) => / cảnh báo BT34\d/.test(l));
    expect(warnings).toEqual([
      '1. content/thong-bao/cap-nhat.md:2:1  cảnh báo BT341: Bài "Lịch tiêm chủng tháng 6" còn nội dung tạm ("Nội dung đang cập nhật"), chưa phải tin cho người dân.',
      '2. content/thong-bao/dien.md:2:1  cảnh báo BT341: Bài "Thông báo họp dân" còn nội dung tạm ("[điền …]"), chưa phải tin cho người dân.',
      '3. content/thong-bao/trong.md:2:1  cảnh báo BT340: Bài "Bài chưa viết" chưa có nội dung: người dân chỉ thấy tiêu đề.',
    ]);
    expect(relaxed.text).toContain('Cách sửa: Viết nội dung bài bên dưới dòng "---" thứ hai, hoặc thêm draft: true để chưa đăng bài.');
    expect(relaxed.lines.at(-1)).toBe('Kiểm tra xong: 5 bài sẽ được đăng, 0 lỗi, 3 cảnh báo, 2 bản nháp, 1 bài hẹn giờ. Đạt, nhưng nên sửa các cảnh báo trên.');
    const strict = await check('--strict');
    expect(strict.code).toBe(1);
    expect(strict.lines.at(-1)).toContain('Chưa đạt vì --strict');
  });

  it('should pass a site without mistakes, list its drafts and scheduled articles with their dates, and write nothing', async () => {
    site = await createSite(GOOD);
    const result = await check();
    expect(result.code).toBe(0);
    expect(result.lines.at(-1)).toBe('Kiểm tra xong: 2 bài sẽ được đăng, 0 lỗi, 0 cảnh báo, 1 bản nháp, 1 bài hẹn giờ. Đạt: không có lỗi nào.');
    expect(result.text).toContain('Bản nháp (không đăng; dùng --drafts để xem trước):\n  content/nhap.md — 20/05/2025 08:00 — Bài nháp');
    expect(result.text).toContain('Bài hẹn giờ (tự đăng khi đến ngày và có lần dựng trang sau đó):\n  content/hen-gio.md — 01/01/2030 08:00 — Bài hẹn giờ');
    expect(existsSync(site.path('dist'))).toBe(false);
  });

  it('should find every kind of mistake a build would, each at its file and line, and exit 1', async () => {
    site = await createSite(ERRORS);
    const result = await check('--format', 'json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.text) as CheckReport;
    const found = report.diagnostics.map((d) => `${d.file}:${d.line ?? '-'} ${d.severity} ${d.code}`);
    expect(found).toEqual([
      'content/loi/lien-ket.md:8 error BT125',
      'content/loi/lien-ket.md:8 error BT126',
      'content/loi/ngay.md:3 error BT114',
      'content/loi/thieu.md:1 error BT111',
      'content/loi/trung-2.md:2 error BT122',
      'content/thong-bao/c.md:10 warning BT301',
      'content/thong-bao/c.md:12 warning BT304',
      'content/thong-bao/c.md:14 warning BT320',
    ]);
    expect(report.diagnostics.find((d) => d.code === 'BT320')).toMatchObject({
      column: 1,
      message: 'Ảnh "lon.jpg" nặng 3 KB, quá giới hạn 1 KB; người xem bằng điện thoại sẽ phải chờ lâu.',
      hint: expect.stringContaining('maxImageSize'),
    });
    expect(report).toMatchObject({ ok: false, strict: false, errors: 5, warnings: 3 });
  });

  it('should pass with warnings, and fail on them with --strict', async () => {
    site = await createSite(WARNINGS);
    const relaxed = await check();
    expect(relaxed.code).toBe(0);
    expect(relaxed.lines.at(-1)).toContain('0 lỗi, 3 cảnh báo');
    expect(relaxed.lines.at(-1)).toContain('Đạt, nhưng nên sửa các cảnh báo trên.');
    expect(relaxed.text).toContain('content/thong-bao/c.md:12:1  cảnh báo BT304');
    const strict = await check('--strict');
    expect(strict.code).toBe(1);
    expect(strict.lines.at(-1)).toContain('Chưa đạt vì --strict');
  });

  it('should print a machine-readable report with --format json', async () => {
    site = await createSite(WARNINGS);
    const result = await check('--format', 'json', '--strict');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.text) as CheckReport;
    expect(report).toMatchObject({ ok: false, strict: true, errors: 0, warnings: 3, published: 3 });
    expect(report.diagnostics[1]).toEqual({
      code: 'BT304',
      severity: 'warning',
      file: 'content/thong-bao/c.md',
      line: 12,
      column: 1,
      message: 'Ảnh chưa có mô tả (alt), người khiếm thị sẽ không biết ảnh nói gì.',
      hint: 'Viết mô tả trong ngoặc vuông: ![Toàn cảnh hội nghị](anh.jpg).',
    });
    expect(report.drafts).toEqual([{ file: 'content/nhap.md', title: 'Bài nháp', date: '2025-05-20T08:00:00+07:00', dateText: '20/05/2025 08:00' }]);
    expect(report.scheduled).toEqual([{ file: 'content/hen-gio.md', title: 'Bài hẹn giờ', date: '2030-01-01T08:00:00+07:00', dateText: '01/01/2030 08:00' }]);
  });

  it('should print GitHub Actions annotations on the offending lines with --format github', async () => {
    site = await createSite(ERRORS);
    const result = await check('--format', 'github');
    expect(result.code).toBe(1);
    const lines = result.text.split('\n');
    expect(lines).toContain('::error file=content/loi/ngay.md,line=3,col=1,title=BT114::Ngày "30/02/2025" không có trong lịch. Cách sửa: Tháng 2/2025 có 28 ngày. Kiểm tra lại ngày và tháng; ngày viết trước tháng, ví dụ 11/10/2021 14:48.');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(5);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(3);
    expect(lines).toContain('::notice file=content/nhap.md,title=Bản nháp::Bản nháp, sẽ không được đăng: "Bài nháp" (ngày 20/05/2025 08:00).');
    expect(lines).toContain('::notice file=content/hen-gio.md,title=Bài hẹn giờ::Bài hẹn giờ, được đăng từ 01/01/2030 08:00: "Bài hẹn giờ".');
    expect(lines.at(-1)).toMatch(/^Kiểm tra xong: .* Chưa đạt: sửa các lỗi trên rồi kiểm tra lại\.$/);
    // With errors a build writes nothing: no "N bài sẽ được đăng" (issue 15).
    expect(lines.at(-1)).toMatch(/^Kiểm tra xong: chưa bài nào được đăng khi còn lỗi \(\d+ bài đã sẵn sàng\), 5 lỗi, 3 cảnh báo, /);
    expect(lines.at(-1)).not.toContain('sẽ được đăng');
  });

  it('should report a config error in every format, and exit 1', async () => {
    site = await createSite({ ...GOOD, 'bantin.yaml': `title: A\npagesize: 5\n${ORG}` });
    const result = await check('--format', 'github');
    expect(result.code).toBe(1);
    expect(result.lines[0]).toBe('::error file=bantin.yaml,line=2,col=1,title=BT202::Trường "pagesize" không có trong cấu hình của bantin. Cách sửa: Có phải ý bạn là "pageSize"?');
  });

  it('should find template errors by rendering every page', async () => {
    site = await createSite({ ...GOOD, 'templates/pages/404.hbs': '{{#> base}}{{page.titel}}{{/base}}\n' });
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.text).toContain('templates/pages/404.hbs:1:');
    expect(result.text).toContain('lỗi BT403');
  });
});

describe('bantin check on the command line', () => {
  let site: TempSite;
  afterEach(() => site?.cleanup());

  it('should take the site options and --format, and exit 2 for an unknown format', async () => {
    site = await createSite(GOOD);
    const ok = await cli(['check', '--root', site.root, '--content', site.path('content'), '--config', site.path('bantin.yaml'), '--now', NOW, '--format', 'github']);
    expect(ok.code).toBe(0);
    expect(ok.lines[0]).toBe(`::notice file=${site.path('content/nhap.md').replace(/:/g, '%3A')},title=Bản nháp::Bản nháp, sẽ không được đăng: "Bài nháp" (ngày 20/05/2025 08:00).`);
    expect((await cli(['check', '--root', site.root, '--format', 'xml'])).code).toBe(2);
  });
});

describe('bantin build --strict', () => {
  let site: TempSite;
  afterEach(() => site?.cleanup());

  it('should fail on warnings and write nothing, as bantin check --strict does, and build without --strict', async () => {
    site = await createSite(WARNINGS);
    const strict = await cli(['build', '--root', site.root, '--now', NOW, '--no-cache', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.text).toContain('content/thong-bao/c.md:14:1  cảnh báo BT320');
    expect(strict.lines.at(-1)).toMatch(/^\nDựng trang thất bại vì --strict: 3 cảnh báo \(sửa chúng, hoặc dựng không có --strict\)\. Chưa ghi gì vào ".*dist"\.$/);
    expect(existsSync(site.path('dist'))).toBe(false);
    const relaxed = await cli(['build', '--root', site.root, '--now', NOW, '--no-cache']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.lines.at(-1)).toContain('3 cảnh báo');
  });

  // Issue 15: BT320 said every phone photo over 2 MB is slow for readers; they get the resized variants.
  it('should warn about a photo over the default 2 MB limit only when readers get the original (images.process: false)', async () => {
    const big = jpegOfSize(2 * 1024 * 1024 + 1);
    site = await createSite({ ...GOOD, 'content/thong-bao/anh.jpg': big });
    const resized = await cli(['check', '--root', site.root, '--now', NOW]);
    expect(resized.code).toBe(0);
    expect(resized.text).not.toContain('BT320');
    await site.cleanup();
    site = await createSite({ ...GOOD, 'bantin.yaml': `title: Bản tin phường Thử\nimages:\n  process: false\n${ORG}`, 'content/thong-bao/anh.jpg': big });
    const original = await cli(['check', '--root', site.root, '--now', NOW]);
    expect(original.code).toBe(0);
    expect(original.text).toContain('content/thong-bao/a.md:8:1  cảnh báo BT320: Ảnh "anh.jpg" nặng 2 MB, quá giới hạn 2 MB; người xem bằng điện thoại sẽ phải chờ lâu.');
    expect(original.text).toContain('Cách sửa: images.process đang tắt nên người xem tải nguyên ảnh gốc: bật lại (images: process: true) để bantin tự làm bản nhỏ cho điện thoại, hoặc thu nhỏ ảnh trước khi đưa lên.');
  });

  it('should warn about a GIF over the limit, which bantin does not resize', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(3000, 0x21)]);
    site = await createSite({ ...GOOD, 'bantin.yaml': `title: Bản tin phường Thử\nmaxImageSize: 1KB\n${ORG}`, 'content/thong-bao/b.md': md(fields('Họp dân tổ 3'), '![Sơ đồ](so-do.gif)\n'), 'content/thong-bao/so-do.gif': gif });
    const result = await cli(['check', '--root', site.root, '--now', NOW]);
    expect(result.text).toContain('cảnh báo BT320: Ảnh "so-do.gif" nặng 3 KB, quá giới hạn 1 KB; người xem bằng điện thoại sẽ phải chờ lâu.');
    expect(result.text).toContain('Cách sửa: bantin không tự thu nhỏ ảnh dạng này: lưu lại thành JPEG hoặc PNG (bantin sẽ làm bản nhỏ cho điện thoại), hoặc thu nhỏ ảnh trước khi đưa lên.');
  });
});

describe('bantin build and bantin check print a problem the same way', () => {
  let site: TempSite;
  afterEach(() => site?.cleanup());

  it('should give the same numbered messages and code frames for every error, site-wide ones included', async () => {
    site = await createSite(ERRORS);
    const built = await cli(['build', '--root', site.root]);
    const checked = await cli(['check', '--root', site.root]);
    expect(built.code).toBe(1);
    expect(checked.code).toBe(1);
    // Everything up to the summary line: the list of problems with their source lines.
    const problems = (text: string) => text.slice(0, text.search(/\n\n\S/)).trim();
    expect(problems(built.text)).toContain('lỗi BT126');
    expect(problems(built.text)).toMatch(/^\s+\d+ \| Xem \[bài cũ\]\(khong-co\.md\)/m);
    expect(problems(built.text)).toEqual(problems(checked.text));
  });
});
