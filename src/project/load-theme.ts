import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TemplateSource } from '../render/templates.js';
import { scanFolder } from './scan.js';

/** The default theme shipped inside the package. */
export const BUILTIN_THEME = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface LoadedTheme {
  readonly templates: TemplateSource[];
  /** Static files: output path → absolute source path. */
  readonly assets: Map<string, string>;
  readonly diagnostics: Diagnostic[];
}

/**
 * Load the default theme, then lay the site's own templates folder over it file by file:
 * a file the site has replaces the theme's file of the same path; the rest is inherited.
 */
export async function loadTheme(siteTemplates: string | undefined, display: (abs: string) => string): Promise<LoadedTheme> {
  const layers = [BUILTIN_THEME];
  if (siteTemplates && resolve(siteTemplates) !== BUILTIN_THEME && existsSync(siteTemplates)) layers.push(siteTemplates);
  const byName = new Map<string, { abs: string }>();
  const diagnostics: Diagnostic[] = [];
  for (const layer of layers) {
    const { files, diagnostics: d } = await scanFolder(layer, display);
    diagnostics.push(...d);
    for (const f of files) byName.set(f.path, { abs: f.abs });
  }
  const templates: TemplateSource[] = [];
  const assets = new Map<string, string>();
  for (const [name, { abs }] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name.endsWith('.hbs') || name === 'strings.yaml') {
      const text = (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      templates.push({ name, file: display(abs), text });
    } else if (name.startsWith('assets/')) {
      assets.set(name, abs);
    }
  }
  return { templates, assets, diagnostics };
}


