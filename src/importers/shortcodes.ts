/**
 * Hugo shortcodes and Jekyll Liquid tags in a Markdown body: the common ones become Markdown
 * (links, images with captions, fenced code, block quotes), the rest are removed and returned with
 * their own line so the report can list each one. Code (fenced, indented, inline), as the mdast
 * tree of the body locates it, is never scanned. Also finds LaTeX written in the text.
 */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** Something of the source body that did not come across, at its line in the body (1-based). */
export interface BodyLoss {
  /** 1-based line inside the body. */
  readonly line: number;
  readonly message: string;
}

export interface ConvertedBody {
  readonly body: string;
  /** Tags removed or only partly carried, one per occurrence. */
  readonly lost: BodyLoss[];
  /** Tags converted, one per occurrence (for the report's counts). */
  readonly converted: number;
  /** Offset in the source body of an offset in the converted one (inside a replaced tag: the tag's start). */
  readonly sourceOffset: (offset: number) => number;
}

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** Offset ranges of the code of a Markdown text (fenced and indented blocks, inline code). */
export function codeRanges(markdown: string): Array<[number, number]> {
  const tree = parser.parse(markdown) as Root;
  const ranges: Array<[number, number]> = [];
  visit(tree, (node) => {
    if (node.type !== 'code' && node.type !== 'inlineCode') return;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start !== undefined && end !== undefined) ranges.push([start, end]);
  });
  return ranges;
}

function inRanges(ranges: ReadonlyArray<[number, number]>, offset: number): boolean {
  return ranges.some(([s, e]) => offset >= s && offset < e);
}

function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Attributes of a shortcode or Liquid tag: `name="value"`, `name='value'`, `name=value`. */
export function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`>%}]+))/g)) {
    out[m[1]!] = (m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').replace(/\\"/g, '"');
  }
  return out;
}

/** The positional (quoted or bare, not `name=value`) arguments of a shortcode. */
export function positional(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/([A-Za-z_][\w-]*\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`]+))/g)) {
    if (m[1]) continue;
    out.push((m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').replace(/\\"/g, '"'));
  }
  return out;
}

export function escapeLinkText(text: string): string {
  return text.replace(/[[\]\\]/g, '\\$&');
}

/** A link destination: in `<…>` when it has spaces or parentheses. */
export function linkDestination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : url;
}

