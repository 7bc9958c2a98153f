/** The READMEs `bantin init` writes, in Vietnamese: one for the site, one for its templates folder. */

export interface SiteReadmeOptions {
  readonly name: string;
  readonly title: string;
  /** Version of bantin the site was made with. */
  readonly toolVersion: string;
  /** Site-relative path of the packed bantin the site depends on (`vendor/bantin-0.1.0.tgz`), if any. */
  readonly vendored?: string | undefined;
}

/** The paragraph on where bantin comes from: the packed copy in vendor/, or the npm registry. */
function toolSource({ toolVersion, vendored }: SiteReadmeOptions): string {
  if (vendored === undefined) {
    return `bantin được cài từ kho gói npm (\`"bantin": "^${toolVersion}"\` trong \`package.json\`). Nâng cấp: \`npm install bantin@latest\`.`;
  }
  return `bantin nằm ngay trong trang, ở tệp \`${vendored}\` (\`"bantin": "file:${vendored}"\` trong
\`package.json\`), nên \`npm install\` chạy được trên mọi máy có mạng mà không cần bantin có trên kho gói
npm. Giữ tệp này trong kho cùng các tệp khác.

Khi bantin đã có trên kho gói npm, chuyển sang bản trên npm bằng một lệnh (rồi xoá thư mục \`vendor/\`):

\`\`\`sh
npm install bantin@^${toolVersion}
\`\`\``;
}

/**
 * The site's README, in Vietnamese.
 * Long: it is the README's text, one template literal read top to bottom; splitting it would scatter the page.
 */
export function siteReadme(options: SiteReadmeOptions): string {
  const { name, title } = options;
  return `# ${title}

Trang tin điện tử của ${name}, dựng bằng bantin: mỗi bài viết là một tệp Markdown trong thư mục
\`content/\`, lệnh \`bantin build\` biến cả thư mục thành trang web trong \`dist/\`. Hướng dẫn cho biên tập
viên (viết bài, chèn ảnh, sửa lỗi, làm việc chỉ bằng trình duyệt trên GitHub hay GitLab) ở
\`docs/huong-dan-bien-tap.md\`.

## Cài đặt lần đầu

Cần [Node.js](https://nodejs.org/) 20.19 trở lên. Trong thư mục này:

\`\`\`sh
npm install          # cài bantin (một lần)
npm run build        # dựng trang vào thư mục dist/
npm run serve        # xem thử trên máy, thường ở http://127.0.0.1:4000 (địa chỉ hiện trên màn hình)
npm run check        # soát lỗi các bài viết, không dựng trang
\`\`\`

${toolSource(options)}

## Viết bài

Mỗi bài một tệp \`.md\`, đặt ở bất kỳ đâu trong \`content/\` (thư mục không làm đổi địa chỉ của bài).
Tệp bắt đầu bằng phần thông tin của bài giữa hai dòng \`---\`, sau đó là nội dung:

\`\`\`markdown
---
title: "Hội nghị BCH Đảng bộ phường lần thứ 14"
date: "11/10/2025 14:48"
author: Hà Vân
category: Hoạt động của xã phường
tags: [Đảng ủy, Hội nghị BCH]
summary: "Một hai câu tóm tắt, hiện trong danh sách bài."
image: toan-canh-hoi-nghi.jpg
---

Ngày 7/10, Đảng ủy phường đã tổ chức hội nghị …

![Toàn cảnh hội nghị](toan-canh-hoi-nghi.jpg "Chú thích dưới ảnh")
\`\`\`

| trường | bắt buộc | ý nghĩa |
|---|---|---|
| \`title\` | có | Tiêu đề. Đặt trong ngoặc kép khi có dấu \`:\` hoặc bắt đầu bằng \`#\`. |
| \`date\` | có | Ngày giờ đăng, ngày viết trước: \`"11/10/2025 14:48"\` hoặc \`"11/10/2025"\`. Bài có ngày ở tương lai tự lên trang vào ngày đó. |
| \`author\` | không | Tác giả; mặc định là \`defaultAuthor\` trong \`bantin.yaml\` (Ban biên tập). |
| \`category\` | có | Một chuyên mục trong danh sách \`categories\` của \`bantin.yaml\`. |
| \`tags\` | không | Từ khoá: \`[Đảng ủy, Hội nghị BCH]\`. |
| \`summary\` | không | Tóm tắt; mặc định là đoạn đầu tiên của bài. |
| \`image\` | không | Ảnh đại diện, tên tệp ảnh đặt cạnh bài. |
| \`draft\` | không | \`true\`: bài nháp, chưa đăng. |

Ảnh và tài liệu (PDF, Word…) đặt cạnh bài và được chép lên trang. Liên kết tới bài khác bằng tên tệp:
\`[xem thêm](../thong-bao/lich-tiep-cong-dan.md)\`.

## Thông tin cơ quan và chuyên mục

Sửa \`bantin.yaml\`: tên trang, thông tin cơ quan chủ quản (hiện ở cuối mọi trang: tên cơ quan, cơ quan
chủ quản, địa chỉ, điện thoại, thư điện tử, người chịu trách nhiệm) và danh sách chuyên mục.

## Đăng trang

### GitHub Pages

1. Đưa thư mục này lên một kho GitHub (nhánh \`main\`), cả tệp \`package-lock.json\` tạo ra khi chạy \`npm install\`
   (và thư mục \`vendor/\` nếu trang có).
2. Trong kho: **Settings → Pages → Build and deployment → Source: GitHub Actions**.
3. Xong. Quy trình \`.github/workflows/dang-trang.yml\` dựng và đăng trang mỗi khi nhánh \`main\` thay đổi,
   và mỗi ngày lúc 00:05 để bài hẹn giờ lên trang đúng ngày. Địa chỉ gốc (kể cả khi trang nằm trong
   thư mục con như \`https://ten.github.io/ten-kho/\`) được lấy tự động.
4. Mỗi yêu cầu gộp (pull request) được \`.github/workflows/kiem-tra.yml\` soát lỗi và thử dựng trang
   trước khi gộp; lỗi hiện ngay cạnh dòng bị lỗi.

GitHub tạm dừng các lịch chạy hằng ngày của kho không có thay đổi nào trong 60 ngày; khi đó vào thẻ
**Actions** và bật lại quy trình.

### GitLab Pages

Đưa thư mục lên GitLab; \`.gitlab-ci.yml\` soát lỗi mỗi yêu cầu gộp và đăng trang từ nhánh chính. Để bài
hẹn giờ lên trang đúng ngày, tạo một lịch chạy: **Build → Pipeline schedules → New schedule**, mẫu
\`5 0 * * *\`, múi giờ Hà Nội, nhánh chính.

### Máy chủ khác

Chạy \`npx bantin build --base-url https://ten-mien-cua-phuong.gov.vn/\` rồi tải **toàn bộ nội dung** thư mục
\`dist/\` lên thư mục gốc của trang web. Trang \`404.html\` dùng cho địa chỉ không tồn tại. Nên đặt:

- \`Cache-Control: no-cache\` cho các trang \`.html\` (trang luôn mới nhất);
- \`Cache-Control: public, max-age=31536000, immutable\` chỉ cho tệp có mã băm trong tên;
  các tệp khác trong \`/assets/\` để thời hạn ngắn, ví dụ \`max-age=3600\`;
- \`Content-Type: application/rss+xml; charset=utf-8\` cho bản tin RSS, \`application/atom+xml; charset=utf-8\`
  cho Atom, \`application/xml; charset=utf-8\` cho sơ đồ trang (sitemap).

## Giao diện

Trang dùng giao diện mặc định của bantin. Muốn đổi một phần (chân trang, màu sắc…), xem
\`templates/README.md\`.

## Thư mục content/ và thư mục static/

Thư mục \`content/\` chỉ chứa **dữ liệu**: bài viết \`.md\`, ảnh (JPEG, PNG, WebP, GIF), PDF, tài liệu
văn phòng (Word, Excel, PowerPoint, OpenDocument), tệp nén ZIP, âm thanh và video. bantin kiểm tra cả
nội dung từng tệp, không chỉ đuôi tệp. Mọi tệp khác (trang HTML, ảnh SVG, tệp .js, .xml, \`CNAME\`,
\`_redirects\`, \`_headers\`…) làm bantin dừng và báo lỗi \`BT009\`.

Tệp phải đăng nguyên dạng (tệp xác minh tên miền, \`CNAME\`, logo SVG, một trang HTML làm tay) đặt trong
thư mục \`static/\` cạnh \`templates/\`: bantin chép nguyên vẹn vào thư mục gốc của trang. Vì các tệp
này chạy được trên trang của phường, \`static/\` được duyệt như giao diện: tệp \`.github/CODEOWNERS\`
yêu cầu người phụ trách kỹ thuật duyệt mọi thay đổi trong \`templates/\`, \`static/\` và \`.github/\`.
`;
}

