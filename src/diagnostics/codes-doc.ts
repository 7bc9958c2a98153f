import { catalogue, CODE_RANGES, type CatalogueEntry } from './codes.js';

/**
 * The text of `docs/ma-loi.md`: every code of the catalogue with its title, the lines bantin
 * prints (message and hint), what it covers when several places report it, and an example.
 * Pure; `scripts/gen-error-docs.mjs` writes it (`npm run docs:codes`) and
 * `test/diagnostic-codes.test.ts` checks the file is up to date.
 */
export function renderCodesDoc(entries: readonly CatalogueEntry[] = catalogue()): string {
  const out: string[] = [
    '# Mã lỗi',
    '',
    '<!-- Tệp này được tạo từ src/diagnostics/codes.ts bằng lệnh `npm run docs:codes`; đừng sửa tay. -->',
    '',
    'Mỗi lỗi và cảnh báo của bantin có một mã cố định dạng `BTnnn`. Một mã không bao giờ đổi nghĩa:',
    'mã được in cạnh đường dẫn tệp, số dòng, lời báo lỗi và cách sửa, ví dụ',
    '',
    '```text',
    'content/thong-bao/hop-dan.md:3:7  lỗi BT114: Ngày "30/02/2021" không có trong lịch.',
    '     Cách sửa: Kiểm tra lại ngày và tháng; ngày viết trước tháng, ví dụ 11/10/2021 14:48.',
    '```',
    '',
    'Trong lời báo lỗi dưới đây, phần trong ngoặc nhọn (như `{tệp}`) là chỗ bantin điền tên tệp, giá trị',
    'hay con số của lần báo lỗi đó; lời báo trong tệp cấu hình bắt đầu bằng "Tệp cấu hình" thay cho',
    '"Phần thông tin đầu bài". **Lỗi** làm lần dựng trang dừng lại (mã thoát 1); **cảnh báo** không',
    'làm dừng, trừ khi chạy `bantin check --strict`.',
    '',
  ];
  const groups = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const digit = e.code.charAt(2);
    groups.set(digit, [...(groups.get(digit) ?? []), e]);
  }
  const ranges = [...groups.keys()].sort();

  out.push('| Mã | Mức | Tên |', '| --- | --- | --- |');
  for (const e of entries) out.push(`| [${e.code}](#${e.code.toLowerCase()}) | ${severityName(e)} | ${inline(e.title)} |`);
  out.push('');

  for (const digit of ranges) {
    const name = (CODE_RANGES as Record<string, string>)[digit] ?? 'Khác';
    out.push(`## BT${digit}xx: ${name}`, '');
    for (const e of groups.get(digit)!) out.push(...section(e));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function section(e: CatalogueEntry): string[] {
  const label = e.severity === 'error' ? 'lỗi' : 'cảnh báo';
  const lines = [
    `<a id="${e.code.toLowerCase()}"></a>`,
    '',
    `### ${e.code}: ${inline(e.title)}${e.retired ? ' (không còn dùng)' : ''}`,
    '',
    `${capitalize(severityName(e))}. bantin in ra:`,
    '',
    ...fenced(`${label} ${e.code}: ${e.message}\nCách sửa: ${e.hint}`),
    '',
  ];
  if (e.sites) lines.push(`Mã này gồm nhiều trường hợp: ${inline(e.sites.reason)}`, '');
  lines.push('Ví dụ:', '', ...fenced(e.example), '');
  return lines;
}

function severityName(e: CatalogueEntry): string {
  return e.severity === 'error' ? 'lỗi' : 'cảnh báo';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A text block, fenced with more backticks than any run inside it. */
function fenced(text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}text`, ...text.split('\n'), fence];
}

/** Text placed in running Markdown: the characters Markdown would read as markup are escaped. */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