/** A fenced code block whose fence is longer than any run of backticks in the code. */
export function fencedCode(code: string, lang: string | undefined): string {
  const text = code.replace(/^\n+/, '').replace(/\s+$/, '');
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang ? lang.replace(/[^\w+#.-]/g, '') : ''}\n${text}\n${fence}`;
}

/** A block quote with its attribution line (`— Tác giả, [nguồn](url)`). */
function blockquote(content: string, author: string | undefined, source: string | undefined, url: string | undefined): string {
  const lines = content.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const parts: string[] = [];
  if (author) parts.push(author);
  if (url) parts.push(`[${escapeLinkText(source || url)}](${linkDestination(url)})`);
  else if (source) parts.push(`*${source}*`);
  const out = lines.map((l) => (l.trim() === '' ? '>' : `> ${l.replace(/^\s{0,3}/, '')}`));
  if (parts.length > 0) out.push('>', `> — ${parts.join(', ')}`);
  return out.join('\n');
}

/** Shortcodes printed as a block quote with attribution. */
const QUOTE_SHORTCODES = new Set(['quote', 'blockquote', 'bquote', 'pullquote', 'quotation', 'epigraph', 'cite']);

interface Tag {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly args: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly escaped: boolean;
  readonly text: string;
}

/** A block (fenced code, a quote) must stand on its own lines. */
function asBlock(before: string, block: string, after: string): string {
  const lead = before === '' || /\n\s*\n\s*$/.test(before) ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' || /^[ \t]*\n[ \t]*\n/.test(after) ? '' : /^[ \t]*\n/.test(after) ? '\n' : '\n\n';
  return `${lead}${block}${trail}`;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

/**
 * Long: one switch over the shortcodes it converts, each a few lines.
 *
 * Hugo shortcodes → Markdown. youtube, vimeo, gist, tweet/x, instagram become links; figure an
 * image with its caption; ref/relref a `bantin-src:` placeholder resolved with the links;
 * highlight a fenced code block with its language; quote-like ones a block quote with attribution.
 * Every other shortcode is removed (an enclosing one keeps what it encloses) and listed.
 */
export function convertHugoShortcodes(body: string, labelFor: (placeholder: string) => string | undefined = () => undefined): ConvertedBody {
  const code = codeRanges(body);
  const tags: Tag[] = [];
  for (const m of body.matchAll(/\{\{([<%])(\/\*)?\s*([\s\S]*?)\s*(\*\/)?([>%])\}\}/g)) {
    if (inRanges(code, m.index)) continue;
    const inner = m[3]!;
    const closing = inner.startsWith('/');
    const rest = closing ? inner.slice(1).trim() : inner;
    const name = /^([\w./-]+)/.exec(rest)?.[1] ?? '';
    tags.push({
      start: m.index,
      end: m.index + m[0].length,
      name: name.toLowerCase(),
      args: rest.slice(name.length).replace(/\/\s*$/, ''),
      closing,
      selfClosing: /\/\s*$/.test(rest),
      escaped: m[2] !== undefined && m[4] !== undefined,
      text: m[0],
    });
  }
  const lost: BodyLoss[] = [];
  let converted = 0;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  /** Index of the closing tag of the tag at `i`, or -1. */
  const closingOf = (i: number): number => {
    let depth = 0;
    for (let j = i + 1; j < tags.length; j++) {
      const t = tags[j]!;
      if (t.name !== tags[i]!.name || t.escaped) continue;
      if (!t.closing && !t.selfClosing) depth++;
      else if (t.closing) {
        if (depth === 0) return j;
        depth--;
      }
    }
    return -1;
  };
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    const report = (what: string, at = tag) => lost.push({ line: lineAt(body, at.start), message: what });
    if (tag.escaped) {
      // `{{</* x */>}}` is how Hugo writes a shortcode as text: keep it as code.
      edits.push({ start: tag.start, end: tag.end, text: `\`${tag.text.replace(/\/\*\s*|\s*\*\//g, '')}\`` });
      continue;
    }
    if (tag.closing) {
      // A closing tag whose opening one was not paired (or an unknown enclosing shortcode's end).
      edits.push({ start: tag.start, end: tag.end, text: '' });
      continue;
    }
    const a = attributes(tag.args);
    const pos = positional(tag.args);
    const close = tag.selfClosing ? -1 : closingOf(i);
    const innerEnd = close === -1 ? tag.end : tags[close]!.start;
    const inner = body.slice(tag.end, innerEnd);
    const regionEnd = close === -1 ? tag.end : tags[close]!.end;
    const replaceRegion = (text: string, block = false) => {
      edits.push({ start: tag.start, end: regionEnd, text: block ? asBlock(body.slice(0, tag.start), text, body.slice(regionEnd)) : text });
      converted++;
      if (close !== -1) i = close;
    };
    const linkTo = (label: string, url: string) => replaceRegion(`[${escapeLinkText(label)}](${linkDestination(url)})`);
    switch (tag.name) {
      case 'youtube': {
        const id = a.id ?? pos[0];
        if (id) {
          linkTo(a.title ? `Video: ${a.title}` : 'Xem video trên YouTube', `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`);
          continue;
        }
        break;
      }
      case 'vimeo': {
        const id = a.id ?? pos[0];
        if (id) {
          linkTo(a.title ? `Video: ${a.title}` : 'Xem video trên Vimeo', `https://vimeo.com/${encodeURIComponent(id)}`);
          continue;
        }
        break;
      }
      case 'gist': {
        const [user, id, file] = [a.user ?? pos[0], a.id ?? pos[1], a.file ?? pos[2]];
        if (user && id) {
          linkTo(`Gist ${user}/${id}${file ? ` (${file})` : ''}`, `https://gist.github.com/${encodeURIComponent(user)}/${encodeURIComponent(id)}${file ? `#file-${file.replace(/\./g, '-')}` : ''}`);
          continue;
        }
        break;
      }
      case 'tweet':
      case 'x':
      case 'twitter': {
        const id = a.id ?? pos[pos.length - 1];
        const user = a.user ?? (pos.length > 1 ? pos[0] : undefined);
        if (id && /^\d+$/.test(id)) {
          linkTo('Xem bài đăng trên X (Twitter)', `https://x.com/${user ? encodeURIComponent(user) : 'i'}/status/${id}`);
          continue;
        }
        break;
      }
      case 'instagram': {
        const id = a.id ?? pos[0];
        if (id) {
          linkTo('Xem ảnh trên Instagram', `https://www.instagram.com/p/${encodeURIComponent(id)}/`);
          continue;
        }
        break;
      }
      case 'figure': {
        const src = a.src ?? pos[0];
        if (src) {
          const caption = (a.caption ?? a.title ?? '').replace(/\s+/g, ' ').trim();
          const alt = (a.alt ?? a.caption ?? a.title ?? '').replace(/\s+/g, ' ').trim();
          const image = `![${escapeLinkText(alt)}](${linkDestination(src)}${caption ? ` "${caption.replace(/["\\]/g, '\\$&')}"` : ''})`;
          replaceRegion(a.link ? `[${image}](${linkDestination(a.link)})` : image);
          if (a.attr || a.attrlink) report(`phần ghi công của ảnh (attr "${a.attr ?? ''}") trong ${clip(tag.text)} không mang sang được, đã bỏ.`);
          continue;
        }
        break;
      }
      case 'ref':
      case 'relref': {
        const target = pos[0] ?? a.path;
        if (target) {
          const [path, hash] = target.split('#') as [string, string | undefined];
          const source = path.startsWith('/') ? `content${path}` : `content/${path}`;
          const url = `bantin-src:${source.replace(/\/+$/, '')}${hash ? `#${hash}` : ''}`;
          // Inside a link's destination it is the URL; on its own Hugo prints the address: make it a link.
          replaceRegion(body.slice(0, tag.start).endsWith('](') || /\]:\s*$/.test(body.slice(0, tag.start)) ? url : `[${escapeLinkText(labelFor(url) ?? path)}](${url})`);
          continue;
        }
        break;
      }
      case 'highlight':
      case 'code': {
        if (close !== -1) {
          replaceRegion(fencedCode(inner, a.lang ?? a.language ?? pos[0]), true);
          continue;
        }
        break;
      }
      default:
        if (QUOTE_SHORTCODES.has(tag.name)) {
          const content = close !== -1 ? inner : (a.quote ?? a.text ?? a.content ?? '');
          if (content.trim() !== '') {
            replaceRegion(blockquote(content, a.author ?? a.by ?? a.name ?? a.cite, a.source ?? a.title ?? a.sourcetitle, a.url ?? a.link ?? a.href ?? a.src), true);
            continue;
          }
        }
    }
    // Not converted: removed; an enclosing shortcode keeps what it encloses.
    edits.push({ start: tag.start, end: tag.end, text: '' });
    report(
      close === -1
        ? `mã rút gọn Hugo ${clip(tag.text)} không chuyển được, đã bỏ.`
        : `mã rút gọn Hugo ${clip(tag.text)} không chuyển được, đã bỏ thẻ (giữ phần nội dung bên trong).`,
    );
  }
  const applied = applyEdits(body, edits);
  return { body: applied.text, lost, converted, sourceOffset: applied.sourceOffset };
}

