/**
 * A small, strict-enough XML reader for WordPress exports (WXR). WXR is regular: elements,
 * attributes, text, CDATA sections (WordPress splits a `]]>` inside content into two sections),
 * comments and an XML declaration. No DTD is read: a document type with an internal subset
 * (where entity bombs live) is refused. Namespaces are not resolved: names keep their prefix
 * (`wp:post_date`), which is how every WXR file spells them.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: Array<XmlElement | string>;
  /** 1-based line of the start tag. */
  readonly line: number;
}

/** A document that is not well-formed; `line` and `column` are 1-based. */
export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'XmlSyntaxError';
    this.line = line;
    this.column = column;
  }
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Parse an XML document and return its root element. Throws XmlSyntaxError (in Vietnamese,
 * with the position) when the document is not well-formed.
 *
 * Long: one hand-written scanner loop whose branches (tags, attributes, entities, CDATA, comments, processing instructions) share the cursor, the line counter and the element stack; split apart they would pass all three back and forth on every character.
 */
export function parseXml(input: string): XmlElement {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let i = 0;
  const stack: Array<{ name: string; attributes: Record<string, string>; children: Array<XmlElement | string>; line: number }> = [];
  let root: XmlElement | undefined;

  // Line starts, for positions in messages (computed lazily: only errors need them).
  let lineStarts: number[] | undefined;
  const position = (offset: number): { line: number; column: number } => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) lineStarts.push(k + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  // Line numbers of start tags, counted incrementally.
  let countedTo = 0;
  let currentLine = 1;
  const lineAt = (offset: number): number => {
    for (let k = text.indexOf('\n', countedTo); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) currentLine++;
    countedTo = offset;
    return currentLine;
  };
  const fail = (message: string, offset: number): never => {
    const p = position(offset);
    throw new XmlSyntaxError(message, p.line, p.column);
  };
  const addChild = (child: XmlElement | string) => {
    const top = stack[stack.length - 1];
    if (top) {
      top.children.push(child);
    } else if (typeof child === 'string') {
      if (child.trim() !== '') fail('Có chữ nằm ngoài phần tử gốc của tệp XML.', i);
    } else if (root) {
      fail('Tệp XML có nhiều hơn một phần tử gốc.', i);
    } else {
      root = child;
    }
  };
  const decode = (raw: string, start: number): string =>
    raw.includes('&')
      ? raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?/g, (all, ref: string, at: number) => {
          if (ref.startsWith('#')) {
            const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
            if (!all.endsWith(';') || !Number.isFinite(code) || code < 1 || code > 0x10ffff) fail(`Tham chiếu ký tự "${all}" không hợp lệ.`, start + at);
            return String.fromCodePoint(code);
          }
          // An unknown named entity (`&nbsp;` in a title, which WordPress sometimes writes)
          // is kept as it is: the caller decodes HTML entities where HTML is expected.
          return all.endsWith(';') && PREDEFINED[ref] !== undefined ? PREDEFINED[ref] : all;
        })
      : raw;

  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) {
      addChild(decode(text.slice(i), i));
      break;
    }
    if (lt > i) addChild(decode(text.slice(i, lt), i));
    i = lt;
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) fail('Đoạn CDATA chưa được đóng bằng "]]>".', i);
      const top = stack[stack.length - 1];
      if (!top) fail('Đoạn CDATA nằm ngoài phần tử gốc.', i);
      top!.children.push(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) fail('Ghi chú "<!--" chưa được đóng bằng "-->".', i);
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) fail('Khai báo "<?" chưa được đóng bằng "?>".', i);
      i = end + 2;
    } else if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
      const end = text.indexOf('>', i);
      if (end === -1) fail('Khai báo DOCTYPE chưa được đóng.', i);
      if (text.slice(i, end).includes('[')) fail('Tệp XML có khai báo thực thể (DOCTYPE [...]); bantin không đọc loại này.', i);
      i = end + 1;
    } else if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      if (end === -1) fail('Thẻ đóng chưa có dấu ">".', i);
      const name = text.slice(i + 2, end).trim();
      const top = stack.pop();
      if (!top) fail(`Thẻ đóng </${name}> không có thẻ mở.`, i);
      if (top!.name !== name) fail(`Thẻ đóng </${name}> không khớp với thẻ mở <${top!.name}> (dòng ${top!.line}).`, i);
      const element: XmlElement = { name: top!.name, attributes: top!.attributes, children: top!.children, line: top!.line };
      i = end + 1;
      addChild(element);
    } else {
      // Start tag: name, attributes, optional `/`, `>`.
      const start = i;
      let k = i + 1;
      if (!NAME_START.test(text[k] ?? '')) fail('Dấu "<" không mở một thẻ; trong chữ phải viết "&lt;".', start);
      while (k < text.length && NAME_CHAR.test(text[k]!)) k++;
      const name = text.slice(i + 1, k);
      const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
      let selfClosing = false;
      for (;;) {
        while (k < text.length && /\s/.test(text[k]!)) k++;
        const c = text[k];
        if (c === undefined) fail(`Thẻ <${name}> chưa có dấu ">".`, start);
        if (c === '>') {
          k++;
          break;
        }
        if (c === '/' && text[k + 1] === '>') {
          selfClosing = true;
          k += 2;
          break;
        }
        const nameStart = k;
        while (k < text.length && NAME_CHAR.test(text[k]!)) k++;
        if (k === nameStart) fail(`Thuộc tính của thẻ <${name}> viết sai.`, k);
        const attr = text.slice(nameStart, k);
        while (k < text.length && /\s/.test(text[k]!)) k++;
        if (text[k] !== '=') fail(`Thuộc tính "${attr}" của thẻ <${name}> thiếu dấu "=".`, k);
        k++;
        while (k < text.length && /\s/.test(text[k]!)) k++;
        const quote = text[k];
        if (quote !== '"' && quote !== "'") fail(`Giá trị thuộc tính "${attr}" phải nằm trong dấu ngoặc kép.`, k);
        const close = text.indexOf(quote!, k + 1);
        if (close === -1) fail(`Giá trị thuộc tính "${attr}" chưa đóng ngoặc.`, k);
        attributes[attr] = decode(text.slice(k + 1, close), k + 1);
        k = close + 1;
      }
      const line = lineAt(start);
      i = k;
      if (selfClosing) addChild({ name, attributes, children: [], line });
      else stack.push({ name, attributes, children: [], line });
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    throw new XmlSyntaxError(`Thẻ <${open.name}> (dòng ${open.line}) chưa được đóng; có lẽ tệp bị cắt cụt.`, open.line, 1);
  }
  if (!root) throw new XmlSyntaxError('Tệp không có phần tử XML nào.', 1, 1);
  return root;
}

/** Direct child elements named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The first direct child element named `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** Text of an element: its text and CDATA children joined (child elements are skipped). */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  let out = '';
  for (const c of element.children) if (typeof c === 'string') out += c;
  return out;
}

/** Text of the first child named `name`, or ''. */
export function childText(element: XmlElement, name: string): string {
  return textOf(childNamed(element, name));
}
