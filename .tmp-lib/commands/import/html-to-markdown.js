import { toString } from 'mdast-util-to-string';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { visit, SKIP } from 'unist-util-visit';
/** Elements that carry content Markdown cannot hold; each one found is reported. */
const DROPPED_ELEMENTS = new Set(['iframe', 'script', 'style', 'object', 'embed', 'video', 'audio', 'form', 'input', 'select', 'textarea', 'button', 'svg', 'canvas', 'noscript']);
/**
 * `<figure>` with its images and `<figcaption>` → one paragraph per image, `![alt](src "caption")`,
 * which bantin renders back into a figure with its caption. Nested figures (galleries) keep their
 * own captions; a figure without an image is read as ordinary flow content.
 */
const figure = (state, node) => {
    const caption = node.children.find((c) => c.type === 'element' && c.tagName === 'figcaption');
    const captionText = caption ? toString(state.all(caption)).replace(/\s+/g, ' ').trim() : '';
    const result = [];
    let ownImages = 0;
    const walk = (children) => {
        for (const child of children) {
            if (child.type !== 'element')
                continue;
            if (child.tagName === 'figcaption')
                continue;
            if (child.tagName === 'figure') {
                const nested = state.one(child, node);
                if (Array.isArray(nested))
                    result.push(...nested);
                else if (nested)
                    result.push(nested);
                continue;
            }
            if (child.tagName === 'img') {
                const src = String(child.properties?.src ?? '');
                if (src === '')
                    continue;
                ownImages++;
                const title = captionText || String(child.properties?.title ?? '').trim() || null;
                const image = { type: 'image', url: state.resolve(src), alt: String(child.properties?.alt ?? '').replace(/\s+/g, ' ').trim(), title };
                const paragraph = { type: 'paragraph', children: [image] };
                state.patch(child, image);
                result.push(paragraph);
                continue;
            }
            walk(child.children);
        }
    };
    walk(node.children);
    if (ownImages === 0 && result.length === 0)
        return state.toFlow(state.all(node));
    if (ownImages === 0 && caption) {
        // Only nested figures: the outer caption (a gallery's) becomes a paragraph under them.
        if (captionText)
            result.push({ type: 'paragraph', children: [{ type: 'text', value: captionText }] });
    }
    return result;
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
/**
 * Convert an HTML fragment to Markdown.
 *
 * @param html The fragment (already through WordPress-specific clean-up, if any).
 * @param rewrite Called for every link and image URL, in document order.
 */
export function htmlToMarkdown(html, rewrite = (url) => url) {
    const hast = processor.parse(html);
    const dropped = [];
    visit(hast, 'element', (node) => {
        if (!DROPPED_ELEMENTS.has(node.tagName))
            return;
        const src = String(node.properties?.src ?? node.properties?.data ?? '');
        dropped.push(src ? `<${node.tagName}> ${src}` : `<${node.tagName}>`);
        return SKIP;
    });
    const mdast = processor.runSync(hast);
    rewriteUrls(mdast, rewrite);
    const markdown = String(processor.stringify(mdast)).replace(/\n{3,}/g, '\n\n').trim();
    return { markdown: markdown === '' ? '' : `${markdown}\n`, dropped };
}
/** Rewrite link and image URLs in place; a link whose URL becomes null is replaced by its children. */
export function rewriteUrls(tree, rewrite) {
    visit(tree, (node, index, parent) => {
        if (node.type === 'image') {
            const next = rewrite(node.url, 'image');
            if (next === null) {
                // An image that cannot be kept becomes its description, so nothing is silently lost.
                if (parent && index !== undefined) {
                    const alt = (node.alt ?? '').trim();
                    const replacement = alt ? [{ type: 'text', value: alt }] : [];
                    parent.children.splice(index, 1, ...replacement);
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
                const children = node.type === 'link' ? node.children : [];
                parent.children.splice(index, 1, ...children);
                return index;
            }
        }
        return undefined;
    });
}
/** Plain text of an HTML fragment (entities decoded, tags dropped, spaces collapsed). */
export function htmlToText(html) {
    if (!/[<&]/.test(html))
        return html.replace(/\s+/g, ' ').trim();
    const hast = processor.parse(html);
    let out = '';
    visit(hast, (node) => {
        if (node.type === 'text')
            out += node.value;
        else if (node.type === 'element' && (node.tagName === 'br' || node.tagName === 'p'))
            out += ' ';
    });
    return out.replace(/\s+/g, ' ').trim();
}
