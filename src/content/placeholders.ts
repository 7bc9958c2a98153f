/**
 * Placeholder text: what `bantin init` writes where a ward must put its own words (the address,
 * the officials, the office hours). A placeholder is text in square brackets starting with "Điền"
 * ("fill in"), e.g. `[Điền họ tên Chủ tịch UBND]`, so an editor sees it at once and `check` can
 * flag every one left before the site goes live.
 */

/** One placeholder in a text: a `[Điền …]` run. */
export const PLACEHOLDER_PATTERN = /\[Điền[^\]\n]*\]/gu;

/** Whether a text holds a placeholder (`[Điền …]`). */
export function isPlaceholderText(text: string): boolean {
  return new RegExp(PLACEHOLDER_PATTERN.source, 'u').test(text.normalize('NFC'));
}

/** Every placeholder of a text with its 1-based line and column (Markdown source or YAML, not HTML). */
export function findPlaceholders(text: string): Array<{ text: string; line: number; column: number }> {
  const found: Array<{ text: string; line: number; column: number }> = [];
  text.normalize('NFC').split('\n').forEach((line, i) => {
    for (const m of line.matchAll(PLACEHOLDER_PATTERN)) found.push({ text: m[0], line: i + 1, column: (m.index ?? 0) + 1 });
  });
  return found;
}

/** A placeholder asking for `what`: `[Điền what]`. */
export const placeholder = (what: string): string => `[Điền ${what}]`;
