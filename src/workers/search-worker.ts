/** The search index's thread (see search-indexer.ts): builds it once, answers, raises the flag. */
import { workerData } from 'node:worker_threads';
import { indexDocuments, type SearchDocument } from '../outputs/search-index.js';
import { rangeReader, SpillFile } from '../cache/spill-file.js';
import type { SearchWorkerData, SearchWorkerReply } from './search-indexer.js';

const { documents, port, flag, spill } = workerData as SearchWorkerData;
const read = rangeReader();
let reply: SearchWorkerReply;
const transfer: ArrayBuffer[] = [];
try {
  // As UTF-8 bytes, each in a buffer of its own, moved (not copied) to the build's thread and from
  // there to the writer's: the index (~500 MB of text at 100,000 articles) is never held twice.
  // The documents are this thread's copy: each is dropped once counted.
  // Parked texts are read here, from the build's spill file (one descriptor for the whole process).
  // With a spill file, the files' bytes go there as they are made: only their ranges are handed over.
  const index = indexDocuments(documents as SearchDocument[], { bytes: true, release: true, readText: (range) => read(range).toString('utf8'), spill: spill === undefined ? undefined : SpillFile.adopt(spill) });
  for (const f of index.files) if ('contents' in f && typeof f.contents !== 'string') transfer.push(f.contents.buffer as ArrayBuffer);
  reply = { index };
} catch (e) {
  reply = { error: String(e) };
}
port.postMessage(reply, transfer);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
