import { bodyHtml, splitLead } from '../src/content/body.js';
import { describe, it, expect } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { parseArticle, titleWords, type ArticleData, type ArticleSettings } from '../src/content/article.js';

const FILE = 'tin/bai.md';
/** At least one letter only Vietnamese uses: the text is meant for the editor. */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;
const settings: ArticleSettings = { timeZone: 'Asia/Ho_Chi_Minh', basePath: '/', defaultAuthor: '' };

/** A file with the given front-matter lines (line 1 is `---`, so `lines[0]` is line 2). */
function file(lines: string[], body = 'Nội dung bài viết.\n'): string {
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

const TITLE = 'title: Họp dân tổ 3';
const DATE = 'date: 11/10/2021';
const AUTHOR = 'author: Nguyễn Văn An';
const CATEGORY = 'category: Hoạt động của xã phường';
const complete = [TITLE, DATE, AUTHOR, CATEGORY];

function parse(text: string, more: Partial<ArticleSettings> = {}) {
  return parseArticle(FILE, text, { ...settings, ...more });
}

function article(lines: string[], body?: string, more: Partial<ArticleSettings> = {}): ArticleData {
  const result = parse(file(lines, body), more);
  expect(result.diagnostics).toEqual([]);
  expect(result.article).toBeDefined();
  return result.article!;
}

/** The article is refused with exactly these [code, line] errors, each in Vietnamese. */
function refused(text: string, expected: Array<[code: string, line: number]>, more: Partial<ArticleSettings> = {}): Diagnostic[] {
  const result = parse(text, more);
  expect(result.article).toBeUndefined();
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => [d.code, d.line])).toEqual(expected);
  for (const d of errors) {
    expect(d.file).toBe(FILE);
    expect(d.message).toMatch(VIETNAMESE);
    expect(d.hint).toMatch(VIETNAMESE);
  }
  return errors;
}

/** Epoch milliseconds of an ISO text with its offset. */
const at = (iso: string) => Date.parse(iso);

describe('parseArticle required fields', () => {
  it('should accept a complete article', () => {
    const a = article(complete);
    expect(a).toMatchObject({
      source: FILE,
      title: 'Họp dân tổ 3',
      slug: 'hop-dan-to-3',
      date: at('2021-10-11T00:00:00+07:00'),
      dateHasTime: false,
      updated: null,
      author: { name: 'Nguyễn Văn An', slug: 'nguyen-van-an' },
      category: { name: 'Hoạt động của xã phường', slug: 'hoat-dong-cua-xa-phuong' },
      tags: [],
      summary: 'Nội dung bài viết.',
      image: '',
      draft: false,
      params: {},
      lines: { title: 2, date: 3, author: 4, category: 5 },
    });
    // Without a summary the first paragraph is the lead, printed above the body: not in it too.
    expect(bodyHtml(splitLead(a.body).rest)).toBe('');
    expect(bodyHtml(splitLead(a.body).lead!)).toBe('Nội dung bài viết.\n');
  });

  it('should refuse an article without a title', () => {
    const [d] = refused(file([DATE, AUTHOR, CATEGORY]), [['BT111', 1]]);
    expect(d!.message).toContain('"title"');
  });

  it('should refuse an article without a date', () => {
    const [d] = refused(file([TITLE, AUTHOR, CATEGORY]), [['BT111', 1]]);
    expect(d!.message).toContain('"date"');
  });

  it('should refuse an article without an author', () => {
    const [d] = refused(file([TITLE, DATE, CATEGORY]), [['BT111', 1]]);
    expect(d!.message).toContain('"author"');
  });

  it('should accept an article without an author when settings.defaultAuthor is set', () => {
    const a = article([TITLE, DATE, CATEGORY], undefined, { defaultAuthor: 'Ban biên tập' });
    expect(a.author).toEqual({ name: 'Ban biên tập', key: 'ban biên tập', slug: 'ban-bien-tap' });
  });

  it('should prefer the article author over settings.defaultAuthor', () => {
    expect(article(complete, undefined, { defaultAuthor: 'Ban biên tập' }).author.name).toBe('Nguyễn Văn An');
  });

  it('should refuse an article without a category', () => {
    const [d] = refused(file([TITLE, DATE, AUTHOR]), [['BT111', 1]]);
    expect(d!.message).toContain('"category"');
  });

  it('should report every missing field at once', () => {
    refused(file(['ghi-chu: x']), [
      ['BT111', 1],
      ['BT111', 1],
      ['BT111', 1],
      ['BT111', 1],
    ]);
  });

  it('should refuse title: #5 họp dân as empty, because YAML reads # as a comment', () => {
    const [d] = refused(file(['title: #5 họp dân', DATE, AUTHOR, CATEGORY]), [['BT113', 2]]);
    expect(d!.hint).toContain('ngoặc kép');
  });

  it('should accept the quoted title "#5 họp dân"', () => {
    expect(article(['title: "#5 họp dân"', DATE, AUTHOR, CATEGORY]).title).toBe('#5 họp dân');
  });
});

