/**
 * Reading the Markdown files of a site. A warm build of a large site spends its first second on
 * two things that need not wait for each other: reading every source (some 0.4 s of system calls
 * at 10,000 articles) and loading the article cache (CPU on this thread). From
 * `READ_THREAD_THRESHOLD` files the sources are read on a thread of their own while this one loads
 * the cache. The result is the same either way: the same function reads each file with the same
 * limit, and a file the thread could not read is read again here, where its error is reported.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MarkdownSource } from '../pipeline.js';
import type { ReadReply, ReadRequest } from './read-worker.js';
import { readBytesSync, type ScannedFile } from './scan.js';

/** Below this many Markdown files, starting a thread costs more than reading them here. */
export const READ_THREAD_THRESHOLD = 2000;

/**
 * The bytes of every file, in order. `thread`: read on a worker thread (default: from
 * `READ_THREAD_THRESHOLD` files); a thread that fails leaves the reading to this one.
 *
 * @param display Turns an absolute path into the path shown in messages (an unreadable file is BT008).
 */
export async function readMarkdownFiles(files: readonly ScannedFile[], display: (abs: string) => string, options: { readonly thread?: boolean } = {}): Promise<MarkdownSource[]> {
  const here = () => files.map((file) => ({ path: file.path, bytes: readBytesSync(file.abs, display) }));
  if (!(options.thread ?? files.length >= READ_THREAD_THRESHOLD)) return here();
  const read = await readOnThread(files.map((f) => f.abs)).catch(() => undefined);
  if (read === undefined || read.length !== files.length) return here();
  return files.map((file, i) => ({ path: file.path, bytes: read[i] ?? readBytesSync(file.abs, display) }));
}

/** The bytes of each file read on a new worker thread, null for a file it could not read. */
export function readOnThread(files: readonly string[]): Promise<ReadonlyArray<Uint8Array | null>> {
  // Compiled: the worker sits beside this file. Under a TypeScript test runner: use lib/.
  const beside = new URL('./read-worker.js', import.meta.url);
  const workerUrl = existsSync(fileURLToPath(beside)) ? beside : new URL('../../lib/project/read-worker.js', import.meta.url);
  const worker = new Worker(workerUrl);
  return new Promise<ReadonlyArray<Uint8Array | null>>((resolve, reject) => {
    worker.once('message', (reply: ReadReply) => resolve(reply.bytes));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`source reader stopped (${code})`)));
    worker.postMessage({ files } satisfies ReadRequest);
  }).finally(() => void worker.terminate());
}
