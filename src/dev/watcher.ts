/**
 * The chokidar adapter: turns file events into batches of `Change` for `rebuild(changes)`.
 * chokidar 4+ watches folders, not globs, so paths are filtered here: hidden files and folders,
 * editors' temporary and backup files are ignored. Events are debounced: a burst of saves (an
 * atomic save is an unlink, an add and a rename) becomes one batch, read from the disk once.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { watch, type FSWatcher } from 'chokidar';
import type { Change, ChangeKind } from './session.js';

export interface WatchTargets {
  /** Content folder (watched with every subfolder). */
  readonly content?: string | undefined;
  /** The site's own templates folder, when it has one. */
  readonly templates?: string | undefined;
  /** The config file; its folder is watched (depth 0), so atomic saves and creation are seen. */
  readonly config?: string | undefined;
  /**
   * The trusted `static/` folder (watched with every subfolder). When it does not exist yet, its
   * parent is watched for its creation (depth 0): the caller watches again once it is there.
   */
  readonly static?: string | undefined;
  /** Folders whose changes must never trigger a rebuild (the output folder, caches). */
  readonly ignore?: readonly string[];
}

export interface WatchOptions {
  /**
   * Quiet time after the last event before a batch is sent, in ms (default 25: an atomic save —
   * temporary file, rename — arrives within a few ms; every ms here is a ms the editor waits).
   */
  readonly debounceMs?: number;
  /** Longest a batch waits while events keep coming, in ms (default 500). */
  readonly maxWaitMs?: number;
  readonly onChanges: (changes: Change[]) => void;
  readonly onError?: (error: unknown) => void;
}

export interface SiteWatcher {
  close(): Promise<void>;
}

/**
 * Whether a file or folder name is an editor's temporary or backup file, or hidden:
 * `.x`, `x~`, `x.swp`/`.swx`/`.swo`, vim's `4913` probe, `#x#`, `x.tmp`, JetBrains' `x___jb_tmp___`.
 */
export function isIgnoredName(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    /\.(swp|swx|swo|swpx|tmp|crswap|kate-swp)$/i.test(name) ||
    /^4913$/.test(name) ||
    /^#.*#$/.test(name) ||
    /___jb_(tmp|old|bak)___$/.test(name)
  );
}

/** Whether `path` (absolute) inside `root` has an ignored part below `root`. */
export function isIgnoredPath(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '') return false;
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
export async function watchSite(targets: WatchTargets, options: WatchOptions & { readonly thread?: boolean }): Promise<SiteWatcher> {
  if (options.thread) {
    const workerUrl = new URL('./watcher-thread.js', import.meta.url);
    if (existsSync(fileURLToPath(workerUrl))) {
      try {
        return await watchOnThread(workerUrl, targets, options);
      } catch {
        // A thread that cannot start (resource limits): watch here instead.
      }
    }
  }
  return watchHere(targets, options);
}

/** Messages between `watchSite` and the watcher thread. */
export type WatcherThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'changes'; readonly changes: Change[] }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'closed' };

export interface WatcherThreadStart {
  readonly targets: WatchTargets;
  readonly debounceMs?: number | undefined;
  readonly maxWaitMs?: number | undefined;
}

async function watchOnThread(url: URL, targets: WatchTargets, options: WatchOptions): Promise<SiteWatcher> {
  const worker = new Worker(url, { workerData: { targets, debounceMs: options.debounceMs, maxWaitMs: options.maxWaitMs } satisfies WatcherThreadStart });
  let closed: (() => void) | undefined;
  await new Promise<void>((ready, fail) => {
    worker.on('message', (message: WatcherThreadMessage) => {
      if (message.type === 'ready') ready();
      else if (message.type === 'changes') options.onChanges(message.changes);
      else if (message.type === 'error') options.onError?.(new Error(message.message));
      else if (message.type === 'closed') closed?.();
    });
    worker.once('error', (e) => {
      void worker.terminate();
      fail(e);
    });
  });
  worker.on('error', (e) => options.onError?.(e));
  return {
    async close() {
      const done = new Promise<void>((resolveClose) => (closed = resolveClose));
      worker.postMessage('close');
      await Promise.race([done, new Promise((resolveLate) => setTimeout(resolveLate, 2000))]);
      await worker.terminate();
    },
  };
}

/** How long chokidar ignores further `change` events of a file after reporting one. */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

