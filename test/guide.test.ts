/**
 * The editors' guide (docs/huong-dan-bien-tap.md) shows the exact messages of the common mistakes.
 * Each case below makes its mistake in a small site and checks that the guide prints the message
 * and the hint exactly as bantin does, so the guide cannot drift from the code.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { run } from '../src/cli.js';
import { runCheck } from '../src/commands/check.js';
import { runInit } from '../src/commands/init.js';
import { runNew } from '../src/commands/new.js';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { createMemoryLogger } from '../src/logger.js';
import { jpegOfSize, TINY_JPEG } from './helpers/serve-fixtures.js';
import { createSite, type SiteFiles } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NOW = Date.parse('2025-06-01T00:00:00+07:00');

const CONFIG = ['title: Cổng thông tin điện tử phường Trần Phú', 'categories:', '  - name: Hoạt động của xã phường', '  - name: Thông báo', ''].join('\n');

/** A correct article of the guide's examples, with its front-matter lines replaceable. */
function article(lines: Partial<Record<'title' | 'date' | 'author' | 'category' | 'extra', string | null>> = {}, body = 'Ngày 7/10, Đảng ủy phường Trần Phú đã tổ chức hội nghị.\n'): string {
  const fm = {
    title: 'title: "Họp dân tổ 3 về chỉnh trang đô thị"',
    date: 'date: "11/10/2021 14:48"',
    author: 'author: Hà Vân',
    category: 'category: Thông báo',
    extra: null,
    ...lines,
  };
  return `---\n${Object.values(fm).filter((l): l is string => l !== null).join('\n')}\n---\n\n${body}`;
}

export interface GuideCase {
  readonly code: string;
  readonly files: SiteFiles;
}

/** One case per mistake the guide explains: the guide's own example of it. */
export const GUIDE_CASES: readonly GuideCase[] = [
  { code: 'BT107', files: { 'content/thong-bao/hop-dan.md': 'Họp dân tổ 3 về chỉnh trang đô thị\n\nNội dung bài.\n' } },
  { code: 'BT108', files: { 'content/thong-bao/hop-dan.md': '---\ntitle: "Họp dân tổ 3"\ndate: "11/10/2021 14:48"\n\nNội dung bài.\n' } },
  { code: 'BT101', files: { 'content/thong-bao/hop-dan.md': article({ extra: 'tags: [Đảng ủy, Hội nghị' }) } },
  { code: 'BT111', files: { 'content/thong-bao/hop-dan.md': article({ author: null }) } },
  { code: 'BT113', files: { 'content/thong-bao/hop-dan.md': article({ title: 'title: #5 Họp dân tổ 3' }) } },
  { code: 'BT114', files: { 'content/thong-bao/hop-dan.md': article({ date: 'date: 30/02/2021' }) } },
  { code: 'BT117', files: { 'content/thong-bao/hop-dan.md': article({ extra: 'slug: Họp dân tổ 3' }) } },
  { code: 'BT121', files: { 'content/thong-bao/hop-dan.md': article({ category: 'category: Tin tức' }) } },
  {
    code: 'BT122',
    files: {
      'content/thong-bao/hop-dan.md': article(),
      'content/thong-bao/hop-dan-lan-2.md': article(),
    },
  },
  { code: 'BT124', files: { 'content/thong-bao/hop-dan.md': article({ extra: 'image: anh-bia.jpg' }) } },
  { code: 'BT125', files: { 'content/thong-bao/hop-dan.md': article({}, 'Xem [lịch tiếp dân](lich-tiep-dan.md).\n') } },
  { code: 'BT126', files: { 'content/thong-bao/hop-dan.md': article({}, '![Toàn cảnh buổi họp](toan-canh.jpg)\n') } },
  { code: 'BT301', files: { 'content/thong-bao/hop-dan.md': article({}, 'Mở đầu.\n\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n') } },
  { code: 'BT304', files: { 'content/thong-bao/hop-dan.md': article({}, 'Mở đầu.\n\n![](toan-canh.jpg)\n'), 'content/thong-bao/toan-canh.jpg': TINY_JPEG } },
  {
    code: 'BT320',
    files: {
      'bantin.yaml': `${CONFIG}images:\n  process: false\n`,
      'content/thong-bao/hop-dan.md': article({}, 'Mở đầu.\n\n![Toàn cảnh buổi họp](toan-canh.jpg)\n'),
      'content/thong-bao/toan-canh.jpg': jpegOfSize(Math.round(5.2 * 1024 * 1024)),
    },
  },
  { code: 'BT340', files: { 'content/thong-bao/hop-dan.md': article({}, '') } },
  { code: 'BT341', files: { 'content/thong-bao/hop-dan.md': article({}, 'Nội dung đang cập nhật.\n') } },
  { code: 'BT342', files: { 'content/thong-bao/hop-dan.md': article() } },
];

