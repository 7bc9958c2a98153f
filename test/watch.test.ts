/**
 * Watch mode: the rebuild queue, the chokidar adapter on real folders, and one end-to-end run of
 * `bantin serve` with the real watcher and server (and the real command, stopped with Ctrl-C).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../src/commands/serve.js';
import { createMemoryLogger } from '../src/logger.js';
import type { Change } from '../src/dev/session.js';
import { createRebuildQueue } from '../src/dev/queue.js';
import { isIgnoredName, watchSite, type SiteWatcher } from '../src/dev/watcher.js';
import { TINY_JPEG } from './helpers/serve-fixtures.js';
import { createSite, md, type TempSite } from './helpers/site.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it gives a value (not undefined), or fail after `ms`. */
async function until<T>(check: () => Promise<T | undefined> | T | undefined, ms = 10_000, what: string | (() => string) = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(25);
  }
}

describe('editor temporary files', () => {
  it('should be ignored, and articles and images never', () => {
    for (const name of ['.a.md.swp', 'a.md.swp', 'a.md.swx', 'a.md~', '.#a.md', '#a.md#', '4913', 'a.md.tmp', '.DS_Store', '.git', 'a.md___jb_tmp___']) {
      expect([name, isIgnoredName(name)]).toEqual([name, true]);
    }
    for (const name of ['a.md', 'anh-bia.jpg', 'thong-bao', '2024', 'lich-4913.md', 'tai-lieu.pdf']) {
      expect([name, isIgnoredName(name)]).toEqual([name, false]);
    }
  });
});

