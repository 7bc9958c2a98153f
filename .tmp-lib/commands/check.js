import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatIsoDate, formatShortDate } from '../core/dates.js';
import { decodeSource } from '../core/source.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { formatDiagnostics, formatGithub } from '../diagnostics/format.js';
import { loadAndBuild, resolvePaths } from './build.js';
/**
 * `bantin check`: everything a build checks (the whole pipeline runs, every page is rendered), and
 * the image size limit, without writing the site. Returns 1 on errors, and on warnings with
 * `--strict`; 0 otherwise.
 */
export async function runCheck(options, logger) {
    const format = options.format ?? 'text';
    const strict = Boolean(options.strict);
    let diagnostics;
    let texts = new Map();
    let published = 0;
    let drafts = [];
    let scheduled = [];
    try {
        const site = await loadAndBuild(options);
        diagnostics = site.output.diagnostics;
        texts = site.output.texts;
        published = site.output.published;
        const entry = (l) => ({
            file: site.contentLabel + l.source,
            title: l.title,
            date: formatIsoDate(l.date, site.config.timeZone),
            dateText: formatShortDate(l.date, site.config.timeZone, true),
        });
        drafts = site.output.leftOut.filter((l) => l.reason === 'draft').map(entry);
        scheduled = site.output.leftOut.filter((l) => l.reason === 'scheduled').map(entry);
    }
    catch (e) {
        if (!(e instanceof UserError))
            throw e;
        diagnostics = [...e.diagnostics];
    }
    if (format === 'text')
        texts = await withAllTexts(diagnostics, texts, resolvePaths(options).cwd);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    const ok = errors === 0 && !(strict && warnings > 0);
    const report = { ok, strict, errors, warnings, published, diagnostics, drafts, scheduled };
    if (format === 'json')
        logger.info(JSON.stringify(report, null, 2));
    else {
        for (const part of format === 'github' ? githubReport(report) : textReport(report, texts))
            logger.info(part);
    }
    return ok ? 0 : 1;
}
/**
 * The build keeps the text of files whose own stage found problems; site-wide problems (broken
 * links, duplicate URLs) are in other files: read those too, so every message shows its line.
 */
async function withAllTexts(diagnostics, texts, cwd) {
    const all = new Map(texts);
    for (const file of new Set(diagnostics.filter((d) => d.line !== undefined).map((d) => d.file))) {
        if (all.has(file))
            continue;
        const bytes = await readFile(resolve(cwd, file)).catch(() => undefined);
        const text = bytes ? decodeSource(file, bytes).text : undefined;
        if (text !== undefined)
            all.set(file, text);
    }
    return all;
}
/** The last line of a check: counts and the verdict, in Vietnamese. */
export function verdict(report) {
    const parts = [`${report.published} bài sẽ được đăng`, `${report.errors} lỗi`, `${report.warnings} cảnh báo`, `${report.drafts.length} bản nháp`, `${report.scheduled.length} bài hẹn giờ`];
    let end;
    if (report.errors > 0)
        end = 'Chưa đạt: sửa các lỗi trên rồi kiểm tra lại.';
    else if (!report.ok)
        end = 'Chưa đạt vì --strict: sửa các cảnh báo trên rồi kiểm tra lại.';
    else if (report.warnings > 0)
        end = 'Đạt, nhưng nên sửa các cảnh báo trên.';
    else
        end = 'Đạt: không có lỗi nào.';
    return `Kiểm tra xong: ${parts.join(', ')}. ${end}`;
}
function leftOutLines(report) {
    const lines = [];
    if (report.drafts.length > 0) {
        lines.push('Bản nháp (không đăng; dùng --drafts để xem trước):');
        for (const d of report.drafts)
            lines.push(`  ${d.file} — ${d.dateText} — ${d.title}`);
    }
    if (report.scheduled.length > 0) {
        lines.push('Bài hẹn giờ (tự đăng khi đến ngày và có lần dựng trang sau đó):');
        for (const d of report.scheduled)
            lines.push(`  ${d.file} — ${d.dateText} — ${d.title}`);
    }
    return lines;
}
/** The text report in parts: problems, drafts and scheduled articles, verdict (the last line). */
function textReport(report, texts) {
    const out = [];
    if (report.diagnostics.length > 0)
        out.push(`${formatDiagnostics(report.diagnostics, texts)}\n`);
    const leftOut = leftOutLines(report);
    if (leftOut.length > 0)
        out.push(leftOut.join('\n'));
    out.push(verdict(report));
    return out;
}
/** GitHub Actions workflow commands: one annotation per problem on its line, notices for left-out articles. */
function githubReport(report) {
    const esc = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    const out = [];
    if (report.diagnostics.length > 0)
        out.push(formatGithub(report.diagnostics));
    for (const d of report.drafts)
        out.push(`::notice file=${prop(d.file)},title=${prop('Bản nháp')}::${esc(`Bản nháp, sẽ không được đăng: "${d.title}" (ngày ${d.dateText}).`)}`);
    for (const d of report.scheduled)
        out.push(`::notice file=${prop(d.file)},title=${prop('Bài hẹn giờ')}::${esc(`Bài hẹn giờ, được đăng từ ${d.dateText}: "${d.title}".`)}`);
    out.push(verdict(report));
    return out;
}
