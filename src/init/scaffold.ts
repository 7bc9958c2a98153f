/**
 * The files of a new ward site, as `bantin init` writes them. Pure: a function of the options.
 */
import { cmsFiles } from '../cms/config.js';
import { resolveConfig } from '../config/resolve-config.js';
import { formatShortDate } from '../text/dates.js';
import { slugify } from '../text/vietnamese.js';
import { githubCheckWorkflow, githubDeployWorkflow, gitlabCi } from './ci.js';
import { wardMenu, wardPages } from './pages.js';
import { placeholder } from '../content/placeholders.js';
import { codeOwners, siteReadme, templatesReadme } from './readme.js';

export interface ScaffoldOptions {
  /** The ward or commune, as it is written: "Phường Trần Phú", "Xã Tân Lập". */
  readonly name: string;
  /** "UBND thành phố Quảng Ngãi". */
  readonly governingBody?: string | undefined;
  /** Already validated: `/`, `/sub/` or `https://…/`. */
  readonly baseUrl?: string | undefined;
  /** When the site is made (the welcome article's date). */
  readonly now: number;
  /** Version of bantin the site depends on. */
  readonly toolVersion: string;
  /**
   * The site's dependency on bantin: `file:vendor/bantin-0.1.0.tgz` (the packed tool placed in the
   * site by `bantin init`), or by default `^toolVersion` from the npm registry.
   */
  readonly toolDependency?: string | undefined;
  /** The editors' guide, written to `docs/huong-dan-bien-tap.md` (the path `bantin new` names). */
  readonly guide?: string | undefined;
  readonly timeZone?: string | undefined;
}

/** Where a new site keeps the editors' guide; `bantin new` names this path in every new article. */
export const GUIDE_PATH = 'docs/huong-dan-bien-tap.md';

/** Node versions a site needs: those of bantin's own dependencies (chokidar 5, entities 7: 20.19). */
export const NODE_ENGINES = '>=20.19.0';

export interface ScaffoldFile {
  /** Path relative to the new site's root, `/` separators. */
  readonly path: string;
  readonly contents: string;
}

/** The categories of a new site; the first is where the welcome article goes. */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'Hoạt động của xã phường', description: 'Hoạt động của Đảng ủy, HĐND, UBND, Ủy ban MTTQ và các đoàn thể.' },
  { name: 'Thông báo', description: 'Thông báo, lịch làm việc, lịch tiếp công dân và hướng dẫn thủ tục hành chính.' },
  { name: 'An ninh - Quốc phòng', description: 'An ninh trật tự, quốc phòng địa phương.' },
  { name: 'Kinh tế - Xã hội', description: 'Phát triển kinh tế, an sinh xã hội, chuyển đổi số.' },
  { name: 'Văn hóa - Giáo dục - Y tế', description: 'Văn hóa, thể thao, trường học và chăm sóc sức khỏe nhân dân.' },
];

/** A YAML double-quoted scalar: JSON's quoting is valid YAML and keeps Vietnamese letters readable. */
function q(text: string): string {
  return JSON.stringify(text);
}

/** `Phường Trần Phú` from `UBND Phường Trần Phú` or `Phường Trần Phú`. */
function wardName(name: string): string {
  return name.replace(/^UBND\s+/i, '').trim();
}

/**
 * The files of a new site.
 * Long: each file's text is written out line by line (bantin.yaml, the welcome article, package.json), in the order they appear in the site.
 */
