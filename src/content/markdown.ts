import { posix } from 'node:path';
import { checkCostBudget } from './limits.js';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import type { Definition, Heading, Html, Image, ImageReference, Link, LinkReference, Node, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { defaultHandlers, toHast, type Handlers } from 'mdast-util-to-hast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkGfm from 'remark-gfm';
import remarkHtml from 'remark-html';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { warning, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { encodePath, resolveRelative } from '../text/url-path.js';
import { emptyBody, referenceOf, someElement, stripPositions, visitElements, type BodyTree } from './body.js';

/** A link or image in an article that points into the content folder. */
export interface LocalReference {
  /** `article`: another `.md` file; `file`: a file copied from content; `url`: a site path written with a leading `/`. */
  readonly kind: 'article' | 'file' | 'url';
  /** Target path relative to the content folder, `/` separators, no `..`. */
  readonly target: string;
  /** Fragment (without `#`) to keep on the resolved URL, or ''. */
  readonly hash: string;
  readonly line: number;
  readonly column: number;
  /** What the editor wrote, for messages. */
  readonly written: string;
  /** `image`: shown as an image (`![…](…)`); `link`: a link, with its text. */
  readonly use: 'image' | 'link';
  /** Plain text of the first link to the target (a link's text, e.g. the name of an attachment), or ''. */
  readonly text: string;
}

export interface RenderedMarkdown {
  /**
   * The sanitised body as a hast tree (see content/body.ts). A link to another article has
   * `href="#"` and carries the index of its reference in `data.bantinReference`, for
   * `resolveArticleLinks`.
   */
  readonly body: BodyTree;
  /** Indexed by N of the placeholders for `kind: 'article'`. */
  readonly references: readonly LocalReference[];
  /** Plain text of the first paragraph that has text (marked as the lead in `body` when `lead` is set). */
  readonly firstParagraph: string;
  /** Content-relative path of the first local image, or ''. */
  readonly firstImage: string;
  /** Plain text of the whole body, for search and related articles. */
  readonly text: string;
  readonly diagnostics: Diagnostic[];
}

export interface MarkdownOptions {
  /** Article path relative to the content folder, e.g. `thong-bao/bai.md`. */
  readonly file: string;
  /** Line of the file where the body starts (1-based), so positions point into the file. */
  readonly bodyLine: number;
  /** Path part of the site's base URL, `/` or `/sub/`. */
  readonly basePath: string;
  /**
   * The first paragraph is the article's lead (no `summary` was written): the page prints it
   * above the body, once. It stays the body's first element, marked `data.bantinLead`, so links,
   * images and footnote calls in it are transformed with the rest (`splitLead` in content/body.ts).
   */
  readonly lead?: boolean;
}

/** The sanitising schema: GitHub's default, plus figures, image captions and `tel:` links. */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // mdast-util-to-hast already prefixes the only ids a body can have (footnotes: `user-content-fn-1`,
  // with links to `#user-content-fn-1`; raw HTML is dropped, headings get no ids). Prefixing them
  // again, as GitHub's schema does, breaks both directions (`user-content-user-content-fn-1`).
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption'],
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'decoding'],
  },
  // GitHub's schema has no `tel:`, which a ward's hotline link needs; SAFE_PROTOCOL below allows it.
  protocols: {
    ...defaultSchema.protocols,
    href: [...(defaultSchema.protocols?.href ?? []), 'tel'],
  },
};

/**
 * The reference processor: CommonMark + all of GFM (remark-gfm), sanitised HTML. Every article
 * renders exactly as this processor renders it; `processorFor` only picks a faster equivalent.
 */
export const referenceProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkHtml, { sanitize: sanitizeSchema })
  .freeze();

/**
 * GFM's autolink literals and tables are the costly parts of parsing (here they made parsing an
 * ordinary article 3–4× slower than CommonMark alone), and most articles have neither. Each body
 * is parsed with only the parts it can use, in remark-gfm's order, which gives the same tree:
 * - a table needs a `|` or an alignment colon in its delimiter row (micromark accepts `a` over
 *   `:-` as a one-column table, so `:-` and `-:` count as well as `|`);
 * - an email literal (also after `mailto:` or `xmpp:`) ends its name part at an `@` right after
 *   a letter, digit or one of `+-._`; without one, the email construct can only fail. It is the
 *   costly one: micromark tries it at the start of every word (2–3 ms an article here), while
 *   most articles only hold `http` inside `[text](https://…)` links;
 * - a `www.` literal needs `www` and a URL literal `http`, in any case.
 * A construct that can only fail leaves no trace in the tree, so leaving it out changes nothing;
 * the checks ignore context, so they only ever err towards more parts.
 * test/markdown-gfm-select.test.ts compares the trees and HTML on corpora and random input.
 */
