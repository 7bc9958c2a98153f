/**
 * Format diagnostics for a terminal, numbered, each as
 * `path:line:col  lỗi BT101  message` + the source line + `Cách sửa: hint`.
 *
 * @param sources Text of files by displayed path, for the code frame (optional).
 */
export function formatDiagnostics(diagnostics, sources = new Map()) {
    const out = [];
    diagnostics.forEach((d, i) => {
        const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
        const label = d.severity === 'error' ? 'lỗi' : 'cảnh báo';
        out.push(`${i + 1}. ${where}  ${label} ${d.code}: ${d.message}`);
        const text = sources.get(d.file);
        if (text !== undefined && d.line) {
            const lineText = text.split('\n')[d.line - 1];
            if (lineText !== undefined) {
                const shown = lineText.length > 120 ? `${lineText.slice(0, 117)}…` : lineText;
                out.push(`     ${String(d.line).padStart(4)} | ${shown}`);
                if (d.column && d.column - 1 <= shown.length)
                    out.push(`          | ${' '.repeat(Math.max(0, d.column - 1))}^`);
            }
        }
        if (d.hint)
            out.push(`     Cách sửa: ${d.hint}`);
    });
    return out.join('\n');
}
/** GitHub Actions workflow commands, one a line. */
export function formatGithub(diagnostics) {
    const esc = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const prop = (s) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
    return diagnostics
        .map((d) => {
        const kind = d.severity === 'error' ? 'error' : 'warning';
        const parts = [`file=${prop(d.file)}`];
        if (d.line)
            parts.push(`line=${d.line}`);
        if (d.column)
            parts.push(`col=${d.column}`);
        parts.push(`title=${prop(d.code)}`);
        return `::${kind} ${parts.join(',')}::${esc(d.hint ? `${d.message} Cách sửa: ${d.hint}` : d.message)}`;
    })
        .join('\n');
}
