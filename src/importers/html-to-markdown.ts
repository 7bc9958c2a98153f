/**
 * HTML → Markdown for imported articles, through the unified ecosystem: rehype-parse reads the
 * HTML into a hast tree, rehype-remark turns it into an mdast tree (the same tree type bantin
 * renders from), remark-stringify (with GFM, for tables) writes Markdown. Pure: no disk.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Image, Link, Nodes, Paragraph, PhrasingContent, Root as MdastRoot, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import rehypeParse from 'rehype-parse';
import rehypeRemark, { type Options as RehypeRemarkOptions } from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { visit, SKIP } from 'unist-util-visit';

type Handler = NonNullable<NonNullable<RehypeRemarkOptions['handlers']>[string]>;
type HandlerState = Parameters<Handler>[0];

/** What to do with a URL found in the HTML: a new URL, or `null` to drop a link (keeping its text). */
export type RewriteUrl = (url: string, kind: 'link' | 'image') => string | null;

export interface HtmlToMarkdownResult {
  readonly markdown: string;
  /** Elements whose content could not come across (embeds, scripts, forms), described for the report. */
  readonly dropped: readonly string[];
}

/** Elements that carry content Markdown cannot hold; each one found is reported. */
const DROPPED_ELEMENTS = new Set(['iframe', 'script', 'style', 'object', 'embed', 'video', 'audio', 'form', 'input', 'select', 'textarea', 'button', 'svg', 'canvas', 'noscript']);

/**
 * `<figure>` with its images and `<figcaption>` → one paragraph per image, `![alt](src "caption")`,
 * which bantin renders back into a figure with its caption. Nested figures (galleries) keep their
 * own captions; a figure without an image is read as ordinary flow content.
 */
const figure: Handler = (state: HandlerState, node: Element) => {
  const caption = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
  const captionText = caption ? toString(state.all(caption)).replace(/\s+/g, ' ').trim() : '';
  const result: RootContent[] = [];
  let ownImages = 0;
  const walk = (children: readonly ElementContent[]) => {
    for (const child of children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'figcaption') continue;
      if (child.tagName === 'figure') {
        const nested = state.one(child, node);
        if (Array.isArray(nested)) result.push(...(nested as RootContent[]));
        else if (nested) result.push(nested as RootContent);
        continue;
      }
      if (child.tagName === 'img') {
        const src = String(child.properties?.src ?? '');
        if (src === '') continue;
        ownImages++;
        const title = captionText || String(child.properties?.title ?? '').trim() || null;
        const image: Image = { type: 'image', url: state.resolve(src), alt: String(child.properties?.alt ?? '').replace(/\s+/g, ' ').trim(), title };
        const paragraph: Paragraph = { type: 'paragraph', children: [image] };
        state.patch(child, image);
        result.push(paragraph);
        continue;
      }
      walk(child.children);
    }
  };
  walk(node.children);
  if (ownImages === 0 && result.length === 0) return state.toFlow(state.all(node));
  if (ownImages === 0 && caption) {
    // Only nested figures: the outer caption (a gallery's) becomes a paragraph under them.
    if (captionText) result.push({ type: 'paragraph', children: [{ type: 'text', value: captionText }] });
  }
  return result as ReturnType<Handler>;
};

const processor = unified()
  .use(rehypeParse, { fragment: true })
  // Comments (the block editor's `<!-- wp:paragraph -->` markers) carry nothing for readers.
  .use(rehypeRemark, { handlers: { figure }, nodeHandlers: { comment: () => undefined } })
  .use(remarkGfm)
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '*',
    strong: '*',
    fences: true,
    listItemIndent: 'one',
    rule: '-',
    resourceLink: true,
  })
  .freeze();

/** Deepest nesting of HTML elements converted; real articles stay far below (a page builder's layout is some 20 deep). */
export const MAX_HTML_DEPTH = 256;

/** HTML nested deeper than `MAX_HTML_DEPTH`: the converters recurse per level and would overflow the stack. */
export class HtmlTooDeepError extends Error {
  constructor(readonly depth: number) {
    super(`HTML nested ${depth} levels deep (limit ${MAX_HTML_DEPTH})`);
    this.name = 'HtmlTooDeepError';
  }
}

/** Elements that hold nothing (no end tag) or that the next sibling closes: they add no depth to the estimate. */
const FLAT_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rb', 'rt', 'rp', 'colgroup', 'thead', 'tbody', 'tfoot']);

/**
 * Nesting of an HTML text as its tags say (start tags minus end tags), without parsing it; stops
 * once past `limit`. An estimate on the safe side of what the parser builds.
 */
function estimatedDepth(html: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const closing = html[at + 1] === '/';
    let end = at + (closing ? 2 : 1);
    const start = end;
    while (end < html.length && /[a-zA-Z0-9-]/.test(html[end]!)) end++;
    if (end === start || !/[a-zA-Z]/.test(html[start]!)) continue;
    const name = html.slice(start, end).toLowerCase();
    const close = html.indexOf('>', end);
    if (close === -1) break;
    if (FLAT_ELEMENTS.has(name) || html[close - 1] === '/') continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (++depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
  }
  return deepest;
}

