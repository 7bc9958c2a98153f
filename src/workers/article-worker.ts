import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { ArticleSettings } from '../content/article.js';
import { packBody, withoutBody, type PackedBody } from '../content/parked-body.js';
import { processSource, type MarkdownSource } from '../pipeline.js';

/** A batch of sources to run through the per-article stage in this thread. */
export interface WorkerRequest {
  readonly id: number;
  readonly settings: ArticleSettings;
  readonly sources: readonly MarkdownSource[];
}

export interface WorkerResponse {
  readonly id: number;
  /**
   * Each result as bytes: the result with an empty body and text as V8 bytes (what the article
   * cache stores), and the body and text bytes (null for a result without article), which the
   * build unpacks or parks (content/parked-body.ts).
   */
  readonly packed: ReadonlyArray<{ readonly result: Uint8Array; readonly body: PackedBody | null }>;
}

parentPort?.on('message', (request: WorkerRequest) => {
  const results = request.sources.map((source) => processSource(source, request.settings));
  const packed = results.map((r) => ({
    result: serialize(r.article ? { ...r, article: withoutBody(r.article) } : r),
    body: r.article ? packBody(r.article) : null,
  }));
  parentPort!.postMessage({ id: request.id, packed } satisfies WorkerResponse);
});
