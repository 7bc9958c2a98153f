/**
 * Bodies parked outside the heap (issue #19, memory): at 100,000 articles the body trees and
 * texts took about 1.5 GB of the build thread's heap from the Markdown stage to the end of the
 * build, though each is read only when its own page renders (and a few more times for feeds and
 * the search index). A large build therefore keeps each article's body and text as bytes in a
 * spill file, a temporary file of its own (unlinked as soon as it is opened, so nothing is left
 * behind whatever happens: cache/spill-file.ts), and the article holds a stub: an empty root that
 * this module knows.
 *
 * Readers never see the difference: `bodyOf` gives the tree (read back from the file, with the
 * site stage's rewrites applied, see `mapBody`), `textOf` the text. The file's descriptor is the
 * process's, so other threads (the search index, the writer) read the same ranges.
 */
import { deserialize, serialize } from 'node:v8';
import type { ArticleData } from './article.js';
import { emptyBody, type BodyTree } from './body.js';

/** Bytes in a spill file: its descriptor (valid on every thread of the process), where, how many. */
export interface SpillRange {
  readonly fd: number;
  readonly offset: number;
  readonly length: number;
}

/** A file of the output whose bytes are in a spill file (the writer copies them from there). */
export interface SpilledFile {
  readonly path: string;
  readonly spilled: SpillRange;
}

/** Where parked bytes go and come back from (cache/spill-file.ts: the disk stays at the edge). */
export interface SpillStore {
  /** Append `parts` (one write, done when this returns: the caller may reuse their buffers); their ranges, in order. */
  append(parts: readonly Uint8Array[]): SpillRange[];
  read(range: SpillRange): Uint8Array;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** An article's body and text as bytes: the body's V8 serialization, the text's UTF-8. */
export interface PackedBody {
  readonly body: Uint8Array;
  readonly text: Uint8Array;
}

/** The bytes of an article's body and text (what is parked, and what the article cache keeps). */
export function packBody(article: Pick<ArticleData, 'body' | 'text'>): PackedBody {
  const known = unpacked.get(article.body);
  if (known !== undefined && known.text === article.text) return known.packed;
  const parked = stubs.get(article.body);
  if (parked && parked.transforms.length === 0) return { body: parked.store.read(parked.body), text: parked.store.read(parked.text) };
  return { body: serialize(bodyOf(article.body)), text: utf8.encode(textOf(article)) };
}

/** The article without its body and text (an empty root, ''): what goes beside their bytes (worker replies, cache entries). */
export function withoutBody<A extends ArticleData>(article: A): A {
  return { ...article, body: emptyBody(), text: '' };
}

/** The tree of packed body bytes (the caller validates it when they came from outside). */
export function unpackBody(bytes: Uint8Array): unknown {
  return deserialize(bytes);
}

/**
 * Bytes that trees and texts were unpacked from (a worker's reply, a cache entry), so that
 * saving the cache does not serialise them again: `packBody` gives them back as long as the
 * article still holds that very tree and text. Trees are never changed in place (every rewrite
 * copies: `mapBody`, `resolveArticleLinks`), so the bytes stay the tree's.
 */
const unpacked = new WeakMap<BodyTree, { readonly text: string; readonly packed: PackedBody }>();

/** The article of packed bytes (with `body` and `text` from them), remembered for `packBody`. */
export function unpackArticle<A extends ArticleData>(article: A, packed: PackedBody, tree: BodyTree = unpackBody(packed.body) as BodyTree, text = fromUtf8.decode(packed.text)): A {
  unpacked.set(tree, { text, packed });
  return { ...article, body: tree, text };
}

interface Parked {
  readonly store: SpillStore;
  readonly body: SpillRange;
  readonly text: SpillRange;
  /** The site stage's rewrites, applied in order when the tree is read back. */
  readonly transforms: ReadonlyArray<(tree: BodyTree) => BodyTree>;
}

/** The stores articles were parked in, by descriptor: what reads a text range on this thread (`parkedText`). */
const stores = new Map<number, SpillStore>();

/** Stub → where its body is. A stub is an empty root, so a reader that forgets `bodyOf` shows nothing (tests compare pages with unparked builds). */
const stubs = new WeakMap<BodyTree, Parked>();

/** Whether an article's body is parked (its `body` is a stub, its `text` empty). */
export function isParked(article: Pick<ArticleData, 'body'>): boolean {
  return stubs.has(article.body);
}

/**
 * The article with its body and text parked in `spill` (from `packed` when given: a worker
 * thread made them). The article's other fields are kept as they are.
 */
export function parkArticle<A extends ArticleData>(article: A, store: SpillStore, packed: PackedBody = packBody(article)): A {
  const [body, text] = store.append([packed.body, packed.text]) as [SpillRange, SpillRange];
  stores.set(body.fd, store);
  const stripped = withoutBody(article);
  stubs.set(stripped.body, { store, body, text, transforms: [] });
  return stripped;
}

/** The article's body tree: itself, or read back from the spill file with the site stage's rewrites. A fresh tree on each call. */
export function bodyOf(body: BodyTree): BodyTree {
  const parked = stubs.get(body);
  if (parked === undefined) return body;
  let tree = deserialize(parked.store.read(parked.body)) as BodyTree;
  for (const transform of parked.transforms) tree = transform(tree);
  return tree;
}

/** The article's plain text (read back when parked). */
export function textOf(article: Pick<ArticleData, 'body' | 'text'>): string {
  const parked = stubs.get(article.body);
  return parked === undefined ? article.text : fromUtf8.decode(parked.store.read(parked.text));
}

/** A parked text by its range, read through the store it was parked in on this thread. */
export function parkedText(range: SpillRange): string {
  const store = stores.get(range.fd);
  if (store === undefined) throw new Error(`parkedText: no spill store ${range.fd} on this thread`);
  return fromUtf8.decode(store.read(range));
}

/** Where a parked article's text is (another thread reads it there), or undefined. */
export function textRangeOf(article: Pick<ArticleData, 'body'>): SpillRange | undefined {
  return stubs.get(article.body)?.text;
}

/**
 * `transform` of a body: applied now to a tree, or, for a parked body, recorded on a new stub and
 * applied each time the tree is read back (the site stage rewrites every body; it must not read
 * them all into the heap to do so). `transform` must be pure: it may run more than once.
 */
export function mapBody(body: BodyTree, transform: (tree: BodyTree) => BodyTree): BodyTree {
  const parked = stubs.get(body);
  if (parked === undefined) return transform(body);
  const stub = emptyBody();
  stubs.set(stub, { ...parked, transforms: [...parked.transforms, transform] });
  return stub;
}
