import { resolve } from 'node:path';
import { formatIsoDate, formatShortDate } from '../text/dates.js';
import { checkReadiness } from '../content/check-readiness.js';
import { compareDiagnostics, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics, formatGithub } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { loadAndBuild, type LoadedSite } from '../project/load-site.js';
import { resolvePaths, type SiteOptions } from '../project/paths.js';
import { displayPath } from '../util/paths.js';
import { type LeftOut } from '../site/model.js';
import { withAllTexts } from '../project/load-site.js';
import { sayIfForeignSite, staticClashes } from './build.js';
import type { ArticleCache } from '../pipeline.js';
import { checkSince } from '../project/since.js';
import { cmsDiagnostics } from '../cms/write.js';
import { isInside } from '../util/paths.js';

export type CheckFormat = 'text' | 'json' | 'github';

export interface CheckOptions extends SiteOptions {
  /** Warnings fail the check too. */
  strict?: boolean | undefined;
  format?: CheckFormat | undefined;
  /** A git ref (`origin/main`): report every published address that the working tree loses. */
  since?: string | undefined;
}

/** An article whose address comes from its title: a later edit of the title moves it. */
export interface UnpinnedReport {
  readonly file: string;
  readonly line: number;
  readonly title: string;
  /** `/thong-bao/hop-dan/` */
  readonly url: string;
  /** The line to add: `slug: hop-dan`. */
  readonly fix: string;
}

/** One draft or scheduled article in the check's report. */
export interface LeftOutReport {
  /** Displayed path, like the diagnostics' `file`. */
  readonly file: string;
  readonly title: string;
  /** `2030-01-01T08:00:00+07:00`. */
  readonly date: string;
  /** `01/01/2030 08:00`, in the site's time zone. */
  readonly dateText: string;
}

/** What `bantin check --format json` prints. */
export interface CheckReport {
  /** Whether the check passes (no errors; no warnings either with --strict). */
  readonly ok: boolean;
  readonly strict: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** Articles a build would publish now. */
  readonly published: number;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
  readonly drafts: readonly LeftOutReport[];
  readonly scheduled: readonly LeftOutReport[];
  /** Published articles and pages without `slug:` (a note, never a warning). */
  readonly unpinned: readonly UnpinnedReport[];
}

/**
 * `bantin check`: everything a build checks (the whole pipeline runs, every page is rendered), the
 * image size limit, and what would make the launched site look abandoned (empty or placeholder
 * articles, empty organisation fields: BT340–BT342), without writing the site. Returns 1 on errors, and on warnings with
 * `--strict`; 0 otherwise.
 */
