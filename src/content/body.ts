/**
 * The body of an article as a tree: the sanitised hast the Markdown stage makes, kept (not its
 * HTML) until every later rewrite is done, and serialized once, here. Later stages (article
 * links in site/build-site.ts, pictures in site/pictures.ts, absolute URLs in outputs/feeds.ts)
 * change copies of the tree; nothing reads or rewrites the serialized HTML.
 *
 * The tree is plain data (no positions, no functions): it goes through worker threads
 * (structured clone) and the article cache (v8 serialize) as it is.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toHtml } from 'hast-util-to-html';

/** A rendered article body: sanitised hast, without positions. */
export type BodyTree = Root;

/** What the Markdown stage stores on a link to another article (`element.data.bantinReference`). */
export interface BodyElementData {
  /** Index into the article's `references` of the article this link points to. */
  readonly bantinReference?: number;
}

/** The reference index a link element carries, if it links to another article. */
export function referenceOf(element: Element): number | undefined {
  return (element.data as BodyElementData | undefined)?.bantinReference;
}

/** An empty body. */
export function emptyBody(): BodyTree {
  return { type: 'root', children: [] };
}

/**
 * The HTML of a body: the one serializer of article bodies (hast-util-to-html escapes every text
 * and attribute value). Ends with a newline, as remark-html's output did. Not memoised: a page's
 * body is serialized once, and keeping every body's HTML for the whole build (it lived as long as
 * its tree) held some 110 MB at 10,000 articles, most of the old generation the collector walked.
 */
export function bodyHtml(tree: BodyTree): string {
  const html = toHtml(tree);
  return html !== '' && html[html.length - 1] !== '\n' && html[html.length - 1] !== '\r' ? `${html}\n` : html;
}

/** Whether an element is the lead the Markdown stage marked (the first paragraph of an article without `summary`). */
export function isLead(node: RootContent | ElementContent): boolean {
  return node.type === 'element' && (node.data as { bantinLead?: boolean } | undefined)?.bantinLead === true;
}

const leads = new WeakMap<BodyTree, { readonly lead: BodyTree | null; readonly rest: BodyTree }>();

/**
 * A body split at its lead: `lead` holds the lead paragraph's content (the page prints it in its
 * own `<p class="lead">`, above the body), `rest` the body without it. A body without a marked
 * lead gives `lead: null` and the body itself. The split is made on the tree after every
 * transform, so the lead's links, images and footnote calls are those of the body. Memoised.
 */
export function splitLead(tree: BodyTree): { readonly lead: BodyTree | null; readonly rest: BodyTree } {
  let split = leads.get(tree);
  if (split === undefined) {
    const at = tree.children.findIndex((c) => c.type !== 'text' || c.value.trim() !== '');
    const first = tree.children[at];
    if (first === undefined || !isLead(first) || first.type !== 'element') split = { lead: null, rest: tree };
    else {
      let next = at + 1;
      while (next < tree.children.length && tree.children[next]!.type === 'text' && (tree.children[next] as { value: string }).value.trim() === '') next++;
      split = {
        lead: { type: 'root', children: first.children as RootContent[] },
        rest: { type: 'root', children: [...tree.children.slice(0, at), ...tree.children.slice(next)] },
      };
    }
    leads.set(tree, split);
  }
  return split;
}

/** Visit every element of a tree in document order, with its parent and index. */
export function visitElements(node: BodyTree | Element, visitor: (element: Element, parent: BodyTree | Element, index: number) => void): void {
  const children = node.children as Array<RootContent | ElementContent>;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type !== 'element') continue;
    visitor(child, node, i);
    visitElements(child, visitor);
  }
}

/** Whether any element of the tree satisfies `test`. */
export function someElement(tree: BodyTree | Element, test: (element: Element) => boolean): boolean {
  for (const child of tree.children as Array<RootContent | ElementContent>) {
    if (child.type === 'element' && (test(child) || someElement(child, test))) return true;
  }
  return false;
}

/** Remove `position` from every node (the tree is kept and cached, and positions are not needed after rendering). */
export function stripPositions(node: { position?: unknown; children?: unknown[] }): void {
  delete node.position;
  if (node.children) for (const child of node.children as Array<{ position?: unknown; children?: unknown[] }>) stripPositions(child);
}

/** A property of an element as a string, or undefined. */
export function stringProperty(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  return typeof value === 'string' ? value : undefined;
}
