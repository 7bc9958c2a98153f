/**
 * The chokidar adapter: turns file events into batches of `Change` for `rebuild(changes)`.
 * chokidar 4+ watches folders, not globs, so paths are filtered here: hidden files and folders,
 * editors' temporary and backup files are ignored. Events are debounced: a burst of saves (an
 * atomic save is an unlink, an add and a rename) becomes one batch, read from the disk once.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { watch } from 'chokidar';
/**
 * Whether a file or folder name is an editor's temporary or backup file, or hidden:
 * `.x`, `x~`, `x.swp`/`.swx`/`.swo`, vim's `4913` probe, `#x#`, `x.tmp`, JetBrains' `x___jb_tmp___`.
 */
export function isIgnoredName(name) {
    return (name.startsWith('.') ||
        name.endsWith('~') ||
        /\.(swp|swx|swo|swpx|tmp|crswap|kate-swp)$/i.test(name) ||
        /^4913$/.test(name) ||
        /^#.*#$/.test(name) ||
        /___jb_(tmp|old|bak)___$/.test(name));
}
/** Whether `path` (absolute) inside `root` has an ignored part below `root`. */
export function isIgnoredPath(root, path) {
    const rel = relative(root, path);
    if (rel === '')
        return false;
    return rel.split(sep).some(isIgnoredName);
}
/**
 * Start watching; resolves once the initial scan is done and events are being reported.
 *
 * With `thread: true` (what `bantin serve` asks for), chokidar runs on a worker thread when the
 * compiled worker is there: after every save, chokidar lists the saved file's folder again with a
 * stat per entry (150–250 ms of CPU for a folder of 1,250 articles), which would otherwise hold up
 * the rebuild and the pages being served. Batches are the same either way.
 */
export async function watchSite(targets, options) {
    if (options.thread) {
        const workerUrl = new URL('./watcher-thread.js', import.meta.url);
        if (existsSync(fileURLToPath(workerUrl))) {
            try {
                return await watchOnThread(workerUrl, targets, options);
            }
            catch {
                // A thread that cannot start (resource limits): watch here instead.
            }
        }
    }
    return watchHere(targets, options);
}
async function watchOnThread(url, targets, options) {
    const worker = new Worker(url, { workerData: { targets, debounceMs: options.debounceMs, maxWaitMs: options.maxWaitMs } });
    let closed;
    await new Promise((ready, fail) => {
        worker.on('message', (message) => {
            if (message.type === 'ready')
                ready();
            else if (message.type === 'changes')
                options.onChanges(message.changes);
            else if (message.type === 'error')
                options.onError?.(new Error(message.message));
            else if (message.type === 'closed')
                closed?.();
        });
        worker.once('error', (e) => {
            void worker.terminate();
            fail(e);
        });
    });
    worker.on('error', (e) => options.onError?.(e));
    return {
        async close() {
            const done = new Promise((resolveClose) => (closed = resolveClose));
            worker.postMessage('close');
            await Promise.race([done, new Promise((resolveLate) => setTimeout(resolveLate, 2000))]);
            await worker.terminate();
        },
    };
}
/** Watch on this thread. */
export async function watchHere(targets, options) {
    const debounceMs = options.debounceMs ?? 50;
    const maxWaitMs = options.maxWaitMs ?? 500;
    const ignoredRoots = (targets.ignore ?? []).map((p) => resolve(p));
    const underIgnored = (path) => ignoredRoots.some((root) => path === root || path.startsWith(root + sep));
    let pending = new Map();
    let timer;
    let firstPending = 0;
    let closed = false;
    const flush = () => {
        timer = undefined;
        if (closed || pending.size === 0)
            return;
        const batch = [...pending].map(([path, kind]) => ({ kind, path }));
        pending = new Map();
        options.onChanges(batch);
    };
    const note = (kind, path) => {
        if (closed)
            return;
        // A config change outranks the rest for the same path (e.g. a config inside the content folder).
        if (pending.get(path) !== 'config')
            pending.set(path, kind);
        if (timer === undefined)
            firstPending = Date.now();
        else
            clearTimeout(timer);
        const wait = Math.max(0, Math.min(debounceMs, firstPending + maxWaitMs - Date.now()));
        timer = setTimeout(flush, wait);
    };
    const watchers = [];
    const start = (kind, root, depth, keep) => new Promise((ready) => {
        const watcher = watch(root, {
            ignoreInitial: true,
            followSymlinks: false,
            ...(depth === undefined ? {} : { depth }),
            ignored: (path) => path !== root && (isIgnoredPath(root, path) || underIgnored(path) || !keep(path)),
        });
        watcher.on('all', (_event, path) => note(kind, resolve(path)));
        watcher.on('error', (e) => options.onError?.(e));
        watcher.once('ready', () => ready());
        watchers.push(watcher);
    });
    const starting = [start('content', resolve(targets.content), undefined, () => true)];
    if (targets.templates)
        starting.push(start('templates', resolve(targets.templates), undefined, () => true));
    if (targets.config) {
        const file = resolve(targets.config);
        starting.push(start('config', dirname(file), 0, (path) => basename(path) === basename(file) && dirname(path) === dirname(file)));
    }
    await Promise.all(starting);
    return {
        async close() {
            closed = true;
            if (timer !== undefined)
                clearTimeout(timer);
            await Promise.all(watchers.map((w) => w.close()));
        },
    };
}
