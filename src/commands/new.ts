import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { formatShortDate, parseDate } from '../text/dates.js';
import { slugify, toneKey } from '../text/vietnamese.js';
import { error, UserError, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { readConfig } from '../project/load-site.js';
import { resolvePaths, type SiteOptions } from '../project/paths.js';
import { titleSlug } from '../text/slug.js';

export interface NewOptions extends SiteOptions {
  title: string;
  category?: string | undefined;
  author?: string | undefined;
  /** Publication date as an editor writes it (`11/10/2021 14:48`); default now. */
  date?: string | undefined;
}

/** What `bantin new` writes: the file's path relative to the content folder, and its text. Pure. */
export function newArticle(
  options: { title: string; category?: string | undefined; author?: string | undefined; date?: string | undefined },
  config: ResolvedConfig,
  now: number,
): { path?: string; text?: string; diagnostics: Diagnostic[] } {
  const fail = (code: DiagnosticCode, message: string, hint: string) => ({ diagnostics: [error(code, 'bantin new', message, hint)] });
  const title = options.title.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (title === '') return fail('BT601', 'Tiêu đề bài viết đang trống.', 'Viết tiêu đề trong ngoặc kép, ví dụ: bantin new "Họp dân tổ 3 về chỉnh trang đô thị"');
  const slug = titleSlug(title);
  if (slug === '') return fail('BT601', `Không tạo được tên tệp từ tiêu đề "${title}".`, 'Tiêu đề cần có chữ hoặc số, ví dụ: bantin new "Thông báo số 1"');

  // Category: one of the configured ones (any spelling of its marks), or any name without a list.
  let category: { name: string; folder: string } | undefined;
  const wanted = options.category?.normalize('NFC').trim();
  if (wanted) {
    if (config.categories.length > 0) {
      const found = config.categories.find((c) => toneKey(c.name) === toneKey(wanted) || c.slug === wanted);
      if (!found) {
        return fail('BT602', `Chuyên mục "${wanted}" không có trong bantin.yaml.`, `Chọn một trong các chuyên mục: ${config.categories.map((c) => c.name).join(', ')}.`);
      }
      category = { name: found.name, folder: found.slug };
    } else {
      const folder = slugify(wanted);
      if (folder === '') return fail('BT605', `Tên chuyên mục "${wanted}" không có chữ hoặc số nào.`, 'Viết tên chuyên mục bằng chữ, ví dụ: --category "Thông báo"');
      category = { name: wanted, folder };
    }
  }

  let dateText: string;
  if (options.date !== undefined) {
    const parsed = parseDate(options.date.trim(), config.timeZone);
    if (!parsed.ok) return fail('BT603', `Ngày "${options.date}" sau --date: ${parsed.message}`, parsed.hint);
    dateText = formatShortDate(parsed.epochMs, config.timeZone, parsed.hasTime);
  } else dateText = formatShortDate(now, config.timeZone, true);

  const author = options.author?.normalize('NFC').trim() || config.defaultAuthor;
  const q = (text: string) => JSON.stringify(text);
  const examples = config.categories.length > 0 ? config.categories.map((c) => c.name).join(', ') : 'Thông báo';
  const lines = [
    '---',
    `title: ${q(title)}`,
    `date: ${q(dateText)}`,
    author ? `author: ${q(author)}` : 'author:  # Điền tên tác giả, ví dụ: author: Nguyễn Văn An',
    category ? `category: ${q(category.name)}` : `category:  # Điền chuyên mục, một trong: ${examples}`,
    'tags: []  # Từ khoá, ví dụ: tags: [Đảng ủy, Hội nghị]',
    'summary: ""  # Một hai câu tóm tắt; để trống thì lấy đoạn đầu của bài',
    `slug: ${slug}  # Đường dẫn của bài; giữ nguyên sau khi đăng để liên kết đã chia sẻ không bị hỏng`,
    '# image: anh-bia.jpg  (ảnh bìa, đặt cạnh tệp này; bỏ dấu # ở đầu dòng để dùng)',
    '# draft: true  (bỏ dấu # để giữ bài ở dạng nháp, chưa đăng)',
    '---',
    '',
    '<!-- Viết nội dung bài bên dưới. Ảnh đặt cạnh tệp này: ![Mô tả ảnh](ten-anh.jpg "Chú thích dưới ảnh"). Hướng dẫn: docs/huong-dan-bien-tap.md -->',
    '',
  ];
  return { path: `${category ? `${category.folder}/` : ''}${slug}.md`, text: lines.join('\n'), diagnostics: [] };
}

/** `bantin new "Tiêu đề"`: writes the file, prints its path; 1 on any problem, never overwriting. */
export async function runNew(options: NewOptions, logger: Logger): Promise<number> {
  const paths = resolvePaths(options);
  try {
    const { config } = await readConfig(paths, options);
    const made = newArticle(options, config, options.now ?? Date.now());
    if (made.path === undefined || made.text === undefined) throw new UserError(made.diagnostics);
    const abs = join(paths.content, ...made.path.split('/'));
    const rel = relative(paths.cwd, abs).split('\\').join('/');
    const shown = rel.startsWith('..') ? abs : rel;
    await mkdir(dirname(abs), { recursive: true });
    try {
      await writeFile(abs, made.text, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      throw new UserError([error('BT604', shown, `Tệp "${shown}" đã có; bantin không ghi đè lên bài đã có.`, 'Đặt tiêu đề khác, hoặc mở tệp đó để sửa.')]);
    }
    logger.info(shown);
    logger.warn('Mở tệp trên để viết bài; xem trước bằng lệnh: bantin serve');
    return 0;
  } catch (e) {
    if (e instanceof UserError) {
      logger.error(formatDiagnostics(e.diagnostics));
      return 1;
    }
    throw e;
  }
}
