import { isAbsolute, relative, sep } from 'node:path';

/**
 * The path shown to the user for `abs`: relative to `cwd` with `/` separators when it lies inside
 * it (`.` for `cwd` itself), else absolute. Every command and message uses this one rule.
 */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return abs;
  return rel.split(sep).join('/');
}

/** True when `child` is `parent` or lies inside it (absolute, normalised paths; caseless where the file system is). */
export function isInside(child: string, parent: string): boolean {
  const caseless = process.platform === 'win32' || process.platform === 'darwin';
  const rel = caseless ? relative(parent.toLowerCase(), child.toLowerCase()) : relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