const GFM_EMAIL = 1;
const GFM_TABLE = 2;
const GFM_WWW = 4;
const GFM_PROTOCOL = 8;
const GFM_ALL = GFM_EMAIL | GFM_TABLE | GFM_WWW | GFM_PROTOCOL;
const GFM_AUTOLINK = GFM_EMAIL | GFM_WWW | GFM_PROTOCOL;
const selectedProcessors = new Map<number, Processor<Root, Root, Root, Root, string>>();

/** Which of the costly GFM parts a body may need (bit set; see above). */
export function gfmFeaturesOf(body: string): number {
  // remark-gfm also looks for literals in the text after escapes and character references are
  // decoded (`a\@b.vn` and `a&#64;b.vn` are emails there), so the checks read the body with
  // every backslash removed (it only ever finds more), and any character reference turns every
  // autolink part on.
  const text = body.includes('\\') ? body.replaceAll('\\', '') : body;
  let features = 0;
  if (/&#?[A-Za-z0-9]+;/.test(text)) features |= GFM_EMAIL | GFM_WWW | GFM_PROTOCOL;
  if (/[\w+.-]@/.test(text)) features |= GFM_EMAIL;
  if (/www/i.test(text)) features |= GFM_WWW;
  if (/http/i.test(text)) features |= GFM_PROTOCOL;
  if (text.includes('|') || text.includes(':-') || text.includes('-:')) features |= GFM_TABLE;
  return features;
}

type AutolinkExtension = ReturnType<typeof gfmAutolinkLiteral>;
type TextConstruct = NonNullable<AutolinkExtension['text']>[number];

/** Names of the autolink literal constructs (micromark-extension-gfm-autolink-literal) per feature bit. */
const AUTOLINK_CONSTRUCTS: Array<[number, string]> = [
  [GFM_EMAIL, 'emailAutolink'],
  [GFM_WWW, 'wwwAutolink'],
  [GFM_PROTOCOL, 'protocolAutolink'],
];

/**
 * The autolink literal extension with only the constructs in `features`, keeping their order on
 * each character. Undefined when the extension is not shaped as expected (a different version):
 * then the caller falls back to the whole extension.
 */
function autolinkPart(features: number): AutolinkExtension | undefined {
  const full = gfmAutolinkLiteral();
  const wanted = new Set(AUTOLINK_CONSTRUCTS.filter(([bit]) => (features & bit) !== 0).map(([, name]) => name));
  const known = new Set(AUTOLINK_CONSTRUCTS.map(([, name]) => name));
  const text: Record<number, TextConstruct> = {};
  for (const [code, value] of Object.entries(full.text ?? {})) {
    const list = (Array.isArray(value) ? value : [value]) as Array<{ name?: string }>;
    if (list.some((construct) => construct.name === undefined || !known.has(construct.name))) return undefined;
    const kept = list.filter((construct) => wanted.has(construct.name!));
    if (kept.length > 0) text[Number(code)] = (kept.length === 1 ? kept[0] : kept) as TextConstruct;
  }
  return Object.keys(full).length === 1 ? { text } : undefined;
}

/** The processor for one body: the reference one, or one without the GFM parts the body cannot use. */
export function processorFor(body: string): Processor<Root, Root, Root, Root, string> {
  const features = gfmFeaturesOf(body);
  if (features === GFM_ALL) return referenceProcessor as unknown as Processor<Root, Root, Root, Root, string>;
  let selected = selectedProcessors.get(features);
  if (selected === undefined) {
    selected = processorWith(features);
    selectedProcessors.set(features, selected);
  }
  return selected;
}

/** remark-parse, the GFM parts in `features` (in remark-gfm's order), remark-html. */
function processorWith(features: number): Processor<Root, Root, Root, Root, string> {
  const autolinkFeatures = features & GFM_AUTOLINK;
  // An extension not shaped as we know it is taken whole.
  const autolink =
    autolinkFeatures === 0 ? undefined : autolinkFeatures === GFM_AUTOLINK ? gfmAutolinkLiteral() : (autolinkPart(autolinkFeatures) ?? gfmAutolinkLiteral());
  const table = (features & GFM_TABLE) !== 0;
  return unified()
    .use(remarkParse)
    .use(function gfmParts(this: Processor) {
      const data = this.data();
      (data.micromarkExtensions ??= []).push(
        ...(autolink ? [autolink] : []),
        gfmFootnote(),
        gfmStrikethrough(),
        ...(table ? [gfmTable()] : []),
        gfmTaskListItem(),
      );
      (data.fromMarkdownExtensions ??= []).push([
        // The literal-finding transform's patterns need `http`, `www` or an `@` after a name
        // character (see gfmFeaturesOf), so it runs whenever any construct does.
        ...(autolink ? [gfmAutolinkLiteralFromMarkdown()] : []),
        gfmFootnoteFromMarkdown(),
        gfmStrikethroughFromMarkdown(),
        ...(table ? [gfmTableFromMarkdown()] : []),
        gfmTaskListItemFromMarkdown(),
      ]);
    })
    .use(remarkHtml, { sanitize: sanitizeSchema })
    .freeze() as unknown as Processor<Root, Root, Root, Root, string>;
}

/** Protocols a URL may use; anything else (javascript:, data:, vbscript:) is dropped by sanitising and reported. */
const SAFE_PROTOCOL = /^(https?|mailto|tel|irc|ircs|xmpp):/i;
const HAS_PROTOCOL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Render an article's Markdown body to safe HTML. Pure: depends only on the body and options.
 * Local links and images are resolved relative to the article's file; links to other articles
 * become placeholders that the site stage fills in once every article's URL is known.
 */
export function renderMarkdown(body: string, options: MarkdownOptions): RenderedMarkdown {
  // Input limits first: a file that would take the parser too long (or too deep) is refused,
  // located, before any parsing. The parser's own recursion is the last line of defence.
  const tooComplex = checkMarkdownLimits(body, options) ?? checkCostBudget(body, options);
  if (tooComplex) return failed(tooComplex);
  try {
    return render(body, options);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return failed(
      error(
        'BT307',
        options.file,
        `Nội dung bài lồng nhau quá sâu hoặc quá lớn, bantin không dựng được (${e.message}).`,
        'Bỏ bớt các lớp trích dẫn ">", danh sách lồng nhau và định dạng *, _ lồng vào nhau; chia bài dài thành nhiều bài.',
        options.bodyLine,
        1,
      ),
    );
  }
}

function failed(diagnostic: Diagnostic): RenderedMarkdown {
  return { body: emptyBody(), references: [], firstParagraph: '', firstImage: '', text: '', diagnostics: [diagnostic] };
}

/**
 * Limits on what one article's Markdown may contain, so that rendering it stays fast and never
 * overflows the stack whatever the input (the Markdown parser is quadratic on some inputs: many
 * unclosed `[a](b`, deeply nested emphasis, a staircase of backtick runs). Deterministic (counts,
 * not time), so a file passes or fails the same way on every machine. Far above what articles use.
 */
export const MARKDOWN_LIMITS = {
  /** Quotes `>` and list levels nested on one line. */
  nesting: 100,
  /** Runs of `*`, `_` or `~` in one block (lines between blank lines). */
  emphasisRuns: 300,
  /** `[` in one block. */
  brackets: 500,
  /** Backticks in one run. */
  backtickRun: 32,
  /** `|` on one line (table columns). */
  pipes: 500,
  /** Sum over blocks of (emphasis runs)²: matching emphasis costs about this. */
  emphasisWork: 3_000_000,
  /** Sum over blocks of `[` × block length: unclosed links cost about this. */
  bracketWork: 200_000_000,
  /**
   * Container levels (quotes, list items) summed over the lines of the file. The parser slows
   * down more than linearly with many containers (5,000 one-line quotes take seconds); an
   * ordinary article has a few dozen.
   */
  containers: 3_000,
  /**
   * Inline marks over the whole file: emphasis and backtick runs, `[` and `|`. Rendering costs
   * about one element each; a rich 1 MB article has some 50,000, an ordinary one a few hundred.
   */
  structure: 60_000,
} as const;

/**
 * The first limit of `MARKDOWN_LIMITS` the body breaks, as a located error (BT306).
 *
 * Long: one scan of the body, line by line, that counts every construct with a limit (nesting, brackets and pipes per block, containers, inline marks) in a single pass; splitting it would scan the body once per limit.
 */
export function checkMarkdownLimits(body: string, options: Pick<MarkdownOptions, 'file' | 'bodyLine'>): Diagnostic | undefined {
  const L = MARKDOWN_LIMITS;
  const fail = (line: number, message: string, hint: string) => error('BT306', options.file, message, hint, line + options.bodyLine - 1, 1);
  const splitHint = 'Chia đoạn dài thành nhiều đoạn (để một dòng trống giữa hai đoạn), hoặc bỏ bớt các ký tự thừa.';
  let emphasisWork = 0;
  let bracketWork = 0;
  let structure = 0;
  let containers = 0;
  let blockStart = 0;
  let blockLength = 0;
  let emphasisRuns = 0;
  let brackets = 0;
  const endBlock = (): Diagnostic | undefined => {
    emphasisWork += emphasisRuns * emphasisRuns;
    bracketWork += brackets * blockLength;
    const at = blockStart + 1;
    const reset = () => {
      blockLength = 0;
      emphasisRuns = 0;
      brackets = 0;
    };
    if (emphasisRuns > L.emphasisRuns) {
      return fail(at, `Đoạn văn bắt đầu ở dòng này có quá nhiều dấu *, _ hoặc ~ (${emphasisRuns} cụm; tối đa ${L.emphasisRuns} trong một đoạn).`, splitHint);
    }
    if (brackets > L.brackets) {
      return fail(at, `Đoạn văn bắt đầu ở dòng này có quá nhiều dấu "[" (${brackets}; tối đa ${L.brackets} trong một đoạn).`, splitHint);
    }
    if (emphasisWork > L.emphasisWork || bracketWork > L.bracketWork) {
      return fail(at, 'Bài viết quá phức tạp để dựng nhanh: quá nhiều dấu *, _, ~ hoặc "[" trong các đoạn dài (tính đến đoạn bắt đầu ở dòng này).', 'Chia bài thành nhiều bài, hoặc chia các đoạn dài thành đoạn ngắn và bỏ bớt các ký tự định dạng thừa.');
    }
    reset();
    return undefined;
  };
  const lines = body.split('\n');
  // Inside a table each row is parsed on its own, so each row counts as a block.
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      const problem = endBlock();
      if (problem) return problem;
      blockStart = i + 1;
      inTable = false;
      continue;
    }
    if (!inTable && i > blockStart && TABLE_DELIMITER_ROW.test(line) && lines[i - 1]!.includes('|')) {
      inTable = true;
      const problem = endBlock();
      if (problem) return problem;
      blockStart = i;
    }
    const { depth, item } = nestingOf(line);
    // A list item's text is parsed apart from the item before it: a new block, as far as inline marks go.
    if (item && i > blockStart) {
      const problem = endBlock();
      if (problem) return problem;
      blockStart = i;
    }
    if (depth > L.nesting) {
      return fail(i + 1, `Dòng này lồng quá sâu (${depth} lớp trích dẫn ">" hoặc danh sách; tối đa ${L.nesting}).`, 'Bỏ bớt các dấu ">" và các mức danh sách lồng nhau, hoặc bớt khoảng trắng đầu dòng.');
    }
    containers += depth;
    if (containers > L.containers) {
      return fail(
        i + 1,
        `Bài viết có quá nhiều trích dẫn ">" và mục danh sách (hơn ${L.containers} tính đến dòng này), bantin không thể dựng nhanh.`,
        'Chia bài thành nhiều bài nhỏ hơn; một danh sách rất dài nên viết thành bảng hoặc đặt trong tệp đính kèm.',
      );
    }
    const runsBefore = emphasisRuns;
    const bracketsBefore = brackets;
    let backtickRuns = 0;
    let pipes = 0;
    let backticks = 0;
    let inEmphasis = false;
    for (let k = 0; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 0x60 /* ` */) {
        if (backticks === 0) backtickRuns++;
        if (++backticks > L.backtickRun) {
          return fail(i + 1, `Dòng này có hơn ${L.backtickRun} dấu \` liền nhau.`, 'Dùng ba dấu ``` để mở và đóng khối mã, một dấu ` quanh đoạn mã ngắn.');
        }
      } else backticks = 0;
      const emphasis = c === 0x2a /* * */ || c === 0x5f /* _ */ || c === 0x7e; /* ~ */
      if (emphasis && !inEmphasis) emphasisRuns++;
      inEmphasis = emphasis;
      if (c === 0x5b /* [ */) brackets++;
      else if (c === 0x7c /* | */ && ++pipes > L.pipes) {
        return fail(i + 1, `Dòng này có hơn ${L.pipes} dấu "|": bảng có quá nhiều cột.`, 'Chia bảng thành nhiều bảng nhỏ hơn.');
      }
    }
    blockLength += line.length + 1;
    structure += emphasisRuns - runsBefore + (brackets - bracketsBefore) + backtickRuns + pipes;
    if (structure > L.structure) {
      return fail(
        i + 1,
        `Bài viết có quá nhiều định dạng (liên kết, dấu *, _, ~, \`, |): hơn ${L.structure} tính đến dòng này, bantin không thể dựng nhanh.`,
        'Chia bài thành nhiều bài nhỏ hơn, hoặc bỏ bớt các ký tự định dạng thừa.',
      );
    }
    if (inTable) {
      const problem = endBlock();
      if (problem) return problem;
      blockStart = i + 1;
    }
  }
  return endBlock();
}