/**
 * Long: one branch per Liquid tag it converts, each a few lines.
 *
 * Jekyll Liquid → Markdown: `{{ site.baseurl }}`/`{{ site.url }}` removed, `relative_url`/
 * `absolute_url` unwrapped, `post_url`/`link` → `bantin-post:`/`bantin-src:` placeholders (a link
 * around them when they stand outside a link's destination), `highlight` → fenced code,
 * `raw` unwrapped. Every other tag or output is removed and listed.
 */
export function convertLiquid(body: string, labelFor: (placeholder: string) => string | undefined = () => undefined): ConvertedBody {
  const code = codeRanges(body);
  const lost: BodyLoss[] = [];
  let converted = 0;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const re = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
  const matches = [...body.matchAll(re)].filter((m) => !inRanges(code, m.index));
  const inDestination = (at: number) => {
    const before = body.slice(Math.max(0, at - 20), at);
    // `](`, `](<`, `]: ` or an HTML attribute's opening quote right before the tag.
    return /\]\(\s*$|\]:\s*$|(?:href|src)\s*=\s*["']?$/.test(before.endsWith('<') ? before.slice(0, -1) : before);
  };
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i]!;
    const start = m.index;
    const end = start + m[0].length;
    const line = lineAt(body, start);
    if (m[2] !== undefined) {
      const expr = m[2];
      const wrapped = /^(["'])([^"']*)\1\s*\|\s*(?:relative_url|absolute_url)$/.exec(expr);
      if (/^site\.(baseurl|url)$/.test(expr)) edits.push({ start, end, text: '' });
      else if (wrapped) edits.push({ start, end, text: wrapped[2]! });
      else {
        edits.push({ start, end, text: '' });
        lost.push({ line, message: `thẻ Liquid ${clip(m[0])} không chuyển được, đã bỏ.` });
        continue;
      }
      converted++;
      continue;
    }
    const tag = m[1]!;
    const name = /^(\w+)/.exec(tag)?.[1] ?? '';
    const args = tag.slice(name.length).trim();
    const placeholder = (url: string, label: string) => {
      edits.push({ start, end, text: inDestination(start) ? url : `[${escapeLinkText(labelFor(url) ?? label)}](${url})` });
      converted++;
    };
    if (name === 'post_url' && args) {
      placeholder(`bantin-post:${args.split(/\s+/)[0]}`, args.split(/\s+/)[0]!.replace(/^\d{4}-\d{1,2}-\d{1,2}-/, '').replace(/[-_]+/g, ' '));
      continue;
    }
    if (name === 'link' && args) {
      const path = args.split(/\s+/)[0]!;
      placeholder(`bantin-src:${path.replace(/^\/+/, '')}`, path);
      continue;
    }
    if (name === 'include') {
      // The includes of common themes: `image.html`/`figure.html` (url|src|file|image, alt, caption), `youtube*.html` (id).
      const file = /^\S+/.exec(args)?.[0] ?? '';
      const a = attributes(args.slice(file.length));
      const src = a.url ?? a.src ?? a.file ?? a.image ?? a.path;
      if (/youtube/i.test(file) && (a.id ?? a.video)) {
        edits.push({ start, end, text: `[Xem video trên YouTube](https://www.youtube.com/watch?v=${encodeURIComponent(a.id ?? a.video!)})` });
        converted++;
        continue;
      }
      if (/image|figure|img|photo/i.test(file) && src) {
        const caption = (a.caption ?? a.description ?? a.title ?? '').replace(/\s+/g, ' ').trim();
        const alt = (a.alt ?? caption).replace(/\s+/g, ' ').trim();
        edits.push({ start, end, text: `![${escapeLinkText(alt)}](${linkDestination(src)}${caption ? ` "${caption.replace(/["\\]/g, '\\$&')}"` : ''})` });
        converted++;
        continue;
      }
    }
    const endName = name === 'highlight' ? 'endhighlight' : name === 'raw' ? 'endraw' : name === 'comment' ? 'endcomment' : undefined;
    if (endName) {
      // Inside raw/highlight/comment nothing is a tag: find the end in the text itself.
      const closeRe = new RegExp(`\\{%-?\\s*${endName}\\s*-?%\\}`, 'g');
      closeRe.lastIndex = end;
      const close = closeRe.exec(body);
      if (close) {
        const inner = body.slice(end, close.index);
        const regionEnd = close.index + close[0].length;
        const text = name === 'highlight' ? asBlock(body.slice(0, start), fencedCode(inner, args.split(/\s+/)[0]), body.slice(regionEnd)) : name === 'raw' ? inner : '';
        edits.push({ start, end: regionEnd, text });
        if (name === 'comment') lost.push({ line, message: 'ghi chú Liquid ({% comment %}) không hiện cho người đọc, đã bỏ.' });
        else converted++;
        // Skip the tags the region covered.
        while (i + 1 < matches.length && matches[i + 1]!.index < regionEnd) i++;
        continue;
      }
    }
    edits.push({ start, end, text: '' });
    lost.push({ line, message: `thẻ Liquid ${clip(m[0])} không chuyển được, đã bỏ.` });
  }
  const applied = applyEdits(body, edits);
  return { body: applied.text, lost, converted, sourceOffset: applied.sourceOffset };
}

