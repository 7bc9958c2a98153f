/**
 * The output writer's thread (see `openOutput` in write-output.ts): makes folders and writes or
 * copies files, synchronously, in the order they come, while the main thread renders the next
 * pages. Paths arrive resolved and checked inside the temporary output folder; files are created
 * exclusively. After the first failure nothing more is written: every later batch gets the
 * same error back.
 */
import { constants, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { rangeReader } from '../cache/spill-file.js';
import type { SpillRange } from '../content/parked-body.js';

export interface WriteItem {
  /** Absolute folders to make first, parents first (each new to this output). */
  readonly dirs: readonly string[];
  readonly target: string;
  /** Bytes, or text written as UTF-8. */
  readonly contents?: Uint8Array | string;
  readonly copyFrom?: string;
  /** Bytes to read from a spill file of this process (cache/spill-file.ts). */
  readonly spilled?: SpillRange;
}

export interface WriteBatch {
  readonly id: number;
  readonly items: readonly WriteItem[];
  /** Its size in KiB, counted in `WriterData.inflight` until it is written. */
  readonly kib: number;
}

export interface WriterData {
  /** KiB of batches sent and not yet written: the sender waits when it is too much (backpressure). */
  readonly inflight: Int32Array;
}

export interface WriteReply {
  readonly id: number;
  readonly error?: { readonly code?: string; readonly message: string; readonly path?: string };
}

let failure: WriteReply['error'];
const read = rangeReader();
const { inflight } = (workerData ?? {}) as Partial<WriterData>;

parentPort?.on('message', (batch: WriteBatch) => {
  if (failure === undefined) {
    try {
      for (const item of batch.items) {
        for (const dir of item.dirs) mkdirSync(dir);
        if (item.copyFrom !== undefined) copyFileSync(item.copyFrom, item.target, constants.COPYFILE_EXCL);
        else if (item.spilled !== undefined) writeFileSync(item.target, read(item.spilled), { flag: 'wx' });
        else writeFileSync(item.target, item.contents ?? new Uint8Array(0), { flag: 'wx' });
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      failure = { message: String(err.message), ...(typeof err.code === 'string' ? { code: err.code } : {}), ...(typeof err.path === 'string' ? { path: err.path } : {}) };
    }
  }
  if (inflight) {
    Atomics.sub(inflight, 0, batch.kib);
    Atomics.notify(inflight, 0);
  }
  parentPort!.postMessage({ id: batch.id, ...(failure ? { error: failure } : {}) } satisfies WriteReply);
});
