import grayMatter from 'gray-matter';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYaml, type Position } from '../text/yaml.js';

export interface FrontMatter {
  readonly data: Record<string, unknown>;
  readonly positions: ReadonlyMap<string, Position>;
  readonly body: string;
  /** 1-based line of the file where the body starts. */
  readonly bodyLine: number;
}

/** Largest front-matter block accepted, in characters. */
export const MAX_FRONT_MATTER = 64 * 1024;

/** What parseYaml calls the text it reads, in its messages. */
const SUBJECT = 'Phần thông tin đầu bài (front-matter)';

/**
 * Split a Markdown source into its YAML front-matter and body. The opening fence must be
 * exactly `---` on the first line; anything else (`---js`, `+++`, `{`) is refused, never run.
 *
 * gray-matter does the split, with every engine but YAML refused (its defaults would `eval`
 * `---js`); bantin checks the fences it found and parses the block with positions.
 */
export function parseFrontMatter(text: string, file: string): { frontMatter?: FrontMatter; diagnostics: Diagnostic[] } {
  const newline = text.indexOf('\n');
  const firstLine = newline === -1 ? text : text.slice(0, newline);
  if (text.trim() === '') {
    return {
      diagnostics: [error('BT105', file, 'Tệp bài viết đang trống.', 'Thêm phần thông tin đầu bài (title, date, author, category) giữa hai dòng --- rồi viết nội dung; hoặc xoá tệp nếu không cần.', 1, 1)],
    };
  }
  const fenceHint = 'Dòng đầu tiên của tệp phải là đúng ba dấu gạch ngang "---", rồi các dòng "tên: giá trị", rồi một dòng "---".';
  if (firstLine.trimEnd() !== '---') {
    const fence = /^(-{3,}|\+{3,})[ \t]*(.*)$/.exec(firstLine);
    if (fence || firstLine.trimStart().startsWith('{')) {
      const word = /^[A-Za-z][\w-]*/.exec(fence?.[2] ?? '')?.[0];
      const lang = word ?? (fence?.[1]?.startsWith('+') ? 'TOML' : firstLine.trimStart().startsWith('{') ? 'JSON' : undefined);
      const message = lang
        ? `Phần thông tin đầu bài viết bằng "${lang}" không được chấp nhận; bantin chỉ đọc YAML và không bao giờ chạy mã trong bài viết.`
        : `Dòng mở đầu "${clip(firstLine)}" không phải là "---"; bantin chỉ đọc phần thông tin đầu bài bằng YAML mở đầu bằng đúng ba dấu gạch ngang.`;
      return { diagnostics: [error('BT106', file, message, fenceHint, 1, 1)] };
    }
    return {
      diagnostics: [
        error('BT107', file, 'Bài viết thiếu phần thông tin đầu bài (front-matter).', 'Dòng đầu tiên của tệp phải là "---", tiếp theo là title, date, author, category, rồi một dòng "---".', 1, 1),
      ],
    };
  }

  // gray-matter splits the source (only its YAML engine is allowed, and it only hands over the
  // block); bantin then checks what it found. `split.matter` is the text between the opening
  // `---` and the line break before the closing line; it starts with the rest of the first line.
  let parsed: ReturnType<typeof parseYaml> | undefined;
  const yamlOf = (block: string) => (block.includes('\n') ? block.slice(block.indexOf('\n') + 1) : '');
  // gray-matter is handed the text up to the end of the line where it will close the block (its
  // first "\n---"), not the whole article: it keys a cache by its input and encodes it to a Buffer,
  // which over whole articles cost more than the YAML did. The body is then read from `text`.
  const fence = text.indexOf('\n---', 3);
  const headEnd = fence === -1 ? -1 : text.indexOf('\n', fence + 1);
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const split = grayMatter(head, safeMatterOptions((block) => {
    parsed = parseYaml(yamlOf(block), file, 1, SUBJECT);
    return {};
  }));
  const block = split.matter;
  const closeAt = 3 + block.length;
  if (!text.startsWith('\n---', closeAt)) {
    return {
      diagnostics: [error('BT108', file, 'Phần thông tin đầu bài chưa được đóng bằng dòng "---".', 'Thêm một dòng chỉ có "---" sau trường cuối cùng, trước nội dung bài.', 1, 1)],
    };
  }
  if (block.length > MAX_FRONT_MATTER) {
    return {
      diagnostics: [error('BT109', file, `Phần thông tin đầu bài quá dài (trên ${MAX_FRONT_MATTER / 1024} KB).`, 'Chỉ giữ các trường cần thiết; nội dung dài đặt vào thân bài.', 1, 1)],
    };
  }
  // gray-matter closes the block at any line that starts with `---`; bantin's rule is a line of
  // exactly `---` (trailing spaces allowed), so a `----` or `---x` line is refused where it is.
  const closeLine = 2 + countLines(block);
  const lineEnd = text.indexOf('\n', closeAt + 1);
  const closing = text.slice(closeAt + 1, lineEnd === -1 ? text.length : lineEnd);
  if (closing.trimEnd() !== '---') {
    return {
      diagnostics: [
        error('BT108', file, 'Trong phần thông tin đầu bài có một dòng bắt đầu bằng "---" nhưng không phải dòng đóng.', 'Dòng đóng phải là đúng ba dấu gạch ngang "---"; xoá hoặc sửa dòng này.', closeLine, 1),
      ],
    };
  }
  const bodyLine = closeLine + 1;
  // What follows the closing line (the rest of that line is only spaces).
  const body = lineEnd === -1 ? '' : text.slice(lineEnd + 1);
  parsed ??= parseYaml(yamlOf(block), file, 1, SUBJECT);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const value = parsed.value;
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    diagnostics.push(error('BT101', file, 'Phần thông tin đầu bài phải là các dòng "tên: giá trị".', 'Ví dụ: title: "Tiêu đề bài viết"', 2, 1));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const data = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  diagnostics.push(...unsafeUrls(data, '', parsed.positions, file));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { frontMatter: { data, positions: parsed.positions, body, bodyLine }, diagnostics };
}