/** What identifies one version of a file (modification time, size, inode), or undefined for no file. */
async function stampOf(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? `${info.mtimeMs}:${info.size}:${info.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** The folders to watch for `targets`: each with the kind of its changes, how deep, and which paths count. */
function watchRoots(targets: WatchTargets): Array<{ kind: ChangeKind; root: string; depth: number | undefined; keep: (path: string) => boolean }> {
  const all = () => true;
  const roots: Array<{ kind: ChangeKind; root: string; depth: number | undefined; keep: (path: string) => boolean }> = [];
  if (targets.content) roots.push({ kind: 'content', root: resolve(targets.content), depth: undefined, keep: all });
  if (targets.templates) roots.push({ kind: 'templates', root: resolve(targets.templates), depth: undefined, keep: all });
  if (targets.static) {
    const folder = resolve(targets.static);
    // Not there yet: its parent, for its creation (the caller then watches the folder itself; chokidar
    // alone does not reliably see a watched folder that does not exist yet being made).
    roots.push(existsSync(folder) ? { kind: 'static', root: folder, depth: undefined, keep: all } : { kind: 'static', root: dirname(folder), depth: 0, keep: (path) => path === folder });
  }
  if (targets.config) {
    const file = resolve(targets.config);
    roots.push({ kind: 'config', root: dirname(file), depth: 0, keep: (path) => basename(path) === basename(file) && dirname(path) === dirname(file) });
  }
  return roots;
}

/** Watch on this thread. */
export async function watchHere(targets: WatchTargets, options: WatchOptions): Promise<SiteWatcher> {
  const debounceMs = options.debounceMs ?? 25;
  const maxWaitMs = options.maxWaitMs ?? 500;
  const ignoredRoots = (targets.ignore ?? []).map((p) => resolve(p));
  const underIgnored = (path: string) => ignoredRoots.some((root) => path === root || path.startsWith(root + sep));

  let pending = new Map<string, ChangeKind>();
  let timer: NodeJS.Timeout | undefined;
  let firstPending = 0;
  let closed = false;
  /** Second looks at the files of a batch sent (see `flush`). */
  const rechecks = new Set<NodeJS.Timeout>();
  const flush = async () => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const batch = [...pending].map(([path, kind]) => ({ kind, path }));
    pending = new Map();
    // chokidar drops further `change` events of a file for 50 ms after it reports one (its
    // throttle), so a second save inside that window would go unseen once the first batch has
    // been read. Each file is stamped before the batch goes out and looked at again after the
    // window: a different stamp is a change the reader has not seen.
    const stamps = await Promise.all(batch.map((change) => stampOf(change.path)));
    if (closed) return;
    options.onChanges(batch);
    batch.forEach((change, i) => {
      const before = stamps[i];
      if (before === undefined) return;
      const again = setTimeout(() => {
        rechecks.delete(again);
        void stampOf(change.path).then((after) => {
          if (after !== undefined && after !== before) note(change.kind, change.path);
        });
      }, CHOKIDAR_CHANGE_THROTTLE_MS + 20);
      rechecks.add(again);
    });
  };
  const note = (kind: ChangeKind, path: string) => {
    if (closed) return;
    // A config change outranks the rest for the same path (e.g. a config inside the content folder).
    if (pending.get(path) !== 'config') pending.set(path, kind);
    if (timer === undefined) firstPending = Date.now();
    else clearTimeout(timer);
    const wait = Math.max(0, Math.min(debounceMs, firstPending + maxWaitMs - Date.now()));
    timer = setTimeout(() => void flush(), wait);
  };

  const watchers: FSWatcher[] = [];
  const start = (kind: ChangeKind, root: string, depth: number | undefined, keep: (path: string) => boolean) =>
    new Promise<void>((ready) => {
      const watcher = watch(root, {
        ignoreInitial: true,
        followSymlinks: false,
        ...(depth === undefined ? {} : { depth }),
        ignored: (path: string) => path !== root && (isIgnoredPath(root, path) || underIgnored(path) || !keep(path)),
      });
      watcher.on('all', (_event, path) => note(kind, resolve(path)));
      watcher.on('error', (e) => options.onError?.(e));
      watcher.once('ready', () => ready());
      watchers.push(watcher);
    });

  await Promise.all(watchRoots(targets).map((r) => start(r.kind, r.root, r.depth, r.keep)));

  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const again of rechecks) clearTimeout(again);
      await Promise.all(watchers.map((w) => w.close()));
    },
  };
}