describe('the rebuild queue', () => {
  it('should never run two rebuilds at once, and run one more with every change that came during a rebuild', async () => {
    const runs: string[][] = [];
    let running = 0;
    let most = 0;
    let release: (() => void) | undefined;
    const queue = createRebuildQueue<string>(async (changes) => {
      running++;
      most = Math.max(most, running);
      runs.push(changes);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    queue.push(['a']);
    await until(() => (release ? true : undefined));
    queue.push(['b']);
    queue.push(['c', 'd']);
    const r1 = release!;
    release = undefined;
    r1();
    await until(() => (release ? true : undefined));
    release!();
    await queue.idle();
    expect(runs).toEqual([['a'], ['b', 'c', 'd']]);
    expect(most).toBe(1);
  });

  it('should go on after a rebuild that throws, and tell about the error', async () => {
    const errors: unknown[] = [];
    const seen: number[][] = [];
    const queue = createRebuildQueue<number>(async (changes) => {
      seen.push(changes);
      if (changes[0] === 1) throw new Error('hỏng');
    }, (e) => errors.push(e));
    queue.push([1]);
    await queue.idle();
    queue.push([2]);
    await queue.idle();
    expect(seen).toEqual([[1], [2]]);
    expect(errors).toEqual([new Error('hỏng')]);
  });
});

describe('the watcher', () => {
  let root: string;
  let watcher: SiteWatcher | undefined;
  let batches: Change[][];

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bantin-watch-'));
    await mkdir(path.join(root, 'content/tin'), { recursive: true });
    await mkdir(path.join(root, 'templates/pages'), { recursive: true });
    await mkdir(path.join(root, 'dist'), { recursive: true });
    await writeFile(path.join(root, 'content/tin/a.md'), 'a');
    await writeFile(path.join(root, 'bantin.yaml'), 'title: A\n');
    batches = [];
    watcher = await watchSite(
      { content: path.join(root, 'content'), templates: path.join(root, 'templates'), config: path.join(root, 'bantin.yaml'), static: path.join(root, 'static'), ignore: [path.join(root, 'dist')] },
      { debounceMs: 80, onChanges: (changes) => batches.push(changes) },
    );
  });
  afterEach(async () => {
    await watcher?.close();
    await rm(root, { recursive: true, force: true });
  });

  const rel = (batch: Change[]) => batch.map((c) => `${c.kind}:${path.relative(root, c.path).split(path.sep).join('/')}`).sort();

  it('should turn a burst of saves into one batch', async () => {
    for (let i = 0; i < 5; i++) {
      await writeFile(path.join(root, 'content/tin/a.md'), `lần ${i}`);
      await sleep(10);
    }
    await until(() => (batches.length > 0 ? true : undefined), 5000, 'a batch');
    await sleep(300);
    expect(batches.map(rel)).toEqual([['content:content/tin/a.md']]);
  });

  it('should not lose a save made while chokidar ignores changes of the file (50 ms after one)', async () => {
    await watcher?.close();
    const seen: string[] = [];
    const file = path.join(root, 'content/tin/a.md');
    const onChanges = () => {
      seen.push(readFileSync(file, 'utf8'));
      // Saved again right after the first batch was read: inside chokidar's 50 ms throttle window.
      if (seen.length === 1) writeFileSync(file, 'lần 2');
    };
    watcher = await watchSite({ content: path.join(root, 'content') }, { debounceMs: 5, onChanges });
    await writeFile(file, 'lần 1');
    await until(() => (seen.at(-1) === 'lần 2' ? true : undefined), 3000, () => `the second save, read: ${JSON.stringify(seen)}`);
  });

  it('should see an atomic save (temporary file renamed over the article) and ignore the swap files around it', async () => {
    await writeFile(path.join(root, 'content/tin/.a.md.swp'), 'x');
    await writeFile(path.join(root, 'content/tin/4913'), '');
    await rm(path.join(root, 'content/tin/4913'));
    await writeFile(path.join(root, 'content/tin/a.md~'), 'a');
    await writeFile(path.join(root, 'content/tin/a.md.tmp'), 'mới');
    await rename(path.join(root, 'content/tin/a.md.tmp'), path.join(root, 'content/tin/a.md'));
    await until(() => (batches.some((b) => rel(b).includes('content:content/tin/a.md')) ? true : undefined), 5000, 'the article');
    await sleep(300);
    const all = batches.flatMap(rel);
    expect(all).toContain('content:content/tin/a.md');
    expect(all.filter((p) => /swp|4913|~|\.tmp/.test(p))).toEqual([]);
  });

  it('should see static/ appear (its parent watched until then) and report it as a static change', async () => {
    await mkdir(path.join(root, 'static'));
    await until(() => (batches.flat().some((c) => c.kind === 'static') ? true : undefined), 5000, 'static/ to appear');
    expect([...new Set(batches.flatMap(rel))]).toEqual(['static:static']);
    // Another file in the site's root is not a change of static/.
    batches = [];
    await writeFile(path.join(root, 'khac.txt'), 'x');
    await sleep(300);
    expect(batches.flat()).toEqual([]);
  });

  it('should report new folders, deletions, templates and the config with their kinds, and nothing of the output folder', async () => {
    await mkdir(path.join(root, 'content/moi'));
    await writeFile(path.join(root, 'content/moi/b.md'), 'b');
    await rm(path.join(root, 'content/tin/a.md'));
    await writeFile(path.join(root, 'templates/pages/home.hbs'), 'x');
    await writeFile(path.join(root, 'bantin.yaml'), 'title: B\n');
    await writeFile(path.join(root, 'dist/index.html'), 'x');
    await writeFile(path.join(root, 'khac.txt'), 'x');
    await until(() => (batches.flat().length >= 5 ? true : undefined), 5000, 'five changes');
    await sleep(300);
    expect([...new Set(batches.flatMap(rel))].sort()).toEqual(
      ['config:bantin.yaml', 'content:content/moi', 'content:content/moi/b.md', 'content:content/tin/a.md', 'templates:templates/pages/home.hbs'].sort(),
    );
  });
});

