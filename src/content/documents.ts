/** One legal document of a notice, as validated from its `documents:` list. */
import { type Position } from '../text/yaml.js';
import { error, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { closest } from '../text/suggest.js';
import { resolveInsideContent } from './markdown.js';
import { parseDate } from '../text/dates.js';

export interface DocumentData {
  /** Content-relative path of the file. */
  readonly file: string;
  /** The path as the editor wrote it. */
  readonly written: string;
  /** Số ký hiệu, e.g. `12/TB-UBND`. */
  readonly number: string;
  /** Cơ quan ban hành; '' means the site's organisation. */
  readonly issuer: string;
  /** Ngày ban hành, epoch ms. */
  readonly issued: number;
  /** Ngày hiệu lực, epoch ms, or null. */
  readonly effective: number | null;
  /** Trích yếu; '' means the article's title. */
  readonly summary: string;
  /** Position of the entry's `file` (or of the entry), for later errors. */
  readonly line: number;
  readonly column: number;
}

const DOCUMENT_KEYS = ['file', 'number', 'issuer', 'issued', 'effective', 'summary'] as const;

const DOCUMENT_EXAMPLE = [
  'documents:',
  '  - file: thong-bao-12.pdf',
  '    number: 12/TB-UBND',
  '    issuer: UBND phường Trần Phú',
  '    issued: 03/01/2024',
  '    summary: Lịch tiếp công dân năm 2024',
].join('\n');

/**
 * Validate the `documents:` of an article's front-matter. Pure.
 *
 * @param value The parsed YAML value (failsafe: scalars are text), undefined when absent.
 * @param positions Positions of the front-matter keys by dotted path (`documents.0.number`).
 *
 * Long: one loop over the `documents:` entries that checks each of their six fields with located messages; the checks share the entry's positions.
 */
export function parseDocuments(
  value: unknown,
  positions: ReadonlyMap<string, Position>,
  file: string,
  timeZone: string,
): { documents: DocumentData[]; diagnostics: Diagnostic[] } {
  const documents: DocumentData[] = [];
  const diagnostics: Diagnostic[] = [];
  if (value === undefined || value === null || value === '') return { documents, diagnostics };
  const at = (key: string, fallback?: string): Position => positions.get(key) ?? (fallback ? positions.get(fallback) : undefined) ?? positions.get('documents') ?? { line: 1, column: 1 };
  const fail = (code: DiagnosticCode, key: string, message: string, hint: string, fallback?: string) => {
    const p = at(key, fallback);
    diagnostics.push(error(code, file, message, hint, p.line, p.column));
  };
  if (!Array.isArray(value)) {
    fail('BT330', 'documents', 'Trường "documents" phải là danh sách các văn bản, mỗi văn bản bắt đầu bằng dấu "-".', `Ví dụ:\n${DOCUMENT_EXAMPLE}`);
    return { documents, diagnostics };
  }
  value.forEach((entry, i) => {
    const key = `documents.${i}`;
    const n = i + 1;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      fail('BT330', key, `Văn bản thứ ${n} trong "documents" phải là nhóm các trường file, number, issuer, issued, summary.`, `Ví dụ:\n${DOCUMENT_EXAMPLE}`);
      return;
    }
    const obj = entry as Record<string, unknown>;
    let ok = true;
    for (const k of Object.keys(obj)) {
      if ((DOCUMENT_KEYS as readonly string[]).includes(k)) continue;
      const near = closest(k, DOCUMENT_KEYS);
      fail('BT331', `${key}.${k}`, `Văn bản thứ ${n}: trường "${k}" không có trong danh sách trường của văn bản.`, near ? `Có phải ý bạn là "${near}"? Các trường: ${DOCUMENT_KEYS.join(', ')}.` : `Các trường: ${DOCUMENT_KEYS.join(', ')}.`, key);
      ok = false;
    }
    const text = (k: (typeof DOCUMENT_KEYS)[number]): string | undefined => {
      const v = obj[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') {
        fail('BT330', `${key}.${k}`, `Văn bản thứ ${n}: trường "${k}" phải là một đoạn chữ.`, 'Viết giá trị trên cùng dòng, sau dấu hai chấm; có dấu hai chấm thì đặt trong ngoặc kép.', key);
        ok = false;
        return undefined;
      }
      return v.trim() || undefined;
    };
    const written = text('file');
    let target: string | undefined;
    if (written === undefined) {
      if (obj.file === undefined || obj.file === null || obj.file === '') {
        fail('BT332', key, `Văn bản thứ ${n} thiếu trường "file" (tệp văn bản để người dân tải về).`, 'Đặt tệp (PDF, DOCX…) cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf');
      }
      ok = false;
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//')) {
      fail('BT332', `${key}.file`, `Tệp văn bản "${written}" phải nằm trong thư mục nội dung.`, 'Đặt tệp cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf', key);
      ok = false;
    } else {
      let decoded = written;
      try {
        decoded = decodeURI(written);
      } catch {
        // Keep it as written.
      }
      target = resolveInsideContent(file, decoded.normalize('NFC'));
      if (target === undefined || target === '') {
        fail('BT332', `${key}.file`, `Tệp văn bản "${written}" trỏ ra ngoài thư mục nội dung.`, 'Đặt tệp cạnh bài viết và ghi tên tệp, ví dụ: file: thong-bao-12.pdf', key);
        ok = false;
      }
    }
    const number = text('number');
    if (number === undefined) {
      if (obj.number === undefined || obj.number === null || obj.number === '') {
        fail('BT333', key, `Văn bản thứ ${n} thiếu số ký hiệu (trường "number").`, 'Ghi số ký hiệu như trên văn bản, trong ngoặc kép, ví dụ: number: "12/TB-UBND"');
      }
      ok = false;
    }
    const date = (k: 'issued' | 'effective', required: boolean): number | null | undefined => {
      const t = text(k);
      if (t === undefined) {
        if (required && (obj[k] === undefined || obj[k] === null || obj[k] === '')) {
          fail('BT334', key, `Văn bản thứ ${n} thiếu ngày ban hành (trường "issued").`, 'Ghi ngày ban hành như trên văn bản, ngày trước tháng, ví dụ: issued: 03/01/2024');
          return undefined;
        }
        return obj[k] === undefined || obj[k] === null || obj[k] === '' ? null : undefined;
      }
      const parsed = parseDate(t, timeZone);
      if (parsed.ok) return parsed.epochMs;
      const label = k === 'issued' ? 'ngày ban hành' : 'ngày hiệu lực';
      fail('BT334', `${key}.${k}`, `Văn bản thứ ${n}, ${label}: ${parsed.message}`, parsed.hint, key);
      return undefined;
    };
    const issued = date('issued', true);
    const effective = date('effective', false);
    const issuer = text('issuer') ?? '';
    const summary = text('summary') ?? '';
    if (!ok || target === undefined || number === undefined || issued === undefined || issued === null || effective === undefined) return;
    const p = at(`${key}.file`, key);
    documents.push({ file: target, written: written!, number, issuer, issued, effective, summary, line: p.line, column: p.column });
  });
  return { documents, diagnostics };
}