/**
 * A value that a browser would run or load as a document if a template put it in a link:
 * `javascript:`, `vbscript:`, `data:text/html…`. Browsers ignore leading spaces and control
 * characters and tabs or line breaks anywhere, so those are dropped before looking.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_URL = /^(?:javascript:|vbscript:|livescript:|data:[\w.+-]*\/[\w.+-]*[;,]|data:,)/i;

/** Front-matter values that are unsafe URLs (any field, any depth): BT110 at the value's key. */
function unsafeUrls(value: unknown, at: string, positions: ReadonlyMap<string, Position>, file: string): Diagnostic[] {
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex
    const squeezed = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
    if (!UNSAFE_URL.test(squeezed)) return [];
    const pos = positions.get(at) ?? { line: 2, column: 1 };
    const field = at.split('.')[0] ?? at;
    return [
      error(
        'BT110',
        file,
        `Trường "${field}" chứa một đường dẫn không an toàn ("${clip(squeezed.split(':')[0] ?? '')}:…"); bantin không đưa nó vào trang.`,
        'Chỉ dùng đường dẫn http://, https://, mailto:, tel: hoặc đường dẫn tới tệp trong thư mục nội dung.',
        pos.line,
        pos.column,
      ),
    ];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeUrls(v, at ? `${at}.${i}` : String(i), positions, file));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => unsafeUrls(v, at ? `${at}.${k}` : k, positions, file));
  }
  return [];
}

const refuse = (): never => {
  throw new Error('bantin: only YAML front-matter is accepted');
};

/**
 * Options for every gray-matter call: YAML through our failsafe parser, every other engine
 * (js, javascript, coffee, toml, json…) refused. Passing an object also turns off gray-matter's
 * global cache, which would return stale data in watch mode.
 */
export function safeMatterOptions(parse: (yaml: string) => object) {
  const refused = { parse: refuse, stringify: refuse };
  return {
    language: 'yaml',
    delimiters: '---',
    excerpt: false,
    engines: {
      yaml: { parse, stringify: refuse },
      js: refused,
      javascript: refused,
      coffee: refused,
      coffeescript: refused,
      cson: refused,
      toml: refused,
      json: refused,
    },
  };
}

/** Number of line breaks in `text`. */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
