/**
 * `menu:` and `footerMenu:` of bantin.yaml as written: entries with one of `page`, `category`,
 * `url`, an optional `label`, and one level of `children`. Resolved against the site when pages
 * are planned (src/pages/menu.ts). Pure.
 */
import type { Position } from '../text/yaml.js';
import type { FieldReaders } from './fields.js';
import type { MenuEntryConfig, MenusConfig } from './types.js';

/** The top-level keys of bantin.yaml this module reads. */
export const MENU_TOP_KEYS = ['menu', 'footerMenu'] as const;
const MENU_KEYS = ['page', 'category', 'url', 'label', 'children'] as const;

/** The menus of a parsed bantin.yaml, or undefined when it has neither; problems go through `fields`. */
export function resolveMenus(raw: Record<string, unknown>, file: string, positions: ReadonlyMap<string, Position>, fields: FieldReaders): MenusConfig | undefined {
  const { problem, unknownKeys } = fields;
  const text_ = fields.text;
  /** `menu:` / `footerMenu:`: entries with one of page, category, url; optional label; children one level deep. */
  const pos = (key: string) => positions.get(key) ?? { line: 1, column: 1 };
  const menuOf = (key: string): MenuEntryConfig[] | null => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') return null;
    const example = `${key}:\n  - page: gioi-thieu\n  - category: Thông báo\n  - url: https://dichvucong.gov.vn\n    label: Dịch vụ công`;
    if (!Array.isArray(v)) {
      problem(key, `Trường "${key}" phải là một danh sách các mục.`, `Mỗi mục một dòng bắt đầu bằng "- ", ví dụ:\n${example}`);
      return [];
    }
    const entries = (list: unknown[], at: string, depth: number): MenuEntryConfig[] => {
      const out: MenuEntryConfig[] = [];
      list.forEach((item, i) => {
        const path = `${at}.${i}`;
        const p = pos(path);
        // `- gioi-thieu`: a page (or category) by slug; `- https://…`: a link.
        if (typeof item === 'string') {
          const target = item.trim();
          if (target === '') return problem(path, `Mục thứ ${i + 1} của "${at}" đang để trống.`, `Ví dụ:\n${example}`);
          out.push({ kind: /^(https?:|mailto:|tel:)/i.test(target) ? 'url' : 'page', target, label: '', line: p.line, column: p.column, children: [] });
          return;
        }
        if (!item || typeof item !== 'object' || Array.isArray(item)) return problem(path, `Mục thứ ${i + 1} của "${at}" viết sai.`, `Ví dụ:\n${example}`);
        const obj = item as Record<string, unknown>;
        unknownKeys(obj, MENU_KEYS, `${path}.`);
        const kinds = (['page', 'category', 'url'] as const).filter((k) => obj[k] !== undefined && obj[k] !== null && obj[k] !== '');
        if (kinds.length !== 1) {
          return problem(
            path,
            kinds.length === 0 ? `Mục thứ ${i + 1} của "${at}" chưa nói trỏ tới đâu.` : `Mục thứ ${i + 1} của "${at}" có cả ${kinds.join(' và ')}; mỗi mục chỉ trỏ tới một nơi.`,
            'Mỗi mục có đúng một trong: page (trang cố định hoặc trang tim-kiem, van-ban, luu-tru), category (chuyên mục) hoặc url (trang web khác).',
          );
        }
        const kind = kinds[0]!;
        const target = text_(obj, kind, `${path}.`, '');
        const label = text_(obj, 'label', `${path}.`, '');
        if (kind === 'url' && !/^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[+\d][\d .-]*)$/i.test(target)) {
          return problem(`${path}.url`, `Địa chỉ "${target}" của mục thứ ${i + 1} không hợp lệ.`, 'Viết đầy đủ, ví dụ: url: https://dichvucong.gov.vn (hoặc mailto:…, tel:…).');
        }
        if (kind === 'url' && !label) return problem(path, `Mục liên kết "${target}" chưa có tên hiển thị.`, 'Thêm một dòng label, ví dụ: label: Dịch vụ công');
        let children: MenuEntryConfig[] = [];
        if (obj.children !== undefined && obj.children !== null && obj.children !== '') {
          if (depth > 0) problem(`${path}.children`, 'Trình đơn chỉ có một cấp mục con.', 'Chuyển các mục này lên cùng cấp với mục cha của chúng.');
          else if (!Array.isArray(obj.children)) problem(`${path}.children`, '"children" phải là một danh sách các mục.', `Ví dụ:\n    children:\n      - page: co-cau-to-chuc`);
          else children = entries(obj.children, `${path}.children`, depth + 1);
        }
        const at_ = pos(`${path}.${kind}`);
        out.push({ kind, target, label, line: at_.line, column: at_.column, children });
      });
      return out;
    };
    return entries(v, key, 0);
  };
  const menu = menuOf('menu');
  const footerMenu = menuOf('footerMenu');
  return menu || footerMenu ? Object.freeze({ file, menu, footerMenu }) : undefined;
}
