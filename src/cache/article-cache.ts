import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ArticleCache, ArticleResult } from '../pipeline.js';
import type { ArticleData } from '../content/article.js';
import { packBody, parkArticle, unpackArticle, unpackBody, withoutBody, type SpillStore } from '../content/parked-body.js';
import { digest } from '../text/decode.js';
import { machineKey, readRegularFile, sign, SIGNATURE_BYTES, verify } from './trust.js';

/**
 * Version of what the per-article stage produces. Bump it whenever parseArticle or the Markdown
 * pipeline changes its output; together with the tool's and the Markdown libraries' versions it
 * names the cache file, so an upgrade never reads results made by other code.
 */
const SCHEMA = 11; // 11: a shard is framed records (key, the result's V8 bytes, body bytes, text bytes), no typed arrays inside V8's encoding; 10: each body and text kept as bytes beside its entry (parked bodies are written without being read into trees); 9: 16 signed shards; 8: the lead stays in the body, marked // 6: signed with the machine key, entries validated on read; 7: the body is a sanitised hast tree (not HTML), references carry their use and link text

/** Largest article cache file read (a shard: a 100,000-article site writes 16 of about 69 MB). */
const MAX_CACHE_FILE = 2 * 1024 * 1024 * 1024 - 1;

/** What the signature covers besides the body: which kind of file this is. */
const PURPOSE = 'bantin article cache\0';

export interface CacheFile {
  readonly dir: string;
  /** Stem of the shard files of this version: `<stem>-<hex digit>.v8` (see `SHARDS`). */
  readonly file: string;
}

/**
 * The cache is kept in 16 files by the first hex digit of each entry's key (the digest of the
 * article's bytes), each signed on its own: a build that changed a few articles rewrites only
 * their files (one changed article of 10,000 used to re-encode and sign all 126 MB), and a
 * damaged file costs only its own sixteenth.
 */
const SHARDS = '0123456789abcdef';

/** Where the article cache of this version of bantin lives inside `dir`. */
export function articleCacheFile(dir: string, toolVersion: string, libraryVersions: string): CacheFile {
  const tag = digest(`${SCHEMA}\0${toolVersion}\0${libraryVersions}`).slice(0, 16);
  return { dir, file: join(dir, `articles-${tag}`) };
}

/** The file of the shard that holds `key`. */
export function cacheShardFile(where: CacheFile, key: string): string {
  return `${where.file}-${shardOf(key)}.v8`;
}

/** Whether any shard of this cache is on disk (else every article is new: a cold build). */
export function hasArticleCache(where: CacheFile): boolean {
  for (const shard of SHARDS) if (existsSync(`${where.file}-${shard}.v8`)) return true;
  return false;
}

function shardOf(key: string): string {
  const first = key[0] ?? '0';
  return SHARDS.includes(first) ? first : '0';
}

/** The keys each shard held when a cache was loaded: what `saveArticleCache` need not write again. */
const loadedShards = new WeakMap<ArticleCache, Map<string, ReadonlySet<string>>>();

/**
 * Read the cache. Any doubt is a miss, never a crash and never a result bantin did not make: a
 * missing, old, damaged or oversized file, a link, a file whose signature is not this machine's
 * (committed to a repository, copied from elsewhere) gives no entries (of that shard); an entry of
 * the wrong shape, or in the wrong shard, is dropped (`validateCachedArticle`).
 */
export async function loadArticleCache(where: CacheFile, options: { park?: SpillStore | undefined } = {}): Promise<ArticleCache> {
  const cache: ArticleCache = new Map();
  const shards = new Map<string, ReadonlySet<string>>();
  const key = await machineKey().catch(() => undefined);
  if (!key) return cache;
  for (const shard of SHARDS) {
    try {
      const bytes = await readRegularFile(`${where.file}-${shard}.v8`, MAX_CACHE_FILE);
      const signature = bytes.subarray(0, SIGNATURE_BYTES);
      const body = bytes.subarray(SIGNATURE_BYTES);
      if (!verify(key, signature, PURPOSE, shard, body)) continue;
      const records = decodeShard(body);
      if (records === undefined) continue;
      const keys = new Set<string>();
      let whole = true;
      for (const record of records) {
        const name = shardOf(record.key) === shard ? record.key : undefined;
        const result = name === undefined ? undefined : readRecord(record, options.park);
        if (name !== undefined && result) {
          cache.set(name, result);
          keys.add(name);
        } else whole = false;
      }
      // A shard with a dropped entry is written again, without it.
      if (whole) shards.set(shard, keys);
    } catch {
      // A miss: these articles are rendered again.
    }
  }
  loadedShards.set(cache, shards);
  return cache;
}

