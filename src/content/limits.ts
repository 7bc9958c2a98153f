/**
 * The cost budget of one Markdown body: a count, made before parsing, of the constructs that each
 * cost the Markdown pipeline far more than their bytes (a heading, an e-mail autolink, a `<`
 * that may open an autolink or HTML, an entity, a backslash escape), weighted by what each costs.
 * `MARKDOWN_LIMITS` (src/content/markdown.ts) bounds nesting and runs inside blocks; this budget
 * bounds the whole file, so that no 1 MB body costs more than a couple of seconds and a few hundred
 * MB, whatever construct it repeats. Counts, not timings: a file passes or fails the same way on
 * every machine. Pure.
 *
 * Measured on a 2-core machine shared with other builds (renderMarkdown on n repetitions): a heading line costs about 0.6 ms
 * (a setext heading as much: 1 MB of `h` / `=` pairs ran over 200 s before they were counted), an e-mail 0.6 ms, an autolink `<http://` 0.2 ms,
 * an entity 0.16 ms, a backslash 0.07 ms; 1 MB of `# h` lines took 94 s and 2.4 GB.
 */
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** Weights in thousandths of a budget unit (a unit is about what one heading costs), and the budget. */
export const COST_LIMITS = {
  /** A line that is an ATX heading (`# …`), or a setext underline (`===`, `---` under a line of text). */
  heading: 1000,
  /** An `@` (each may become an e-mail link). */
  at: 1000,
  /** A `<` (each may open an autolink or HTML, which is parsed then removed). */
  lt: 300,
  /** An `&` (each may be an entity). */
  amp: 200,
  /** A backslash (each may escape the next character). */
  backslash: 80,
  /** Units per file: about 2 s of the pipeline on the build machine. */
  budget: 3_000,
} as const;

/**
 * The first line at which the body goes over `COST_LIMITS.budget`, as a located error (BT306),
 * or undefined when the whole body is within it.
 */
export function checkCostBudget(body: string, options: { readonly file: string; readonly bodyLine: number }): Diagnostic | undefined {
  const L = COST_LIMITS;
  const limit = L.budget * 1000;
  if (costBound(body) <= limit) return undefined;
  let cost = 0;
  let line = 0;
  let lineStart = true;
  let indent = 0;
  /** Whether the previous line was blank (a setext underline needs text above it). */
  let prevBlank = true;
  let blank = true;
  const counts = { heading: 0, at: 0, lt: 0, amp: 0, backslash: 0 };
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = true;
      indent = 0;
      prevBlank = blank;
      blank = true;
      continue;
    }
    if (c !== 32 && c !== 9 && c !== 13) blank = false;
    if (lineStart) {
      if (c === 32 && indent < 3) {
        indent++;
        continue;
      }
      lineStart = false;
      if (c === 35 /* # */) {
        cost += L.heading;
        counts.heading++;
      } else if ((c === 61 /* = */ || c === 45) /* - */ && !prevBlank) {
        // A setext underline: the line holds only this character (and trailing spaces).
        let j = i;
        while (body.charCodeAt(j) === c) j++;
        while (body.charCodeAt(j) === 32 || body.charCodeAt(j) === 9) j++;
        if (j >= body.length || body.charCodeAt(j) === 10) {
          cost += L.heading;
          counts.heading++;
        }
      }
    }
    if (c === 64 /* @ */) {
      cost += L.at;
      counts.at++;
    } else if (c === 60 /* < */) {
      cost += L.lt;
      counts.lt++;
    } else if (c === 38 /* & */) {
      cost += L.amp;
      counts.amp++;
    } else if (c === 92 /* \ */) {
      cost += L.backslash;
      counts.backslash++;
    }
    if (cost > limit) {
      const what = [
        counts.heading > 0 ? `${counts.heading} tiêu đề` : '',
        counts.at > 0 ? `${counts.at} dấu "@" (địa chỉ thư)` : '',
        counts.lt > 0 ? `${counts.lt} dấu "<"` : '',
        counts.amp > 0 ? `${counts.amp} dấu "&"` : '',
        counts.backslash > 0 ? `${counts.backslash} dấu "\\"` : '',
      ]
        .filter((x) => x !== '')
        .join(', ');
      return error(
        'BT306',
        options.file,
        `Bài viết quá nặng để dựng nhanh: đến dòng này đã có ${what}, vượt giới hạn của một bài.`,
        'Chia bài thành nhiều bài nhỏ hơn; bảng số liệu, danh bạ dài nên đặt thành tệp PDF hoặc Excel rồi liên kết tới.',
        line + options.bodyLine,
        1,
      );
    }
  }
  return undefined;
}

/**
 * At least the cost `checkCostBudget` counts (a line is at most one heading): when it is within
 * the budget, the count line by line can only pass. For an ordinary article this is a few fast
 * searches instead of a loop over every character.
 */
function costBound(body: string): number {
  const L = COST_LIMITS;
  return (countOf(body, '\n') + 1) * L.heading + countOf(body, '@') * L.at + countOf(body, '<') * L.lt + countOf(body, '&') * L.amp + countOf(body, '\\') * L.backslash;
}

/** How many times `char` is in `text`. */
function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}