/** The line under a table's header: `|---|:--:|`, `--- | ---`. */
const TABLE_DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/**
 * How deeply a line nests containers: each `>` and list marker in its prefix is one level, and
 * the indentation before the first marker one level per two columns (a nested list item is
 * indented by at least two). A line without a marker opens nothing and counts 0. `item`: the
 * line starts a list item.
 */
function nestingOf(line: string): { depth: number; item: boolean } {
  let markers = 0;
  let item = false;
  let columns = 0;
  let k = 0;
  for (;;) {
    const c = line[k];
    if (c === ' ') {
      if (markers === 0) columns++;
      k++;
    } else if (c === '\t') {
      if (markers === 0) columns += 4 - (columns % 4);
      k++;
    } else if (c === '>') {
      markers++;
      k++;
    } else if ((c === '-' || c === '*' || c === '+') && (line[k + 1] === undefined || line[k + 1] === ' ' || line[k + 1] === '\t')) {
      markers++;
      item = true;
      k++;
    } else if (c !== undefined && c >= '0' && c <= '9') {
      const m = /^[0-9]{1,9}[.)](?=[ \t]|$)/.exec(line.slice(k, k + 11));
      if (!m) break;
      markers++;
      item = true;
      k += m[0].length;
    } else break;
  }
  return { depth: markers === 0 ? 0 : markers + Math.floor(columns / 2), item };
}

