/**
 * watchParent: `bantin serve` stops when the process that started it (npx, npm run) dies, which
 * reaches it as no signal. The command itself, killed through an intermediate shell, is tested in
 * test/watch.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { watchParent, type ParentWatch } from '../src/dev/parent-watch.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchParent', () => {
  let watch: ParentWatch | undefined;
  afterEach(() => watch?.close());

  it('should call stop once when the parent id changes (the process was adopted), not before', async () => {
    let ppid = 4242;
    const calls: string[] = [];
    watch = watchParent((reason) => calls.push(reason), { ppid: 4242, currentPpid: () => ppid, intervalMs: 10 });
    await sleep(60);
    expect(calls).toEqual([]);
    ppid = 1;
    await sleep(60);
    expect(calls).toEqual(['parent']);
    ppid = 7;
    await sleep(60);
    expect(calls).toEqual(['parent']);
  });

  it('should treat a closed terminal (SIGHUP) as the parent going away, and leave SIGHUP alone once closed', async () => {
    const calls: string[] = [];
    const before = process.listenerCount('SIGHUP');
    watch = watchParent((reason) => calls.push(reason), { intervalMs: 10 });
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    process.emit('SIGHUP', 'SIGHUP');
    expect(calls).toEqual(['hangup']);
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });

  it('should do nothing after close', async () => {
    let ppid = 10;
    const calls: string[] = [];
    watch = watchParent((reason) => calls.push(reason), { ppid: 10, currentPpid: () => ppid, intervalMs: 10 });
    watch.close();
    ppid = 1;
    await sleep(60);
    expect(calls).toEqual([]);
  });
});