/** Depth of the deepest element of a tree, counted without recursion; stops once past `limit`. */
function depthOf(root: HastRoot, limit: number): number {
  let deepest = 0;
  const stack: Array<{ node: HastRoot | ElementContent; depth: number }> = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if ('children' in node) for (const child of node.children as ElementContent[]) if (child.type === 'element') stack.push({ node: child, depth: depth + 1 });
  }
  return deepest;
}

/**
 * Convert an HTML fragment to Markdown. Throws `HtmlTooDeepError` for HTML nested deeper than
 * `MAX_HTML_DEPTH` (the importers report it naming the post).
 *
 * @param html The fragment (already through WordPress-specific clean-up, if any).
 * @param rewrite Called for every link and image URL, in document order.
 */
export function htmlToMarkdown(html: string, rewrite: RewriteUrl = (url) => url): HtmlToMarkdownResult {
  // The parser itself recurses per level: the nesting is estimated from the text before it runs.
  const estimated = estimatedDepth(html, MAX_HTML_DEPTH);
  if (estimated > MAX_HTML_DEPTH) throw new HtmlTooDeepError(estimated);
  let hast: HastRoot;
  try {
    hast = processor.parse(html) as HastRoot;
  } catch (e) {
    if (e instanceof RangeError) throw new HtmlTooDeepError(MAX_HTML_DEPTH + 1);
    throw e;
  }
  const depth = depthOf(hast, MAX_HTML_DEPTH);
  if (depth > MAX_HTML_DEPTH) throw new HtmlTooDeepError(depth);
  const dropped: string[] = [];
  visit(hast, 'element', (node: Element) => {
    if (!DROPPED_ELEMENTS.has(node.tagName)) return;
    const src = String(node.properties?.src ?? node.properties?.data ?? '');
    dropped.push(src ? `<${node.tagName}> ${src}` : `<${node.tagName}>`);
    return SKIP;
  });
  // Code written for SyntaxHighlighter (`<pre class="brush: csharp">`), Crayon (`lang:php`) or
  // `<pre lang="x">`: a code element with its language, so the fence gets it.
  visit(hast, 'element', (node: Element) => {
    if (node.tagName !== 'pre') return;
    const classes = ([] as unknown[]).concat(node.properties?.className ?? []).map(String).join(' ');
    const lang = /brush:\s*([\w#+-]+)/.exec(classes)?.[1] ?? /\blang(?:uage)?[-:]([\w#+-]+)/.exec(classes)?.[1] ?? (node.properties?.lang ? String(node.properties.lang) : undefined) ?? (node.properties?.dataLang ? String(node.properties.dataLang) : undefined);
    if (!lang) return;
    const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
    const className = [`language-${lang.toLowerCase()}`];
    if (code) {
      const own = ([] as unknown[]).concat(code.properties?.className ?? []).map(String);
      if (!own.some((c) => c.startsWith('language-') || c.startsWith('lang-'))) code.properties = { ...code.properties, className };
    } else {
      node.children = [{ type: 'element', tagName: 'code', properties: { className }, children: node.children }];
    }
  });
  const mdast = processor.runSync(hast) as MdastRoot;
  rewriteUrls(mdast, rewrite);
  const markdown = String(processor.stringify(mdast)).replace(/\n{3,}/g, '\n\n').trim();
  return { markdown: markdown === '' ? '' : `${markdown}\n`, dropped };
}

/** Rewrite link and image URLs in place; a link whose URL becomes null is replaced by its children. */
export function rewriteUrls(tree: MdastRoot, rewrite: RewriteUrl): void {
  visit(tree, (node: Nodes, index, parent) => {
    if (node.type === 'image') {
      const next = rewrite(node.url, 'image');
      if (next === null) {
        // An image that cannot be kept becomes its description, so nothing is silently lost.
        if (parent && index !== undefined) {
          const alt = (node.alt ?? '').trim();
          const replacement: PhrasingContent[] = alt ? [{ type: 'text', value: alt }] : [];
          (parent.children as PhrasingContent[]).splice(index, 1, ...replacement);
          return index;
        }
        return undefined;
      }
      node.url = next;
      return undefined;
    }
    if (node.type === 'link' || node.type === 'definition') {
      const next = rewrite(node.url, 'link');
      if (next !== null) {
        node.url = next;
        return undefined;
      }
      if (parent && index !== undefined) {
        const children = node.type === 'link' ? (node as Link).children : [];
        (parent.children as RootContent[]).splice(index, 1, ...(children as RootContent[]));
        return index;
      }
    }
    return undefined;
  });
}

/** Plain text of an HTML fragment (entities decoded, tags dropped, spaces collapsed). */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const hast = processor.parse(html) as HastRoot;
  let out = '';
  visit(hast, (node) => {
    if (node.type === 'text') out += node.value;
    else if (node.type === 'element' && (node.tagName === 'br' || node.tagName === 'p')) out += ' ';
  });
  return out.replace(/\s+/g, ' ').trim();
}
