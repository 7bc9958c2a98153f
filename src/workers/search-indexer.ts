/**
 * The search index on a worker thread (issue #19): `bantin build` starts it as soon as the pages
 * are planned, and the index (a few seconds at 10,000 articles) is made while this thread renders
 * the pages; the search page and the index files take it when they need it. The worker's result is
 * the one `indexDocuments` gives here (a pure function of the documents).
 *
 * The pipeline renders synchronously, so the result is taken synchronously too: the worker posts
 * it on a MessagePort and raises a shared flag; this thread waits on the flag (Atomics.wait) and
 * reads the port (receiveMessageOnPort). A worker that fails, or does not answer in time, costs
 * nothing but time: the index is then made on this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { indexDocuments, type SearchDocument, type SearchIndex, type SearchIndexer } from '../outputs/search-index.js';
import type { SpillFile } from '../cache/spill-file.js';

/** Below this many documents the index takes less time than starting a thread. */
export const SEARCH_THREAD_THRESHOLD = 2000;

/** What the worker is given. */
export interface SearchWorkerData {
  readonly documents: readonly SearchDocument[];
  readonly port: MessagePort;
  /** Set to 1 once the answer is on the port. */
  readonly flag: Int32Array;
  /** Descriptor of a spill file this thread opened, empty, for the worker alone to write the index's files to (`IndexOptions.spill`). */
  readonly spill?: number | undefined;
}

export interface SearchWorkerReply {
  readonly index?: SearchIndex;
  readonly error?: string;
}

/** A `SearchIndexer` that builds on a worker thread (sites of `threshold` documents or more). */
export function threadedSearchIndexer(options: { threshold?: number; onFallback?: (why: string) => void; spill?: ((documents: number) => SpillFile | undefined) | undefined } = {}): SearchIndexer {
  return (documents) => {
    if (documents.length < (options.threshold ?? SEARCH_THREAD_THRESHOLD)) return () => indexDocuments(documents);
    // Compiled: the worker sits beside this file. Under a TypeScript test runner: use lib/.
    const beside = new URL('./search-worker.js', import.meta.url);
    const workerUrl = existsSync(fileURLToPath(beside)) ? beside : new URL('../../lib/workers/search-worker.js', import.meta.url);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      const data: SearchWorkerData = { documents, port: port2, flag, spill: options.spill?.(documents.length)?.fd };
      worker = new Worker(workerUrl, { workerData: data, transferList: [port2] });
    } catch (e) {
      options.onFallback?.(`no worker: ${String(e)}`);
      return () => indexDocuments(documents);
    }
    // Never keeps the process alive (a build that stops before its search page).
    worker.unref();
    port1.unref();
    return () => {
      // Generous: a minute, and 20 ms per document, before making it here instead.
      const deadline = Date.now() + 60_000 + 20 * documents.length;
      while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(flag, 0, 0, 1000);
      const reply = receiveMessageOnPort(port1)?.message as SearchWorkerReply | undefined;
      port1.close();
      void worker.terminate();
      if (reply?.index) return reply.index;
      options.onFallback?.(reply?.error ?? 'no answer in time');
      return indexDocuments(documents);
    };
  };
}
