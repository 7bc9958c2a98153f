import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's version, from its package.json. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Libraries whose output is part of what the per-article stage caches. */
const RENDERING_LIBRARIES = [
  'remark-parse',
  'remark-gfm',
  // The GFM parts src/content/markdown.ts uses directly (remark-gfm's own copies are the same packages).
  'micromark-extension-gfm-autolink-literal',
  'micromark-extension-gfm-footnote',
  'micromark-extension-gfm-strikethrough',
  'micromark-extension-gfm-table',
  'micromark-extension-gfm-task-list-item',
  'mdast-util-gfm-autolink-literal',
  'mdast-util-gfm-footnote',
  'mdast-util-gfm-strikethrough',
  'mdast-util-gfm-table',
  'mdast-util-gfm-task-list-item',
  'remark-html',
  'hast-util-sanitize',
  'yaml',
  'unified',
];

let cached: string | undefined;

/** `name@version` of each rendering library, so a library upgrade invalidates the cache. */
export async function libraryVersions(): Promise<string> {
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const name of RENDERING_LIBRARIES) {
    let version = 'unknown';
    try {
      let dir = dirname(fileURLToPath(import.meta.resolve(name)));
      for (let i = 0; i < 5; i++) {
        try {
          const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
          if (pkg.name === name && pkg.version) {
            version = pkg.version;
            break;
          }
        } catch {
          // Not here; look one folder up.
        }
        dir = dirname(dir);
      }
    } catch {
      // Unresolvable: the version stays 'unknown'.
    }
    parts.push(`${name}@${version}`);
  }
  cached = parts.join(',');
  return cached;
}
