/** The search index's thread (see search-indexer.ts): builds it once, answers, raises the flag. */
import { workerData } from 'node:worker_threads';
import { indexDocuments } from '../outputs/search-index.js';
import type { SearchWorkerData, SearchWorkerReply } from './search-indexer.js';

const { documents, port, flag } = workerData as SearchWorkerData;
let reply: SearchWorkerReply;
const transfer: ArrayBuffer[] = [];
try {
  const index = indexDocuments(documents);
  // As UTF-8 bytes, each in a buffer of its own, moved (not copied) to the build's thread and from
  // there to the writer's: the index (~500 MB of text at 100,000 articles) is never held twice.
  const encoder = new TextEncoder();
  const files = index.files.map((f) => {
    const contents = typeof f.contents === 'string' ? encoder.encode(f.contents) : f.contents;
    transfer.push(contents.buffer as ArrayBuffer);
    return { path: f.path, contents };
  });
  reply = { index: { ...index, files } };
} catch (e) {
  reply = { error: String(e) };
}
port.postMessage(reply, transfer);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
