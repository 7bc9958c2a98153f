/**
 * The browser editor (Decap CMS) of a site, generated from its `bantin.yaml`: `static/admin/config.yml`
 * and `static/admin/index.html`. Pure: a function of the resolved config, so `bantin check` can
 * regenerate it and compare with what is on disk.
 *
 * The fields follow the content contract of README.md ("Writing an article"): what the editor saves
 * is what `bantin check` accepts — required fields are required in the form, the category is a
 * select of exactly the configured names, dates are stored as `dd/mm/yyyy HH:mm`, images and files
 * are saved beside the article, and the `slug:` field is written on first save (made from the
 * title the bantin way) so a later title edit keeps the URL.
 */
import { stringify } from 'yaml';
import { MAX_SLUG, SLUG_PATTERN } from '../text/slug.js';
import type { ResolvedConfig } from '../config/types.js';
import { escapeHtml } from '../text/html-escape.js';

/** Version of Decap CMS whose bundle the editor page loads (kept equal to package.json). */
export const DECAP_CMS_VERSION = '3.16.3';

/** Where the editor lives in a site: copied to the output as `admin/`. */
export const CMS_FOLDER = 'static/admin';

/** Where the CMS writes new articles, under the content folder; each article in its own folder. */
export const ARTICLES_FOLDER = 'tin-tuc';
/** Where the CMS lists and writes fixed pages (`type: page`), as `bantin init` places them. */
export const PAGES_FOLDER = 'trang';

/** Date and time as the content contract stores them (Day.js tokens, as Decap uses). */
const DATE_TIME_FORMAT = 'DD/MM/YYYY HH:mm';
const DATE_FORMAT = 'DD/MM/YYYY';

/** First line of the generated config: `bantin check` recognises its own file by it. */
export const GENERATED_MARK = '# Tệp này do bantin tạo từ bantin.yaml (npx bantin cms). Đừng sửa tay: sửa bantin.yaml rồi chạy lại lệnh.';

export interface CmsOptions {
  /** Path of the content folder relative to the site root, `/` separators (default `content`). */
  readonly contentDir?: string | undefined;
  /**
   * The `backend:` of the site's current config.yml: the IT volunteer's choice (GitHub, GitLab…),
   * kept when the file is made again. Default: a `git-gateway` placeholder.
   */
  readonly backend?: unknown;
}

type Field = Record<string, unknown>;

/** What both collections share: one Markdown file per entry, named by its slug, images beside it. */
const MARKDOWN_FILES = {
  slug: '{{fields.slug}}',
  create: true,
  extension: 'md',
  format: 'frontmatter',
  media_folder: '',
  public_folder: '',
} as const;

/** The data of `config.yml` (before comments), as Decap reads it. */
export function cmsConfigData(config: ResolvedConfig, options: CmsOptions = {}): Record<string, unknown> {
  const content = (options.contentDir ?? 'content').replace(/\/+$/, '') || 'content';
  const names = config.categories.map((c) => c.name.normalize('NFC'));
  const slugPattern = [SLUG_PATTERN.source, 'Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ hop-dan-to-3.'];

  const articleFields = articleFieldsOf(config, names, slugPattern);
  const pageFields = pageFieldsOf(slugPattern);

  return {
    locale: 'vi',
    backend: options.backend ?? { name: 'git-gateway', branch: 'main' },
    local_backend: true,
    publish_mode: 'simple',
    site_url: config.baseUrl.startsWith('http') ? config.baseUrl : undefined,
    // The media library's own folder; articles keep their images beside them (collection settings).
    media_folder: `${content}/tep-chung`,
    public_folder: '/tep-chung',
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    collections: [
      {
        name: 'tin-tuc',
        label: 'Tin bài',
        label_singular: 'tin bài',
        description: 'Tin tức, thông báo và hoạt động. Mỗi bài là một thư mục, ảnh và tệp đính kèm nằm cạnh bài.',
        folder: `${content}/${ARTICLES_FOLDER}`,
        path: '{{slug}}/index',
        ...MARKDOWN_FILES,
        summary: '{{title}} — {{category}} — {{date}}',
        sortable_fields: ['date', 'title'],
        ...(names.length > 0 ? { view_filters: names.map((name) => ({ label: name, field: 'category', pattern: `^${escapeRegExp(name)}$` })) } : {}),
        fields: articleFields,
      },
      {
        name: 'trang',
        label: 'Trang cố định',
        label_singular: 'trang',
        description: 'Giới thiệu, Liên hệ, Cơ cấu tổ chức…: trang không nằm trong danh sách tin (type: page).',
        // One file per page (content/trang/gioi-thieu.md), as `bantin init` writes them; images beside.
        folder: `${content}/${PAGES_FOLDER}`,
        path: '{{slug}}',
        ...MARKDOWN_FILES,
        fields: pageFields,
      },
    ],
  };
}

