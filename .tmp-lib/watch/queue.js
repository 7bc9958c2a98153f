/**
 * @param run The rebuild; it is never called again before its promise settles. A rejection is
 *   passed to `onError` and the queue goes on.
 */
export function createRebuildQueue(run, onError = () => { }) {
    let waiting = [];
    let running;
    const idleWaiters = [];
    const drain = async () => {
        while (waiting.length > 0) {
            const batch = waiting;
            waiting = [];
            try {
                await run(batch);
            }
            catch (e) {
                onError(e);
            }
        }
        running = undefined;
        for (const resolve of idleWaiters.splice(0))
            resolve();
    };
    return {
        push(changes) {
            if (changes.length === 0)
                return;
            waiting.push(...changes);
            running ??= drain();
        },
        idle() {
            if (!running && waiting.length === 0)
                return Promise.resolve();
            return new Promise((resolve) => idleWaiters.push(resolve));
        },
    };
}
