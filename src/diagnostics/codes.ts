/**
 * The catalogue of diagnostic codes: every code bantin reports, once, with its title, the
 * message it prints (placeholders such as `{tệp}` stand for what the call site fills in), the
 * fix, and a minimal input that triggers it. Modelled on Astro's errors-data. `error()` and
 * `warning()` accept only the codes listed here, `docs/ma-loi.md` is generated from it
 * (`npm run docs:codes`), and `test/diagnostic-codes.test.ts` checks that it matches `src/`.
 *
 * A code is permanent: its meaning never changes and it is never renumbered (tests, docs and
 * editors quote it). A new problem gets a new code; a code no longer reported stays here with
 * `retired: true`. One code is one problem: when several call sites report the same problem,
 * the entry says how many (`sites`) and why they are one problem.
 *
 * Ranges:
 * - BT0xx reading the site's files: encoding, size, symlinks, names, unreadable files and folders.
 * - BT1xx articles: front-matter syntax (BT101–BT110, BT118, BT119), fields (BT111–BT117),
 *   and the site built from them: categories, URLs, links, files (BT121–BT130); fixed pages,
 *   old addresses and menus (BT160–BT164); addresses lost since a git ref, `check --since` (BT170–BT172).
 * - BT2xx `bantin.yaml` and the settings given on the command line.
 * - BT3xx the body of an article: Markdown and links (BT301–BT307), images (BT320–BT323),
 *   legal documents listed in `documents:` (BT330–BT336), what `bantin check` finds unready for
 *   readers: empty or placeholder articles, empty organisation fields (BT340–BT342).
 * - BT4xx templates (the theme).
 * - BT5xx the discovery pages bantin makes (tags, authors, archives, site map, search).
 * - BT6xx `bantin new`.
 * - BT7xx `bantin init` (BT711–BT715); the browser editor (`bantin cms`) and its bundle in the output (BT720, BT721).
 * - BT8xx `bantin import` (WordPress, Hugo, Jekyll).
 * - BT9xx the output folder and writing the site.
 */

export interface CodeEntry {
  /** As `Severity` in diagnostic.ts (which imports this file, so the type is spelled out here). */
  readonly severity: 'error' | 'warning';
  /** Short Vietnamese name of the problem. */
  readonly title: string;
  /** The representative message, with `{placeholders}` for the values the call site fills in. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
  /** A minimal input that triggers it: a front-matter snippet, a `bantin.yaml` line, a command. */
  readonly example: string;
  /** When the code is reported from more than one place in `src/`: how many, and why they are one problem. */
  readonly sites?: { readonly count: number; readonly reason: string };
  /** No longer reported; kept so the code is never given another meaning. */
  readonly retired?: true;
}