/** Refuses bytes that are not UTF-8 (a damaged text is a miss, never replacement characters on a page). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One record of a shard, checked; undefined when anything is off (the result's bytes are not V8's,
 * the result has the wrong shape, the body bytes are not a body tree, the text is not UTF-8). With
 * `park`, the body and text stay bytes, moved to the spill file once the tree they make has been
 * checked. Without, the result's bytes are kept for `saveArticleCache` (`rememberResultBytes`).
 */
function readRecord(record: ShardRecord, park: SpillStore | undefined): ArticleResult | undefined {
  let value: unknown;
  try {
    value = deserialize(record.result);
  } catch {
    return undefined;
  }
  const result = validateCachedArticle(value);
  if (result === undefined) return undefined;
  const { body: bodyBytes, text: textBytes } = record;
  if (result.article === undefined) return bodyBytes === null && textBytes === null ? result : undefined;
  if (bodyBytes === null || textBytes === null) return undefined;
  if (result.article.text !== '' || result.article.body.children.length > 0) return undefined;
  let tree: unknown;
  let text: string;
  try {
    tree = unpackBody(bodyBytes);
    text = strictUtf8.decode(textBytes);
  } catch {
    return undefined;
  }
  if (!isBodyTree(tree)) return undefined;
  if (park) return { ...result, article: parkArticle(result.article, park, { body: bodyBytes, text: textBytes }) };
  const read = { ...result, article: unpackArticle(result.article, { body: bodyBytes, text: textBytes }, tree as ArticleData['body'], text) };
  rememberResultBytes(read, record.result);
  return read;
}

/** The V8 bytes of results as they were read or made on a worker (without body and text), for `saveArticleCache`. */
const resultBytes = new WeakMap<ArticleResult, Uint8Array>();

/** Remember the bytes of `result` (with an empty body and text): saving it writes them instead of serialising it again. */
export function rememberResultBytes(result: ArticleResult, bytes: Uint8Array): void {
  resultBytes.set(result, bytes);
}

/** A record of a shard: the key, the result's V8 bytes, the body's and text's bytes (null without an article). */
interface ShardRecord {
  readonly key: string;
  readonly result: Uint8Array;
  readonly body: Uint8Array | null;
  readonly text: Uint8Array | null;
}

/** Length written for a part that is absent (null). */
const ABSENT = 0xffffffff;

/** A shard's bytes (after the signature): a count, then per record four parts, each a 32-bit length and its bytes. */
function encodeShard(records: readonly ShardRecord[]): Buffer {
  const parts: Uint8Array[] = [];
  const head = (n: number) => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(n);
    parts.push(b);
  };
  head(records.length);
  for (const r of records) {
    for (const part of [Buffer.from(r.key, 'utf8'), r.result, r.body, r.text]) {
      head(part === null ? ABSENT : part.byteLength);
      if (part !== null) parts.push(part);
    }
  }
  return Buffer.concat(parts);
}

/** The records of a shard's bytes (views into them), or undefined when the framing is off anywhere. */
export function decodeShard(bytes: Uint8Array): ShardRecord[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const length = (): number | undefined => {
    if (at + 4 > bytes.byteLength) return undefined;
    const n = view.getUint32(at, true);
    at += 4;
    return n;
  };
  const part = (nullable: boolean): Uint8Array | null | undefined => {
    const n = length();
    if (n === undefined) return undefined;
    if (n === ABSENT) return nullable ? null : undefined;
    if (at + n > bytes.byteLength) return undefined;
    at += n;
    return bytes.subarray(at - n, at);
  };
  const count = length();
  if (count === undefined) return undefined;
  const records: ShardRecord[] = [];
  for (let i = 0; i < count; i++) {
    const key = part(false);
    const result = part(false);
    const body = part(true);
    const text = part(true);
    if (!key || !result || body === undefined || text === undefined) return undefined;
    let name: string;
    try {
      name = strictUtf8.decode(key);
    } catch {
      return undefined;
    }
    records.push({ key: name, result, body, text });
  }
  return at === bytes.byteLength ? records : undefined;
}

/**
 * Write the entries this build used (and only those, so deleted articles drop out), signed with
 * the machine key, each shard atomically: a temporary file renamed over the old one. A shard
 * whose entries are those `loadedFrom` read is left as it is; a shard with no entry is removed,
 * as are other versions' cache files. Without a machine key nothing is written (it could not be
 * trusted back).
 */
