import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isValidTimeZone } from '../text/dates.js';
import { slugify } from '../text/vietnamese.js';
import { parseYaml, type Position } from '../text/yaml.js';
import { resolveImageConfig } from './images.js';
import type { CategoryConfig, MenuEntryConfig, MenusConfig, Organization, ResolvedConfig } from './types.js';
import { isValidSlug } from '../text/slug.js';
import { fieldReaders } from './fields.js';
import { type FieldReaders } from './fields.js';
import { type OutputsConfig } from './types.js';

/** Settings given on the command line; they win over the file. */
export interface ConfigOverrides {
  readonly baseUrl?: string | undefined;
}

const TOP_KEYS = [
  'title',
  'description',
  'baseUrl',
  'language',
  'timeZone',
  'pageSize',
  'relatedCount',
  'defaultAuthor',
  'maxImageSize',
  'feedSize',
  'feedFullContent',
  'organization',
  'categories',
  'outputs',
  'images',
  'menu',
  'footerMenu',
] as const;
const MENU_KEYS = ['page', 'category', 'url', 'label', 'children'] as const;
const ORG_KEYS = ['name', 'governingBody', 'address', 'phone', 'email', 'responsible', 'logo', 'hours'] as const;
const CATEGORY_KEYS = ['name', 'slug', 'description', 'order'] as const;
/** Largest image accepted without a warning, in bytes (`maxImageSize`). */
export const DEFAULT_MAX_IMAGE_SIZE = 2 * 1024 * 1024;

/**
 * Turn the text of `bantin.yaml` (or nothing, when the site has none) into the complete settings.
 * Pure: the caller reads the file.
 */
