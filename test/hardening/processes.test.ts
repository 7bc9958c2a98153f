/**
 * The real command in child processes: killed with SIGKILL at each point of a build, run next to
 * another build, and run with other time zones, locales and directory orders.
 */
import { cp, readdir, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFileFor, readOutputLock } from '../../src/output/lock.js';
import { PAUSE_POINTS, type PausePoint } from '../../src/output/write-output.js';
import { createSite, FAKE_JPEG, md, snapshotTree, type SiteFiles, type TempSite } from '../helpers/site.js';
import { build, compileCli, NOW, runChild, startChild, waitForFile, type CompiledCli } from './helpers.js';

let bin: CompiledCli;
let scratch: string;
/** A script that runs `runBuild` of the compiled library with seams the command line does not have. */
let runner: string;
beforeAll(async () => {
  bin = await compileCli();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'bantin-processes-'));
  runner = path.join(scratch, 'run-build.mjs');
  await writeFile(
    runner,
    [
      "import { writeFileSync } from 'node:fs';",
      "import { readdir } from 'node:fs/promises';",
      'const [lib, point, marker, order, json] = process.argv.slice(2);',
      'const { runBuild } = await import(`${lib}/commands/build.js`);',
      'const { consoleLogger } = await import(`${lib}/logger.js`);',
      'const options = JSON.parse(json);',
      // The pause seam of the writer: at the point asked for, say so, then wait to be killed.
      "if (point !== '-') options.write = { pause: async (p) => { if (p === point) { writeFileSync(marker, String(process.pid)); await new Promise((r) => setTimeout(r, 120_000)); } } };",
      // The listing seam of the scan: folders listed in the reverse of the system's order.
      "if (order === 'reverse') options.scan = { readdir: async (dir) => (await readdir(dir, { withFileTypes: true })).reverse() };",
      'process.exitCode = await runBuild(options, consoleLogger);',
      '',
    ].join('\n'),
  );
});

/** `runBuild` in a child process, through `runner`. */
function buildArgs(options: Record<string, unknown>, seams: { point?: string; marker?: string; order?: 'reverse' } = {}): string[] {
  const lib = pathToFileURL(path.join(path.dirname(bin.bin), '..', 'lib')).href;
  return [lib, seams.point ?? '-', seams.marker ?? '-', seams.order ?? '-', JSON.stringify({ now: Date.parse(NOW), cacheDir: false, threads: 1, ...options })];
}
afterAll(async () => {
  await bin?.cleanup();
  await rm(scratch, { recursive: true, force: true });
});

/** A site in two versions: A (built before the kill) and B (being built when killed). */
function version(v: 'A' | 'B'): SiteFiles {
  const files: SiteFiles = { 'bantin.yaml': 'title: Phường Thử\npageSize: 5\n' };
  for (let i = 0; i < 24; i++) {
    files[`content/tin/bai-${i}.md`] = md({ title: `Bài ${i} bản ${v}`, date: `${String((i % 28) + 1).padStart(2, '0')}/05/2025`, author: 'Hà Vân', category: i % 2 ? 'Thông báo' : 'Hoạt động' }, `Nội dung bản ${v} của bài ${i}.\n`);
    files[`content/tin/anh-${i}.jpg`] = FAKE_JPEG;
  }
  if (v === 'B') files['content/tin/bai-moi.md'] = md({ title: 'Bài chỉ có ở bản B', date: '30/05/2025', author: 'Hà Vân', category: 'Thông báo' });
  return files;
}

/** Names beside the output folder that a run leaves when killed. */
const leftovers = async (site: TempSite) => (await readdir(site.root)).filter((n) => n.includes('.bantin-')).sort();

