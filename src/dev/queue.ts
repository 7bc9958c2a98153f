/**
 * Runs rebuilds one at a time. Changes that arrive while a rebuild runs are gathered and trigger
 * exactly one more rebuild after it, with all of them: two rebuilds never overlap, and the last
 * state of the files always gets built.
 */
export interface RebuildQueue<T> {
  /** Ask for a rebuild with these changes (merged with any still waiting). */
  push(changes: readonly T[]): void;
  /** Resolves when no rebuild runs and none waits. */
  idle(): Promise<void>;
}

/**
 * @param run The rebuild; it is never called again before its promise settles. A rejection is
 *   passed to `onError` and the queue goes on.
 */
export function createRebuildQueue<T>(run: (changes: T[]) => Promise<void>, onError: (e: unknown) => void = () => {}): RebuildQueue<T> {
  let waiting: T[] = [];
  let running: Promise<void> | undefined;
  const idleWaiters: Array<() => void> = [];

  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await run(batch);
      } catch (e) {
        onError(e);
      }
    }
    running = undefined;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  return {
    push(changes) {
      if (changes.length === 0) return;
      waiting.push(...changes);
      running ??= drain();
    },
    idle() {
      if (!running && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
