import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { bodyOf, textOf } from './parked-body.js';
import type { Organization } from '../config/types.js';
import { foldMarks } from '../text/vietnamese.js';
import type { ArticleData } from './article.js';

/**
 * Text that is not yet news, matched with Vietnamese marks folded (lower case, no tone marks, đ as
 * d): what editors type while waiting for the real text, and init's welcome article (a Markdown
 * tutorial, not news for residents).
 */
const PLACEHOLDERS: ReadonlyArray<{ pattern: RegExp; shown: string }> = [
  { pattern: /noi dung dang (?:duoc )?cap nhat/, shown: 'Nội dung đang cập nhật' },
  { pattern: /\[\s*dien\b[^\]]*\]/, shown: '[điền …]' },
  { pattern: /\blorem ipsum\b/, shown: 'Lorem ipsum' },
  { pattern: /\bcach viet mot bai moi\b/, shown: 'Cách viết một bài mới (bài hướng dẫn do bantin init tạo)' },
];

/** The organisation fields a ward's site must show (the footer of every page), with their Vietnamese names. */
const ORGANIZATION_FIELDS: ReadonlyArray<{ key: keyof Organization; label: string }> = [
  { key: 'address', label: 'địa chỉ (address)' },
  { key: 'phone', label: 'điện thoại (phone)' },
  { key: 'email', label: 'thư điện tử (email)' },
  { key: 'responsible', label: 'người chịu trách nhiệm (responsible)' },
];

/**
 * What would make a launched site look abandoned, for `bantin check`: published articles with an
 * empty body (BT340) or placeholder text (BT341), and organisation fields left empty (BT342).
 * Warnings: `--strict` turns them into a failed check. Pure.
 *
 * @param articles Published articles; diagnostics name `display(source)`.
 * @param organization The organisation block of bantin.yaml, as resolved.
 * @param configFile Displayed path of bantin.yaml; `organizationLine` its `organization:` line, if known.
 */
export function checkReadiness(
  articles: readonly ArticleData[],
  organization: Organization,
  configFile: string,
  display: (source: string) => string,
  organizationLine?: number,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const a of articles) {
    const file = display(a.source);
    const line = a.lines.title;
    const text = textOf(a);
    if (text.trim() === '' && bodyOf(a.body).children.every((c) => c.type === 'text' && c.value.trim() === '')) {
      diagnostics.push(
        warning('BT340', file, `Bài "${a.title}" chưa có nội dung: người dân chỉ thấy tiêu đề.`, 'Viết nội dung bài bên dưới dòng "---" thứ hai, hoặc thêm draft: true để chưa đăng bài.', line),
      );
      continue;
    }
    const folded = foldMarks(`${a.title}\n${a.summary}\n${text}`);
    const found = PLACEHOLDERS.find((p) => p.pattern.test(folded));
    if (found) {
      diagnostics.push(
        warning('BT341', file, `Bài "${a.title}" còn nội dung tạm ("${found.shown}"), chưa phải tin cho người dân.`, 'Thay bằng nội dung thật, hoặc thêm draft: true để chưa đăng bài (xoá bài nếu không cần).', line),
      );
    }
  }
  const empty = ORGANIZATION_FIELDS.filter((f) => String(organization[f.key] ?? '').trim() === '');
  if (empty.length > 0) {
    diagnostics.push(
      warning(
        'BT342',
        configFile,
        `Thông tin cơ quan còn trống: ${empty.map((f) => f.label).join(', ')}. Cuối mọi trang sẽ thiếu các dòng này.`,
        'Điền các trường này trong nhóm organization: của bantin.yaml, ví dụ address: "25 Trần Phú, phường Trần Phú".',
        organizationLine,
      ),
    );
  }
  return diagnostics;
}