function applyEdits(body: string, edits: Array<{ start: number; end: number; text: string }>): { text: string; sourceOffset: (offset: number) => number } {
  edits.sort((a, b) => b.start - a.start);
  let out = body;
  let limit = Number.POSITIVE_INFINITY;
  const applied: Array<{ start: number; end: number; length: number }> = [];
  for (const e of edits) {
    if (e.end > limit) continue;
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
    applied.push({ start: e.start, end: e.end, length: e.text.length });
  }
  applied.reverse();
  const sourceOffset = (offset: number): number => {
    let delta = 0;
    for (const a of applied) {
      const newStart = a.start + delta;
      if (offset < newStart) break;
      if (offset < newStart + a.length) return a.start;
      delta += a.length - (a.end - a.start);
    }
    return offset - delta;
  };
  return { text: out, sourceOffset };
}

/**
 * Lines of the body with LaTeX in its text (`$$…$$`, `\(…\)`, `\[…\]`, `$…$` around a command):
 * bantin prints it as it is written.
 */
export function findLatex(body: string): number[] {
  const tree = parser.parse(body) as Root;
  const lines = new Set<number>();
  visit(tree, 'text', (node) => {
    const value = node.value;
    if (/\$\$[\s\S]+?\$\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\$[^$\s][^$]*\\[a-zA-Z]+[^$]*\$|\\begin\{/.test(value)) {
      if (node.position) lines.add(node.position.start.line);
    }
  });
  // `\(` and `\[` are escapes in Markdown: the text node holds `(`; look at the source line too.
  const code = codeRanges(body);
  for (const m of body.matchAll(/\\\\?\(|\\\\?\[|\$\$|\\begin\{/g)) {
    if (inRanges(code, m.index)) continue;
    const rest = body.slice(m.index, m.index + 400);
    if (/^(\\\\?\([\s\S]*?\\\\?\)|\\\\?\[[\s\S]*?\\\\?\]|\$\$[\s\S]+?\$\$|\\begin\{)/.test(rest) && /\\[a-zA-Z]+|[\^_]|\$\$|\\begin/.test(rest.slice(2, 200))) lines.add(lineAt(body, m.index));
  }
  return [...lines].sort((a, b) => a - b);
}
