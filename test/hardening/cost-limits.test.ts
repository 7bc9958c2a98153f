/**
 * Cost limits for every construct (issue 14): 1 MB bodies that repeat one costly construct
 * (headings, backslashes, e-mails, `<http://`, entities) are refused with BT306 at a line of the
 * file, in milliseconds, instead of taking tens of seconds and gigabytes; ordinary content passes.
 */
import { describe, expect, it } from 'vitest';
import { checkCostBudget, COST_LIMITS } from '../../src/content/limits.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { bodyHtml } from '../../src/content/body.js';

const MB = 1_000_000;
const FAMILIES: Record<string, () => string> = {
  '1 MB of "# h" lines': () => '# h\n'.repeat(MB / 4),
  '1 MB of "## h" lines after spaces': () => '  ## h\n'.repeat(MB / 7),
  '1 MB of setext headings (a line, then "=")': () => 'h\n=\n\n'.repeat(MB / 5),
  '1 MB of setext headings (a line, then "---")': () => 'h\n---\n'.repeat(MB / 6),
  '1 MB of backslashes': () => '\\'.repeat(MB),
  '1 MB of backslash escapes on lines': () => '\\*\\_\\[\n'.repeat(MB / 7),
  '1 MB of e-mails': () => 'a@b.vn '.repeat(MB / 7),
  '1 MB of "<http://"': () => '<http://'.repeat(MB / 8),
  '1 MB of autolinks': () => '<http://a.vn> '.repeat(MB / 14),
  '1 MB of entities': () => '&amp;'.repeat(MB / 5),
  '1 MB of numeric entities': () => '&#7879;'.repeat(MB / 7),
};

describe('the cost budget of a Markdown file', () => {
  for (const [name, make] of Object.entries(FAMILIES)) {
    it(`should refuse ${name} with BT306 at a line, quickly`, () => {
      const body = make();
      expect(body.length).toBeLessThanOrEqual(MB);
      const t = performance.now();
      const result = renderMarkdown(body, { file: 'bai.md', bodyLine: 7, basePath: '/' });
      const ms = performance.now() - t;
      expect(result.diagnostics.map((d) => d.code)).toEqual(['BT306']);
      const d = result.diagnostics[0]!;
      expect(d.file).toBe('bai.md');
      expect(d.line).toBeGreaterThanOrEqual(7);
      expect(d.hint).toMatch(/[ơưđ]/);
      expect(bodyHtml(result.body)).toBe('');
      expect(ms).toBeLessThan(1000);
    });
  }

  it('should locate the line where the budget runs out', () => {
    const body = `Mở đầu.\n\n${'# Mục\n\nĐoạn.\n\n'.repeat(COST_LIMITS.budget + 10)}`;
    const d = checkCostBudget(body, { file: 'bai.md', bodyLine: 7 })!;
    // Line of heading number budget + 1: two lines of preamble, four lines per section.
    expect(d.line).toBe(7 + 2 + 4 * COST_LIMITS.budget);
  });

  const sentence = 'Ngày 7/10, Đảng ủy phường Trần Phú (liên hệ: vanphong@tranphu.gov.vn) tổ chức **hội nghị** & xem [lịch](a.md), `mã 123`. ';
  const ORDINARY: Record<string, () => string> = {
    'a 1 MB article with an e-mail and an "&" in each paragraph': () => `${sentence}\n\n`.repeat(Math.floor(2_500 / 1)).slice(0, MB),
    'a legal text with 500 headings': () => Array.from({ length: 500 }, (_, i) => `## Điều ${i + 1}. Phạm vi\n\nNội dung điều ${i + 1}.\n`).join('\n'),
    'a contact list of 1,000 e-mails': () => Array.from({ length: 1000 }, (_, i) => `- Tổ ${i}: to${i}@tranphu.gov.vn`).join('\n'),
    'a list of 5,000 items and 500 thematic breaks (not setext headings)': () => Array.from({ length: 500 }, (_, i) => `${Array.from({ length: 10 }, (_, k) => `- mục ${i}.${k}`).join('\n')}\n\n---\n`).join('\n'),
  };
  for (const [name, make] of Object.entries(ORDINARY)) {
    it(`should accept ${name}`, () => {
      expect(checkCostBudget(make(), { file: 'bai.md', bodyLine: 7 })).toBeUndefined();
    });
  }
});