describe('parseArticle dates', () => {
  for (const value of ['30/02/2021', '32/13/2021', '2021-02-30']) {
    it(`should refuse the impossible date ${value} at the line of date:`, () => {
      refused(file([TITLE, AUTHOR, CATEGORY, `date: ${value}`]), [['BT114', 5]]);
    });
  }

  it('should read an unquoted 2021-10-11 as midnight in Asia/Ho_Chi_Minh, not UTC', () => {
    const a = article([TITLE, 'date: 2021-10-11', AUTHOR, CATEGORY]);
    expect(a.date).toBe(at('2021-10-11T00:00:00+07:00'));
    expect(a.date).not.toBe(at('2021-10-11T00:00:00Z'));
    expect(a.dateHasTime).toBe(false);
  });

  it('should read date: "11/10/2021 14:48" day first, in the site time zone', () => {
    const a = article([TITLE, 'date: "11/10/2021 14:48"', AUTHOR, CATEGORY]);
    expect(a.date).toBe(at('2021-10-11T14:48:00+07:00'));
    expect(a.dateHasTime).toBe(true);
  });

  it('should read an unquoted 2021-10-11 14:48:00 in the site time zone', () => {
    expect(article([TITLE, 'date: 2021-10-11 14:48:00', AUTHOR, CATEGORY]).date).toBe(at('2021-10-11T14:48:00+07:00'));
  });

  it('should use the time zone from the settings', () => {
    expect(article(complete, undefined, { timeZone: 'UTC' }).date).toBe(at('2021-10-11T00:00:00Z'));
  });

  it('should read updated: as a second date', () => {
    const a = article([...complete, 'updated: 12/10/2021 08:00']);
    expect(a.updated).toBe(at('2021-10-12T08:00:00+07:00'));
    expect(a.updatedHasTime).toBe(true);
  });

  it('should refuse an impossible updated: at its line', () => {
    refused(file([...complete, 'updated: 31/04/2021']), [['BT114', 6]]);
  });
});

describe('parseArticle types', () => {
  it('should refuse title: [a, b]', () => {
    refused(file(['title: [a, b]', DATE, AUTHOR, CATEGORY]), [['BT112', 2]]);
  });

  it('should refuse tags: {a: 1}', () => {
    refused(file([...complete, 'tags: {a: 1}']), [['BT112', 6]]);
  });

  it('should refuse draft: maybe', () => {
    refused(file([...complete, 'draft: maybe']), [['BT112', 6]]);
  });

  it('should refuse slug: ../../x', () => {
    refused(file([...complete, 'slug: ../../x']), [['BT117', 6]]);
  });

  it('should refuse a slug with capitals or marks', () => {
    refused(file([...complete, 'slug: Họp-Dân']), [['BT117', 6]]);
  });

  it('should refuse a cover image outside the content folder', () => {
    refused(file([...complete, 'image: ../../anh.jpg']), [['BT116', 6]]);
    refused(file([...complete, 'image: https://x.vn/anh.jpg']), [['BT116', 6]]);
  });

  it('should report Markdown errors at their line in the file', () => {
    // Front-matter takes lines 1-6, so the body starts at line 7 and its line 3 is line 9.
    const errors = refused(file(complete, 'Đoạn một.\n\n[x](../../x.md)\n'), [['BT303', 9]]);
    expect(errors[0]!.column).toBe(1);
  });

  it('should keep Markdown warnings beside a valid article', () => {
    const result = parse(file(complete, 'Đoạn.\n\n<b>đậm</b>\n'));
    expect(result.article).toBeDefined();
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['BT301', 'warning', 9]]);
  });
});

