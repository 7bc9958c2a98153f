import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { isValidTimeZone } from '../text/dates.js';
import { slugify } from '../text/vietnamese.js';
import { parseYaml, type Position } from '../text/yaml.js';
import { resolveImageConfig } from './images.js';
import type { CategoryConfig, Organization, ResolvedConfig } from './types.js';
import { MENU_TOP_KEYS, resolveMenus } from './menus.js';
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
  ...MENU_TOP_KEYS,
] as const;
const ORG_KEYS = ['name', 'governingBody', 'address', 'phone', 'email', 'responsible', 'logo', 'hours'] as const;
const CATEGORY_KEYS = ['name', 'slug', 'description', 'order'] as const;
/** Largest image accepted without a warning, in bytes (`maxImageSize`). */
export const DEFAULT_MAX_IMAGE_SIZE = 2 * 1024 * 1024;

/**
 * Turn the text of `bantin.yaml` (or nothing, when the site has none) into the complete settings.
 * Pure: the caller reads the file.
 *
 * Long: reads every top-level field of bantin.yaml in one pass with the same field readers and diagnostics; each field is a few lines, in the order README documents them.
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

  const menus = resolveMenus(raw, file, positions, fields);

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
