export function error(code, file, message, hint, line, column) {
    return { code, severity: 'error', file, line, column, message, hint };
}
export function warning(code, file, message, hint, line, column) {
    return { code, severity: 'warning', file, line, column, message, hint };
}
/** Error thrown by edge code (IO, config) carrying user-facing diagnostics, so the CLI can print them and exit 1. */
export class UserError extends Error {
    diagnostics;
    constructor(diagnostics, options) {
        super(diagnostics.map((d) => d.message).join('\n'), options);
        this.name = 'UserError';
        this.diagnostics = diagnostics;
    }
}
/** Sort key so output order is stable: file, line, column, code. */
export function compareDiagnostics(a, b) {
    if (a.file !== b.file)
        return a.file < b.file ? -1 : 1;
    const la = a.line ?? 0;
    const lb = b.line ?? 0;
    if (la !== lb)
        return la - lb;
    const ca = a.column ?? 0;
    const cb = b.column ?? 0;
    if (ca !== cb)
        return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