/** Render a body within the limits; see `renderMarkdown`. Long: one pass over the tree with the checks and rewrites it makes, in order. */
function render(body: string, options: MarkdownOptions): RenderedMarkdown {
  const diagnostics: Diagnostic[] = [];
  const references: Array<LocalReference & { text: string }> = [];
  const lineShift = options.bodyLine - 1;
  const processor = processorFor(body);
  const tree = processor.parse(body) as Root;
  const at = (node: Node) => ({
    line: (node.position?.start.line ?? 1) + lineShift,
    column: node.position?.start.column ?? 1,
  });
  let firstImage = '';
  // File names with spaces (`![ảnh](Anh hoi nghi.jpg)`) are text to CommonMark: made links here.
  if (body.includes('](')) acceptSpacedFileNames(tree);

  /** The URL to write for a link or image; `reference` is set to the index of a local reference it made. */
  const localUrl = (url: string, node: Node, isImage: boolean, text: string): { url: string; article?: number } => {
    const { line, column } = at(node);
    const trimmed = url.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return { url: trimmed };
    if (trimmed.startsWith('//')) return { url: trimmed };
    if (HAS_PROTOCOL.test(trimmed)) {
      if (!SAFE_PROTOCOL.test(trimmed)) {
        diagnostics.push(
          warning('BT302', options.file, `Đường dẫn "${clip(trimmed)}" không an toàn nên đã bị bỏ khỏi bài.`, 'Chỉ dùng liên kết http://, https://, mailto: hoặc tel:.', line, column),
        );
      }
      return { url: trimmed };
    }
    const hashIndex = trimmed.search(/[?#]/);
    const pathPart = hashIndex === -1 ? trimmed : trimmed.slice(0, hashIndex);
    const suffix = hashIndex === -1 ? '' : trimmed.slice(hashIndex);
    const hash = suffix.includes('#') ? suffix.slice(suffix.indexOf('#') + 1) : '';
    let decoded: string;
    try {
      decoded = decodeURI(pathPart).normalize('NFC');
    } catch {
      decoded = pathPart;
    }
    const use = isImage ? 'image' : 'link';
    if (decoded.startsWith('/') && !/\.md$/i.test(decoded)) {
      if (climbsOut('', decoded)) {
        diagnostics.push(
          error('BT303', options.file, `Liên kết "${clip(trimmed)}" trỏ ra ngoài trang web.`, 'Bỏ các đoạn "../" ở đầu đường dẫn.', line, column),
        );
        return { url: '#' };
      }
      // Normalised, trailing `/` kept: `/gioi-thieu/` is a page, not a file.
      const sitePath = posix.normalize(decoded).replace(/^\/+/, '');
      references.push({ kind: 'url', target: sitePath, hash, line, column, written: trimmed, use, text });
      return { url: options.basePath + encodePath(sitePath) + suffix };
    }
    const target = resolveInsideContent(options.file, decoded);
    if (target === undefined) {
      diagnostics.push(
        error('BT303', options.file, `Liên kết "${clip(trimmed)}" trỏ ra ngoài thư mục nội dung.`, 'Chỉ liên kết tới tệp nằm trong thư mục content.', line, column),
      );
      return { url: '#' };
    }
    if (!isImage && /\.md$/i.test(target)) {
      references.push({ kind: 'article', target, hash, line, column, written: trimmed, use, text });
      return { url: '#', article: references.length - 1 };
    }
    references.push({ kind: 'file', target, hash, line, column, written: trimmed, use, text });
    if (isImage && firstImage === '') firstImage = target;
    return { url: options.basePath + encodePath(target) + suffix };
  };

  // Reference-style links (`[text][1]` + `[1]: tai-lieu.pdf`) take their URL from a definition,
  // which is rewritten like an inline link; an image's definition is read as an image.
  const usedIds = new Set<string>();
  const imageIds = new Set<string>();
  /** Text of the first link using each definition. */
  const linkTexts = new Map<string, string>();
  // Only a body with a definition (`[id]: url`, so a `]:`) needs the references first: a
  // definition may come before its use.
  if (body.includes(']:')) {
    walk(tree, (node) => {
      if (node.type === 'linkReference' || node.type === 'imageReference') {
        const id = (node as LinkReference | ImageReference).identifier;
        usedIds.add(id);
        if (node.type === 'imageReference') imageIds.add(id);
        else if (!linkTexts.has(id)) linkTexts.set(id, collapse(plainText(node as LinkReference, false)));
      }
    });
  }
  const missingAlt = (node: Image | ImageReference) => {
    if ((node.alt ?? '').trim() !== '') return;
    const { line, column } = at(node);
    diagnostics.push(
      warning('BT304', options.file, 'Ảnh chưa có mô tả (alt), người khiếm thị sẽ không biết ảnh nói gì.', 'Viết mô tả trong ngoặc vuông: ![Toàn cảnh hội nghị](anh.jpg).', line, column),
    );
  };
  const levels = headingLevels(tree);

  // One pass: URLs rewritten, headings leveled, raw HTML reported; then each paragraph, its
  // children done, may become a figure (which copies the image's final URL).
  walk(tree, (node) => {
    switch (node.type) {
      case 'link':
      case 'image': {
        const n = node as Link | Image;
        const isImage = node.type === 'image';
        const local = localUrl(n.url, n, isImage, isImage ? '' : collapse(plainText(n as Link, false)));
        n.url = local.url;
        if (local.article !== undefined) n.data = { ...n.data, bantinReference: local.article } as unknown as typeof n.data;
        if (isImage) missingAlt(node as Image);
        return;
      }
      case 'imageReference':
        missingAlt(node as ImageReference);
        return;
      case 'definition': {
        const n = node as Definition;
        // An unused definition renders nothing, so it is neither checked nor copied.
        if (!usedIds.has(n.identifier)) return;
        const local = localUrl(n.url, n, imageIds.has(n.identifier), linkTexts.get(n.identifier) ?? '');
        n.url = local.url;
        if (local.article !== undefined) n.data = { ...n.data, bantinReference: local.article } as unknown as typeof n.data;
        return;
      }
      case 'heading': {
        const heading = node as Heading;
        heading.depth = levels.get(heading) ?? heading.depth;
        return;
      }
      case 'html': {
        const value = (node as Html).value.trim();
        if (value.startsWith('</') || value.startsWith('<!--')) return;
        const { line, column } = at(node);
        const tag = /^<([a-zA-Z][\w-]*)/.exec(value)?.[1];
        diagnostics.push(
          warning(
            'BT301',
            options.file,
            tag ? `Thẻ HTML <${tag}> bị loại bỏ khỏi bài vì lý do an toàn.` : 'Đoạn mã HTML bị loại bỏ khỏi bài vì lý do an toàn.',
            'Viết bằng Markdown thay cho HTML (ví dụ **đậm**, ![mô tả](anh.jpg "chú thích")).',
            line,
            column,
          ),
        );
        return;
      }
      default:
        return;
    }
  }, (node) => {
    if (node.type === 'paragraph') makeFigure(node as Paragraph);
    // An image that is a link's only content names the link: a title and no alt (WordPress
    // imports) gives the title as alt, so the link has a name.
    else if (node.type === 'link' || node.type === 'linkReference') titleAsAlt(node as Link | LinkReference);
  });

  const text = collapse(plainText(tree, true));
  const lead = firstTextParagraph(tree);
  const firstParagraph = lead ? collapse(plainText(lead, false)) : '';
  // The lead stays in the tree, marked, so every later transform (article links, pictures, image
  // uses, feeds) reaches it as it reaches the rest of the body; the page prints it above the body
  // (`splitLead`), with its links, images and footnote calls.
  if (options.lead && lead) lead.data = { ...lead.data, bantinLead: true } as unknown as typeof lead.data;
  return { body: toBody(tree), references, firstParagraph, firstImage, text, diagnostics };
}

/**
 * The sanitised hast of an mdast tree, as remark-html makes it before serialising (same
 * options), with the article-link index of a link copied from its mdast node (or its definition)
 * to the element, and footnote labels in Vietnamese.
 */
function toBody(tree: Root): BodyTree {
  const hast = toHast(tree, { handlers: BODY_HANDLERS, footnoteLabel: 'Chú thích', footnoteBackLabel: footnoteBackLabel }) as HastRoot;
  const safe = sanitize(hast, sanitizeSchema) as HastRoot;
  stripPositions(safe);
  return safe;
}

function footnoteBackLabel(referenceIndex: number, rereferenceIndex: number): string {
  return `Quay lại chỗ dẫn ${referenceIndex + 1}${rereferenceIndex > 1 ? `-${rereferenceIndex}` : ''}`;
}

/** Copies `data.bantinReference` of a link (or of the definition of a reference link) onto its `<a>`, and the lead's mark onto its `<p>`. */
const BODY_HANDLERS: Handlers = {
  paragraph(state, node: Paragraph) {
    const result = defaultHandlers.paragraph(state, node);
    if ((node.data as { bantinLead?: boolean } | undefined)?.bantinLead) result.data = { ...result.data, bantinLead: true } as typeof result.data;
    return result;
  },
  link(state, node: Link) {
    const result = defaultHandlers.link(state, node);
    const n = (node.data as { bantinReference?: number } | undefined)?.bantinReference;
    if (n !== undefined) result.data = { ...result.data, bantinReference: n } as typeof result.data;
    return result;
  },
  linkReference(state, node: LinkReference) {
    const result = defaultHandlers.linkReference(state, node);
    const definition = state.definitionById.get(String(node.identifier).toUpperCase());
    const n = (definition?.data as { bantinReference?: number } | undefined)?.bantinReference;
    if (n !== undefined && !Array.isArray(result) && result.type === 'element') result.data = { ...result.data, bantinReference: n } as typeof result.data;
    return result;
  },
};

/**
 * Each run of white space as one space, none at the ends. Only runs that are not already a single
 * space are replaced (most of a text's spaces are): the same result without rebuilding the string
 * around every word.
 */
export function collapse(text: string): string {
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * The level of each heading of a body. The page's `<h1>` is the article title, so the body's
 * highest level becomes `<h2>`, the next `<h3>`…, and no heading is more than one level below the
 * heading before it (axe `heading-order`): `##` then `####` gives h2 then h3.
 */
function headingLevels(tree: Root): Map<Heading, Heading['depth']> {
  const headings: Heading[] = [];
  walk(tree, (node) => {
    if (node.type === 'heading') headings.push(node as Heading);
  });
  const levels = new Map<Heading, Heading['depth']>();
  if (headings.length === 0) return levels;
  const ranks = [...new Set(headings.map((h) => h.depth))].sort((a, b) => a - b);
  let previous = 1;
  for (const h of headings) {
    const level = Math.min(6, 2 + ranks.indexOf(h.depth), previous + 1) as Heading['depth'];
    levels.set(h, level);
    previous = level;
  }
  return levels;
}

/** A link whose only content is an image with a title and no alt: the title becomes the alt. */
function titleAsAlt(link: Link | LinkReference): void {
  const content = link.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const image = content[0];
  if (content.length !== 1 || image?.type !== 'image') return;
  if ((image.alt ?? '').trim() === '' && image.title && image.title.trim() !== '') image.alt = image.title.trim();
}

/** Extensions of files a link or image written with spaces in its name may point to. */
const FILE_EXTENSION = /\.(jpe?g|png|webp|gif|svg|tiff?|bmp|heic|heif|avif|pdf|docx?|xlsx?|pptx?|od[tsp]|zip|rar|txt|csv|mp3|mp4|md)$/i;

/**
 * `![mô tả](Anh hoi nghi.jpg)` and `[tải về](Thong bao so 12.pdf)` with an optional
 * `"title"`: CommonMark ends a destination at a space, so these stay text. Phones and Windows
 * name files with spaces, and editors copy the names as they are; a destination with spaces
 * that ends with a file extension is taken as that file (what `<Anh hoi nghi.jpg>` or `%20`
 * would say). Ordinary prose in brackets and parentheses has no file extension at its end.
 */
const SPACED_LINK = /(!?)\[([^[\]\n]*)\]\(([^()\n"]*?\S\s+\S[^()\n"]*?)(?:\s+"([^"\n]*)")?\)/g;

/** Turn each spaced-file-name link written as text into a link or image node (see SPACED_LINK). */
function acceptSpacedFileNames(tree: Root): void {
  walk(tree, (node) => {
    if (node.type === 'link' || node.type === 'linkReference' || !('children' in node)) return;
    const parent = node as { children: RootContent[] };
    for (let i = 0; i < parent.children.length; i++) {
      const child = parent.children[i]!;
      if (child.type !== 'text' || !child.value.includes('](')) continue;
      const parts = splitSpacedLinks(child);
      if (parts.length === 1 && parts[0] === child) continue;
      parent.children.splice(i, 1, ...parts);
      i += parts.length - 1;
    }
  });
}

function splitSpacedLinks(node: Text): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  const value = node.value;
  const start = node.position?.start;
  const position = (offset: number) => {
    if (!start) return undefined;
    const before = value.slice(0, offset);
    const newline = before.lastIndexOf('\n');
    const line = start.line + (before.match(/\n/g)?.length ?? 0);
    const column = newline === -1 ? start.column + offset : offset - newline;
    return { start: { line, column }, end: { line, column } };
  };
  let last = 0;
  for (const m of value.matchAll(SPACED_LINK)) {
    const [whole, bang, label, destination, title] = m;
    const target = destination!.trim();
    if (!FILE_EXTENSION.test(target.replace(/[?#].*$/, ''))) continue;
    const index = m.index!;
    if (index > last) out.push({ type: 'text', value: value.slice(last, index) });
    const url = target;
    const at = position(index);
    if (bang) out.push({ type: 'image', url, alt: label!, title: title ?? null, ...(at ? { position: at } : {}) });
    else out.push({ type: 'link', url, title: title ?? null, children: label ? [{ type: 'text', value: label }] : [], ...(at ? { position: at } : {}) });
    last = index + whole!.length;
  }
  if (last === 0) return [node];
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

/**
 * Visit every node of a tree in document order (parents before children), then `after` each node
 * once its children are done. A plain recursion: this runs for every article of a cold build, and
 * unist-util-visit's generality (a closure per node) cost more than the walk itself.
 */
function walk(node: Node, before: (node: Node) => void, after?: (node: Node) => void): void {
  before(node);
  const children = (node as { children?: Node[] }).children;
  if (children !== undefined) for (let i = 0; i < children.length; i++) walk(children[i]!, before, after);
  after?.(node);
}

/** A paragraph holding only an image with a title becomes `<figure><img><figcaption>title</figcaption></figure>`. */
function makeFigure(paragraph: Paragraph): void {
  const meaningful = paragraph.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const image = meaningful[0];
  if (meaningful.length !== 1 || image?.type !== 'image' || !image.title) return;
  const img: Element = {
    type: 'element',
    tagName: 'img',
    properties: { src: image.url, alt: image.alt ?? '' },
    children: [],
  };
  const caption: ElementContent = {
    type: 'element',
    tagName: 'figcaption',
    properties: {},
    children: [{ type: 'text', value: image.title }],
  };
  paragraph.data = { ...paragraph.data, hName: 'figure', hProperties: {}, hChildren: [img, caption] };
}

/** The first top-level paragraph that has text (an image-only paragraph is not a lead: its alt describes a picture). */
function firstTextParagraph(tree: Root): Paragraph | undefined {
  for (const node of tree.children as RootContent[]) {
    if (node.type === 'paragraph' && collapse(plainText(node, false)) !== '') return node;
  }
  return undefined;
}

/** Nodes whose children run on in one line of text; children of other parents are separate blocks. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell']);

/**
 * Plain text of a tree: blocks separated by a space (mdast-util-to-string would glue
 * "tiên.Đoạn" together), raw HTML left out since it is removed from the page too.
 */
function plainText(node: Root | RootContent, includeImageAlt: boolean): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
      return '';
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
      return includeImageAlt ? ` ${node.alt ?? ''} ` : '';
    default:
      break;
  }
  if (!('children' in node)) return '';
  const separator = PHRASING_PARENTS.has(node.type) ? '' : ' ';
  return (node.children as RootContent[]).map((child) => plainText(child, includeImageAlt)).join(separator);
}

/**
 * Resolve a link written in `fromFile` to a content-relative path, or undefined when it
 * climbs above the content folder (`../../x.md` from `tin/bai.md`). `resolveRelative`
 * alone clamps such a path at the root and would quietly link to `x.md`.
 */
export function resolveInsideContent(fromFile: string, relative: string): string | undefined {
  return climbsOut(fromFile, relative) ? undefined : resolveRelative(fromFile, relative);
}

/** Whether `relative`, read from `fromFile`'s folder (or the root when it starts with `/`), goes above the root. */
function climbsOut(fromFile: string, relative: string): boolean {
  let depth = relative.startsWith('/') ? 0 : fromFile.split('/').slice(0, -1).filter((s) => s !== '' && s !== '.').length;
  for (const segment of relative.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

/**
 * The body with each link to another article pointing at its URL: a copy of the tree when it has
 * such links, the tree itself otherwise. Pure.
 * @param urls URL for each reference index (undefined leaves `#`).
 */
export function resolveArticleLinks(body: BodyTree, urls: ReadonlyArray<string | undefined>): BodyTree {
  if (!someElement(body, (e) => referenceOf(e) !== undefined)) return body;
  const copy = structuredClone(body);
  visitElements(copy, (element) => {
    const n = referenceOf(element);
    if (n !== undefined) element.properties.href = urls[n] ?? '#';
  });
  return copy;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
