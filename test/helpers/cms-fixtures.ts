/**
 * Category sets the browser editor's generated config is tested with (unit test and, against
 * Decap's own schema, the Chromium test): Vietnamese names with marks, `&`, `-`, and names YAML
 * would read as something else if they were written unquoted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { DEFAULT_CATEGORIES } from '../../src/init/scaffold.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CmsFixture {
  readonly name: string;
  readonly config: ResolvedConfig;
  /** Category names, in order, as bantin.yaml gives them. */
  readonly categories: readonly string[];
}

function fromYaml(name: string, text: string): CmsFixture {
  const { config, diagnostics } = resolveConfig(text, 'bantin.yaml');
  if (!config) throw new Error(`${name}: ${JSON.stringify(diagnostics)}`);
  return { name, config, categories: config.categories.map((c) => c.name) };
}

const list = (names: readonly string[], extra = '') =>
  `title: "Phường Thử"\n${extra}categories:\n${names.map((n) => `  - name: ${JSON.stringify(n)}`).join('\n')}\n`;

export const TRICKY_CATEGORIES = [
  'Tin "nóng": 24/7',
  '#Thông báo khẩn',
  '- Gạch đầu dòng',
  'yes',
  'null',
  'Đảng & Chính quyền',
  'Khoa học – Công nghệ',
  "Ý kiến 'nhân dân'",
  'Văn hóa - Thể thao {2025}',
] as const;

export function cmsFixtures(): CmsFixture[] {
  return [
    fromYaml('sample site (marks, &, -)', readFileSync(path.join(REPO, 'bantin.yaml'), 'utf8')),
    fromYaml('init defaults, with defaultAuthor', list(DEFAULT_CATEGORIES.map((c) => c.name), 'defaultAuthor: "Ban biên tập"\norganization:\n  name: "UBND xã Tân Lập"\n')),
    fromYaml('names YAML would misread', list(TRICKY_CATEGORIES)),
    fromYaml('no categories', 'title: "Phường Thử"\n'),
  ];
}
