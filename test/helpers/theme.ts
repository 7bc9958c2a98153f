/** The default theme (templates/) as the pure pipeline takes it, for tests that build in memory. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateSource } from '../../src/render/templates.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const THEME = path.join(REPO, 'templates');

/** Templates (`.hbs`, `strings.yaml`) with their text, and the asset paths, in name order. */
export function defaultTheme(): { templates: TemplateSource[]; assets: string[] } {
  const templates: TemplateSource[] = [];
  const assets: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(THEME, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (child.endsWith('.hbs') || child === 'strings.yaml') templates.push({ name: child, file: `templates/${child}`, text: readFileSync(path.join(THEME, child), 'utf8') });
      else if (child.startsWith('assets/')) assets.push(child);
    }
  };
  walk('');
  return { templates, assets };
}
