/** The search index's thread (see search-indexer.ts): builds it once, answers, raises the flag. */
import { workerData } from 'node:worker_threads';
import { indexDocuments } from '../outputs/search-index.js';
import type { SearchWorkerData, SearchWorkerReply } from './search-indexer.js';

const { documents, port, flag } = workerData as SearchWorkerData;
let reply: SearchWorkerReply;
try {
  reply = { index: indexDocuments(documents) };
} catch (e) {
  reply = { error: String(e) };
}
port.postMessage(reply);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