/** GET a path of a local server: status and body. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bantin serve end to end, with the real watcher and server', () => {
  let site: TempSite;
  let handle: ServeHandle;
  const logger = createMemoryLogger();
  const articleUrl = () => `${handle.url}thong-bao/lich-tiep-cong-dan/`;

  beforeAll(async () => {
    site = await createSite({
      'bantin.yaml': 'title: Bản tin phường Thử\nbaseUrl: https://phuong-thu.gov.vn/\n',
      'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân', date: '20/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo' }, 'Bản đầu tiên.\n'),
      'content/thong-bao/hop.md': md({ title: 'Họp dân tổ 3', date: '21/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo' }, 'Họp dân.\n'),
    });
    const started = await startServe({ root: site.root, cwd: site.root, port: 0, cacheDir: false, threads: 1 }, logger);
    if (typeof started === 'number') throw new Error(logger.text());
    handle = started;
  });
  afterAll(async () => {
    await handle?.close();
    await site?.cleanup();
  });

  it('should print the address on a line of its own', () => {
    expect(logger.lines).toContain(handle.url);
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('should serve a saved change, and tell open pages to reload', async () => {
    const events: string[] = [];
    const req = request(`${handle.url}__bantin/events`, (res) => res.on('data', (c: Buffer) => events.push(c.toString('utf8'))));
    req.end();
    await until(() => (events.join('').includes('hello') ? true : undefined), 5000, 'the event stream');
    await site.write({ 'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân', date: '20/05/2025 08:00', author: 'Hà Vân', category: 'Thông báo' }, 'Bản thứ hai.\n') });
    await until(async () => ((await get(articleUrl())).body.includes('Bản thứ hai.') ? true : undefined), 10_000, 'the new text');
    await until(() => (events.join('').includes('event: reload') ? true : undefined), 5000, 'a reload event');
    req.destroy();
    expect(logger.text()).toMatch(/content\/thong-bao\/lich\.md: cập nhật trong \d+ ms/);
  });

  it('should show a mistake in the terminal and the browser, then recover when it is fixed, without a restart', async () => {
    await site.write({ 'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân', date: '31/04/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Bản lỗi.\n') });
    const page = await until(async () => {
      const res = await get(articleUrl());
      return res.body.includes('Trang chưa được cập nhật') ? res.body : undefined;
    }, 10_000, () => `the error overlay:\n${logger.text()}`);
    expect(page).toContain('content/thong-bao/lich.md:3:1');
    expect(page).toContain('Bản thứ hai.');
    expect(logger.text()).toContain('lỗi BT114: Ngày "31/04/2025" không có trong lịch.');
    await site.write({ 'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân', date: '30/04/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Bản đã sửa.\n') });
    const fixed = await until(async () => {
      const res = await get(articleUrl());
      return res.body.includes('Bản đã sửa.') ? res.body : undefined;
    }, 10_000, 'the fixed page');
    expect(fixed).not.toContain('Trang chưa được cập nhật');
  });

  it('should take an atomic save and a burst of saves, the last content winning', async () => {
    const text = (n: number) => md({ title: 'Lịch tiếp công dân', date: '30/04/2025', author: 'Hà Vân', category: 'Thông báo' }, `Lần lưu ${n}.\n`);
    for (let n = 1; n <= 4; n++) {
      const tmp = site.path(`content/thong-bao/.lich.md.${n}.tmp`);
      await writeFile(tmp, text(n));
      await rename(tmp, site.path('content/thong-bao/lich.md'));
    }
    await until(async () => ((await get(articleUrl())).body.includes('Lần lưu 4.') ? true : undefined), 10_000, 'the last save');
    await handle.idle();
    expect((await get(articleUrl())).body).toContain('Lần lưu 4.');
  });

  it('should take a file put into static/ (a folder the site did not have) as the target of a link, without a restart', async () => {
    // A link to a file static/ does not have yet: the page shows the error.
    const withLink = (n: number) => md({ title: 'Lịch tiếp công dân', date: '30/04/2025', author: 'Hà Vân', category: 'Thông báo' }, `Tải [mẫu đơn](/tai-lieu/mau-don.txt) lần ${n}.\n`);
    await site.write({ 'content/thong-bao/lich.md': withLink(1) });
    await until(async () => ((await get(articleUrl())).body.includes('Trang chưa được cập nhật') ? true : undefined), 10_000, () => `the broken link to be shown:\n${logger.text()}`);
    // The file appears in static/ (made now): the link is good, and the page is served without the error.
    await site.write({ 'static/tai-lieu/mau-don.txt': 'mau don 1\n' });
    const fixed = await until(async () => {
      const res = await get(articleUrl());
      return res.body.includes('lần 1.') && !res.body.includes('Trang chưa được cập nhật') ? res.body : undefined;
    }, 10_000, () => `the link to be good:\n${logger.text()}`);
    expect(fixed).toContain('href="/tai-lieu/mau-don.txt"');
    expect((await get(`${handle.url}tai-lieu/mau-don.txt`)).body).toBe('mau don 1\n');
    // static/ is watched itself now: removing the file breaks the link again.
    await site.remove('static/tai-lieu/mau-don.txt');
    await until(async () => ((await get(articleUrl())).body.includes('Trang chưa được cập nhật') ? true : undefined), 10_000, 'the link to be broken again');
    await site.remove('static');
    await site.write({ 'content/thong-bao/lich.md': md({ title: 'Lịch tiếp công dân', date: '30/04/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Lần lưu 4.\n') });
    await until(async () => {
      const body = (await get(articleUrl())).body;
      return body.includes('Lần lưu 4.') && !body.includes('Trang chưa được cập nhật') ? true : undefined;
    }, 10_000, () => `the article without the link:\n${logger.text()}`);
  });

  it('should drop the old URL of a deleted article and take a new folder with its image', async () => {
    await site.remove('content/thong-bao/hop.md');
    await site.write({
      'content/y-te/tiem.md': md({ title: 'Tiêm chủng mở rộng', date: '22/05/2025', author: 'Hà Vân', category: 'Y tế' }, '![Trạm y tế](tram.jpg "Trạm y tế phường")\n'),
      'content/y-te/tram.jpg': TINY_JPEG,
    });
    await until(async () => ((await get(`${handle.url}y-te/tiem-chung-mo-rong/`)).status === 200 ? true : undefined), 10_000, 'the new article');
    await until(async () => ((await get(`${handle.url}thong-bao/hop-dan-to-3/`)).status === 404 ? true : undefined), 10_000, () => `the old URL to go:\n${logger.text()}`);
    expect((await get(`${handle.url}y-te/tram.jpg`)).status).toBe(200);
  });
});

describe('the bantin serve command', () => {
  let tmp: string;
  let site: TempSite;

  beforeAll(async () => {
    // The compiled tool in a folder of its own, so that other test files compiling lib/ do not interfere.
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bantin-serve-bin-'));
    // tsc writes the files even when another part of the tree being edited has type errors.
    spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', path.join(REPO, 'tsconfig.json'), '--outDir', path.join(tmp, 'lib')], { stdio: 'pipe' });
    if (!existsSync(path.join(tmp, 'lib/cli.js'))) throw new Error('tsc wrote no lib/cli.js');
    await mkdir(path.join(tmp, 'bin'));
    await copyFile(path.join(REPO, 'bin/bantin.js'), path.join(tmp, 'bin/bantin.js'));
    await copyFile(path.join(REPO, 'package.json'), path.join(tmp, 'package.json'));
    await symlink(path.join(REPO, 'node_modules'), path.join(tmp, 'node_modules'));
    await symlink(path.join(REPO, 'templates'), path.join(tmp, 'templates'));
    site = await createSite({ 'content/tin/a.md': md({ title: 'Bài A', date: '20/05/2025', author: 'Hà Vân', category: 'Tin tức' }) });
  }, 120_000);
  afterAll(async () => {
    await site?.cleanup();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('should print its address, serve, follow a save (watching on its own thread), and stop cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(tmp, 'bin/bantin.js'), 'serve', '--root', site.root, '--content', site.path('content'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await until(() => /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1], 60_000, `the address in:\n${out}`);
      expect((await get(`${url}tin-tuc/bai-a/`)).status).toBe(200);
      await site.write({ 'content/tin/a.md': md({ title: 'Bài A', date: '20/05/2025', author: 'Hà Vân', category: 'Tin tức' }, 'Đã sửa từ dòng lệnh.\n') });
      await until(async () => ((await get(`${url}tin-tuc/bai-a/`)).body.includes('Đã sửa từ dòng lệnh.') ? true : undefined), 30_000, () => `the saved text:\n${out}`);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Đã dừng trang xem trước.');
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('should stop when the process that started it dies, as npx leaves it when killed (npx → sh → node)', async () => {
    // A shell starts serve in the background and waits, as npm's `sh -c` does; SIGKILL to the shell
    // leaves node adopted by init, with no signal of its own.
    const script = '"$0" "$1" serve --root "$2" --content "$3" --port 0 & echo "pid:$!"; wait';
    const shell = spawn('sh', ['-c', script, process.execPath, path.join(tmp, 'bin/bantin.js'), site.root, site.path('content')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    shell.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    shell.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    let pid = 0;
    try {
      pid = Number(await until(() => /^pid:(\d+)$/m.exec(out)?.[1], 10_000, `the pid in:\n${out}`));
      const url = await until(() => /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1], 60_000, `the address in:\n${out}`);
      expect((await get(`${url}tin-tuc/bai-a/`)).status).toBe(200);
      shell.kill('SIGKILL');
      await until(() => (alive(pid) ? undefined : true), 10_000, () => `serve (pid ${pid}) to stop after its parent died:\n${out}`);
      expect(out).toContain('Tiến trình đã khởi động bantin serve (npx, npm) đã dừng.');
      expect(out).toContain('Đã dừng trang xem trước.');
      await expect(get(`${url}tin-tuc/bai-a/`)).rejects.toThrow();
    } finally {
      shell.kill('SIGKILL');
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 90_000);
});
