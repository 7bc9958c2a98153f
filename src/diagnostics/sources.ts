/** Code frames: the lines of a source around a problem, as the terminal and the dev overlay show them. */

export interface FrameLine {
  /** 1-based line number. */
  readonly number: number;
  /** The line, cut to the frame's width with `…`. */
  readonly text: string;
  /** The line the problem is on. */
  readonly current: boolean;
}

export interface CodeFrame {
  readonly lines: readonly FrameLine[];
  /** 0-based offset of the caret under the current line, when the column is inside the shown text. */
  readonly caret: number | undefined;
}

/**
 * The lines `context` either side of `line` (1-based) of `text`, each cut to `width` characters;
 * undefined when the line is not in the text.
 */
export function codeFrame(text: string, line: number, column: number | undefined, context: number, width: number): CodeFrame | undefined {
  const all = text.split('\n');
  if (line < 1 || line > all.length) return undefined;
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 3)}…` : s);
  const lines: FrameLine[] = [];
  for (let n = Math.max(1, line - context); n <= Math.min(all.length, line + context); n++) lines.push({ number: n, text: cut(all[n - 1] ?? ''), current: n === line });
  const shown = lines.find((l) => l.current)!.text;
  const caret = column && column - 1 <= shown.length ? Math.max(0, column - 1) : undefined;
  return { lines, caret };
}
