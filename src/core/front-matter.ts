import matter from 'gray-matter';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseYaml, type Position } from './yaml.js';

export interface FrontMatter {
  readonly data: Record<string, unknown>;
  readonly positions: ReadonlyMap<string, Position>;
  readonly body: string;
  /** 1-based line of the file where the body starts. */
  readonly bodyLine: number;
}

/** Largest front-matter block accepted, in characters. */
export const MAX_FRONT_MATTER = 64 * 1024;

const refuse = () => {
  throw new Error('bantin: only YAML front-matter is accepted');
};

/**
 * gray-matter options: YAML through our failsafe parser; every executable or other-language
 * engine refused. Passing an object also keeps gray-matter from caching results globally.
 */
function grayMatterOptions(parse: (text: string) => object) {
  return {
    language: 'yaml',
    delimiters: '---',
    excerpt: false,
    engines: {
      yaml: { parse, stringify: refuse },
      js: { parse: refuse, stringify: refuse },
      javascript: { parse: refuse, stringify: refuse },
      coffee: { parse: refuse, stringify: refuse },
      coffeescript: { parse: refuse, stringify: refuse },
      cson: { parse: refuse, stringify: refuse },
      toml: { parse: refuse, stringify: refuse },
      json: { parse: refuse, stringify: refuse },
    },
  } as const;
}

/**
 * Split a Markdown source into its YAML front-matter and body. The opening fence must be
 * exactly `---` on the first line; anything else (`---js`, `+++`, `{`) is refused, never run.
 */
export function parseFrontMatter(text: string, file: string): { frontMatter?: FrontMatter; diagnostics: Diagnostic[] } {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (text.trim() === '') {
    return {
      diagnostics: [error('BT105', file, 'Tệp bài viết đang trống.', 'Thêm phần thông tin đầu bài (title, date, author, category) giữa hai dòng --- rồi viết nội dung; hoặc xoá tệp nếu không cần.', 1, 1)],
    };
  }
  if (firstLine.trimEnd() !== '---') {
    const fence = /^(-{3}|\+{3})\s*(\S*)/.exec(firstLine);
    if (fence || firstLine.startsWith('{')) {
      const lang = fence?.[2] || (fence?.[1] === '+++' ? 'TOML' : 'JSON');
      return {
        diagnostics: [
          error(
            'BT106',
            file,
            `Phần thông tin đầu bài viết bằng "${lang}" không được chấp nhận; bantin chỉ đọc YAML và không bao giờ chạy mã trong bài viết.`,
            'Dòng đầu tiên của tệp phải là đúng ba dấu gạch ngang "---", rồi các dòng "tên: giá trị", rồi một dòng "---".',
            1,
            1,
          ),
        ],
      };
    }
    return {
      diagnostics: [
        error('BT107', file, 'Bài viết thiếu phần thông tin đầu bài (front-matter).', 'Dòng đầu tiên của tệp phải là "---", tiếp theo là title, date, author, category, rồi một dòng "---".', 1, 1),
      ],
    };
  }
  const closing = /\n---[ \t]*(\n|$)/.exec(text.slice(3));
  if (!closing) {
    return {
      diagnostics: [error('BT108', file, 'Phần thông tin đầu bài chưa được đóng bằng dòng "---".', 'Thêm một dòng chỉ có "---" sau trường cuối cùng, trước nội dung bài.', 1, 1)],
    };
  }
  if (closing.index > MAX_FRONT_MATTER) {
    return {
      diagnostics: [error('BT109', file, `Phần thông tin đầu bài quá dài (trên ${MAX_FRONT_MATTER / 1024} KB).`, 'Chỉ giữ các trường cần thiết; nội dung dài đặt vào thân bài.', 1, 1)],
    };
  }

  let parsed: ReturnType<typeof parseYaml> | undefined;
  const parse = (yamlText: string): object => {
    parsed = parseYaml(yamlText, file, 1);
    const v = parsed.value;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  };
  // gray-matter keeps a cache keyed by the input when called without options; we always pass options.
  const result = matter(text, grayMatterOptions(parse));
  const diagnostics: Diagnostic[] = parsed ? [...parsed.diagnostics] : [];
  if (parsed && parsed.value !== undefined && parsed.value !== null && (typeof parsed.value !== 'object' || Array.isArray(parsed.value))) {
    diagnostics.push(error('BT101', file, 'Phần thông tin đầu bài phải là các dòng "tên: giá trị".', 'Ví dụ: title: "Tiêu đề bài viết"', 2, 1));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const body = result.content;
  const headLength = text.length - body.length;
  const bodyLine = countLines(text.slice(0, headLength)) + 1;
  const data = (parsed?.value && typeof parsed.value === 'object' ? parsed.value : {}) as Record<string, unknown>;
  return { frontMatter: { data, positions: parsed?.positions ?? new Map(), body, bodyLine }, diagnostics };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