/** `.github/CODEOWNERS`: the code of the site (theme, static files, CI, dependencies) needs a maintainer's review. */
export function codeOwners(): string {
  return `# Những tệp này chạy được trên trang của phường hoặc trong CI: mọi thay đổi cần người phụ trách
# kỹ thuật duyệt. Thay @nguoi-phu-trach-ky-thuat bằng tên tài khoản GitHub (hoặc @to-chuc/nhom) thật,
# rồi bật "Require review from Code Owners" cho nhánh chính (Settings → Branches).
# Bài viết trong content/ là dữ liệu: bantin không cho chúng chạy mã.
/templates/         @nguoi-phu-trach-ky-thuat
/static/            @nguoi-phu-trach-ky-thuat
/.github/           @nguoi-phu-trach-ky-thuat
/.gitlab-ci.yml     @nguoi-phu-trach-ky-thuat
/bantin.yaml        @nguoi-phu-trach-ky-thuat
/package.json       @nguoi-phu-trach-ky-thuat
/package-lock.json  @nguoi-phu-trach-ky-thuat
`;
}

export function templatesReadme(): string {
  return `# Giao diện riêng của trang

Thư mục này để trống: trang đang dùng giao diện mặc định của bantin.

Muốn đổi một phần giao diện, chép **đúng tệp đó** từ giao diện mặc định
(\`node_modules/bantin/templates/\`) vào đây, **giữ nguyên đường dẫn**, rồi sửa. Ví dụ đổi chân trang:

\`\`\`sh
mkdir -p templates/partials
cp node_modules/bantin/templates/partials/footer.hbs templates/partials/footer.hbs
\`\`\`

Tệp có ở đây thay tệp cùng đường dẫn của giao diện mặc định; các tệp khác vẫn lấy từ giao diện mặc
định, nên khi bantin được nâng cấp, các phần bạn không sửa cũng được cập nhật theo.

- \`layouts/base.hbs\`: khung chung của mọi trang;
- \`partials/*.hbs\`: đầu trang, chân trang, danh sách bài, phân trang…;
- \`pages/home.hbs\`, \`category.hbs\`, \`article.hbs\`, \`404.hbs\`: từng loại trang;
- \`strings.yaml\`: mọi nhãn chữ hiện trên trang;
- \`assets/\`: CSS, ảnh, JavaScript, chép lên trang ở \`/assets/\`.

Các mẫu viết bằng Handlebars; một tên biến viết sai sẽ báo lỗi kèm tên tệp và số dòng khi dựng trang.
`;
}
