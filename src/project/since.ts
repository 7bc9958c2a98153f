/**
 * `bantin check --since <git ref>`: which published addresses would die. The site is planned twice
 * — at the ref, from git objects read in memory (`git ls-tree`, `git cat-file`), and in the working
 * tree — through the pure per-article stage and site model (no page is rendered). Every address
 * (article, page, or old address in `aliases:`) that was published at the ref and is neither an
 * address nor an alias now is an error, in the file that holds the article now, with the exact
 * line to add.
 *
 * A shallow clone (CI checkouts fetch one commit) may lack the ref: `origin/<branch>` is then
 * fetched, one commit deep, which is all that is needed; when that fails the message says to
 * check out with `fetch-depth: 0`.
 */
import { spawn } from 'node:child_process';
import { relative, sep } from 'node:path';
import { resolveConfig } from '../config/resolve-config.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { plannedAddresses, type ArticleCache, type MarkdownSource, type PublishedAddress } from '../pipeline.js';
import type { BuildOptions } from '../site/model.js';
import { decodeSource } from '../text/decode.js';
import type { SitePaths } from './paths.js';

/** Run git in `cwd`; stdout as bytes. `input` is written to its stdin. */
function git(cwd: string, args: readonly string[], input?: string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('git', args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    if (child.stdin) {
      // git may stop reading early (a failed command): its exit code tells, not the pipe.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

const SINCE = 'check --since';

/** The ref as a commit id, fetching `remote/branch` one commit deep in a shallow clone. */
async function resolveRef(top: string, ref: string): Promise<{ commit?: string; diagnostics: Diagnostic[] }> {
  const verify = () => git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  let found = await verify();
  if (found.code !== 0) {
    const slash = ref.indexOf('/');
    const remotes = (await git(top, ['remote'])).stdout.toString('utf8').split('\n').filter(Boolean);
    const remote = slash > 0 ? ref.slice(0, slash) : undefined;
    if (remote && remotes.includes(remote)) {
      const branch = ref.slice(slash + 1);
      await git(top, ['fetch', '--no-tags', '--depth=1', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
      found = await verify();
    }
  }
  if (found.code !== 0) {
    const shallow = (await git(top, ['rev-parse', '--is-shallow-repository'])).stdout.toString('utf8').trim() === 'true';
    return {
      diagnostics: [
        error(
          'BT171',
          SINCE,
          `Không tìm thấy phiên bản "${ref}" trong kho git${shallow ? ' (kho chỉ có một phần lịch sử)' : ''}.`,
          shallow
            ? 'Trong GitHub Actions, lấy đủ lịch sử bằng "fetch-depth: 0" ở bước actions/checkout (GitLab CI: GIT_DEPTH: 0), hoặc chạy "git fetch origin main" trước.'
            : 'Kiểm tra tên nhánh hoặc mã phiên bản, ví dụ: bantin check --since origin/main',
        ),
      ],
    };
  }
  return { commit: found.stdout.toString('utf8').trim(), diagnostics: [] };
}

/** Contents of the blobs `ids`, in order, through one `git cat-file --batch`. */
async function readBlobs(top: string, ids: readonly string[]): Promise<Buffer[]> {
  if (ids.length === 0) return [];
  const { code, stdout } = await git(top, ['cat-file', '--batch'], `${ids.join('\n')}\n`);
  if (code !== 0) throw new Error('bantin: git cat-file failed');
  const blobs: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const eol = stdout.indexOf(0x0a, at);
    const header = stdout.subarray(at, eol).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) throw new Error(`bantin: git cat-file gave no blob for ${ids[i]}`);
    blobs.push(stdout.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return blobs;
}

/** Posix path of `abs` under the repository's top folder. */
const repoPath = (top: string, abs: string) => relative(top, abs).split(sep).join('/');

/**
 * Addresses published at `ref` that the working tree loses, as errors.
 *
 * @param now The check's clock: an article scheduled later was not published at the ref either.
 * @param current Addresses of the working tree (the check's own build).
 * @param contentLabel Prefix of displayed content paths (`content/`).
 */
export async function checkSince(
  ref: string,
  paths: SitePaths,
  options: BuildOptions,
  current: readonly PublishedAddress[],
  contentLabel: string,
  baseUrl: string | undefined,
  cache?: ArticleCache,
): Promise<Diagnostic[]> {
  const topRun = await git(paths.root, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (!topRun || topRun.code !== 0) {
    return [error('BT172', SINCE, `Thư mục "${paths.root}" không nằm trong một kho git, nên không so được với "${ref}".`, 'Chạy lệnh trong thư mục của kho git (nơi có thư mục .git), hoặc bỏ --since.')];
  }
  const top = topRun.stdout.toString('utf8').trim();
  const { commit, diagnostics } = await resolveRef(top, ref);
  if (!commit) return diagnostics;

  // Config and Markdown at the ref.
  const configPath = paths.config ? repoPath(top, paths.config) : undefined;
  let configText: string | undefined;
  if (configPath) {
    const shown = await git(top, ['show', `${commit}:${configPath}`]);
    if (shown.code === 0) configText = decodeSource(configPath, shown.stdout).text;
  }
  const resolved = resolveConfig(configText, `${configPath ?? 'bantin.yaml'} (${ref})`, { baseUrl });
  if (!resolved.config) {
    // The old config had errors: nothing was published from it that could be compared.
    return [];
  }
  const contentPath = repoPath(top, paths.content);
  const listed = await git(top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', contentPath === '' ? '.' : contentPath]);
  const entries = listed.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, id] = line.slice(0, tab).split(' ');
      return { type, id: id!, path: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && /\.md$/i.test(e.path));
  const blobs = await readBlobs(top, entries.map((e) => e.id));
  const prefix = contentPath === '' ? '' : `${contentPath}/`;
  const markdown: MarkdownSource[] = entries.map((e, i) => ({ path: e.path.slice(prefix.length).normalize('NFC'), bytes: blobs[i]! }));
  const before = plannedAddresses(resolved.config, markdown, options, cache);
  return lostAddresses(before, current, contentLabel, ref);
}

/**
 * Addresses of `before` that `after` neither publishes nor redirects, as errors. A lost address is
 * reported in the file that holds its article now (same path, else same title), at the line where
 * `aliases:` goes; for a deleted article, at its old path.
 */
export function lostAddresses(before: readonly PublishedAddress[], after: readonly PublishedAddress[], contentLabel: string, ref: string): Diagnostic[] {
  const live = new Set<string>();
  for (const a of after) {
    live.add(a.url);
    for (const alias of a.aliases) live.add(alias);
  }
  const bySource = new Map(after.map((a) => [a.source, a]));
  const oldSources = new Set(before.map((b) => b.source));
  const byTitle = new Map<string, PublishedAddress>();
  for (const a of after) if (!oldSources.has(a.source) && !byTitle.has(a.title)) byTitle.set(a.title, a);
  const diagnostics: Diagnostic[] = [];
  for (const b of before) {
    const lost = [b.url, ...b.aliases].filter((u) => !live.has(u));
    if (lost.length === 0) continue;
    const now = bySource.get(b.source) ?? byTitle.get(b.title);
    const list = lost.map((u) => `/${u}`);
    if (!now) {
      diagnostics.push(
        error(
          'BT170',
          contentLabel + b.source,
          `Bài "${b.title}" (có ở ${ref}) đã bị xoá hoặc thôi đăng; địa chỉ ${list.join(', ')} sẽ trả lỗi 404.`,
          `Nếu có bài thay thế, thêm vào phần đầu bài đó dòng: aliases: [${list.join(', ')}] — hoặc giữ lại bài này.`,
        ),
      );
      continue;
    }
    const all = [...now.aliases.map((u) => `/${u}`), ...list];
    const line = `aliases: [${all.join(', ')}]`;
    diagnostics.push(
      error(
        'BT170',
        contentLabel + now.source,
        `Địa chỉ ${list.join(', ')} của ${now.kind === 'page' ? 'trang' : 'bài'} "${now.title}" (có ở ${ref}) sẽ mất: bài nay ở /${now.url}.`,
        now.aliasesLine !== undefined
          ? `Sửa dòng ${now.aliasesLine} thành: ${line}`
          : `Thêm dòng này vào phần thông tin đầu bài, ngay dưới dòng ${now.titleLine} (title): ${line}`,
        now.aliasesLine ?? now.titleLine,
        1,
      ),
    );
  }
  return diagnostics;
}
