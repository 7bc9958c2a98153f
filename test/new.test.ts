import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli.js';
import { newArticle } from '../src/commands/new.js';
import { createMemoryLogger } from '../src/logger.js';
import { config, createSite, type TempSite } from './helpers/site.js';

const NOW = '2025-06-01T00:00:00Z';
const CATEGORIES = ['categories:', '  - name: Hoạt động của xã phường', '  - name: Thông báo', '  - name: Y tế & Giáo dục', '    slug: y-te-giao-duc', ''].join('\n');

async function cli(args: readonly string[]) {
  const logger = createMemoryLogger();
  const code = await run(args, logger);
  return { code, text: logger.text(), lines: logger.lines };
}

describe('bantin new', () => {
  let site: TempSite;
  const bantinNew = (...args: string[]) => cli(['new', ...args, '--root', site.root, '--now', NOW]);

  beforeEach(async () => {
    site = await createSite({ 'bantin.yaml': `title: Bản tin phường Thử\n${CATEGORIES}`, 'content/.giu': '' });
  });
  afterEach(() => site.cleanup());

  it('should write content/{category-slug}/{slug}.md with the front-matter filled in, and print its path', async () => {
    const result = await bantinNew('Họp dân tổ 3: bàn về chỉnh trang đô thị', '--category', 'Thông báo', '--author', 'Hà Vân');
    expect(result.code).toBe(0);
    expect(result.lines[0]).toBe(site.path('content/thong-bao/hop-dan-to-3-ban-ve-chinh-trang-do-thi.md'));
    expect(await site.read('content/thong-bao/hop-dan-to-3-ban-ve-chinh-trang-do-thi.md')).toBe(
      [
        '---',
        'title: "Họp dân tổ 3: bàn về chỉnh trang đô thị"',
        'date: "01/06/2025 07:00"',
        'author: "Hà Vân"',
        'category: "Thông báo"',
        'tags: []  # Từ khoá, ví dụ: tags: [Đảng ủy, Hội nghị]',
        'summary: ""  # Một hai câu tóm tắt; để trống thì lấy đoạn đầu của bài',
        'slug: hop-dan-to-3-ban-ve-chinh-trang-do-thi  # Đường dẫn của bài; giữ nguyên sau khi đăng để liên kết đã chia sẻ không bị hỏng',
        '# image: anh-bia.jpg  (ảnh bìa, đặt cạnh tệp này; bỏ dấu # ở đầu dòng để dùng)',
        '# draft: true  (bỏ dấu # để giữ bài ở dạng nháp, chưa đăng)',
        '---',
        '',
        '<!-- Viết nội dung bài bên dưới. Ảnh đặt cạnh tệp này: ![Mô tả ảnh](ten-anh.jpg "Chú thích dưới ảnh"). Hướng dẫn: docs/huong-dan-bien-tap.md -->',
        '',
      ].join('\n'),
    );
  });

  it('should pin the URL with slug:, so a later fix of a typo in the title keeps the address', async () => {
    await bantinNew('Thông bao lịch tiêm chủng', '--category', 'Thông báo', '--author', 'Hà Vân');
    const file = 'content/thong-bao/thong-bao-lich-tiem-chung.md';
    const text = await site.read(file);
    expect(text).toContain('\nslug: thong-bao-lich-tiem-chung  #');
    await site.write({ [file]: text.replace('title: "Thông bao lịch tiêm chủng"', 'title: "Thông báo lịch tiêm chủng mở rộng"') });
    const build = await cli(['build', '--root', site.root, '--now', '2025-06-02T00:00:00+07:00', '--no-cache']);
    expect(build.code, build.text).toBe(0);
    expect(await site.read('dist/thong-bao/thong-bao-lich-tiem-chung/index.html')).toContain('Thông báo lịch tiêm chủng mở rộng');
    await expect(readFile(site.path('dist/thong-bao/thong-bao-lich-tiem-chung-mo-rong/index.html'))).rejects.toThrow(/ENOENT/);
  });

  it('should give an article that builds straight away, at the URL its title gives', async () => {
    await bantinNew('Tiêm chủng mở rộng tháng 6', '--category', 'Y tế & Giáo dục', '--author', 'Hà Vân');
    const build = await cli(['build', '--root', site.root, '--now', '2025-06-02T00:00:00+07:00', '--no-cache']);
    expect(build.code, build.text).toBe(0);
    expect(await site.read('dist/y-te-giao-duc/tiem-chung-mo-rong-thang-6/index.html')).toContain('Tiêm chủng mở rộng tháng 6');
  });

  it('should write the date as dd/mm/yyyy HH:mm in the time zone of the site', async () => {
    await site.write({ 'bantin.yaml': `timeZone: UTC\n${CATEGORIES}` });
    await bantinNew('Bài giờ UTC', '--category', 'Thông báo', '--author', 'A');
    expect(await site.read('content/thong-bao/bai-gio-utc.md')).toContain('date: "01/06/2025 00:00"\n');
  });

  it('should take --date in any format bantin reads, and refuse a date that does not exist', async () => {
    await bantinNew('Bài có giờ', '--category', 'Thông báo', '--author', 'A', '--date', '11/10/2021 14:48');
    expect(await site.read('content/thong-bao/bai-co-gio.md')).toContain('date: "11/10/2021 14:48"\n');
    await bantinNew('Bài không giờ', '--category', 'Thông báo', '--author', 'A', '--date', '2021-10-11');
    expect(await site.read('content/thong-bao/bai-khong-gio.md')).toContain('date: "11/10/2021"\n');
    const bad = await bantinNew('Bài sai ngày', '--category', 'Thông báo', '--date', '30/02/2021');
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('lỗi BT603: Ngày "30/02/2021" sau --date: Ngày "30/02/2021" không có trong lịch.');
  });

  it('should refuse to overwrite an existing file', async () => {
    await bantinNew('Thông báo lịch cắt điện', '--category', 'Thông báo', '--author', 'A');
    await site.write({ 'content/thong-bao/thong-bao-lich-cat-dien.md': 'bài đã viết' });
    const again = await bantinNew('Thông báo lịch cắt điện', '--category', 'Thông báo', '--author', 'B');
    expect(again.code).toBe(1);
    expect(again.text).toContain('lỗi BT604');
    expect(again.text).toContain('đã có; bantin không ghi đè lên bài đã có.');
    expect(await site.read('content/thong-bao/thong-bao-lich-cat-dien.md')).toBe('bài đã viết');
  });

  it('should refuse an unknown category, listing the configured ones', async () => {
    const result = await bantinNew('Bài mới', '--category', 'Tin tức');
    expect(result.code).toBe(1);
    expect(result.text).toContain('lỗi BT602: Chuyên mục "Tin tức" không có trong bantin.yaml.');
    expect(result.text).toContain('Cách sửa: Chọn một trong các chuyên mục: Hoạt động của xã phường, Thông báo, Y tế & Giáo dục.');
  });

  it('should take a category however its tone marks are placed, as configured', async () => {
    await bantinNew('Bài hoạt động', '--category', 'hoạt động của xã phường', '--author', 'A');
    expect(await site.read('content/hoat-dong-cua-xa-phuong/bai-hoat-dong.md')).toContain('category: "Hoạt động của xã phường"\n');
  });

  it('should leave category and author for the editor, with a comment, when neither flag nor config gives them', async () => {
    const result = await bantinNew('Bài chưa có chuyên mục');
    expect(result.code).toBe(0);
    const text = await site.read('content/bai-chua-co-chuyen-muc.md');
    expect(text).toContain('author:  # Điền tên tác giả, ví dụ: author: Nguyễn Văn An\n');
    expect(text).toContain('category:  # Điền chuyên mục, một trong: Hoạt động của xã phường, Thông báo, Y tế & Giáo dục\n');
    // The build then says what is missing, where.
    const build = await cli(['build', '--root', site.root, '--no-cache']);
    expect(build.code).toBe(1);
    expect(build.text).toContain('content/bai-chua-co-chuyen-muc.md:4:1  lỗi BT113: Trường "author" đang để trống.');
    expect(build.text).toContain('content/bai-chua-co-chuyen-muc.md:5:1  lỗi BT113: Trường "category" đang để trống.');
  });

  it('should take the author from defaultAuthor in bantin.yaml', async () => {
    await site.write({ 'bantin.yaml': `defaultAuthor: Ban biên tập\n${CATEGORIES}` });
    await bantinNew('Bài của ban biên tập', '--category', 'Thông báo');
    expect(await site.read('content/thong-bao/bai-cua-ban-bien-tap.md')).toContain('author: "Ban biên tập"\n');
  });

  it('should make the folder from any category name when the site lists none', () => {
    const made = newArticle({ title: 'Tin mới', category: 'An ninh - Quốc phòng', author: 'A' }, config(''), Date.parse(NOW));
    expect(made.path).toBe('an-ninh-quoc-phong/tin-moi.md');
    expect(made.text).toContain('category: "An ninh - Quốc phòng"\n');
  });

  it('should refuse a title without letters or digits', async () => {
    const result = await bantinNew('!!!', '--category', 'Thông báo');
    expect(result.code).toBe(1);
    expect(result.text).toContain('lỗi BT601: Không tạo được tên tệp từ tiêu đề "!!!".');
    await expect(readFile(site.path('content/thong-bao'))).rejects.toThrow();
  });
});
