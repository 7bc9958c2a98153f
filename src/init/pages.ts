/**
 * The fixed pages of a new ward site (`type: page`) and the menu that holds them. Text a ward must
 * write itself is a placeholder `[Điền …]` (src/content/placeholders.ts), which `check` flags
 * until it is replaced.
 */
import { placeholder as fill } from '../content/placeholders.js';

export interface WardPage {
  /** Path under `content/`. */
  readonly path: string;
  readonly slug: string;
  readonly contents: string;
}

const q = (text: string): string => JSON.stringify(text);

function page(slug: string, title: string, summary: string, body: readonly string[], extra: readonly string[] = []): WardPage {
  return {
    path: `trang/${slug}.md`,
    slug,
    contents: ['---', 'type: page', `title: ${q(title)}`, `slug: ${slug}`, `summary: ${q(summary)}`, ...extra, '---', '', ...body, ''].join('\n'),
  };
}

/** Giới thiệu, Cơ cấu tổ chức, Liên hệ, Lịch tiếp công dân of the ward `name` ("Phường Trần Phú"). */
export function wardPages(name: string): WardPage[] {
  return [
    page('gioi-thieu', 'Giới thiệu', `Giới thiệu chung về ${name}: vị trí, lịch sử, dân cư và kinh tế.`, [
      `${name} ${fill('năm thành lập và đơn vị hành chính cấp trên, ví dụ: được thành lập năm 1994, thuộc thành phố Quảng Ngãi')}.`,
      '',
      '## Vị trí địa lý',
      '',
      fill('diện tích tự nhiên, các đơn vị giáp ranh ở phía đông, tây, nam, bắc'),
      '',
      '## Dân cư',
      '',
      fill('số hộ, số nhân khẩu, số tổ dân phố hoặc thôn'),
      '',
      '## Kinh tế - xã hội',
      '',
      fill('các ngành kinh tế chính và những kết quả nổi bật'),
    ]),
    page('co-cau-to-chuc', 'Cơ cấu tổ chức', `Lãnh đạo Đảng ủy, HĐND, UBND và các đoàn thể ${name}.`, [
      '## Đảng ủy',
      '',
      `- Bí thư Đảng ủy: ${fill('họ tên')}`,
      `- Phó Bí thư Thường trực: ${fill('họ tên')}`,
      '',
      '## Hội đồng nhân dân',
      '',
      `- Chủ tịch HĐND: ${fill('họ tên')}`,
      '',
      '## Ủy ban nhân dân',
      '',
      `- Chủ tịch UBND: ${fill('họ tên, số điện thoại công vụ')}`,
      `- Phó Chủ tịch UBND: ${fill('họ tên, lĩnh vực phụ trách')}`,
      '',
      '## Ủy ban Mặt trận Tổ quốc và các đoàn thể',
      '',
      fill('tên và người đứng đầu từng tổ chức'),
    ]),
    page(
      'lien-he',
      'Liên hệ',
      `Địa chỉ, điện thoại, thư điện tử và giờ làm việc của ${name}.`,
      [
        'Địa chỉ, điện thoại, thư điện tử và giờ làm việc ở trên lấy từ phần `organization` của tệp `bantin.yaml`; sửa ở đó một lần là mọi trang đều đúng.',
        '',
        '## Bộ phận tiếp nhận và trả kết quả',
        '',
        fill('nơi đặt bộ phận một cửa và số điện thoại của bộ phận'),
        '',
        '## Đường dây nóng',
        '',
        fill('số điện thoại đường dây nóng, nếu có'),
      ],
      ['contact: true'],
    ),
    page('lich-tiep-cong-dan', 'Lịch tiếp công dân', `Lịch tiếp công dân định kỳ của lãnh đạo ${name}.`, [
      `Chủ tịch UBND ${name} tiếp công dân định kỳ ${fill('ngày trong tháng, ví dụ: ngày 10 và 25 hằng tháng')}, tại ${fill('địa điểm tiếp công dân')}.`,
      '',
      'Khi ngày tiếp công dân trùng ngày nghỉ, lịch chuyển sang ngày làm việc kế tiếp. Công dân mang theo căn cước và giấy tờ liên quan đến nội dung cần trình bày.',
    ]),
  ];
}

/** The `menu:` and `footerMenu:` lines of bantin.yaml for the pages of `wardPages`. */
export function wardMenu(pages: readonly WardPage[], firstCategory: string): string[] {
  const slug = (s: string) => pages.find((p) => p.slug === s)?.slug ?? s;
  return [
    '# Trình đơn đầu trang, theo thứ tự: trang cố định (page: slug hoặc tệp .md), chuyên mục (category:),',
    '# trang tìm kiếm (page: tim-kiem), văn bản (page: van-ban), lưu trữ (page: luu-tru), hoặc trang web',
    '# khác (url: … với label: …). Mỗi mục có thể có một cấp mục con (children:).',
    'menu:',
    '  - page: /',
    '    label: Trang chủ',
    `  - page: ${slug('gioi-thieu')}`,
    '    children:',
    `      - page: ${slug('co-cau-to-chuc')}`,
    `  - category: ${q(firstCategory)}`,
    '  - category: Thông báo',
    `  - page: ${slug('lich-tiep-cong-dan')}`,
    `  - page: ${slug('lien-he')}`,
    '# Trình đơn cuối trang.',
    'footerMenu:',
    `  - page: ${slug('gioi-thieu')}`,
    `  - page: ${slug('lien-he')}`,
    '  - page: luu-tru',
    '  - url: https://dichvucong.gov.vn',
    '    label: Cổng Dịch vụ công quốc gia',
  ];
}