export const CODES = {
  // ---------------------------------------------------------------------------------------------
  // BT0xx: reading the site's files
  // ---------------------------------------------------------------------------------------------
  BT001: {
    severity: 'error',
    title: 'Tệp không phải văn bản',
    message: 'Tệp không phải văn bản (có byte NUL): có lẽ là tệp nhị phân bị đặt đuôi .md.',
    hint: 'Mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8 (Unicode dựng sẵn), không dùng TCVN3 hay Windows-1258.',
    example: 'Một tệp ảnh hoặc tệp Word bị đổi tên thành content/thong-bao/hop-dan.md.',
    sites: {
      count: 2,
      reason: 'Tệp có byte NUL và tệp lưu bằng UTF-16 (Notepad gọi là "Unicode", cũng có byte NUL): cùng một lỗi, bantin không đọc được tệp như văn bản UTF-8; UTF-16 được gọi đúng tên, kèm cách lưu lại bằng UTF-8.',
    },
  },
  BT002: {
    severity: 'error',
    title: 'Tệp không lưu bằng bảng mã UTF-8',
    message: 'Tệp không được lưu bằng bảng mã UTF-8, chữ tiếng Việt sẽ bị lỗi.',
    hint: 'Mở tệp bằng trình soạn thảo (Notepad, VS Code…) và lưu lại với bảng mã UTF-8 (Unicode dựng sẵn), không dùng TCVN3 hay Windows-1258.',
    example: 'Một bài viết (hoặc bantin.yaml) lưu bằng bảng mã Windows-1258 hay TCVN3.',
  },
  BT003: {
    severity: 'error',
    title: 'Liên kết tượng trưng (symlink) không dùng được',
    message: 'Liên kết tượng trưng (symlink) trỏ ra ngoài thư mục nội dung hoặc tới một thư mục; bantin không theo nó.',
    hint: 'Sao chép tệp thật vào thư mục nội dung thay cho liên kết (xoá liên kết bị hỏng).',
    example: 'ln -s /etc/passwd content/mat-khau.txt',
    sites: {
      count: 2,
      reason: 'Liên kết hỏng hoặc trỏ vòng, và liên kết trỏ ra ngoài thư mục nội dung hoặc tới một thư mục, đều là một liên kết mà bantin không theo; cách sửa như nhau.',
    },
  },
  BT004: {
    severity: 'error',
    title: 'Bài viết quá lớn',
    message: 'Tệp quá lớn ({kích thước} KB, giới hạn {giới hạn} KB).',
    hint: 'Chia bài thành nhiều bài nhỏ hơn; ảnh và tài liệu đặt thành tệp riêng rồi liên kết tới.',
    example: 'Một tệp .md hơn 1 MB, ví dụ có ảnh dán thẳng vào bài dưới dạng data:image/png;base64,….',
  },
  BT005: {
    severity: 'error',
    title: 'Không có thư mục nội dung',
    message: 'Không tìm thấy thư mục nội dung "{thư mục}".',
    hint: 'Tạo thư mục content và đặt các bài viết .md vào đó, hoặc chỉ đường bằng --content.',
    example: 'bantin build --content khong-co',
  },
  BT006: {
    severity: 'error',
    title: 'Tên tệp không đưa lên trang web được',
    message: 'Tên "{tên}" {vấn đề}; tệp này không thể đưa lên trang web.',
    hint: 'Đổi tên tệp hoặc thư mục: chỉ dùng chữ, số, dấu gạch ngang và dấu chấm, ví dụ "anh-hoi-nghi.jpg".',
    example: 'Một tệp tên content/thong-bao/CON.jpg hoặc content/a\\b.pdf (có dấu gạch chéo ngược).',
  },
  BT007: {
    severity: 'error',
    title: 'Không đọc được một thư mục',
    message: 'Không đọc được thư mục "{thư mục}" ({mã lỗi}).',
    hint: 'Kiểm tra quyền đọc của thư mục, hoặc chuyển nó ra khỏi thư mục của trang.',
    example: 'chmod 000 content/thong-bao',
  },
  BT008: {
    severity: 'error',
    title: 'Không đọc được một tệp',
    message: 'Không đọc được tệp "{tệp}" ({mã lỗi}).',
    hint: 'Kiểm tra tệp còn đó và có quyền đọc, rồi dựng lại.',
    example: 'chmod 000 content/thong-bao/hop-dan.md (hoặc xoá tệp trong lúc đang dựng).',
  },
  BT009: {
    severity: 'error',
    title: 'Tệp không được đăng từ thư mục nội dung',
    message: 'Tệp "{tên}" không thuộc loại được đăng từ thư mục nội dung (chỉ bài viết .md, ảnh, PDF, tài liệu văn phòng, tệp nén, âm thanh và video).',
    hint: 'Nếu tệp này phải được đăng nguyên dạng (trang HTML, ảnh SVG, tệp xác minh, CNAME…), chuyển nó vào thư mục static/ cạnh templates/; nếu không, xoá nó khỏi content/.',
    example: 'content/gioi-thieu.html, content/logo.svg, content/CNAME, hoặc content/bao-cao.pdf mà nội dung là trang HTML',
    sites: { count: 2, reason: 'Loại tệp không được phép, và tệp có đuôi được phép nhưng nội dung (byte đầu) không khớp: cùng một ranh giới, cùng cách sửa.' },
  },
  BT010: {
    severity: 'error',
    title: 'static không phải thư mục',
    message: '"{đường dẫn}" không phải là thư mục.',
    hint: 'Thư mục static/ chứa các tệp đăng nguyên dạng; xoá hoặc đổi tên tệp này.',
    example: 'một tệp tên static (không phải thư mục) cạnh bantin.yaml',
  },
  BT011: {
    severity: 'error',
    title: 'Hai tệp trùng tên trên nhiều máy',
    message: 'Tên "{tệp}" và "{tệp khác}" chỉ khác nhau chữ hoa, chữ thường (hoặc cách viết mã Unicode); nhiều máy chủ coi chúng là một tệp.',
    hint: 'Đổi tên hoặc xoá một trong hai tệp, để mỗi tệp có một tên riêng.',
    example: 'content/Anh.jpg và content/anh.jpg',
  },

  // ---------------------------------------------------------------------------------------------
  // BT1xx: articles (front-matter, fields) and the site made of them
  // ---------------------------------------------------------------------------------------------
  BT101: {
    severity: 'error',
    title: 'Sai cú pháp YAML',
    message: 'Phần thông tin đầu bài (front-matter) viết sai cú pháp: {giải thích}.',
    hint: 'Mỗi dòng có dạng "tên: giá trị"; giá trị có dấu hai chấm, dấu # hoặc ngoặc thì đặt trong ngoặc kép, ví dụ title: "Thông báo: họp tổ dân phố".',
    example: '---\ntitle: "Họp dân tổ 3\ndate: 11/10/2021\n---',
    sites: {
      count: 3,
      reason: 'Lỗi cú pháp YAML (phần thông tin đầu bài hoặc bantin.yaml), một dòng "tên: giá trị" bị thụt lề (báo tại chính dòng đó), và phần thông tin đầu bài chỉ là một dòng chữ thay cho các dòng "tên: giá trị", là cùng một lỗi với người biên tập: các dòng không theo dạng "tên: giá trị".',
    },
  },
  BT102: {
    severity: 'error',
    title: 'Một trường khai báo hai lần',
    message: 'Phần thông tin đầu bài (front-matter) khai báo trường "{trường}" hai lần.',
    hint: 'Xoá một trong hai dòng trùng tên trường.',
    example: '---\ntitle: Họp dân\ntitle: Họp dân tổ 3\n---',
  },
  BT103: {
    severity: 'error',
    title: 'Dùng tham chiếu YAML (*, &)',
    message: 'Phần thông tin đầu bài (front-matter) không được dùng tham chiếu YAML (*, &).',
    hint: 'Viết giá trị ra đầy đủ thay cho tham chiếu (xoá dấu & và tên đặt sau nó).',
    example: '---\nauthor: &tg Hà Vân\ntitle: *tg\n---',
    sites: { count: 2, reason: 'Tham chiếu (*tên) và điểm neo (&tên) là hai nửa của cùng một tính năng YAML mà bantin không nhận.' },
  },
  BT104: {
    severity: 'error',
    title: 'Tên trường không được phép',
    message: 'Tên trường "{trường}" không được phép.',
    hint: 'Đổi tên trường: chỉ dùng chữ, số, gạch ngang hoặc gạch dưới.',
    example: '---\ntitle: Họp dân\n__proto__: x\n---',
  },
  BT105: {
    severity: 'error',
    title: 'Tệp bài viết trống',
    message: 'Tệp bài viết đang trống.',
    hint: 'Thêm phần thông tin đầu bài (title, date, author, category) giữa hai dòng --- rồi viết nội dung; hoặc xoá tệp nếu không cần.',
    example: 'Một tệp content/thong-bao/moi.md không có chữ nào.',
  },
  BT106: {
    severity: 'error',
    title: 'Phần thông tin đầu bài không phải YAML',
    message: 'Phần thông tin đầu bài viết bằng "{ngôn ngữ}" không được chấp nhận; bantin chỉ đọc YAML và không bao giờ chạy mã trong bài viết.',
    hint: 'Dòng đầu tiên của tệp phải là đúng ba dấu gạch ngang "---", rồi các dòng "tên: giá trị", rồi một dòng "---".',
    example: '+++\ntitle = "Họp dân tổ 3"\n+++',
  },
  BT107: {
    severity: 'error',
    title: 'Thiếu phần thông tin đầu bài',
    message: 'Bài viết thiếu phần thông tin đầu bài (front-matter).',
    hint: 'Dòng đầu tiên của tệp phải là "---", tiếp theo là title, date, author, category, rồi một dòng "---".',
    example: 'Họp dân tổ 3 về chỉnh trang đô thị\n\nNội dung bài.',
  },
  BT108: {
    severity: 'error',
    title: 'Phần thông tin đầu bài chưa được đóng đúng',
    message: 'Phần thông tin đầu bài chưa được đóng bằng dòng "---".',
    hint: 'Thêm một dòng chỉ có đúng ba dấu gạch ngang "---" sau trường cuối cùng, trước nội dung bài; sửa dòng "----" hay "---x" thành "---".',
    example: '---\ntitle: "Họp dân tổ 3"\ndate: "11/10/2021 14:48"\n\nNội dung bài.',
    sites: {
      count: 2,
      reason: 'Thiếu dòng đóng "---", và dòng đóng viết sai (bắt đầu bằng "---" nhưng có thêm ký tự, như "----"), đều là dòng đóng phần thông tin đầu bài không đúng.',
    },
  },
  BT109: {
    severity: 'error',
    title: 'Phần thông tin đầu bài quá dài',
    message: 'Phần thông tin đầu bài quá dài (trên {giới hạn} KB).',
    hint: 'Chỉ giữ các trường cần thiết; nội dung dài đặt vào thân bài.',
    example: '---\ntitle: Họp dân\nsummary: "…hơn 64 KB chữ…"\n---',
  },
  BT110: {
    severity: 'error',
    title: 'Đường dẫn không an toàn trong phần thông tin đầu bài',
    message: 'Trường "{trường}" chứa một đường dẫn không an toàn ("{giao thức}:…"); bantin không đưa nó vào trang.',
    hint: 'Chỉ dùng đường dẫn http://, https://, mailto:, tel: hoặc đường dẫn tới tệp trong thư mục nội dung.',
    example: '---\nnguon: "javascript:alert(1)"\n---',
  },
  BT111: {
    severity: 'error',
    title: 'Thiếu một trường bắt buộc',
    message: 'Bài viết thiếu trường "{trường}".',
    hint: 'Thêm một dòng vào phần thông tin đầu bài, ví dụ: author: Nguyễn Văn An',
    example: '---\ntitle: "Họp dân tổ 3"\ndate: "11/10/2021 14:48"\ncategory: Thông báo\n---',
    sites: { count: 2, reason: 'Thiếu một trường bắt buộc (title, date, author) và thiếu chuyên mục (category hoặc categories) là cùng một lỗi: thiếu trường bắt buộc.' },
  },
  BT112: {
    severity: 'error',
    title: 'Giá trị của trường sai kiểu',
    message: 'Trường "{trường}" phải là một đoạn chữ, không phải danh sách hay nhóm trường.',
    hint: 'Viết giá trị đúng kiểu: chữ trên một dòng (title: …), danh sách (tags: [a, b]) hoặc true/false (draft: true).',
    example: '---\ntitle: [Họp, dân]\ndraft: maybe\n---',
    sites: {
      count: 4,
      reason: 'Trường chữ nhận danh sách, "categories" hoặc "tags" không phải danh sách tên, "draft" không phải true/false: cùng một lỗi, giá trị của trường sai kiểu.',
    },
  },
  BT113: {
    severity: 'error',
    title: 'Trường bắt buộc để trống',
    message: 'Trường "{trường}" đang để trống.',
    hint: 'Điền giá trị sau dấu hai chấm. Nếu giá trị bắt đầu bằng dấu # (YAML coi là ghi chú) hoặc có dấu hai chấm thì đặt trong ngoặc kép, ví dụ: title: "#5 Họp dân tổ 3"',
    example: '---\ntitle: #5 Họp dân tổ 3\n---',
  },
  BT114: {
    severity: 'error',
    title: 'Ngày không có thật hoặc viết sai',
    message: 'Ngày "{ngày}" không có trong lịch.',
    hint: 'Kiểm tra lại ngày và tháng; ngày viết trước tháng, ví dụ 11/10/2021 14:48.',
    example: '---\ndate: 30/02/2021\n---',
    sites: { count: 2, reason: 'Ngày đăng (date) và ngày cập nhật (updated) sai là cùng một lỗi: một ngày không đọc được.' },
  },
  BT115: {
    severity: 'error',
    title: 'Từ khoá không có chữ',
    message: 'Từ khoá "{từ khoá}" không có chữ hoặc số nào.',
    hint: 'Xoá từ khoá đó hoặc viết lại bằng chữ.',
    example: '---\ntags: [Đảng ủy, "!!!"]\n---',
  },
  BT116: {
    severity: 'error',
    title: 'Ảnh bìa nằm ngoài thư mục nội dung',
    message: 'Ảnh bìa "{ảnh}" phải là tệp nằm trong thư mục nội dung.',
    hint: 'Đặt ảnh cạnh bài viết và ghi tên tệp, ví dụ: image: anh-bia.jpg',
    example: '---\nimage: https://x.vn/anh.jpg\n---',
    sites: { count: 2, reason: 'Ảnh bìa là một địa chỉ web, hoặc đường dẫn ra ngoài thư mục nội dung (../../): cùng một lỗi, ảnh bìa không phải tệp trong thư mục nội dung.' },
  },
  BT117: {
    severity: 'error',
    title: 'Đường dẫn (slug) của bài viết không dùng được',
    message: 'Đường dẫn "{slug}" trong trường slug không hợp lệ.',
    hint: 'Thêm hoặc sửa trường slug: chỉ dùng chữ thường không dấu, số và dấu gạch ngang (tối đa 120 ký tự), ví dụ: slug: hop-dan-to-3',
    example: '---\nslug: Họp dân tổ 3\n---',
    sites: {
      count: 3,
      reason: 'Slug viết sai, tiêu đề không tạo được slug nào (không có chữ), và slug trùng tên thiết bị của Windows (CON, NUL…) đều là một lỗi: bài không có đường dẫn dùng được; cách sửa như nhau, viết trường slug hợp lệ.',
    },
  },
  BT118: {
    severity: 'error',
    title: 'Ký tự không hợp lệ',
    message: 'Phần thông tin đầu bài (front-matter) có ký tự không hợp lệ (U+{mã}) trong một giá trị.',
    hint: 'Xoá mã thoát như "\\0", "\\x07" hay "\\ud800" khỏi giá trị; chỉ viết chữ bình thường.',
    example: '---\ntitle: "Họp\\0dân"\n---',
    sites: { count: 2, reason: 'Ký tự điều khiển hoặc nửa cặp thay thế trong giá trị và trong tên trường là cùng một lỗi.' },
  },
  BT119: {
    severity: 'error',
    title: 'Dùng thẻ kiểu YAML (!)',
    message: 'Phần thông tin đầu bài (front-matter) không được dùng thẻ kiểu YAML (bắt đầu bằng "!").',
    hint: 'Xoá phần "!!…" hoặc "!…" đứng trước giá trị; nếu giá trị bắt đầu bằng "!", đặt nó trong ngoặc kép.',
    example: '---\ntitle: !!binary aGVsbG8=\n---',
  },
  BT121: {
    severity: 'error',
    title: 'Chuyên mục không có trong danh sách',
    message: 'Chuyên mục "{chuyên mục}" không có trong bantin.yaml.',
    hint: 'Chọn một trong các chuyên mục: {các chuyên mục}; hoặc thêm chuyên mục mới vào bantin.yaml.',
    example: '---\ncategory: Tin tức\n---   (bantin.yaml chỉ có "Thông báo")',
  },
  BT122: {
    severity: 'error',
    title: 'Hai bài trùng đường dẫn',
    message: 'Bài viết này và "{bài kia}" có cùng đường dẫn /{đường dẫn}.',
    hint: 'Thêm trường slug khác nhau cho một trong hai bài, ví dụ: slug: {slug}-2',
    example: 'Hai bài cùng chuyên mục có cùng title: "Họp dân tổ 3" (hoặc cùng slug).',
  },
  BT123: {
    severity: 'error',
    title: 'Hai chuyên mục trùng đường dẫn',
    message: 'Chuyên mục "{chuyên mục}" và "{chuyên mục kia}" có cùng đường dẫn /{đường dẫn}/.',
    hint: 'Dùng đúng một cách viết tên chuyên mục, ví dụ: category: {chuyên mục kia}',
    example: 'Một bài có category: An ninh - Quốc phòng, bài khác có category: An ninh, quốc phòng (bantin.yaml không khai báo categories).',
  },
  BT124: {
    severity: 'error',
    title: 'Không tìm thấy ảnh bìa',
    message: 'Không tìm thấy ảnh bìa "{ảnh}".',
    hint: 'Kiểm tra tên tệp ảnh (phân biệt chữ hoa, chữ thường) và đặt ảnh trong thư mục content.',
    example: '---\nimage: anh-bia.jpg\n---   (không có tệp anh-bia.jpg cạnh bài)',
  },
  BT125: {
    severity: 'error',
    title: 'Liên kết tới bài không có hoặc chưa đăng',
    message: 'Liên kết "{liên kết}" trỏ tới bài viết không tồn tại ({tệp}).',
    hint: 'Kiểm tra tên tệp và thư mục; đường dẫn tính từ thư mục chứa bài viết này, ví dụ ../thong-bao/ten-bai.md (nếu bài kia là bản nháp: bỏ liên kết hoặc đăng bài kia trước).',
    example: 'Xem [lịch tiếp dân](lich-tiep-dan.md).   (không có tệp lich-tiep-dan.md)',
  },
  BT126: {
    severity: 'error',
    title: 'Không tìm thấy ảnh hoặc tệp',
    message: 'Không tìm thấy tệp "{liên kết}" ({tệp}).',
    hint: 'Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết hoặc trong thư mục content.',
    example: '![Toàn cảnh buổi họp](toan-canh.jpg)   (không có tệp toan-canh.jpg)',
  },
  BT127: {
    severity: 'error',
    title: 'Tệp trùng chỗ với một trang',
    message: 'Tệp "{tệp}" trùng chỗ với một trang do bantin tạo ra.',
    hint: 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.',
    example: 'Một tệp content/feed.xml hoặc content/index.html.',
  },
  BT128: {
    severity: 'error',
    title: 'Tệp trùng tên với tệp của giao diện',
    message: 'Tệp "{tệp}" trùng tên với tệp của giao diện.',
    hint: 'Đổi tên tệp hoặc chuyển nó sang thư mục khác.',
    example: 'Một tệp content/assets/style.css khi giao diện cũng có assets/style.css.',
  },
  BT129: {
    severity: 'error',
    title: 'Liên kết không dẫn tới trang nào',
    message: 'Liên kết "{liên kết}" không dẫn tới trang nào của trang web.',
    hint: 'Kiểm tra lại đường dẫn; để liên kết tới bài khác, dùng tên tệp .md của bài đó, ví dụ ../thong-bao/ten-bai.md',
    example: 'Xem [giới thiệu](/gioi-thieu/).   (trang web không có trang /gioi-thieu/)',
  },
  BT130: {
    severity: 'error',
    title: 'Tên chuyên mục không có chữ',
    message: 'Tên chuyên mục "{chuyên mục}" không có chữ hoặc số nào.',
    hint: 'Viết tên chuyên mục bằng chữ, ví dụ: category: Thông báo',
    example: '---\ncategory: "!!!"\n---   (bantin.yaml không khai báo categories)',
  },
  BT131: {
    severity: 'error',
    title: 'Tệp trong static/ trùng chỗ với một trang',
    message: 'Tệp "static/{tệp}" trùng chỗ với một trang do bantin tạo ra ({tệp}).',
    hint: 'Đổi tên hoặc chuyển tệp này sang thư mục khác trong static/.',
    example: 'static/index.html (trang chủ do bantin tạo ra)',
    sites: { count: 2, reason: 'Một tệp của static/ trên đường dẫn của một trang (so với kế hoạch trang, cả khi kiểm tra) hoặc của một tệp khác do bantin tạo ra như nguồn tin, chỉ mục tìm kiếm (so khi dựng, lúc các tệp ấy đã có): cùng một vấn đề, cùng cách sửa.' },
  },
  BT132: {
    severity: 'error',
    title: 'Hai trang cùng một đường dẫn',
    message: 'Hai trang cùng ghi vào "/{đường dẫn}": trang của bài "{tiêu đề}" trùng với một trang danh sách hoặc trang khác do bantin tạo ra.',
    hint: 'Đặt slug khác cho bài này (ví dụ thêm chữ: slug: "thong-bao-2"), hoặc đổi tên chuyên mục.',
    example: 'category: Trang\nslug: "2"   (trùng trang 2 của chuyên mục "Trang": /trang/2/)',
  },

  // Fixed pages, old addresses (aliases:), menus, and check --since.
  BT160: {
    severity: 'error',
    title: 'Loại bài không được hỗ trợ',
    message: 'Loại "{loại}" không được hỗ trợ.',
    hint: 'Viết type: page cho trang cố định (Giới thiệu, Liên hệ…), hoặc bỏ dòng type cho bài tin.',
    example: '---\ntype: trang\ntitle: Giới thiệu\n---',
  },
  BT161: {
    severity: 'error',
    title: 'Đường dẫn cũ (aliases) viết sai',
    message: 'Đường dẫn cũ "{đường dẫn}" trong aliases không hợp lệ.',
    hint: 'Mỗi đường dẫn cũ bắt đầu bằng "/", tính từ địa chỉ gốc của trang web, không có tên miền, "?", "#" hay "..", ví dụ: aliases: [/duong-dan-cu/, /2017/01/bai-cu.html]',
    example: '---\naliases: [https://phuong.gov.vn/cu/]\n---',
    sites: { count: 2, reason: 'Cùng một lỗi: trường aliases không phải danh sách đường dẫn, hoặc một mục của nó không phải đường dẫn.' },
  },
  BT162: {
    severity: 'error',
    title: 'Trang cố định trùng địa chỉ',
    message: 'Trang "{tiêu đề}" có đường dẫn /{slug}/, trùng với {trang khác}.',
    hint: 'Đặt slug khác cho trang này, ví dụ: slug: {slug}-trang',
    example: '---\ntype: page\ntitle: Tìm kiếm\n---   (trùng trang /tim-kiem/ của bantin)',
    sites: { count: 2, reason: 'Cùng một lỗi: hai trang cố định cùng địa chỉ (site/build-site.ts), hoặc trang cố định trùng chuyên mục hay trang bantin tạo ra (pages/plan.ts).' },
  },
  BT163: {
    severity: 'error',
    title: 'Đường dẫn cũ trùng với trang đang có',
    message: 'Đường dẫn cũ /{đường dẫn} trong aliases trùng với {trang, tệp hoặc đường dẫn cũ khác}.',
    hint: 'Xoá đường dẫn này khỏi aliases: mỗi đường dẫn cũ chỉ chuyển tới một bài, và không được là địa chỉ của một trang đang có.',
    example: '---\naliases: [/thong-bao/]\n---   (/thong-bao/ là trang của chuyên mục)',
  },
  BT164: {
    severity: 'error',
    title: 'Mục trình đơn không trỏ tới đâu',
    message: 'Mục "{mục}" trong menu không trỏ tới trang nào của trang web.',
    hint: 'Dùng slug của một trang cố định (type: page), đường dẫn tệp .md, một trang của bantin (tim-kiem, van-ban, luu-tru…), hoặc tên chuyên mục; bantin gợi ý tên gần giống nhất.',
    example: 'menu:\n  - page: gioi-theiu   (trang là gioi-thieu)',
  },
  BT170: {
    severity: 'error',
    title: 'Địa chỉ bài đã đăng sẽ mất',
    message: 'Địa chỉ {địa chỉ cũ} của bài "{tiêu đề}" (có ở {phiên bản}) sẽ mất: bài nay ở {địa chỉ mới}.',
    hint: 'Thêm dòng này vào phần thông tin đầu bài, ngay dưới dòng title: aliases: [{địa chỉ cũ}]',
    example: 'bantin check --since origin/main   (sau khi sửa tiêu đề một bài không có slug)',
    sites: { count: 2, reason: 'Cùng một lỗi: địa chỉ mất vì bài đổi địa chỉ, hoặc vì bài bị xoá hay thôi đăng.' },
  },
  BT171: {
    severity: 'error',
    title: 'Không tìm thấy phiên bản git để so',
    message: 'Không tìm thấy phiên bản "{phiên bản}" trong kho git.',
    hint: 'Trong GitHub Actions, lấy đủ lịch sử bằng "fetch-depth: 0" ở bước actions/checkout (GitLab CI: GIT_DEPTH: 0); hoặc kiểm tra tên nhánh, ví dụ: bantin check --since origin/main',
    example: 'bantin check --since origin/khong-co',
  },
  BT172: {
    severity: 'error',
    title: 'Không nằm trong kho git',
    message: 'Thư mục "{thư mục}" không nằm trong một kho git, nên không so được với "{phiên bản}".',
    hint: 'Chạy lệnh trong thư mục của kho git (nơi có thư mục .git), hoặc bỏ --since.',
    example: 'bantin check --since origin/main   (trong một thư mục không có .git)',
  },

  // ---------------------------------------------------------------------------------------------
  // BT2xx: bantin.yaml and command-line settings
  // ---------------------------------------------------------------------------------------------
  BT201: {
    severity: 'error',
    title: 'Tệp cấu hình không phải danh sách trường',
    message: 'Tệp cấu hình phải là danh sách các trường "tên: giá trị".',
    hint: 'Xem ví dụ bantin.yaml trong README.',
    example: '- title: Bản tin phường   (bantin.yaml là một danh sách thay cho các trường)',
  },
  BT202: {
    severity: 'error',
    title: 'Trường trong bantin.yaml không có hoặc có giá trị sai',
    message: 'Trường "{trường}" không có trong cấu hình của bantin.',
    hint: 'Sửa tên trường theo gợi ý (ví dụ "pagesize" thành "pageSize"), hoặc sửa giá trị theo ví dụ đi kèm; các trường hợp lệ có trong README (phần bantin.yaml).',
    example: 'pagesize: 10',
  },
  BT203: {
    severity: 'error',
    title: 'Không đọc được tệp cấu hình',
    message: 'Không đọc được tệp cấu hình "{tệp}".',
    hint: 'Kiểm tra đường dẫn sau --config.',
    example: 'bantin build --config khong-co.yaml',
    sites: { count: 2, reason: 'Cùng một lỗi, báo khi dựng trang (project/load-site.ts) và khi nhập bài (importers/shared.ts).' },
  },
  BT204: {
    severity: 'error',
    title: 'Địa chỉ gốc sau --base-url không hợp lệ',
    message: 'Địa chỉ gốc "{địa chỉ}" ghi sau --base-url không hợp lệ.',
    hint: 'Dùng dạng "/", "/duong-dan/" hoặc "https://ten-mien.gov.vn/".',
    example: 'bantin build --base-url tin-tuc',
  },

  // ---------------------------------------------------------------------------------------------
  // BT3xx: article bodies: Markdown, links, images, documents
  // ---------------------------------------------------------------------------------------------
  BT301: {
    severity: 'warning',
    title: 'Mã HTML bị loại bỏ',
    message: 'Thẻ HTML <{thẻ}> bị loại bỏ khỏi bài vì lý do an toàn.',
    hint: 'Viết bằng Markdown thay cho HTML (ví dụ **đậm**, ![mô tả](anh.jpg "chú thích")).',
    example: '<iframe src="https://www.youtube.com/embed/abc"></iframe>',
  },
  BT302: {
    severity: 'warning',
    title: 'Đường dẫn không an toàn trong bài',
    message: 'Đường dẫn "{đường dẫn}" không an toàn nên đã bị bỏ khỏi bài.',
    hint: 'Chỉ dùng liên kết http://, https://, mailto: hoặc tel:.',
    example: '[bấm vào đây](javascript:alert(1))',
  },
  BT303: {
    severity: 'error',
    title: 'Liên kết trỏ ra ngoài thư mục nội dung',
    message: 'Liên kết "{liên kết}" trỏ ra ngoài thư mục nội dung.',
    hint: 'Chỉ liên kết tới tệp nằm trong thư mục content; bỏ các đoạn "../" thừa ở đầu đường dẫn.',
    example: '[tài liệu](../../../tai-lieu.pdf)',
    sites: { count: 2, reason: 'Đường dẫn tương đối ra ngoài thư mục nội dung, và đường dẫn từ gốc trang (/..) ra ngoài trang web: cùng một lỗi, liên kết leo ra ngoài bằng "../".' },
  },
  BT304: {
    severity: 'warning',
    title: 'Ảnh chưa có mô tả',
    message: 'Ảnh chưa có mô tả (alt), người khiếm thị sẽ không biết ảnh nói gì.',
    hint: 'Viết mô tả trong ngoặc vuông: ![Toàn cảnh hội nghị](anh.jpg).',
    example: '![](toan-canh.jpg)',
  },
  BT306: {
    severity: 'error',
    title: 'Nội dung bài vượt giới hạn',
    message: 'Dòng này lồng quá sâu ({số} lớp trích dẫn ">" hoặc danh sách; tối đa {giới hạn}).',
    hint: 'Chia đoạn dài thành nhiều đoạn (để một dòng trống giữa hai đoạn), hoặc bỏ bớt các ký tự thừa.',
    example: 'Một dòng có 200 dấu ">" liền nhau, hoặc một đoạn có hơn 500 dấu "[".',
    sites: { count: 2, reason: 'Thân bài vượt ngân sách chi phí: đếm trước khi phân tích (content/limits.ts) và giới hạn độ sâu, số nút khi phân tích (content/markdown.ts); cùng một vấn đề, cùng cách sửa.' },
  },
  BT307: {
    severity: 'error',
    title: 'Nội dung bài quá phức tạp để dựng',
    message: 'Nội dung bài lồng nhau quá sâu hoặc quá lớn, bantin không dựng được ({chi tiết}).',
    hint: 'Bỏ bớt các lớp trích dẫn ">", danh sách lồng nhau và định dạng *, _ lồng vào nhau; chia bài dài thành nhiều bài.',
    example: 'Một bài mà trình đọc Markdown vượt quá ngăn xếp (lồng nhau hàng nghìn lớp) dù chưa chạm giới hạn BT306.',
  },
  BT320: {
    severity: 'warning',
    title: 'Ảnh quá nặng',
    message: 'Ảnh "{ảnh}" nặng {kích thước}, quá giới hạn {giới hạn}; người xem bằng điện thoại sẽ phải chờ lâu.',
    hint: 'images.process đang tắt nên người xem tải nguyên ảnh gốc: bật lại (images: process: true) để bantin tự làm bản nhỏ cho điện thoại, hoặc thu nhỏ ảnh trước khi đưa lên. Giới hạn đặt bằng maxImageSize trong bantin.yaml.',
    example: '![Toàn cảnh buổi họp](toan-canh.jpg)   (toan-canh.jpg nặng 5,2 MB, giới hạn 2 MB, bantin.yaml có images: process: false; ảnh JPEG, PNG, WebP được thu nhỏ thì không bị báo)',
  },
  BT321: {
    severity: 'error',
    title: 'Không đọc được ảnh',
    message: 'Không đọc được ảnh "{ảnh}": tệp bị hỏng hoặc không phải ảnh ({chi tiết}).',
    hint: 'Mở ảnh bằng trình xem ảnh trên máy tính để kiểm tra; chép lại ảnh từ điện thoại hoặc lưu lại dưới dạng JPEG.',
    example: '![Toàn cảnh](anh.jpg)   (anh.jpg là tệp văn bản bị đổi đuôi, hoặc tải về dở dang)',
  },
  BT322: {
    severity: 'error',
    title: 'Định dạng ảnh nhiều điện thoại không xem được',
    message: 'Ảnh "{ảnh}" có định dạng {định dạng} mà trình duyệt trên nhiều điện thoại không hiển thị được.',
    hint: 'Mở ảnh và lưu lại dưới dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, ảnh chụp màn hình), rồi sửa tên tệp trong bài.',
    example: '![Toàn cảnh](anh.heic)   (ảnh HEIC chụp từ iPhone)',
  },
  BT323: {
    severity: 'error',
    title: 'Bản thu nhỏ của ảnh trùng tên',
    message: 'Ảnh "{ảnh}" cần ghi bản thu nhỏ "{bản thu nhỏ}", trùng với {tệp kia}.',
    hint: 'Đổi tên một trong hai tệp (ví dụ bỏ đuôi -960w, hoặc đặt tên ảnh .jpg và .png khác nhau).',
    example: 'Hai ảnh content/tin/anh.jpg và content/tin/anh.png (hoặc một tệp tên anh-960w.jpg cạnh anh.jpg).',
  },
  BT324: {
    severity: 'error',
    title: 'Ảnh mang thông tin kèm theo không đọc được',
    message: 'Ảnh "{tệp}" mang thông tin kèm theo (có thể có vị trí GPS, máy chụp) nhưng không đọc được để xoá ({lý do}); bantin không đăng ảnh này như nó đang là.',
    hint: 'Mở ảnh bằng trình xem ảnh để kiểm tra; lưu lại ảnh (JPEG hoặc PNG) rồi chép vào, hoặc xoá tệp nếu không cần.',
    example: 'content/anh-hong.jpg: phần đầu JPEG có EXIF (GPS) nhưng phần ảnh bị cắt cụt',
  },
  BT330: {
    severity: 'error',
    title: 'Danh sách văn bản viết sai dạng',
    message: 'Trường "documents" phải là danh sách các văn bản, mỗi văn bản bắt đầu bằng dấu "-".',
    hint: 'Ví dụ:\ndocuments:\n  - file: thong-bao-12.pdf\n    number: 12/TB-UBND\n    issuer: UBND phường Trần Phú\n    issued: 03/01/2024\n    summary: Lịch tiếp công dân năm 2024',
    example: '---\ndocuments: thong-bao-12.pdf\n---',
    sites: {
      count: 3,
      reason: '"documents" không phải danh sách, một văn bản không phải nhóm trường, một trường của văn bản không phải đoạn chữ: cùng một lỗi, danh sách văn bản viết sai dạng.',
    },
  },
  BT331: {
    severity: 'error',
    title: 'Trường lạ trong một văn bản',
    message: 'Văn bản thứ {số}: trường "{trường}" không có trong danh sách trường của văn bản.',
    hint: 'Có phải ý bạn là "{gợi ý}"? Các trường: file, number, issuer, issued, effective, summary.',
    example: 'documents:\n  - file: thong-bao-12.pdf\n    numbr: 12/TB-UBND',
  },
  BT332: {
    severity: 'error',
    title: 'Tệp của văn bản thiếu hoặc nằm ngoài thư mục nội dung',
    message: 'Văn bản thứ {số} thiếu trường "file" (tệp văn bản để người dân tải về).',
    hint: 'Đặt tệp (PDF, DOCX…) cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf',
    example: 'documents:\n  - number: 12/TB-UBND\n    issued: 03/01/2024',
    sites: {
      count: 3,
      reason: 'Thiếu trường "file", "file" là một địa chỉ web, "file" trỏ ra ngoài thư mục nội dung: cùng một lỗi, văn bản không có tệp trong thư mục nội dung.',
    },
  },
  BT333: {
    severity: 'error',
    title: 'Văn bản thiếu số ký hiệu',
    message: 'Văn bản thứ {số} thiếu số ký hiệu (trường "number").',
    hint: 'Ghi số ký hiệu như trên văn bản, trong ngoặc kép, ví dụ: number: "12/TB-UBND"',
    example: 'documents:\n  - file: thong-bao-12.pdf\n    issued: 03/01/2024',
  },
  BT334: {
    severity: 'error',
    title: 'Ngày của văn bản thiếu hoặc sai',
    message: 'Văn bản thứ {số}, ngày ban hành: Ngày "{ngày}" không có trong lịch.',
    hint: 'Ghi ngày ban hành như trên văn bản, ngày trước tháng, ví dụ: issued: 03/01/2024',
    example: 'documents:\n  - file: thong-bao-12.pdf\n    number: 12/TB-UBND\n    issued: 31/02/2024',
    sites: { count: 2, reason: 'Thiếu ngày ban hành và ngày ban hành hoặc ngày hiệu lực viết sai: cùng một lỗi, ngày của văn bản không dùng được.' },
  },
  BT335: {
    severity: 'error',
    title: 'Không tìm thấy tệp văn bản',
    message: 'Không tìm thấy tệp văn bản "{tệp}" ({đường dẫn}).',
    hint: 'Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết hoặc trong thư mục content.',
    example: 'documents:\n  - file: thong-bao-12.pdf   (không có tệp thong-bao-12.pdf cạnh bài)',
  },
  BT336: {
    severity: 'error',
    title: 'Chuyên mục trùng đường dẫn với trang văn bản',
    message: 'Chuyên mục "{chuyên mục}" có đường dẫn /van-ban/, trùng với trang văn bản của bantin.',
    hint: 'Đặt slug khác cho chuyên mục này trong bantin.yaml, ví dụ: slug: van-ban-tin',
    example: 'categories:\n  - name: Văn bản   (khi có bài liệt kê documents:)',
  },
  BT340: {
    severity: 'warning',
    title: 'Bài chưa có nội dung',
    message: 'Bài "{tiêu đề}" chưa có nội dung: người dân chỉ thấy tiêu đề.',
    hint: 'Viết nội dung bài bên dưới dòng "---" thứ hai, hoặc thêm draft: true để chưa đăng bài.',
    example: '---\ntitle: Lịch tiêm chủng tháng 6\n---\n   (không có gì sau dòng --- thứ hai; chỉ bantin check báo)',
  },
  BT341: {
    severity: 'warning',
    title: 'Bài còn nội dung tạm',
    message: 'Bài "{tiêu đề}" còn nội dung tạm ("{chữ tạm}"), chưa phải tin cho người dân.',
    hint: 'Thay bằng nội dung thật, hoặc thêm draft: true để chưa đăng bài (xoá bài nếu không cần).',
    example: 'Nội dung đang cập nhật.   (hoặc [điền ngày họp], Lorem ipsum, bài hướng dẫn của bantin init; chỉ bantin check báo)',
  },
  BT342: {
    severity: 'warning',
    title: 'Thông tin cơ quan còn trống',
    message: 'Thông tin cơ quan còn trống: {các trường}. Cuối mọi trang sẽ thiếu các dòng này.',
    hint: 'Điền các trường này trong nhóm organization: của bantin.yaml, ví dụ address: "25 Trần Phú, phường Trần Phú".',
    example: 'organization:\n  address: ""\n  phone: ""   (như bantin init để lại; chỉ bantin check báo)',
  },

  // ---------------------------------------------------------------------------------------------
  // BT4xx: templates
  // ---------------------------------------------------------------------------------------------
  BT401: {
    severity: 'error',
    title: 'Mẫu giao diện sai cú pháp Handlebars',
    message: 'Mẫu giao diện viết sai cú pháp Handlebars: {chi tiết}',
    hint: 'Kiểm tra các cặp {{#if}}…{{/if}}, {{#each}}…{{/each}} và dấu ngoặc nhọn ở dòng này.',
    example: 'templates/pages/article.hbs: {{#if article.image}}<img src="{{article.image}}">   (thiếu {{/if}})',
  },
  BT402: {
    severity: 'error',
    title: 'Giao diện thiếu một mẫu trang',
    message: 'Giao diện thiếu mẫu trang "pages/{mẫu}.hbs".',
    hint: 'Thêm tệp này vào thư mục templates, hoặc xoá tệp ghi đè để dùng mẫu mặc định.',
    example: 'Bộ giao diện không có tệp pages/category.hbs (ví dụ tệp bị xoá khỏi thư mục templates của bantin khi cài đặt).',
  },
  BT403: {
    severity: 'error',
    title: 'Lỗi khi dựng trang bằng mẫu giao diện',
    message: 'Lỗi khi dựng trang /{đường dẫn} bằng mẫu giao diện: {chi tiết}',
    hint: 'Kiểm tra tên biến ở dòng này; các biến có sẵn được liệt kê trong README (phần Giao diện).',
    example: 'templates/pages/article.hbs: {{article.tieuDePhu}}   (biến không có)',
    sites: { count: 2, reason: 'Lỗi khi chạy mẫu, báo khi dựng cả trang (render/templates.ts) và khi bantin serve dựng một trang được yêu cầu (dev/session.ts).' },
  },

  // ---------------------------------------------------------------------------------------------
  // BT5xx: discovery pages
  // ---------------------------------------------------------------------------------------------
  BT501: {
    severity: 'error',
    title: 'Chuyên mục trùng đường dẫn với một trang của bantin',
    message: 'Chuyên mục "{chuyên mục}" có đường dẫn /{đường dẫn}/, trùng với trang {trang} của bantin.',
    hint: 'Đặt slug khác cho chuyên mục này trong bantin.yaml, ví dụ: slug: {đường dẫn}-tin',
    example: 'categories:\n  - name: Tìm kiếm   (đường dẫn /tim-kiem/ là trang tìm kiếm)',
  },

  // ---------------------------------------------------------------------------------------------
  // BT6xx: bantin new
  // ---------------------------------------------------------------------------------------------
  BT601: {
    severity: 'error',
    title: 'Tiêu đề bài mới không dùng được',
    message: 'Không tạo được tên tệp từ tiêu đề "{tiêu đề}".',
    hint: 'Tiêu đề cần có chữ hoặc số, viết trong ngoặc kép, ví dụ: bantin new "Thông báo số 1"',
    example: 'bantin new "!!!"',
    sites: { count: 2, reason: 'Tiêu đề trống và tiêu đề không có chữ hoặc số: cùng một lỗi, không có tiêu đề để đặt tên tệp.' },
  },
  BT602: {
    severity: 'error',
    title: 'Chuyên mục của bài mới không có trong danh sách',
    message: 'Chuyên mục "{chuyên mục}" không có trong bantin.yaml.',
    hint: 'Chọn một trong các chuyên mục: {các chuyên mục}.',
    example: 'bantin new "Họp dân tổ 3" --category "Tin tức"   (bantin.yaml không có "Tin tức")',
  },
  BT603: {
    severity: 'error',
    title: 'Ngày sau --date không hợp lệ',
    message: 'Ngày "{ngày}" sau --date: {chi tiết}',
    hint: 'Kiểm tra lại ngày và tháng; ngày viết trước tháng, ví dụ 11/10/2021 14:48.',
    example: 'bantin new "Họp dân tổ 3" --date 30/02/2025',
  },
  BT604: {
    severity: 'error',
    title: 'Bài mới trùng tệp đã có',
    message: 'Tệp "{tệp}" đã có; bantin không ghi đè lên bài đã có.',
    hint: 'Đặt tiêu đề khác, hoặc mở tệp đó để sửa.',
    example: 'bantin new "Họp dân tổ 3" (chạy hai lần)',
  },
  BT605: {
    severity: 'error',
    title: 'Tên chuyên mục của bài mới không có chữ',
    message: 'Tên chuyên mục "{chuyên mục}" không có chữ hoặc số nào.',
    hint: 'Viết tên chuyên mục bằng chữ, ví dụ: --category "Thông báo"',
    example: 'bantin new "Họp dân tổ 3" --category "!!!"   (bantin.yaml không khai báo categories)',
  },

  // ---------------------------------------------------------------------------------------------
  // BT7xx: bantin init
  // ---------------------------------------------------------------------------------------------
  BT711: {
    severity: 'error',
    title: 'Chỗ tạo trang mới là một tệp',
    message: '"{đường dẫn}" là một tệp, không phải thư mục.',
    hint: 'Chọn một thư mục mới hoặc thư mục trống cho trang.',
    example: 'bantin init README.md --name "Phường Trần Phú"',
  },
  BT712: {
    severity: 'error',
    title: 'Thư mục tạo trang mới không trống',
    message: 'Thư mục "{thư mục}" không trống ({các mục}); bantin init không ghi đè lên tệp có sẵn.',
    hint: 'Chọn một thư mục mới, ví dụ: bantin init phuong-tran-phu --name "…"',
    example: 'bantin init . --name "Phường Trần Phú"   (thư mục đang có tệp)',
  },
  BT713: {
    severity: 'error',
    title: 'Không ghi được trang mới',
    message: 'Không ghi được trang mới vào "{thư mục}": {mã lỗi}.',
    hint: 'Kiểm tra quyền ghi của thư mục, hoặc chọn thư mục khác.',
    example: 'bantin init /thu-muc-chi-doc/trang --name "Phường Trần Phú"',
  },
  BT714: {
    severity: 'error',
    title: 'Gói bantin thiếu hướng dẫn biên tập',
    message: 'Không đọc được hướng dẫn biên tập {tệp} trong gói bantin ({mã lỗi}).',
    hint: 'Cài lại bantin: gói bị thiếu tệp.',
    example: 'bantin init trang-moi --name "Phường Trần Phú"   (gói bantin cài thiếu docs/huong-dan-bien-tap.md)',
  },
  BT715: {
    severity: 'error',
    title: 'Không đóng gói được bantin cho trang mới',
    message: 'Không đóng gói được bantin để đặt vào vendor/ của trang mới: {lý do}.',
    hint: 'Cần lệnh npm (đi kèm Node.js). Khi bantin đã có trên kho gói npm, chạy lại với --from-registry để trang cài bantin từ npm.',
    example: 'bantin init trang-moi --name "Phường Trần Phú"   (máy không có lệnh npm)',
  },
  BT720: {
    severity: 'warning',
    title: 'Trình soạn bài không khớp với bantin.yaml',
    message: 'Cấu hình trình soạn bài không còn khớp với bantin.yaml (chuyên mục, tác giả mặc định hay thư mục bài đã đổi).',
    hint: 'Chạy npx bantin cms để tạo lại trình soạn bài theo bantin.yaml (phần backend: được giữ nguyên).',
    example: 'Thêm một chuyên mục vào bantin.yaml sau khi đã chạy bantin cms.',
    sites: { count: 3, reason: 'Three ways the files of static/admin/ differ from what bantin cms writes now (config.yml not YAML, config.yml with other settings, index.html changed): one problem with one fix.' },
  },
  BT721: {
    severity: 'error',
    title: 'Thiếu bộ mã của trình soạn bài',
    message: 'Không tìm thấy bộ mã của trình soạn bài (Decap CMS) trong bantin đã cài.',
    hint: 'Cài lại bantin (npm install), hoặc xoá thư mục static/admin nếu không dùng trình soạn bài.',
    example: 'static/admin/config.yml có trong trang, nhưng gói bantin đã cài thiếu thư mục vendor/decap-cms/.',
  },

  // ---------------------------------------------------------------------------------------------
  // BT8xx: bantin import
  // ---------------------------------------------------------------------------------------------
  BT801: {
    severity: 'error',
    title: 'Không đọc được tệp xuất WordPress',
    message: 'Không đọc được tệp xuất WordPress "{tệp}".',
    hint: 'Trong trang quản trị WordPress, vào Công cụ → Xuất (Tools → Export), tải tệp .xml về rồi ghi đường dẫn của tệp đó.',
    example: 'bantin import wordpress khong-co.xml',
  },
  BT802: {
    severity: 'error',
    title: 'Không tìm thấy thư mục ảnh WordPress',
    message: 'Không tìm thấy thư mục ảnh "{thư mục}".',
    hint: 'Chép thư mục wp-content/uploads của trang WordPress về máy rồi ghi đường dẫn sau --uploads.',
    example: 'bantin import wordpress xuat.xml --uploads khong-co',
  },
  BT803: {
    severity: 'error',
    title: 'Tệp xuất WordPress hỏng hoặc không phải bản xuất WordPress',
    message: 'Tệp này không phải bản xuất WordPress (WXR): không có <rss><channel> với các thẻ wp:….',
    hint: 'Dùng tệp .xml tải về từ Công cụ → Xuất (Tools → Export) của WordPress, không sửa tay.',
    example: 'bantin import wordpress sitemap.xml',
  },
  BT804: {
    severity: 'error',
    title: 'Không tìm thấy thư mục trang Hugo/Jekyll',
    message: 'Không tìm thấy thư mục trang {Hugo/Jekyll} "{thư mục}".',
    hint: 'Ghi đường dẫn tới thư mục gốc của trang (thư mục có content/ với Hugo, _posts/ với Jekyll).',
    example: 'bantin import hugo khong-co',
  },
  BT805: {
    severity: 'error',
    title: 'Thư mục không có bài Hugo/Jekyll nào',
    message: 'Thư mục "{thư mục}" không có bài viết {Hugo/Jekyll} nào.',
    hint: 'Ghi đường dẫn tới thư mục gốc của trang Hugo hoặc Jekyll.',
    example: 'bantin import jekyll anh-chup   (thư mục không có _posts/)',
  },
  BT806: {
    severity: 'error',
    title: 'Không cập nhật được tệp cấu hình khi nhập',
    message: 'Không thêm được các chuyên mục {các chuyên mục} vào danh sách categories của tệp cấu hình.',
    hint: 'Thêm chúng vào danh sách categories bằng tay (mỗi chuyên mục một dòng "- name: …") rồi nhập lại; chưa có tệp nào được ghi.',
    example: 'bantin import wordpress xuat.xml   (bài nhập có chuyên mục mới, bantin.yaml chỉ đọc)',
  },
  BT807: {
    severity: 'error',
    title: 'Không ghi được bài nhập vào thư mục nội dung',
    message: 'Không ghi được tệp vào thư mục nội dung ({mã lỗi}); có thể một phần bài đã được ghi.',
    hint: 'Kiểm tra quyền ghi và chỗ trống của ổ đĩa, xoá các tệp vừa nhập rồi chạy lại.',
    example: 'bantin import hugo ../trang-cu   (thư mục content/ chỉ đọc hoặc ổ đĩa đầy)',
  },
  BT808: {
    severity: 'error',
    title: 'HTML lồng thẻ quá sâu',
    message: 'Một khối HTML của bài lồng thẻ quá sâu (hơn {số} tầng); bantin không chuyển bài này sang Markdown được.',
    hint: 'Mở bài, bỏ bớt các khung (div) lồng nhau rồi nhập lại, hoặc bỏ bài này khỏi nguồn nhập.',
    example: 'một bài WordPress (hoặc khối HTML trong bài Hugo/Jekyll) có <div> lồng nhau 3.000 tầng',
    sites: { count: 2, reason: 'WordPress và Hugo/Jekyll: cùng một giới hạn khi chuyển HTML sang Markdown.' },
  },

  // ---------------------------------------------------------------------------------------------
  // BT9xx: the output folder and writing the site
  // ---------------------------------------------------------------------------------------------
  BT901: {
    severity: 'error',
    title: 'Thư mục xuất có nội dung không do bantin tạo',
    message: 'Thư mục xuất "{thư mục}" đã có nội dung nhưng không do bantin tạo ra; bantin sẽ không xoá nó.',
    hint: 'Chọn thư mục khác bằng --out, hoặc xoá thư mục đó nếu chắc chắn không cần.',
    example: 'bantin build --out tai-lieu   (tai-lieu/ đang có tệp)',
  },
  BT902: {
    severity: 'error',
    title: 'Thư mục xuất chứa thư mục của trang',
    message: 'Thư mục xuất "{thư mục}" trùng với hoặc chứa thư mục "{thư mục của trang}" của trang; bantin sẽ không thay thế nó.',
    hint: 'Chọn một thư mục xuất riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    example: 'bantin build --out content',
  },
  BT903: {
    severity: 'error',
    title: 'Thư mục xuất là thư mục gốc',
    message: 'Thư mục xuất "{thư mục}" là thư mục gốc của hệ thống tệp; bantin sẽ không ghi vào đó.',
    hint: 'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    example: 'bantin build --out /',
  },
  BT904: {
    severity: 'error',
    title: 'Thư mục xuất là thư mục nhà',
    message: 'Thư mục xuất "{thư mục}" là thư mục nhà của người dùng hoặc chứa nó; bantin sẽ không thay thế thư mục này.',
    hint: 'Chọn một thư mục riêng bằng --out, ví dụ "dist" bên trong thư mục trang.',
    example: 'bantin build --out ~',
  },
  BT905: {
    severity: 'error',
    title: 'Thư mục xuất là thư mục đang làm việc',
    message: 'Thư mục xuất "{thư mục}" là thư mục đang làm việc hoặc chứa nó; bantin sẽ không thay thế thư mục này.',
    hint: 'Chọn một thư mục con riêng bằng --out, ví dụ --out dist.',
    example: 'bantin build --out .',
  },
  BT906: {
    severity: 'error',
    title: 'Chỗ của thư mục xuất là một tệp',
    message: '"{đường dẫn}" đã tồn tại nhưng không phải là thư mục; bantin sẽ không ghi đè lên nó.',
    hint: 'Chọn thư mục khác bằng --out, hoặc xoá tệp đó nếu chắc chắn không cần.',
    example: 'bantin build --out README.md',
  },
  BT907: {
    severity: 'error',
    title: 'Thư mục xuất là một liên kết tượng trưng',
    message: 'Thư mục xuất "{thư mục}" là một liên kết tượng trưng (symlink); bantin sẽ không thay thế liên kết này.',
    hint: 'Dùng đường dẫn thật của thư mục trong --out, hoặc chọn thư mục khác.',
    example: 'ln -s /var/www dist && bantin build --out dist',
  },
  BT908: {
    severity: 'error',
    title: 'Thư mục xuất nằm trong thư mục bantin đọc',
    message: 'Thư mục xuất "{thư mục}" nằm trong thư mục "{thư mục đọc}" mà bantin đọc; lần dựng sau sẽ đọc lại chính các trang đã xuất.',
    hint: 'Chọn thư mục xuất nằm ngoài thư mục nội dung và giao diện, ví dụ --out dist trong thư mục trang.',
    example: 'bantin build --out content/dist',
  },
  BT909: {
    severity: 'error',
    title: 'Không ghi được trang web ra ổ đĩa',
    message: 'Ổ đĩa đã đầy (hoặc hết hạn mức), không ghi được trang web vào "{thư mục}". Trang web cũ trong "{thư mục}" được giữ nguyên.',
    hint: 'Giải phóng chỗ trống trên ổ đĩa, hoặc kiểm tra quyền ghi của thư mục xuất, rồi dựng lại.',
    example: 'bantin build   (ổ đĩa đầy, hoặc thư mục chứa dist/ chỉ đọc)',
  },
  BT910: {
    severity: 'error',
    title: 'Một lần dựng khác đang chạy',
    message: 'Một lần dựng khác đang chạy ({tiến trình}) và đang ghi vào thư mục "{thư mục}".',
    hint: 'Chờ lần dựng kia xong rồi chạy lại. Nếu chắc chắn không còn lần dựng nào đang chạy, xoá tệp khoá "{tệp khoá}".',
    example: 'bantin build & bantin build   (hai lần dựng cùng một thư mục xuất)',
  },
} as const satisfies Record<string, CodeEntry>;