export function scaffoldSite(options: ScaffoldOptions): ScaffoldFile[] {
  const name = wardName(options.name.normalize('NFC').replace(/\s+/g, ' ').trim());
  const organization = `UBND ${name}`;
  const title = `Cổng thông tin điện tử ${name}`;
  const timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
  const packageName = slugify(name) || 'ban-tin';
  const first = DEFAULT_CATEGORIES[0]!;
  const toolDependency = options.toolDependency ?? `^${options.toolVersion}`;
  const vendored = toolDependency.startsWith('file:') ? toolDependency.slice('file:'.length) : undefined;
  const date = formatShortDate(options.now - (options.now % 60_000), timeZone, true);

  const pages = wardPages(name);
  const config = [
    `# Cấu hình trang tin của ${name}. Mọi trường đều không bắt buộc; xem README.md.`,
    `title: ${q(title)}`,
    `description: ${q(`Tin tức, thông báo và hoạt động của ${name}.`)}`,
    '# Địa chỉ gốc của trang: "/" khi xem trên máy. Khi đăng bằng GitHub Actions hay GitLab CI, địa chỉ',
    '# được lấy tự động; chỉ cần ghi ở đây khi đăng cách khác, ví dụ https://tranphu.quangngai.gov.vn/',
    `baseUrl: ${q(options.baseUrl ?? '/')}`,
    `timeZone: ${timeZone}`,
    'pageSize: 20',
    'relatedCount: 5',
    '# Tác giả ghi cho bài không có trường author.',
    `defaultAuthor: ${q('Ban biên tập')}`,
    '# Thông tin cơ quan chủ quản, hiện ở cuối mọi trang theo quy định về trang thông tin điện tử',
    '# của cơ quan nhà nước. Điền đủ trước khi đăng trang.',
    'organization:',
    `  name: ${q(organization)}`,
    `  governingBody: ${q(options.governingBody?.trim() ?? '')}`,
    `  address: ${q(placeholder('địa chỉ trụ sở'))}`,
    `  phone: ${q('')} # Điền số điện thoại, ví dụ "0255 3822 123"`,
    `  email: ${q('')} # Điền thư điện tử, ví dụ "ubndtranphu@quangngai.gov.vn"`,
    `  hours: ${q(placeholder('giờ làm việc, ví dụ: Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu'))}`,
    `  responsible: ${q('')} # Người chịu trách nhiệm nội dung, ví dụ "Ông Nguyễn Văn Minh, Chủ tịch UBND phường"`,
    '# Các chuyên mục; mỗi bài viết chọn một chuyên mục trong danh sách này (trường category).',
    'categories:',
    ...DEFAULT_CATEGORIES.flatMap((c) => [`  - name: ${q(c.name)}`, `    description: ${q(c.description)}`]),
    ...wardMenu(pages, first.name),
    '',
  ].join('\n');

  const welcome = [
    '---',
    `title: ${q(`Ra mắt ${title}`)}`,
    'slug: ra-mat-cong-thong-tin',
    `date: ${q(date)}`,
    `author: ${q('Ban biên tập')}`,
    `category: ${q(first.name)}`,
    `tags: [${q('Cổng thông tin')}, ${q('Chuyển đổi số')}]`,
    `summary: ${q(`${title} chính thức đi vào hoạt động, đăng tin tức, thông báo và hoạt động của địa phương.`)}`,
    '# Bài hướng dẫn, không đăng lên trang (bản nháp): chép bài này để viết bài mới; xem trước bằng bantin serve --drafts.',
    'draft: true',
    '---',
    '',
    `${title} chính thức đi vào hoạt động. Trang đăng tin tức, thông báo, lịch làm việc và hoạt động của Đảng ủy, HĐND, UBND và các đoàn thể ${name}.`,
    '',
    '## Cách viết một bài mới',
    '',
    'Mỗi bài là một tệp `.md` trong thư mục `content/`. Tệp bắt đầu bằng phần thông tin của bài (tiêu đề, ngày, tác giả, chuyên mục) nằm giữa hai dòng `---`, sau đó là nội dung bài. Cách dễ nhất là chép tệp này, đổi tên tệp rồi sửa các dòng thông tin và nội dung.',
    '',
    '- Ảnh: đặt tệp ảnh cạnh bài và viết `![Mô tả ảnh](ten-anh.jpg "Chú thích dưới ảnh")`.',
    '- Liên kết tới bài khác: `[xem thêm](../thong-bao/ten-bai.md)`.',
    '- Bài có ngày đăng ở tương lai sẽ tự lên trang vào đúng ngày đó.',
    '',
    `Hướng dẫn đầy đủ cho biên tập viên, cả khi chỉ dùng trình duyệt trên GitHub hay GitLab, có trong tệp \`${GUIDE_PATH}\` của trang; cách cài đặt và đăng trang có trong README.md.`,
    '',
  ].join('\n');

  const packageJson = `${JSON.stringify(
    {
      name: packageName,
      version: '1.0.0',
      private: true,
      description: title,
      scripts: {
        build: 'bantin build',
        serve: 'bantin serve',
        check: 'bantin check',
      },
      dependencies: {
        bantin: toolDependency,
      },
      engines: {
        node: NODE_ENGINES,
      },
    },
    null,
    2,
  )}\n`;

  const gitignore = ['# Tạo ra khi dựng trang; không đưa lên kho.', 'node_modules/', 'dist/', 'public/', '.cache/', '*.bantin-tmp-*', '*.bantin-old-*', ''].join('\n');

  return [
    { path: 'bantin.yaml', contents: config },
    ...editorFiles(config),
    { path: `content/${slugify(first.name)}/ra-mat-cong-thong-tin.md`, contents: welcome },
    ...pages.map((p) => ({ path: `content/${p.path}`, contents: p.contents })),
    { path: 'templates/README.md', contents: templatesReadme() },
    { path: '.github/CODEOWNERS', contents: codeOwners() },
    { path: '.gitignore', contents: gitignore },
    { path: 'package.json', contents: packageJson },
    { path: 'README.md', contents: siteReadme({ name, title, toolVersion: options.toolVersion, vendored }) },
    ...(options.guide !== undefined ? [{ path: GUIDE_PATH, contents: options.guide }] : []),
    { path: '.github/workflows/kiem-tra.yml', contents: githubCheckWorkflow() },
    { path: '.github/workflows/dang-trang.yml', contents: githubDeployWorkflow() },
    { path: '.gitlab-ci.yml', contents: gitlabCi() },
  ];
}

/** The browser editor of the new site, generated from its bantin.yaml as `bantin cms` does (src/cms/config.ts). */
function editorFiles(configText: string): ScaffoldFile[] {
  const resolved = resolveConfig(configText, 'bantin.yaml').config;
  if (!resolved) throw new Error('scaffoldSite: the generated bantin.yaml does not resolve');
  return cmsFiles(resolved);
}
