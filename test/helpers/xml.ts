/**
 * A strict XML reader for the discovery tests: sax in strict mode with namespaces (sax comes with
 * the `sitemap` package), turned into a small element tree. A document that is not well-formed, or
 * uses a prefix it never declares, throws.
 */
import sax from 'sax';

export interface XmlElement {
  /** Qualified name as written (`dc:creator`). */
  readonly name: string;
  /** Namespace URI of the element. */
  readonly uri: string;
  readonly local: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  /** Text and CDATA directly inside, joined. */
  text: string;
}

export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const attributes: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attributes[k] = (a as sax.QualifiedAttribute).value;
    const element: XmlElement = { name: tag.name, uri: tag.uri, local: tag.local, attributes, children: [], text: '' };
    stack[stack.length - 1]?.children.push(element);
    root ??= element;
    stack.push(element);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Children of `element` with this local name (and namespace when given). */
export function childrenOf(element: XmlElement, local: string, uri?: string): XmlElement[] {
  return element.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** The first child with this local name; throws when there is none. */
export function childOf(element: XmlElement, local: string, uri?: string): XmlElement {
  const found = childrenOf(element, local, uri)[0];
  if (!found) throw new Error(`<${element.name}> has no <${local}>`);
  return found;
}

/** What a reader shows for HTML text (`type="html"`, RSS descriptions): entities decoded, no tags. */
export function htmlToText(html: string): { text: string; hasMarkup: boolean } {
  const hasMarkup = /<[a-z!/]/i.test(html);
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return { text, hasMarkup };
}
