/**
 * The related lists of the last build (site/related-memo.ts) in the cache folder: one signed file
 * beside the article cache. Read as untrusted input: a missing, damaged, oversized or foreign file
 * (its signature is not this machine's), or one whose digest line is not a digest, is no memo at
 * all, never an error; the table's shape is checked again before use (`applyRelatedTable`).
 *
 * File: HMAC-SHA-256 (32 bytes) | the digest, 64 hex digits | the table, 32-bit little-endian integers.
 */
import { readdir, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RELATED_VERSION, type RelatedMemo } from '../site/related-memo.js';
import { digest } from '../text/decode.js';
import { machineKey, readRegularFile, sign, SIGNATURE_BYTES, verify } from './trust.js';

/** What the signature covers besides the contents: which kind of file this is. */
const PURPOSE = 'bantin related\0';

const DIGEST_CHARS = 64;

/** Largest file read: 1,000,000 articles with 20 related each, and then some. */
const MAX_FILE = 128 * 1024 * 1024;

/** The related file of this version of bantin in the cache folder `dir`. */
export function relatedCacheFile(dir: string, toolVersion: string): string {
  return join(dir, `related-${digest(`${RELATED_VERSION}\0${toolVersion}`).slice(0, 16)}.bin`);
}

/** The memo kept in `file`, or undefined (any doubt). */
export async function loadRelatedCache(file: string): Promise<RelatedMemo | undefined> {
  try {
    const key = await machineKey();
    if (!key) return undefined;
    const bytes = await readRegularFile(file, MAX_FILE);
    const body = bytes.subarray(SIGNATURE_BYTES);
    if (bytes.length < SIGNATURE_BYTES + DIGEST_CHARS || (body.length - DIGEST_CHARS) % 4 !== 0) return undefined;
    if (!verify(key, bytes.subarray(0, SIGNATURE_BYTES), PURPOSE, body)) return undefined;
    const digestText = body.subarray(0, DIGEST_CHARS).toString('latin1');
    if (!/^[0-9a-f]{64}$/.test(digestText)) return undefined;
    const table = new Int32Array((body.length - DIGEST_CHARS) / 4);
    for (let i = 0; i < table.length; i++) table[i] = body.readInt32LE(DIGEST_CHARS + 4 * i);
    return { digest: digestText, table };
  } catch {
    return undefined;
  }
}

/** Keeps `memo` in `file` (written whole, then renamed), and removes the related files of other versions beside it. */
export async function saveRelatedCache(file: string, memo: RelatedMemo): Promise<void> {
  const key = await machineKey();
  if (!key) return;
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const body = Buffer.alloc(DIGEST_CHARS + 4 * memo.table.length);
  body.write(memo.digest, 0, DIGEST_CHARS, 'latin1');
  memo.table.forEach((v, i) => body.writeInt32LE(v, DIGEST_CHARS + 4 * i));
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, Buffer.concat([sign(key, PURPOSE, body), body]), { flag: 'w' });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  for (const name of await readdir(dir)) {
    if (name.startsWith('related-') && name.endsWith('.bin') && join(dir, name) !== file) await rm(join(dir, name), { force: true });
  }
}