export async function saveArticleCache(where: CacheFile, used: ArticleCache, loadedFrom?: ArticleCache): Promise<void> {
  const key = await machineKey();
  if (!key) return;
  await mkdir(where.dir, { recursive: true });
  const byShard = new Map<string, Array<readonly [string, ArticleResult]>>();
  for (const entry of used) {
    const shard = shardOf(entry[0]);
    let list = byShard.get(shard);
    if (list === undefined) byShard.set(shard, (list = []));
    list.push(entry);
  }
  const loaded = loadedFrom ? loadedShards.get(loadedFrom) : undefined;
  for (const shard of SHARDS) {
    const file = `${where.file}-${shard}.v8`;
    const entries = byShard.get(shard) ?? [];
    const before = loaded?.get(shard);
    if (before !== undefined && before.size === entries.length && entries.every(([k]) => before.has(k))) continue;
    if (entries.length === 0) {
      await rm(file, { force: true });
      continue;
    }
    const tmp = `${file}.${process.pid}.tmp`;
    const body = encodeShard(entries.map(storedRecord));
    try {
      await writeFile(tmp, Buffer.concat([sign(key, PURPOSE, shard, body), body]), { flag: 'w' });
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  const own = new Set(SHARDS.split('').map((shard) => `${where.file}-${shard}.v8`));
  for (const name of await readdir(where.dir)) {
    if (name.startsWith('articles-') && name.endsWith('.v8') && !own.has(join(where.dir, name))) {
      await rm(join(where.dir, name), { force: true });
    }
  }
}

/** An entry as a shard stores it: the result without body and text (its bytes as read or made when known), and their bytes (read back from the spill file when parked). */
function storedRecord([key, result]: readonly [string, ArticleResult]): ShardRecord {
  const known = resultBytes.get(result);
  if (result.article === undefined) return { key, result: known ?? serialize(result), body: null, text: null };
  const packed = packBody(result.article);
  return { key, result: known ?? serialize({ ...result, article: withoutBody(result.article) }), body: packed.body, text: packed.text };
}

// ---------------------------------------------------------------------------
// The shape of a cached result
// ---------------------------------------------------------------------------

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown, item: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(item);
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
const isNamed = (v: unknown): boolean => isObject(v) && isString(v.name) && isString(v.key) && isString(v.slug);
const isDiagnostic = (v: unknown): boolean =>
  isObject(v) &&
  isString(v.code) &&
  (v.severity === 'error' || v.severity === 'warning') &&
  isString(v.file) &&
  isString(v.message) &&
  optional(v.line, isNumber) &&
  optional(v.column, isNumber) &&
  optional(v.hint, isString);
const isReference = (v: unknown): boolean =>
  isObject(v) && (v.kind === 'article' || v.kind === 'file' || v.kind === 'url') && isString(v.target) && !v.target.split('/').includes('..') && isString(v.hash) && isNumber(v.line) && isNumber(v.column) && isString(v.written) && (v.use === 'image' || v.use === 'link') && isString(v.text);
const isDocument = (v: unknown): boolean =>
  isObject(v) && isString(v.file) && !v.file.split('/').includes('..') && isString(v.written) && isString(v.number) && isString(v.issuer) && isNumber(v.issued) && (v.effective === null || isNumber(v.effective)) && isString(v.summary);
/** A node of a body tree (content/body.ts): root, element, text or comment, with their fields (the serializer writes it as it is). */
const isHast = (v: unknown, depth = 0): boolean =>
  depth < 10_000 &&
  isObject(v) &&
  (v.type === 'root' || v.type === 'element' || v.type === 'text' || v.type === 'comment') &&
  (v.type !== 'element' || (isString(v.tagName) && isObject(v.properties))) &&
  (v.type === 'root' || v.type === 'element' ? arrayOf(v.children, (n) => isHast(n, depth + 1)) : isString(v.value));
const isBodyTree = (v: unknown): boolean => isObject(v) && v.type === 'root' && isHast(v);

/**
 * The one check of a cached per-article result (src/pipeline.ts `ArticleResult`): undefined unless
 * it has exactly the shape the per-article stage gives, so a damaged or foreign entry is a miss.
 * Change this with `ArticleData`.
 */
export function validateCachedArticle(value: unknown): ArticleResult | undefined {
  if (!isObject(value) || !arrayOf(value.diagnostics, isDiagnostic)) return undefined;
  const a = value.article;
  if (a === undefined) return value as unknown as ArticleResult;
  if (!isObject(a)) return undefined;
  const ok =
    ['source', 'title', 'slug', 'summary', 'image', 'firstImage', 'text'].every((k) => isString(a[k])) &&
    isBodyTree(a.body) &&
    !String(a.source).split('/').includes('..') &&
    isNumber(a.date) &&
    (a.updated === null || isNumber(a.updated)) &&
    typeof a.dateHasTime === 'boolean' &&
    typeof a.updatedHasTime === 'boolean' &&
    typeof a.draft === 'boolean' &&
    isNamed(a.author) &&
    isNamed(a.category) &&
    arrayOf(a.tags, isNamed) &&
    arrayOf(a.references, isReference) &&
    arrayOf(a.titleWords, isString) &&
    isObject(a.params) &&
    isObject(a.lines) &&
    Object.values(a.lines).every(isNumber) &&
    optional(a.documents, (d) => arrayOf(d, isDocument));
  return ok ? (value as unknown as ArticleResult) : undefined;
}