export async function runCheck(options: CheckOptions, logger: Logger): Promise<number> {
  const format = options.format ?? 'text';
  const strict = Boolean(options.strict);
  let diagnostics: Diagnostic[];
  let texts: ReadonlyMap<string, string> = new Map();
  let published = 0;
  let drafts: LeftOutReport[] = [];
  let scheduled: LeftOutReport[] = [];
  let unpinned: UnpinnedReport[] = [];
  let loaded: LoadedSite | undefined;
  try {
    // With --since, the working tree's per-article results serve the comparison too.
    const cache: ArticleCache | undefined = options.since ? new Map() : undefined;
    const site = (loaded = await loadAndBuild(options, cache));
    await site.cacheSaved;
    // What a build lets through but readers should not see: empty or placeholder articles, an
    // organisation block left empty (warnings; --strict fails on them).
    const configLabel = site.paths.config ? displayPath(site.paths.cwd, site.paths.config) : 'bantin.yaml';
    const readiness = checkReadiness(site.output.articles, site.config.organization, configLabel, (source) => site.contentLabel + source);
    // Files copied as they are over a file bantin makes (a feed, the search index): the build's own
    // check, on the files it would write (made here only when the site copies anything of static/).
    const hasStatic = [...site.copies.values()].some((abs) => isInside(abs, resolve(site.paths.root, 'static')));
    const clashes = hasStatic ? staticClashes([...site.output.pages, ...site.output.files, ...site.images], site.copies, site.paths.cwd) : [];
    diagnostics = [...site.output.diagnostics, ...readiness, ...clashes].sort(compareDiagnostics);
    texts = site.output.texts;
    published = site.output.published;
    const entry = (l: LeftOut): LeftOutReport => ({
      file: site.contentLabel + l.source,
      title: l.title,
      date: formatIsoDate(l.date, site.config.timeZone),
      dateText: formatShortDate(l.date, site.config.timeZone, true),
    });
    diagnostics.push(...(await cmsDiagnostics(site.paths, site.config, (abs) => displayPath(site.paths.cwd, abs))));
    drafts = site.output.leftOut.filter((l) => l.reason === 'draft').map(entry);
    scheduled = site.output.leftOut.filter((l) => l.reason === 'scheduled').map(entry);
    unpinned = site.output.addresses
      .filter((a) => !a.pinned)
      .map((a) => ({ file: site.contentLabel + a.source, line: a.titleLine, title: a.title, url: site.config.basePath + a.url, fix: `slug: ${a.url.split('/').at(-2) ?? ''}` }));
    if (options.since) {
      const build = { drafts: Boolean(options.drafts), future: Boolean(options.future), now: options.now ?? Date.now() };
      diagnostics = [...diagnostics, ...(await checkSince(options.since, site.paths, build, site.output.addresses, site.contentLabel, options.baseUrl, cache))];
    }
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    diagnostics = [...e.diagnostics];
  } finally {
    await loaded?.close();
  }
  if (format === 'text') {
    const paths = resolvePaths(options);
    texts = await withAllTexts(diagnostics, texts, paths.cwd);
    if (diagnostics.some((d) => d.severity === 'error')) sayIfForeignSite(paths.root, paths.cwd, logger);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const ok = errors === 0 && !(strict && warnings > 0);
  const report: CheckReport = { ok, strict, errors, warnings, published, diagnostics, drafts, scheduled, unpinned };

  if (format === 'json') logger.info(JSON.stringify(report, null, 2));
  else {
    for (const part of format === 'github' ? githubReport(report) : textReport(report, texts)) logger.info(part);
  }
  return ok ? 0 : 1;
}

/** The last line of a check: counts and the verdict, in Vietnamese. */
export function verdict(report: CheckReport): string {
  // With errors a build writes nothing: no count of articles "to be published" then.
  const published = report.errors > 0 ? `chưa bài nào được đăng khi còn lỗi (${report.published} bài đã sẵn sàng)` : `${report.published} bài sẽ được đăng`;
  const parts = [published, `${report.errors} lỗi`, `${report.warnings} cảnh báo`, `${report.drafts.length} bản nháp`, `${report.scheduled.length} bài hẹn giờ`];
  let end: string;
  if (report.errors > 0) end = 'Chưa đạt: sửa các lỗi trên rồi kiểm tra lại.';
  else if (!report.ok) end = 'Chưa đạt vì --strict: sửa các cảnh báo trên rồi kiểm tra lại.';
  else if (report.warnings > 0) end = 'Đạt, nhưng nên sửa các cảnh báo trên.';
  else end = 'Đạt: không có lỗi nào.';
  return `Kiểm tra xong: ${parts.join(', ')}. ${end}`;
}

function leftOutLines(report: CheckReport): string[] {
  const lines: string[] = [];
  if (report.drafts.length > 0) {
    lines.push('Bản nháp (không đăng; dùng --drafts để xem trước):');
    for (const d of report.drafts) lines.push(`  ${d.file} — ${d.dateText} — ${d.title}`);
  }
  if (report.scheduled.length > 0) {
    lines.push('Bài hẹn giờ (tự đăng khi đến ngày và có lần dựng trang sau đó):');
    for (const d of report.scheduled) lines.push(`  ${d.file} — ${d.dateText} — ${d.title}`);
  }
  if (report.unpinned.length > 0) {
    lines.push(`Ghi chú: ${report.unpinned.length} bài có đường dẫn lấy từ tiêu đề; sửa tiêu đề sẽ đổi đường dẫn và làm hỏng liên kết đã chia sẻ. Nên ghim đường dẫn bằng một dòng slug:`);
    for (const u of report.unpinned.slice(0, 20)) lines.push(`  ${u.file}:${u.line} — ${u.url} — thêm dòng: ${u.fix}`);
    if (report.unpinned.length > 20) lines.push(`  … và ${report.unpinned.length - 20} bài khác (xem bantin check --format json).`);
  }
  return lines;
}

/** The text report in parts: problems, drafts and scheduled articles, verdict (the last line). */
function textReport(report: CheckReport, texts: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  if (report.diagnostics.length > 0) out.push(`${formatDiagnostics(report.diagnostics, texts)}\n`);
  const leftOut = leftOutLines(report);
  if (leftOut.length > 0) out.push(leftOut.join('\n'));
  out.push(verdict(report));
  return out;
}

/** GitHub Actions workflow commands: one annotation per problem on its line, notices for left-out articles. */
function githubReport(report: CheckReport): string[] {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const out: string[] = [];
  if (report.diagnostics.length > 0) out.push(formatGithub(report.diagnostics));
  for (const d of report.drafts) out.push(`::notice file=${prop(d.file)},title=${prop('Bản nháp')}::${esc(`Bản nháp, sẽ không được đăng: "${d.title}" (ngày ${d.dateText}).`)}`);
  for (const d of report.scheduled) out.push(`::notice file=${prop(d.file)},title=${prop('Bài hẹn giờ')}::${esc(`Bài hẹn giờ, được đăng từ ${d.dateText}: "${d.title}".`)}`);
  out.push(verdict(report));
  return out;
}
