import { existsSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ArticleSettings } from '../content/article.js';
import { parkArticle, unpackArticle, type SpillStore } from '../content/parked-body.js';
import { articleCacheKey, type ArticleCache, type ArticleResult, type MarkdownSource } from '../pipeline.js';
import { rememberResultBytes } from '../cache/article-cache.js';
import type { WorkerRequest, WorkerResponse } from './article-worker.js';

/** Below this many uncached articles, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 1500;

/** Markdown workers a build uses by default: one per core, at most four. */
function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

/**
 * Start the Markdown workers ahead of `prefillInParallel` (which takes them as `workers`, and
 * stops them when done): a build that knows it will parse many articles (no cache yet) starts
 * them while it reads its sources, so that their modules are loaded when the work comes.
 */
export function startArticleWorkers(threads = defaultThreads()): Worker[] {
  // Compiled: the worker sits beside this file. Under a TypeScript test runner: use lib/.
  const beside = new URL('./article-worker.js', import.meta.url);
  const workerUrl = existsSync(fileURLToPath(beside)) ? beside : new URL('../../lib/workers/article-worker.js', import.meta.url);
  return Array.from({ length: threads }, () => new Worker(workerUrl));
}

/**
 * Run the per-article stage for every source missing from `cache` on worker threads, and put
 * the results into the cache, so the pure pipeline then finds every article ready. Results are
 * the same as in one thread: each is a pure function of its source and the settings. With `park`,
 * each article's body and text come as bytes and go straight to that spill file (never into this
 * thread's heap).
 *
 * @returns how many sources were processed on workers (0 when it was not worth it).
 */
export async function prefillInParallel(
  sources: readonly MarkdownSource[],
  settings: ArticleSettings,
  cache: ArticleCache,
  options: { threads?: number; threshold?: number; park?: SpillStore | undefined; workers?: readonly Worker[] | undefined } = {},
): Promise<number> {
  const missing: Array<{ key: string; source: MarkdownSource }> = [];
  for (const source of sources) {
    const key = articleCacheKey(source, settings);
    if (!cache.has(key)) missing.push({ key, source });
  }
  const threads = options.workers?.length ?? options.threads ?? defaultThreads();
  if (missing.length < (options.threshold ?? PARALLEL_THRESHOLD) || threads < 2) {
    await Promise.all((options.workers ?? []).map((w) => w.terminate()));
    return 0;
  }
  const workers = options.workers ?? startArticleWorkers(threads);
  const batchSize = 100;
  let next = 0;
  let id = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const pending = new Map<number, Array<{ key: string }>>();
            const send = () => {
              if (next >= missing.length) {
                resolve();
                return;
              }
              const batch = missing.slice(next, next + batchSize);
              next += batch.length;
              const requestId = id++;
              pending.set(requestId, batch);
              worker.postMessage({ id: requestId, settings, sources: batch.map((b) => b.source) } satisfies WorkerRequest);
            };
            worker.on('message', (response: WorkerResponse) => {
              const batch = pending.get(response.id)!;
              pending.delete(response.id);
              response.packed.forEach((packed, i) => {
                // Made on this process's worker from the build's own sources: no check needed.
                const light = deserialize(packed.result) as ArticleResult;
                if (light.article === undefined || packed.body === null) {
                  cache.set(batch[i]!.key, light);
                  return;
                }
                if (options.park) {
                  cache.set(batch[i]!.key, { ...light, article: parkArticle(light.article, options.park, packed.body) });
                  return;
                }
                const kept = { ...light, article: unpackArticle(light.article, packed.body) };
                rememberResultBytes(kept, packed.result);
                cache.set(batch[i]!.key, kept);
              });
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return missing.length;
}
