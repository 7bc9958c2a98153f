/**
 * The spill file of a large build (content/parked-body.ts): an append-only temporary file that
 * holds each article's body and text as bytes from the Markdown stage to their page. Unlinked as
 * soon as it is opened, so a killed build leaves nothing behind; its descriptor is the process's,
 * so the search index's thread reads the same ranges.
 */
import { closeSync, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpillRange, SpillStore } from '../content/parked-body.js';

export class SpillFile implements SpillStore {
  private size = 0;
  private closed = false;

  private constructor(
    readonly fd: number,
    private readonly owned = true,
  ) {}

  /**
   * Append to a spill file another thread of this process opened (the search index's thread
   * writes the index there): this side must be its only writer, from its start; the opener closes it.
   */
  static adopt(fd: number): SpillFile {
    return new SpillFile(fd, false);
  }

  /**
   * A new spill file in `dir` (made if missing), already unlinked. Callers pass the build cache's
   * folder when there is one: the system's temporary folder (the default) is memory on many
   * systems (tmpfs), which would defeat the purpose.
   */
  static open(dir: string = tmpdir()): SpillFile {
    mkdirSync(dir, { recursive: true });
    const folder = mkdtempSync(join(dir, 'bantin-spill-'));
    try {
      return new SpillFile(openSync(join(folder, 'bodies'), 'w+', 0o600));
    } finally {
      // The bytes live as long as the descriptor.
      rmSync(folder, { recursive: true, force: true });
    }
  }

  append(parts: readonly Uint8Array[]): SpillRange[] {
    if (this.closed) throw new Error('SpillFile: closed');
    const total = parts.reduce((n, p) => n + p.length, 0);
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
    let written = 0;
    while (written < total) written += writeSync(this.fd, joined, written, total - written, this.size + written);
    const ranges: SpillRange[] = [];
    let at = this.size;
    for (const p of parts) {
      ranges.push({ fd: this.fd, offset: at, length: p.length });
      at += p.length;
    }
    this.size += total;
    return ranges;
  }

  read(range: SpillRange): Uint8Array {
    // A closed descriptor's number may already name another file: never read through it.
    if (this.closed) throw new Error('SpillFile: closed');
    return readRange(range);
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) closeSync(this.fd);
  }
}

/**
 * Reads ranges into one buffer, reused: each result is valid until the next read. For a thread
 * that reads many ranges and keeps none (the search index's texts, the writer's copies): a new
 * buffer per range is garbage outside the heap that its collector sees late (the search thread
 * held 1.6 GB of them at 100,000 articles, its heap 80 MB).
 */
export function rangeReader(): (range: SpillRange) => Buffer {
  let scratch = Buffer.alloc(64 * 1024);
  return (range) => {
    if (scratch.length < range.length) scratch = Buffer.alloc(Math.max(range.length, scratch.length * 2));
    readInto(range, scratch);
    return scratch.subarray(0, range.length);
  };
}

function readInto(range: SpillRange, out: Buffer): void {
  let read = 0;
  while (read < range.length) {
    const n = readSync(range.fd, out, read, range.length - read, range.offset + read);
    if (n === 0) throw new Error(`spill file ${range.fd}: ${range.length - read} bytes missing at ${range.offset + read} (size ${fstatSync(range.fd).size})`);
    read += n;
  }
}

/** The bytes of a range of a spill file, on any thread of the process that opened it. */
export function readRange(range: SpillRange): Buffer {
  const out = Buffer.alloc(range.length);
  readInto(range, out);
  return out;
}