describe('parseArticle values', () => {
  it('should keep phone: 01234567 as the text typed', () => {
    expect(article([...complete, 'phone: 01234567']).params.phone).toBe('01234567');
  });

  it('should read tags: Chuyển đổi số as one tag', () => {
    expect(article([...complete, 'tags: Chuyển đổi số']).tags).toEqual([{ name: 'Chuyển đổi số', key: 'chuyển đổi số', slug: 'chuyen-doi-so' }]);
  });

  it('should read a list of tags, dropping repeats that differ only in tone mark placement', () => {
    const a = article([...complete, 'tags: [Hòa giải, Hoà giải, Đảng ủy]']);
    expect(a.tags.map((t) => t.name)).toEqual(['Hòa giải', 'Đảng ủy']);
  });

  it('should take the category from Hugo/Jekyll categories: [Thông báo]', () => {
    const a = article([TITLE, DATE, AUTHOR, 'categories: [Thông báo]']);
    expect(a.category).toEqual({ name: 'Thông báo', key: 'thông báo', slug: 'thong-bao' });
  });

  it('should take the summary from description:', () => {
    expect(article([...complete, 'description: Tóm tắt ngắn.']).summary).toBe('Tóm tắt ngắn.');
  });

  it('should prefer summary: over description:', () => {
    expect(article([...complete, 'summary: Tóm tắt.', 'description: Mô tả.']).summary).toBe('Tóm tắt.');
  });

  it('should default the summary to the first paragraph with text', () => {
    const a = article(complete, '![Toàn cảnh](anh.jpg)\n\nĐoạn **đầu** tiên.\n\nĐoạn hai.\n');
    expect(a.summary).toBe('Đoạn đầu tiên.');
    expect(a.firstImage).toBe('tin/anh.jpg');
  });

  it('should default the summary to the first paragraph when summary: is left blank', () => {
    expect(article([...complete, 'summary:'], 'Đoạn đầu.\n').summary).toBe('Đoạn đầu.');
  });

  it('should read draft: true', () => {
    expect(article([...complete, 'draft: true']).draft).toBe(true);
    expect(article([...complete, 'draft: false']).draft).toBe(false);
  });

  it('should keep unknown fields in params, as text', () => {
    const a = article([...complete, 'nguon: Báo Quảng Ngãi', 'so-van-ban: 012/TB-UBND', 'lien-he:', '  - a', '  - b']);
    expect(a.params).toEqual({ nguon: 'Báo Quảng Ngãi', 'so-van-ban': '012/TB-UBND', 'lien-he': ['a', 'b'] });
  });

  it('should resolve the cover image against the article folder', () => {
    expect(article([...complete, 'image: ../anh/bia.jpg']).image).toBe('anh/bia.jpg');
  });

  it('should give one key to Nguyễn Thị Hòa, Nguyễn Thị Hoà and NFD input', () => {
    const old = article([TITLE, DATE, 'author: Nguyễn Thị Hòa', CATEGORY]).author;
    const modern = article([TITLE, DATE, 'author: Nguyễn Thị Hoà', CATEGORY]).author;
    const nfd = article([TITLE, DATE, 'author: Nguyễn Thị Hòa'.normalize('NFD'), CATEGORY]).author;
    expect(old.key).toBe(modern.key);
    expect(nfd.key).toBe(old.key);
    expect(nfd.name).toBe('Nguyễn Thị Hòa');
    expect(nfd.name).toBe(nfd.name.normalize('NFC'));
    expect(old.name).toBe('Nguyễn Thị Hòa');
    expect(modern.name).toBe('Nguyễn Thị Hoà');
    expect(old.slug).toBe('nguyen-thi-hoa');
  });

  it('should make the slug from the title', () => {
    expect(article(['title: "Đảng ủy phường: Hội nghị lần thứ 5"', DATE, AUTHOR, CATEGORY]).slug).toBe('dang-uy-phuong-hoi-nghi-lan-thu-5');
  });

  it('should take the slug from slug:', () => {
    expect(article([...complete, 'slug: hop-dan-thang-10']).slug).toBe('hop-dan-thang-10');
  });

  it('should refuse a title with no letter or digit to make a slug from', () => {
    refused(file(['title: "???"', DATE, AUTHOR, CATEGORY]), [['BT117', 2]]);
  });

  it('should list the folded title words', () => {
    expect(titleWords('Hội nghị Đảng ủy: hội nghị lần 2')).toEqual(['dang', 'hoi', 'lan', 'nghi', 'uy']);
  });

  it('should give plain text with paragraphs apart', () => {
    expect(article(complete, 'Đoạn một.\n\nĐoạn hai.\n').text).toBe('Đoạn một. Đoạn hai.');
  });
});
