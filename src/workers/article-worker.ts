import { parentPort } from 'node:worker_threads';
import type { ArticleSettings } from '../content/article.js';
import { processSource, type ArticleResult, type MarkdownSource } from '../pipeline.js';

/** A batch of sources to run through the per-article stage in this thread. */
export interface WorkerRequest {
  readonly id: number;
  readonly settings: ArticleSettings;
  readonly sources: readonly MarkdownSource[];
}

export interface WorkerResponse {
  readonly id: number;
  readonly results: readonly ArticleResult[];
}

parentPort?.on('message', (request: WorkerRequest) => {
  const results = request.sources.map((source) => processSource(source, request.settings));
  parentPort!.postMessage({ id: request.id, results } satisfies WorkerResponse);
});
