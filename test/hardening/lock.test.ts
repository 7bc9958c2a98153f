/**
 * One writer per output folder: the lock API that `bantin build` (and `bantin serve`) use.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/commands/build.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { acquireOutputLock, lockFileFor, readOutputLock, withOutputLock, type LockHolder } from '../../src/output/lock.js';
import { createMemoryLogger } from '../../src/logger.js';
import { createSite, md } from '../helpers/site.js';
import { deadPid } from './helpers.js';

let work: string;
let out: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'bantin-lock-'));
  out = path.join(work, 'dist');
});
afterEach(() => rm(work, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

const holder = (over: Partial<LockHolder>): string => JSON.stringify({ pid: 1, hostname: os.hostname(), command: 'build', startedAt: '2025-06-01T00:00:00.000Z', token: 'abc', ...over });

describe('the output lock', () => {
  it('should be a hidden file beside the output folder, never inside it', () => {
    expect(lockFileFor(out)).toBe(path.join(work, '.dist.bantin-lock'));
    expect(lockFileFor(`${out}/`)).toBe(path.join(work, '.dist.bantin-lock'));
  });

  it('should record who holds it and disappear when released', async () => {
    const lock = await acquireOutputLock(out, { command: 'serve' });
    expect(await readOutputLock(out)).toMatchObject({ pid: process.pid, command: 'serve', hostname: os.hostname() });
    expect(JSON.parse(await readFile(lock.file, 'utf8'))).toEqual(lock.holder);
    await lock.release();
    await lock.release();
    expect(existsSync(lock.file)).toBe(false);
    expect(await readOutputLock(out)).toBeUndefined();
  });

  it('should refuse a second holder with BT910 "Một lần dựng khác đang chạy (PID …)" naming the command', async () => {
    const lock = await acquireOutputLock(out, { command: 'serve' });
    const err = await refusal(acquireOutputLock(out));
    expect(err.diagnostics.map((d) => d.code)).toEqual(['BT910']);
    expect(err.diagnostics[0]!.message).toContain(`Một lần dựng khác đang chạy (PID ${process.pid}`);
    expect(err.diagnostics[0]!.message).toContain('bantin serve');
    expect(err.diagnostics[0]!.hint).toContain('.dist.bantin-lock');
    await lock.release();
  });

  it('should wait for a live holder when asked to, and take the lock once it is released', async () => {
    const first = await acquireOutputLock(out);
    const waits: Array<LockHolder | undefined> = [];
    setTimeout(() => void first.release(), 300);
    const second = await acquireOutputLock(out, { waitMs: 10_000, pollMs: 20, onWait: (h) => waits.push(h) });
    expect(waits).toHaveLength(1);
    expect(waits[0]?.token).toBe(first.holder.token);
    expect(second.holder.token).not.toBe(first.holder.token);
    await second.release();
  });

  it('should give up waiting after waitMs with BT910', async () => {
    const lock = await acquireOutputLock(out);
    const started = Date.now();
    const err = await refusal(acquireOutputLock(out, { waitMs: 200, pollMs: 20 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(err.diagnostics[0]!.code).toBe('BT910');
    await lock.release();
  });

  it('should take over a stale lock left by a process that died', async () => {
    const pid = await deadPid();
    await writeFile(lockFileFor(out), holder({ pid, token: 'dead' }));
    const lock = await acquireOutputLock(out);
    expect(lock.holder.pid).toBe(process.pid);
    expect((await readOutputLock(out))?.token).toBe(lock.holder.token);
    await lock.release();
  });

  it('should let exactly one of many processes-in-waiting take over the same stale lock', async () => {
    const pid = await deadPid();
    await writeFile(lockFileFor(out), holder({ pid, token: 'dead' }));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => acquireOutputLock(out)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireOutputLock>>>).value.release();
  });

  it('should take over an unreadable lock only once it is old', async () => {
    await writeFile(lockFileFor(out), '{"pid": 12');
    expect((await refusal(acquireOutputLock(out))).diagnostics[0]!.message).toMatch(/Một lần dựng khác đang chạy/);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockFileFor(out), old, old);
    const lock = await acquireOutputLock(out);
    await lock.release();
  });

  it('should treat a lock from another machine as held, and name the machine', async () => {
    await writeFile(lockFileFor(out), holder({ pid: 4242, hostname: 'may-chu-khac', token: 'remote' }));
    const err = await refusal(acquireOutputLock(out));
    expect(err.diagnostics[0]!.message).toContain('PID 4242 trên máy may-chu-khac');
  });

  it('should not remove a lock that another holder took in the meantime', async () => {
    const lock = await acquireOutputLock(out);
    await writeFile(lock.file, holder({ pid: process.pid, token: 'someone-else' }));
    await lock.release();
    expect(JSON.parse(await readFile(lock.file, 'utf8')).token).toBe('someone-else');
  });

  it('should release the lock when the work inside withOutputLock throws', async () => {
    await expect(withOutputLock(out, async () => Promise.reject(new Error('hỏng')))).rejects.toThrow('hỏng');
    expect(existsSync(lockFileFor(out))).toBe(false);
    expect(await withOutputLock(out, async (lock) => lock.holder.pid)).toBe(process.pid);
  });
});

describe('two builds of one site at once', () => {
  it('should let one build write and stop the other with BT910 naming the PID, leaving no lock behind', async () => {
    const site = await createSite(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`content/bai-${i}.md`, md({ title: `Bài ${i}`, date: '01/05/2025', author: 'A', category: 'B' })])));
    try {
      const a = createMemoryLogger();
      const b = createMemoryLogger();
      const options = { cwd: site.root, root: '.', cacheDir: false as const, threads: 1, now: Date.parse('2025-06-01T00:00:00+07:00') };
      const codes = await Promise.all([runBuild(options, a), runBuild(options, b)]);
      expect([...codes].sort()).toEqual([0, 1]);
      const [first, second] = await Promise.resolve([a.text(), b.text()]);
      const loser = first!.includes('BT910') ? first! : second!;
      expect(loser).toContain(`lỗi BT910: Một lần dựng khác đang chạy (PID ${process.pid}`);
      expect(loser).toContain('Dựng trang thất bại');
      expect(existsSync(lockFileFor(site.path('dist')))).toBe(false);
      expect(existsSync(site.path('dist/index.html'))).toBe(true);
    } finally {
      await site.cleanup();
    }
  });
});