/** The lines bantin prints for a problem, without its number and code frame. */
function printed(d: Diagnostic): string[] {
  const where = d.line ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  return [`${where}  ${d.severity === 'error' ? 'lỗi' : 'cảnh báo'} ${d.code}: ${d.message}`, ...(d.hint ? [`Cách sửa: ${d.hint}`] : [])];
}

/** Text of the guide's section headed `heading` (up to the next section of the same level). */
function section(guide: string, heading: string): string {
  const start = guide.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`the guide has no "${heading}" section`);
  const level = heading.split(' ')[0]!;
  const next = guide.indexOf(`\n${level} `, start + 1);
  return guide.slice(start, next === -1 ? undefined : next);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes (letters with marks kept). */
function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{M}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** Arguments of a shell command line with double-quoted words (the guide's commands). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Text of the guide's section of common mistakes. */
function mistakesSection(guide: string): string {
  const start = guide.indexOf('## Các lỗi thường gặp');
  if (start === -1) throw new Error('the guide has no "## Các lỗi thường gặp" section');
  const next = guide.indexOf('\n## ', start + 1);
  return guide.slice(start, next === -1 ? undefined : next);
}

describe('the editors’ guide', () => {
  let guide: string;
  beforeAll(async () => {
    guide = await readFile(path.join(REPO, 'docs/huong-dan-bien-tap.md'), 'utf8');
  });

  for (const c of GUIDE_CASES) {
    it(`should print the message and hint of ${c.code} exactly as bantin gives them`, async () => {
      const site = await createSite({ 'bantin.yaml': CONFIG, ...c.files });
      try {
        const logger = createMemoryLogger();
        await runCheck({ root: site.root, cwd: site.root, now: NOW, format: 'json' }, logger);
        const report = JSON.parse(logger.text()) as { diagnostics: Diagnostic[] };
        const found = report.diagnostics.filter((d) => d.code === c.code);
        expect(found.length, JSON.stringify(report.diagnostics, null, 2)).toBeGreaterThan(0);
        for (const line of printed(found[0]!)) expect(mistakesSection(guide)).toContain(line);
      } finally {
        await site.cleanup();
      }
    });
  }

  it('should print the messages of bantin new exactly as it gives them', async () => {
    const site = await createSite({ 'bantin.yaml': CONFIG, 'content/thong-bao/hop-dan-to-3-ve-chinh-trang-do-thi.md': 'đã có' });
    try {
      for (const category of ['Tin tức', 'Thông báo']) {
        const logger = createMemoryLogger();
        await runNew({ title: 'Họp dân tổ 3 về chỉnh trang đô thị', category, author: 'Hà Vân', root: site.root, cwd: site.root, now: NOW }, logger);
        const section = mistakesSection(guide);
        for (const line of logger.text().split('\n')) expect(section).toContain(line.replace(/^\d+\. /, '').trim());
      }
    } finally {
      await site.cleanup();
    }
  });

  it('should explain only codes that the cases above check', () => {
    const checked = new Set([...GUIDE_CASES.map((c) => c.code), 'BT602', 'BT604']);
    const mentioned = new Set(mistakesSection(guide).match(/BT\d{3}/g) ?? []);
    expect([...mentioned].filter((code) => !checked.has(code))).toEqual([]);
    expect([...checked].filter((code) => !mentioned.has(code))).toEqual([]);
  });

  it('should link only to headings it has', () => {
    const anchors = new Set([...guide.matchAll(/^#{2,3} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
    const links = [...guide.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });

  it('should walk an editor who has only a browser through GitHub and GitLab', () => {
    const web = section(guide, '## Làm việc chỉ bằng trình duyệt (GitHub, GitLab)');
    // Add a file, upload a photo, open a pull request, read the check's annotations, merge; and GitLab's words for the same.
    for (const words of [
      'Add file → Create new file',
      'Add file → Upload files',
      'Create a new branch for this commit and start a pull request',
      'Create pull request',
      'Files changed',
      'dưới dòng viết sai',
      'Details',
      'Merge pull request',
      'New file',
      'Upload file',
      'Start a new merge\n  request with these changes',
      'Create merge request',
    ]) {
      expect(web, words).toContain(words);
    }
  });

  it('should name the checks and workflows exactly as a site made by bantin init has them', async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), 'bantin-guide-ci-'));
    try {
      expect(await runInit(site, { name: 'Phường Trần Phú', now: NOW, fromRegistry: true }, createMemoryLogger())).toBe(0);
      const check = parseYaml(await readFile(path.join(site, '.github/workflows/kiem-tra.yml'), 'utf8')) as { name: string; jobs: Record<string, { steps: Array<{ run?: string }> }> };
      const deploy = parseYaml(await readFile(path.join(site, '.github/workflows/dang-trang.yml'), 'utf8')) as { name: string };
      const gitlab = parseYaml(await readFile(path.join(site, '.gitlab-ci.yml'), 'utf8')) as Record<string, unknown>;
      // The command the guide says the pull-request check runs is the one it runs.
      const quoted = /quy trình kiểm tra tự động \(`\.github\/workflows\/kiem-tra\.yml`\)\s+chạy `([^`]+)`/.exec(guide)?.[1];
      expect(quoted).toBeDefined();
      expect(Object.values(check.jobs).flatMap((j) => j.steps.map((st) => st.run))).toContain(quoted);
      const web = section(guide, '## Làm việc chỉ bằng trình duyệt (GitHub, GitLab)');
      expect(web).toContain(`**${check.name}**`);
      expect(web).toContain(`**${deploy.name}**`);
      expect(gitlab['kiem-tra']).toBeDefined();
      expect(web).toContain('**kiem-tra**');
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });

  it('should mention only paths a site made by bantin init has, once its own examples are followed', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'bantin-guide-paths-'));
    const site = path.join(root, 'phuong-tran-phu');
    try {
      expect(await runInit(site, { name: 'Phường Trần Phú', now: NOW, fromRegistry: true }, createMemoryLogger())).toBe(0);
      // Way 1: the guide's own `bantin new` command.
      const newLine = section(guide, '### Cách 1: dùng lệnh `bantin new` (nên dùng)')
        .split('\n')
        .find((l) => l.startsWith('npx bantin new '));
      expect(newLine).toBeDefined();
      const created = createMemoryLogger();
      expect(await run([...shellWords(newLine!).slice(2), '--root', site, '--now', '2025-06-01T09:30:00+07:00'], created), created.text()).toBe(0);
      // Way 2: the guide's hand-written file, at the path it gives.
      const way2 = section(guide, '### Cách 2: tạo tệp bằng tay');
      const file = /ví dụ\s+`(content\/[^`]+\.md)`/.exec(way2)?.[1];
      const body = /```markdown\n([\s\S]*?)```/.exec(way2)?.[1];
      expect(file).toBeDefined();
      expect(body).toBeDefined();
      await mkdir(path.dirname(path.join(site, file!)), { recursive: true });
      await writeFile(path.join(site, file!), body!);
      const built = createMemoryLogger();
      expect(await run(['build', '--root', site, '--now', '2025-06-01T10:00:00+07:00', '--no-cache'], built), built.text()).toBe(0);

      const SITE_ENTRIES = /^(\.github|\.gitlab-ci\.yml|bantin\.yaml|content|docs|templates|dist|vendor|package\.json|README\.md)(\/|$)/;
      const mentioned = [...new Set([...guide.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).filter((p) => SITE_ENTRIES.test(p)))];
      expect(mentioned).toEqual(expect.arrayContaining(['bantin.yaml', 'content/', 'dist/', '.github/workflows/kiem-tra.yml', '.gitlab-ci.yml']));
      expect(mentioned.filter((p) => !existsSync(path.join(site, ...p.split('/'))))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('should cover each part an editor needs', () => {
    for (const heading of [
      '## Viết bài mới',
      '## Phần thông tin đầu bài',
      '## Ảnh và chú thích ảnh',
      '## Liên kết giữa các bài',
      '## Bài nháp và bài hẹn giờ',
      '## Xem trước bằng bantin serve',
      '## Kiểm tra trước khi gửi bài',
      '## Làm việc chỉ bằng trình duyệt (GitHub, GitLab)',
      '## Trang cố định, trình đơn và địa chỉ cũ',
      '## Soạn bài trên trình duyệt',
      '## Các lỗi thường gặp',
    ]) {
      expect(guide).toContain(`\n${heading}\n`);
    }
    for (const field of ['title', 'date', 'author', 'category', 'tags', 'summary', 'image', 'slug', 'draft', 'updated', 'type', 'aliases']) {
      expect(guide).toContain(`\`${field}\``);
    }
  });
});
