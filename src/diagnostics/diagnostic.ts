import type { DiagnosticCode } from './codes.js';

export type { DiagnosticCode } from './codes.js';

/**
 * A problem found in user input (content, config or templates), located in a file.
 * Stages return these instead of throwing; the build gathers them and fails once.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Permanent code, e.g. `BT101`; catalogued in codes.ts, listed in docs/ma-loi.md. */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Path as the user knows it (relative to the site root when possible, `/` separators). */
  readonly file: string;
  /** 1-based line, or undefined when the whole file is concerned. */
  readonly line?: number | undefined;
  /** 1-based column. */
  readonly column?: number | undefined;
  /** What is wrong, in Vietnamese. */
  readonly message: string;
  /** What to do about it, in Vietnamese. */
  readonly hint?: string | undefined;
}

/** An error; `code` must be in the catalogue (src/diagnostics/codes.ts). */
export function error(
  code: DiagnosticCode,
  file: string,
  message: string,
  hint?: string,
  line?: number,
  column?: number,
): Diagnostic {
  return { code, severity: 'error', file, line, column, message, hint };
}

/** A warning; `code` must be in the catalogue (src/diagnostics/codes.ts). */
export function warning(
  code: DiagnosticCode,
  file: string,
  message: string,
  hint?: string,
  line?: number,
  column?: number,
): Diagnostic {
  return { code, severity: 'warning', file, line, column, message, hint };
}

/** Error thrown by edge code (IO, config) carrying user-facing diagnostics, so the CLI can print them and exit 1. */
export class UserError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], options?: { cause?: unknown }) {
    super(diagnostics.map((d) => d.message).join('\n'), options);
    this.name = 'UserError';
    this.diagnostics = diagnostics;
  }
}

/** Sort key so output order is stable: file, line, column, code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const la = a.line ?? 0;
  const lb = b.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.column ?? 0;
  const cb = b.column ?? 0;
  if (ca !== cb) return ca - cb;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
