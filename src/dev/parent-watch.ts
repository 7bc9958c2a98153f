/**
 * `bantin serve` stops when the process that started it goes away. Under `npx bantin serve` (or
 * `npm run serve`) the tree is npm → sh → node; killing npm (`kill <pid>`, a task manager, an editor
 * closing its terminal) stops npm and sh but leaves node serving, adopted by init, with its port
 * still taken. Ctrl-C is not affected: the terminal signals the whole process group.
 *
 * The check is the parent process id: it changes when the parent dies and the process is adopted
 * (by init, pid 1, or a subreaper). A closed terminal (SIGHUP) is treated the same way. Either one
 * calls `stop` once; the caller turns it into its usual clean shutdown.
 */

import type { Logger } from '../logger.js';

export interface ParentWatch {
  /** Stops watching (the serve loop ended on its own). */
  readonly close: () => void;
}

export interface ParentWatchOptions {
  /** How often the parent is checked, in ms (default 1000). */
  readonly intervalMs?: number;
  /** The parent id to compare with (default: the parent now). */
  readonly ppid?: number;
  /** Reads the current parent id (default: `process.ppid`); tests replace it. */
  readonly currentPpid?: () => number;
}

export function watchParent(stop: (reason: 'parent' | 'hangup') => void, options: ParentWatchOptions = {}): ParentWatch {
  const initial = options.ppid ?? process.ppid;
  const current = options.currentPpid ?? (() => process.ppid);
  let done = false;
  const fire = (reason: 'parent' | 'hangup') => {
    if (done) return;
    done = true;
    close();
    stop(reason);
  };
  const timer = setInterval(() => {
    if (current() !== initial) fire('parent');
  }, options.intervalMs ?? 1000);
  // Never the reason the process stays alive.
  timer.unref();
  const onHangup = () => fire('hangup');
  process.on('SIGHUP', onHangup);
  function close() {
    clearInterval(timer);
    process.off('SIGHUP', onHangup);
  }
  return {
    close: () => {
      done = true;
      close();
    },
  };
}

/**
 * Runs `work` (the serve loop, which stops cleanly on SIGTERM) and ends it when the parent dies or the
 * terminal closes: SIGTERM to ourselves takes serve's usual way out.
 */
export async function whileParentLives<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  const parent = watchParent((reason) => {
    logger.info(reason === 'hangup' ? '\nCửa sổ dòng lệnh đã đóng.' : '\nTiến trình đã khởi động bantin serve (npx, npm) đã dừng.');
    process.kill(process.pid, 'SIGTERM');
  });
  try {
    return await work();
  } finally {
    parent.close();
  }
}