/** The ranges of codes (by their first digit), as the generated docs/ma-loi.md titles them. */
export const CODE_RANGES = {
  '0': 'Đọc tệp của trang',
  '1': 'Bài viết: phần thông tin đầu bài, các trường, và trang web dựng từ các bài',
  '2': 'Tệp cấu hình bantin.yaml và các tuỳ chọn trên dòng lệnh',
  '3': 'Nội dung bài: Markdown, liên kết, ảnh, văn bản đính kèm',
  '4': 'Mẫu giao diện',
  '5': 'Các trang tra cứu bantin tạo ra (từ khoá, tác giả, lưu trữ, sơ đồ trang, tìm kiếm)',
  '6': 'Lệnh bantin new',
  '7': 'Lệnh bantin init',
  '8': 'Lệnh bantin import (WordPress, Hugo, Jekyll)',
  '9': 'Thư mục xuất và việc ghi trang web',
} as const;

/** A catalogued code: `error()` and `warning()` accept nothing else. */
export type DiagnosticCode = keyof typeof CODES;

/** One catalogue entry with its code. */
export interface CatalogueEntry extends CodeEntry {
  readonly code: DiagnosticCode;
}

/** Every entry, in code order. */
export function catalogue(): CatalogueEntry[] {
  return (Object.keys(CODES) as DiagnosticCode[]).sort().map((code) => ({ code, ...(CODES[code] as CodeEntry) }));
}