/** The fields of an article, in the order of the content contract (README "Writing an article"). */
function articleFieldsOf(config: ResolvedConfig, names: readonly string[], slugPattern: readonly string[]): Field[] {
  const category: Field =
    names.length > 0
      ? { label: 'Chuyên mục', name: 'category', widget: 'select', options: names, default: names[0], required: true, hint: 'Bài hiện trong chuyên mục này trên trang.' }
      : { label: 'Chuyên mục', name: 'category', widget: 'string', required: true, hint: 'Tên chuyên mục, ví dụ Thông báo.' };
  const author: Field = {
    label: 'Tác giả',
    name: 'author',
    widget: 'string',
    required: config.defaultAuthor === '',
    ...(config.defaultAuthor !== '' ? { default: config.defaultAuthor, hint: `Để trống thì ghi "${config.defaultAuthor}".` } : { hint: 'Tên người viết, hiện ở cuối bài.' }),
  };

  const documents: Field = {
    label: 'Văn bản đính kèm',
    label_singular: 'văn bản',
    name: 'documents',
    widget: 'list',
    required: false,
    collapsed: false,
    summary: '{{fields.number}} — {{fields.summary}}',
    hint: 'Văn bản pháp quy của thông báo: hiện thành bảng cuối bài và trong trang /van-ban/.',
    fields: [
      { label: 'Số, ký hiệu', name: 'number', widget: 'string', required: true, hint: 'Ví dụ 02/TB-UBND.' },
      {
        label: 'Cơ quan ban hành',
        name: 'issuer',
        widget: 'string',
        required: false,
        ...(config.organization.name ? { hint: `Để trống thì ghi "${config.organization.name}".` } : {}),
      },
      { label: 'Ngày ban hành', name: 'issued', widget: 'datetime', required: true, format: DATE_FORMAT, date_format: DATE_FORMAT, time_format: false, picker_utc: false },
      { label: 'Ngày hiệu lực', name: 'effective', widget: 'datetime', required: false, format: DATE_FORMAT, date_format: DATE_FORMAT, time_format: false, picker_utc: false },
      { label: 'Trích yếu', name: 'summary', widget: 'string', required: false, hint: 'Để trống thì dùng tiêu đề bài.' },
      { label: 'Tệp văn bản', name: 'file', widget: 'file', required: true, choose_url: false, hint: 'Tệp PDF, DOC, DOCX… của văn bản; được lưu cạnh bài.' },
    ],
  };

  return [
    { label: 'Tiêu đề', name: 'title', widget: 'string', required: true, hint: 'Tiêu đề bài, hiện trên trang và trong kết quả tìm kiếm.' },
    {
      label: 'Đường dẫn',
      name: 'slug',
      widget: 'string',
      required: false,
      pattern: slugPattern,
      hint: 'Phần cuối địa chỉ của bài. Để trống: bantin tạo từ tiêu đề khi lưu lần đầu, rồi giữ nguyên để địa chỉ bài không đổi khi sửa tiêu đề.',
    },
    {
      label: 'Ngày đăng',
      name: 'date',
      widget: 'datetime',
      required: true,
      format: DATE_TIME_FORMAT,
      date_format: DATE_FORMAT,
      time_format: 'HH:mm',
      picker_utc: false,
      hint: `Ngày và giờ đăng (giờ ${config.timeZone}). Bài có ngày ở tương lai tự lên trang vào đúng ngày đó.`,
    },
    author,
    category,
    { label: 'Từ khóa', name: 'tags', widget: 'list', required: false, default: [], hint: 'Các từ khóa, cách nhau bằng dấu phẩy, ví dụ: Đảng ủy, Hội nghị.' },
    { label: 'Tóm tắt', name: 'summary', widget: 'text', required: false, hint: 'Một, hai câu hiện dưới tiêu đề và trong danh sách tin. Để trống thì dùng đoạn đầu của bài.' },
    { label: 'Ảnh bìa', name: 'image', widget: 'image', required: false, choose_url: false, hint: 'Ảnh chụp bằng điện thoại dùng được ngay: bantin tự thu nhỏ và xóa vị trí GPS.' },
    { label: 'Bản nháp', name: 'draft', widget: 'boolean', required: false, default: false, hint: 'Bật: bài được lưu nhưng chưa lên trang.' },
    documents,
    { label: 'Nội dung', name: 'body', widget: 'markdown', required: true, hint: 'Nội dung bài. Ảnh chèn vào bài được lưu cạnh bài.' },
  ];
}

