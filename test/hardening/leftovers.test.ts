/**
 * Leftovers beside the output folder (issue 14): deleting a replaced output never leaves an
 * unmarked copy behind, whenever it is interrupted; a `dist.bantin-old-*` folder this machine did
 * not record (committed to the repository, copied from elsewhere) is never taken for the site.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile, lstat } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTPUT_MARK, recoverOutput, writeSite, type OutputFile } from '../../src/output/write-output.js';

const page = (text: string): OutputFile[] => Array.from({ length: 30 }, (_, i) => ({ path: `muc-${i}/index.html`, contents: `${text} ${i}` }));
const isMarked = (dir: string) =>
  lstat(path.join(dir, OUTPUT_MARK)).then(
    (i) => i.isFile(),
    () => false,
  );

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'bantin-leftovers-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('deleting the replaced output', () => {
  it('should never leave an unmarked copy behind when interrupted at any step of the deletion', async () => {
    const out = path.join(work, 'dist');
    for (let stopAfter = 0; stopAfter < 34; stopAfter++) {
      await rm(work, { recursive: true, force: true });
      await mkdir(work);
      await writeSite(out, page('cũ'));
      // A removal interrupted after `stopAfter` deletions inside the old folder, as a kill would:
      // recursive removals delete entry by entry, the mark among them, in listing order.
      let deletions = 0;
      const interrupted = async (target: string, options?: Parameters<typeof fsp.rm>[1]) => {
        const name = path.basename(path.dirname(target)) + '/' + path.basename(target);
        const inOld = name.includes('.bantin-old-') || path.basename(target).includes('.bantin-old-');
        if (!inOld) return fsp.rm(target, options);
        if (options?.recursive && path.basename(target).includes('.bantin-old-')) {
          for (const entry of (await fsp.readdir(target)).sort()) {
            if (deletions++ >= stopAfter) throw Object.assign(new Error('killed'), { code: 'EINTR' });
            await fsp.rm(path.join(target, entry), { recursive: true, force: true });
          }
          return fsp.rm(target, options);
        }
        if (deletions++ >= stopAfter) throw Object.assign(new Error('killed'), { code: 'EINTR' });
        return fsp.rm(target, options);
      };
      await writeSite(out, page('mới'), { fs: { rm: interrupted as typeof fsp.rm } });
      for (const name of await readdir(work)) {
        if (!name.startsWith('dist.bantin-old-') || name.endsWith('.owner')) continue;
        const dir = path.join(work, name);
        const left = await readdir(dir);
        expect(left.length === 0 || (await isMarked(dir)), `stopped after ${stopAfter}: ${left.join(', ')}`).toBe(true);
      }
      // The next run clears what is left.
      await writeSite(out, page('mới hơn'));
      expect((await readdir(work)).filter((n) => n.includes('.bantin-'))).toEqual([]);
    }
  });
});

describe('an old output this machine did not record', () => {
  it('should never be moved into place, even when the output is missing', async () => {
    const out = path.join(work, 'dist');
    // As committed to a repository: marked, named like ours, with a made-up owner record.
    const planted = path.join(work, 'dist.bantin-old-99999-abcdefabcdef');
    await mkdir(planted);
    await writeFile(path.join(planted, OUTPUT_MARK), 'x');
    await writeFile(path.join(planted, 'index.html'), '<p>trang giả</p>');
    await writeFile(`${planted}.owner`, JSON.stringify({ host: os.hostname(), pid: 99999, name: path.basename(planted), mac: '00'.repeat(32) }));
    await recoverOutput(out);
    await expect(lstat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    // Left as it is: not ours to delete either.
    expect(await readdir(planted)).toEqual([OUTPUT_MARK, 'index.html'].sort());
  });

  it('should still move back an old output this machine moved aside', async () => {
    const out = path.join(work, 'dist');
    await writeSite(out, page('cũ'));
    let moved = '';
    // Stop between the two renames, as a kill there would: the old output is aside, the new not in place.
    await expect(
      writeSite(out, page('mới'), {
        pause: (point) => {
          if (point === 'swap') throw Object.assign(new Error('killed'), { code: 'EINTR' });
        },
        fs: {
          rename: async (from, to) => {
            if (String(to).includes('.bantin-old-')) moved = String(to);
            return fsp.rename(from, to);
          },
        },
      }),
    ).rejects.toBeDefined();
    expect(moved).not.toBe('');
    // The failed swap put it back itself; move it aside again to see recovery do it.
    await fsp.rename(out, moved).catch(() => undefined);
    await recoverOutput(out);
    expect((await readdir(out)).length).toBeGreaterThan(1);
  });
});
