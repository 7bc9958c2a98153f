/**
 * The source reader's thread (see `readMarkdownFiles` in read-sources.ts): reads the files it is
 * given with `readBytesSync` (same limit) and hands their bytes back without copying them (each
 * file's buffer is moved). A file it cannot read comes back as null: the caller reads that one
 * again on its own thread, where the error becomes the user's message.
 */
import { parentPort } from 'node:worker_threads';
import { readBytesSync } from './scan.js';

export interface ReadRequest {
  /** Absolute paths. */
  readonly files: readonly string[];
}

export interface ReadReply {
  /** Bytes of each file in the request's order, null when it could not be read. */
  readonly bytes: ReadonlyArray<Uint8Array | null>;
}

parentPort?.once('message', ({ files }: ReadRequest) => {
  const bytes: Array<Uint8Array | null> = [];
  const moved = new Set<ArrayBuffer>();
  for (const file of files) {
    try {
      const read = readBytesSync(file);
      // Each read has a buffer of its own (Buffer.alloc); a shared one would be copied, not moved.
      if (moved.has(read.buffer as ArrayBuffer)) bytes.push(Uint8Array.from(read));
      else {
        moved.add(read.buffer as ArrayBuffer);
        bytes.push(read);
      }
    } catch {
      bytes.push(null);
    }
  }
  parentPort!.postMessage({ bytes } satisfies ReadReply, [...moved]);
});