describe('a build killed with SIGKILL', () => {
  let refA: Record<string, string>;
  let refB: Record<string, string>;
  let refADir: string;

  beforeAll(async () => {
    const a = await createSite(version('A'));
    const b = await createSite(version('B'));
    try {
      expect((await build(a)).code).toBe(0);
      expect((await build(b)).code).toBe(0);
      refA = await a.snapshot('dist');
      refB = await b.snapshot('dist');
      refADir = path.join(scratch, 'ref-a');
      await cp(a.path('dist'), refADir, { recursive: true });
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
    expect(refA).not.toEqual(refB);
  });

  const expected: Record<PausePoint, { dist: 'A' | 'B' | 'A or missing'; beside: RegExp[] }> = {
    render: { dist: 'A', beside: [/^\.dist\.bantin-lock$/] },
    write: { dist: 'A', beside: [/^\.dist\.bantin-lock$/, /^dist\.bantin-tmp-\d+-[0-9a-f]{12}$/] },
    swap: { dist: 'A or missing', beside: [/^\.dist\.bantin-lock$/, /^dist\.bantin-old-\d+-[0-9a-f]{12}$/, /^dist\.bantin-old-\d+-[0-9a-f]{12}\.owner$/, /^dist\.bantin-tmp-\d+-[0-9a-f]{12}$/] },
    cleanup: { dist: 'B', beside: [/^\.dist\.bantin-lock$/, /^dist\.bantin-old-\d+-[0-9a-f]{12}$/, /^dist\.bantin-old-\d+-[0-9a-f]{12}\.owner$/] },
  };

  it('should have a pause point for each stage of the write', () => {
    expect([...PAUSE_POINTS]).toEqual(Object.keys(expected));
  });

  for (const point of PAUSE_POINTS) {
    it(`should leave the complete old or complete new site when killed at "${point}"${point === 'render' ? ' (where a second build meanwhile stops with BT910)' : ''}, and the next run should clear the leftovers and succeed`, async () => {
      const site = await createSite(version('B'));
      try {
        await cp(refADir, site.path('dist'), { recursive: true });
        const marker = path.join(scratch, `paused-${point}`);
        const { child, done } = startChild(runner, buildArgs({ root: site.root }, { point, marker }), { cwd: scratch });
        await waitForFile(marker, done);
        if (point === 'render') {
          // Meanwhile, a second build of the same site is stopped, naming the running one.
          const second = await build(site);
          expect(second.code).toBe(1);
          expect(second.text).toContain(`lỗi BT910: Một lần dựng khác đang chạy (PID ${child.pid}, lệnh bantin build`);
          expect(await site.snapshot('dist')).toEqual(refA);
        }
        child.kill('SIGKILL');
        const result = await done;
        expect(result.signal).toBe('SIGKILL');

        // Never a mix: the output is all A or all B; between the two renames it is briefly
        // missing, and the complete old site waits beside it.
        const beside = await leftovers(site);
        expect(beside.map((n) => expected[point].beside.some((re) => re.test(n)))).toEqual(beside.map(() => true));
        expect(beside.length).toBe(expected[point].beside.length);
        const dist = await site.snapshot('dist');
        const want = expected[point].dist;
        if (want === 'A') expect(dist).toEqual(refA);
        else if (want === 'B') expect(dist).toEqual(refB);
        else {
          expect(dist).toEqual({});
          const old = beside.find((n) => n.startsWith('dist.bantin-old-') && !n.endsWith('.owner'))!;
          expect(await snapshotTree(site.path(old))).toEqual(refA);
        }
        expect((await readOutputLock(site.path('dist')))).toBeUndefined(); // the holder is dead

        if (point === 'swap') {
          // Even a build that fails puts the old site back first.
          await site.write({ 'content/hong.md': '---\ntitle: Hỏng\n---\n' });
          const failed = await build(site);
          expect(failed.code).toBe(1);
          expect(await site.snapshot('dist')).toEqual(refA);
          await site.remove('content/hong.md');
        }
        const next = await build(site);
        expect(next.code).toBe(0);
        expect(await site.snapshot('dist')).toEqual(refB);
        expect(await leftovers(site)).toEqual([]);
        expect(existsSync(lockFileFor(site.path('dist')))).toBe(false);
      } finally {
        await site.cleanup();
      }
    });
  }
});

describe('the same site built on differently set up machines', () => {
  it('should give byte-identical output with other TZ, LANG and a reversed directory order', async () => {
    const site = await createSite(version('B'));
    const [one, two] = await Promise.all([
      runChild(runner, buildArgs({ root: site.root, out: path.join(scratch, 'mot') }), { cwd: scratch, env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } }),
      runChild(runner, buildArgs({ root: site.root, out: path.join(scratch, 'hai') }, { order: 'reverse' }), {
        cwd: scratch,
        env: { TZ: 'Pacific/Kiritimati', LANG: 'vi_VN.UTF-8', LC_ALL: 'vi_VN.UTF-8' },
      }),
    ]);
    expect([one.code, two.code], one.stderr + two.stderr).toEqual([0, 0]);
    const a = await snapshotTree(path.join(scratch, 'mot'));
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(await snapshotTree(path.join(scratch, 'hai'))).toEqual(a);
    await site.cleanup();
  });
});
