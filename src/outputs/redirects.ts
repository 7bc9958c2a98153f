/**
 * Redirects of old addresses (`aliases:` in an article or page), so links shared on Zalo or
 * Facebook and search results keep working after a URL changes. Two forms:
 *
 * - at each old path, a tiny HTML page (as Hugo writes): `<meta http-equiv="refresh">` to the new
 *   address, `<link rel="canonical">` to it, `noindex`, and a visible link for browsers that do not
 *   follow the refresh. Works on every static host (GitHub Pages, GitLab Pages, any web server).
 * - `_redirects`, the list Netlify and Cloudflare Pages read (`/old /new 301`), so those hosts
 *   answer with a real 301. Cloudflare Pages applies it before serving files; Netlify serves the
 *   HTML page that exists at the old path (its "shadowing" rule), which redirects as well.
 *   Not written when the content folder has its own `_redirects` (copied as it is).
 *
 * Pure: files are returned as `{ path, contents }`.
 */
import Handlebars from 'handlebars';
import type { ResolvedConfig } from '../config/types.js';
import type { RedirectPlan } from '../pages/plan.js';
import { encodePath } from '../text/url-path.js';
import { hasAbsoluteBase } from '../config/base-url.js';

/** The file Netlify and Cloudflare Pages read for redirects. */
export const REDIRECTS_FILE = '_redirects';

const page = Handlebars.compile(
  `<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<title>{{title}}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{{target}}">
<meta http-equiv="refresh" content="0; url={{target}}">
</head>
<body>
<p>Trang này đã chuyển tới <a href="{{target}}">{{title}}</a>.</p>
</body>
</html>
`,
  { strict: true },
);

/**
 * The files of the redirects: one HTML page per old path, and `_redirects` unless the content has one.
 *
 * @param assets Content-relative paths of the copied files.
 */
export function redirectFiles(redirects: readonly RedirectPlan[], config: Pick<ResolvedConfig, 'baseUrl' | 'basePath' | 'language'>, assets: readonly string[]): Array<{ path: string; contents: string }> {
  if (redirects.length === 0) return [];
  const absolute = hasAbsoluteBase(config);
  const files = redirects.map((r) => ({
    path: r.outputPath,
    contents: page({ language: config.language, title: r.title, target: (absolute ? config.baseUrl : config.basePath) + encodePath(r.to) }),
  }));
  if (!assets.includes(REDIRECTS_FILE)) {
    const lines = redirects.map((r) => `${config.basePath}${encodePath(r.from)} ${config.basePath}${encodePath(r.to)} 301`);
    files.push({ path: REDIRECTS_FILE, contents: `# Đường dẫn cũ (aliases) — bantin ghi tệp này cho Netlify và Cloudflare Pages.\n${lines.join('\n')}\n` });
  }
  return files;
}
