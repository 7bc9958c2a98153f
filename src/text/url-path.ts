import { posix } from 'node:path';

/**
 * Resolve `relative` against the folder of `fromFile` (both content-relative, `/` separators).
 * A leading `/` means the content root. Returns undefined when the result leaves the content folder.
 */
export function resolveRelative(fromFile: string, relative: string): string | undefined {
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  const rooted = relative.startsWith('/');
  const base = rooted ? '' : posix.dirname(fromFile);
  const joined = posix.normalize(posix.join(base === '.' ? '' : base, rooted ? relative.replace(/^\/+/, '') : relative));
  if (joined === '.' || joined === './') return '';
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined;
  return joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** Percent-encode each segment of a posix path for use in a URL (keeps `/`). */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
