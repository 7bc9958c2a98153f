/**
 * The watcher thread of `bantin serve`: runs chokidar (`watchHere`) away from the thread that
 * rebuilds and serves, and posts each debounced batch of changes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { watchHere, type WatcherThreadMessage, type WatcherThreadStart } from './watcher.js';

const start = workerData as WatcherThreadStart;
const post = (message: WatcherThreadMessage) => parentPort!.postMessage(message);

const watcher = await watchHere(start.targets, {
  debounceMs: start.debounceMs,
  maxWaitMs: start.maxWaitMs,
  onChanges: (changes) => post({ type: 'changes', changes }),
  onError: (e) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
});
post({ type: 'ready' });
parentPort!.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void watcher.close().then(() => {
    post({ type: 'closed' });
    parentPort!.close();
  });
});