export function resolveConfig(
  text: string | undefined,
  file: string,
  overrides: ConfigOverrides = {},
): { config: ResolvedConfig | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let raw: Record<string, unknown> = {};
  let positions: ReadonlyMap<string, Position> = new Map();
  if (text !== undefined && text.trim() !== '') {
    const parsed = parseYaml(text, file, 0, 'Tệp cấu hình');
    diagnostics.push(...parsed.diagnostics);
    positions = parsed.positions;
    if (parsed.value !== undefined && parsed.value !== null) {
      if (typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
        diagnostics.push(error('BT201', file, 'Tệp cấu hình phải là danh sách các trường "tên: giá trị".', 'Xem ví dụ bantin.yaml trong README.', 1, 1));
      } else {
        raw = parsed.value as Record<string, unknown>;
      }
    }
  }
  const fields = fieldReaders(file, positions, diagnostics);
  const { problem, unknownKeys } = fields;
  const text_ = fields.text;
  const integer = (key: string, fallback: number, min: number, max: number) => fields.integer(raw, key, '', fallback, min, max);

  unknownKeys(raw, TOP_KEYS, '');

  const byteSize = (key: string, fallback: number) => fields.byteSize(raw, key, '', fallback);
  const flag = (key: string, fallback: boolean) => fields.flag(raw, key, '', fallback);

  const baseUrlInput = overrides.baseUrl ?? text_(raw, 'baseUrl', '', '/');
  const base = normalizeBaseUrl(baseUrlInput);
  if (!base) {
    const hint = 'Dùng dạng "/", "/duong-dan/" hoặc "https://ten-mien.gov.vn/".';
    // A value from the command line has no place in the file: point at the option instead.
    if (overrides.baseUrl !== undefined) diagnostics.push(error('BT204', '--base-url', `Địa chỉ gốc "${baseUrlInput}" ghi sau --base-url không hợp lệ.`, hint));
    else problem('baseUrl', `Địa chỉ gốc "${baseUrlInput}" không hợp lệ.`, hint);
  }

  const timeZone = text_(raw, 'timeZone', '', 'Asia/Ho_Chi_Minh');
  if (!isValidTimeZone(timeZone)) {
    problem('timeZone', `Múi giờ "${timeZone}" không hợp lệ.`, 'Dùng tên múi giờ IANA, ví dụ Asia/Ho_Chi_Minh.');
  }

  let orgRaw: Record<string, unknown> = {};
  if (raw.organization !== undefined && raw.organization !== '') {
    if (typeof raw.organization === 'object' && raw.organization !== null && !Array.isArray(raw.organization)) {
      orgRaw = raw.organization as Record<string, unknown>;
      unknownKeys(orgRaw, ORG_KEYS, 'organization.');
    } else {
      problem('organization', 'Trường "organization" phải gồm các trường con (name, governingBody, address, …).', 'Xem ví dụ bantin.yaml trong README.');
    }
  }
  const organization: Organization = {
    name: text_(orgRaw, 'name', 'organization.', ''),
    governingBody: text_(orgRaw, 'governingBody', 'organization.', ''),
    address: text_(orgRaw, 'address', 'organization.', ''),
    phone: text_(orgRaw, 'phone', 'organization.', ''),
    email: text_(orgRaw, 'email', 'organization.', ''),
    responsible: text_(orgRaw, 'responsible', 'organization.', ''),
    logo: text_(orgRaw, 'logo', 'organization.', ''),
    hours: text_(orgRaw, 'hours', 'organization.', ''),
  };

  const categories: CategoryConfig[] = [];
  if (raw.categories !== undefined && raw.categories !== '') {
    if (!Array.isArray(raw.categories)) {
      problem('categories', 'Trường "categories" phải là một danh sách.', 'Mỗi chuyên mục một dòng bắt đầu bằng "- name: …".');
    } else {
      const seen = new Map<string, string>();
      raw.categories.forEach((entry, i) => {
        const key = `categories.${i}`;
        let obj: Record<string, unknown>;
        if (typeof entry === 'string') obj = { name: entry };
        else if (entry && typeof entry === 'object' && !Array.isArray(entry)) obj = entry as Record<string, unknown>;
        else {
          problem(key, `Chuyên mục thứ ${i + 1} viết sai.`, 'Viết "- name: Tên chuyên mục".');
          return;
        }
        unknownKeys(obj, CATEGORY_KEYS, `${key}.`);
        const name = text_(obj, 'name', `${key}.`, '');
        if (!name) {
          problem(key, `Chuyên mục thứ ${i + 1} chưa có tên (name).`, 'Thêm "name: Tên chuyên mục".');
          return;
        }
        const slug = text_(obj, 'slug', `${key}.`, slugify(name));
        if (!isValidSlug(slug)) {
          problem(`${key}.slug`, `Đường dẫn "${slug}" của chuyên mục "${name}" không hợp lệ.`, 'Chỉ dùng chữ thường không dấu, số và gạch ngang, ví dụ: hoat-dong-cua-xa-phuong.');
          return;
        }
        if (seen.has(slug)) {
          problem(key, `Hai chuyên mục "${seen.get(slug)}" và "${name}" có cùng đường dẫn "${slug}".`, 'Đặt "slug:" khác nhau cho hai chuyên mục.');
          return;
        }
        seen.set(slug, name);
        const orderText = obj.order;
        let order = i;
        if (orderText !== undefined && orderText !== '') {
          if (typeof orderText === 'string' && /^-?\d+$/.test(orderText.trim())) order = Number(orderText.trim());
          else problem(`${key}.order`, `"order" của chuyên mục "${name}" phải là số nguyên.`, 'Ví dụ: order: 1');
        }
        categories.push({ name, slug, description: text_(obj, 'description', `${key}.`, ''), order });
      });
      // Stable: order, then position in the file.
      categories.sort((a, b) => a.order - b.order);
    }
  }

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
  const menus: MenusConfig | undefined = menu || footerMenu ? Object.freeze({ file, menu, footerMenu }) : undefined;

  const config: ResolvedConfig = Object.freeze({
    title: text_(raw, 'title', '', organization.name || 'Bản tin phường'),
    description: text_(raw, 'description', '', ''),
    baseUrl: base?.baseUrl ?? '/',
    basePath: base?.basePath ?? '/',
    language: text_(raw, 'language', '', 'vi'),
    timeZone,
    pageSize: integer('pageSize', 20, 1, 1000),
    relatedCount: integer('relatedCount', 5, 0, 50),
    defaultAuthor: text_(raw, 'defaultAuthor', '', ''),
    maxImageSize: byteSize('maxImageSize', DEFAULT_MAX_IMAGE_SIZE),
    feedSize: integer('feedSize', 20, 1, 1000),
    feedFullContent: flag('feedFullContent', false),
    organization: Object.freeze(organization),
    categories: Object.freeze(categories),
    images: resolveImageConfig(raw.images, fields),
    outputs: resolveOutputs(raw.outputs, fields),
    ...(menus ? { menus } : {}),
  });
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { config: failed ? undefined : config, diagnostics };
}

/** `/`, `/sub`, `https://host/sub` → base URL ending in `/` and its path part; undefined when invalid. */
export function normalizeBaseUrl(input: string): { baseUrl: string; basePath: string } | undefined {
  const value = input.trim();
  if (value === '') return { baseUrl: '/', basePath: '/' };
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return undefined;
    }
    if (url.search || url.hash) return undefined;
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    return { baseUrl: `${url.origin}${path}`, basePath: path };
  }
  if (!value.startsWith('/') || value.startsWith('//') || /[\s?#\\]/.test(value) || value.split('/').includes('..')) return undefined;
  const path = value.endsWith('/') ? value : `${value}/`;
  return { baseUrl: path, basePath: path };
}

/** `outputs:` of bantin.yaml. */
function resolveOutputs(raw: unknown, fields: FieldReaders): OutputsConfig {
  if (raw === undefined || raw === null || raw === '') return { discovery: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    fields.problem('outputs', 'Trường "outputs" phải là một nhóm trường.', 'Ví dụ:\noutputs:\n  discovery: false');
    return { discovery: true };
  }
  const obj = raw as Record<string, unknown>;
  fields.unknownKeys(obj, ['discovery'], 'outputs.');
  return Object.freeze({ discovery: fields.flag(obj, 'discovery', 'outputs.', true) });
}
