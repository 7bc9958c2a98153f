import type { Diagnostic } from './diagnostic.js';
import { codeFrame } from './sources.js';

/**
 * Format diagnostics for a terminal, numbered, each as
 * `path:line:col  lỗi BT101  message` + the source line + `Cách sửa: hint`.
 *
 * @param sources Text of files by displayed path, for the code frame (optional).
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()): string {
  const out: string[] = [];
  diagnostics.forEach((d, i) => {
    const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
    const label = d.severity === 'error' ? 'lỗi' : 'cảnh báo';
    out.push(`${i + 1}. ${where}  ${label} ${d.code}: ${d.message}`);
    const text = sources.get(d.file);
    const frame = text !== undefined && d.line ? codeFrame(text, d.line, d.column, 0, 120) : undefined;
    if (frame) {
      for (const l of frame.lines) out.push(`     ${String(l.number).padStart(4)} | ${l.text}`);
      if (frame.caret !== undefined) out.push(`          | ${' '.repeat(frame.caret)}^`);
    }
    if (d.hint) out.push(`     Cách sửa: ${d.hint}`);
  });
  return out.join('\n');
}

/** GitHub Actions workflow commands, one a line. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return diagnostics
    .map((d) => {
      const kind = d.severity === 'error' ? 'error' : 'warning';
      const parts = [`file=${prop(d.file)}`];
      if (d.line) parts.push(`line=${d.line}`);
      if (d.column) parts.push(`col=${d.column}`);
      parts.push(`title=${prop(d.code)}`);
      return `::${kind} ${parts.join(',')}::${esc(d.hint ? `${d.message} Cách sửa: ${d.hint}` : d.message)}`;
    })
    .join('\n');
}
