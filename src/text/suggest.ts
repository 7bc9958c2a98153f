import { foldMarks } from './vietnamese.js';

/** Levenshtein distance, small inputs only (config keys, category names). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `input`, or undefined when none is reasonably close. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = input.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/**
 * The name closest to `input` when Vietnamese marks are left out of both (`Thong bao` → `Thông
 * báo`, `Thông bao` → `Thông báo`, `thong bo` → `Thông báo`), or undefined when none is close.
 */
export function closestName(input: string, names: readonly string[]): string | undefined {
  const folded = foldMarks(input).replace(/\s+/g, ' ').trim();
  const keys = names.map((n) => foldMarks(n).replace(/\s+/g, ' ').trim());
  const same = keys.indexOf(folded);
  if (same !== -1) return names[same];
  const near = closest(folded, keys);
  return near === undefined ? undefined : names[keys.indexOf(near)];
}
