import { parentPort } from 'node:worker_threads';
import type { ArticleSettings } from '../content/article.js';
import { packBody, withoutBody, type PackedBody } from '../content/parked-body.js';
import { processSource, type ArticleResult, type MarkdownSource } from '../pipeline.js';

/** A batch of sources to run through the per-article stage in this thread. */
export interface WorkerRequest {
  readonly id: number;
  readonly settings: ArticleSettings;
  readonly sources: readonly MarkdownSource[];
  /** Send each article's body and text as bytes (`packed`), the article with an empty body and text: the build parks them (content/parked-body.ts). */
  readonly pack?: boolean;
}

export interface WorkerResponse {
  readonly id: number;
  readonly results: readonly ArticleResult[];
  /** With `pack`: each result's body and text as bytes (null for a result without article). */
  readonly packed?: ReadonlyArray<PackedBody | null>;
}

parentPort?.on('message', (request: WorkerRequest) => {
  const results = request.sources.map((source) => processSource(source, request.settings));
  if (!request.pack) {
    parentPort!.postMessage({ id: request.id, results } satisfies WorkerResponse);
    return;
  }
  const packed = results.map((r) => (r.article ? packBody(r.article) : null));
  const light = results.map((r) => (r.article ? { ...r, article: withoutBody(r.article) } : r));
  parentPort!.postMessage({ id: request.id, results: light, packed } satisfies WorkerResponse);
});