/** The fields of a fixed page (`type: page`, the pages issue). */
function pageFieldsOf(slugPattern: readonly string[]): Field[] {
  return [
    { label: 'Loại', name: 'type', widget: 'hidden', default: 'page' },
    { label: 'Tiêu đề', name: 'title', widget: 'string', required: true },
    { label: 'Đường dẫn', name: 'slug', widget: 'string', required: false, pattern: slugPattern, hint: 'Địa chỉ trang, ví dụ gioi-thieu. Để trống: tạo từ tiêu đề khi lưu lần đầu.' },
    { label: 'Cập nhật lần cuối', name: 'updated', widget: 'datetime', required: false, format: DATE_TIME_FORMAT, date_format: DATE_FORMAT, time_format: 'HH:mm', picker_utc: false },
    { label: 'Nội dung', name: 'body', widget: 'markdown', required: true },
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `static/admin/config.yml`: the config data, with comments for the IT volunteer. */
export function cmsConfigYaml(config: ResolvedConfig, options: CmsOptions = {}): string {
  const data = cmsConfigData(config, options);
  const { backend, local_backend: localBackend, ...rest } = data;
  const dump = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
  return [
    GENERATED_MARK,
    '# Trình soạn bài trên trình duyệt (Decap CMS) của trang; hướng dẫn: docs/huong-dan-bien-tap.md.',
    '',
    '# Nơi lưu bài: kho git của trang. "git-gateway" cần Netlify Identity; với GitHub hay GitLab, thay',
    '# bằng (xem docs/dang-nhap-trinh-soan-bai.md):',
    '#   backend: { name: github, repo: ten-to-chuc/ten-kho, branch: main, base_url: https://oauth.vi-du.gov.vn }',
    '#   backend: { name: gitlab, repo: ten-nhom/ten-kho, branch: main, auth_type: pkce, app_id: MA_UNG_DUNG }',
    '# Không bao giờ ghi mã truy cập (token) hay mật khẩu vào tệp này: tệp được đăng công khai.',
    dump({ backend }).trimEnd(),
    '# Chỉ dùng khi xem trên máy (npx bantin serve --cms): lưu thẳng vào thư mục trang.',
    dump({ local_backend: localBackend }).trimEnd(),
    '',
    dump(rest).trimEnd(),
    '',
  ].join('\n');
}

/**
 * `static/admin/index.html`: loads the vendored Decap bundle (copied beside it by `bantin build`),
 * and, before each save, fills an empty `slug` from the title exactly as bantin makes slugs — so
 * the URL is pinned from the first save on.
 */
export function cmsIndexHtml(config: ResolvedConfig): string {
  const title = `Soạn bài — ${config.title}`;
  return `<!doctype html>
<!-- Tệp này do bantin tạo (npx bantin cms). Trình soạn bài Decap CMS ${DECAP_CMS_VERSION}, chép vào trang khi dựng. -->
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script src="decap-cms.js"></script>
  <script>
    // The URL of an article comes from its slug: bantin's rule (src/text/slug.ts: NFD, marks removed, đ → d, a-z0-9 and -, ${MAX_SLUG} at most).
    function bantinSlug(text) {
      return String(text || '').normalize('NFD').replace(/\\p{M}+/gu, '').toLowerCase().replace(/đ/g, 'd')
        .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, ${MAX_SLUG}).replace(/-+$/, '');
    }
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (event) {
        var data = event.entry.get('data');
        var slug = String(data.get('slug') || '').trim();
        return slug ? data.set('slug', slug) : data.set('slug', bantinSlug(data.get('title')));
      },
    });
  </script>
</body>
</html>
`;
}


/** Both files of the editor, paths relative to the site root. */
export function cmsFiles(config: ResolvedConfig, options: CmsOptions = {}): Array<{ path: string; contents: string }> {
  return [
    { path: `${CMS_FOLDER}/index.html`, contents: cmsIndexHtml(config) },
    { path: `${CMS_FOLDER}/config.yml`, contents: cmsConfigYaml(config, options) },
  ];
}
