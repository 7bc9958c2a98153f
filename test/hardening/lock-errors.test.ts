/**
 * The output lock on a read-only, full or forbidden disk (issue 14): BT909 naming the folder, never
 * a stack. CI runs as root, where permissions cannot fail for real: the errno is injected through
 * the lock's file-system seam.
 */
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/commands/build.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { createMemoryLogger } from '../../src/logger.js';
import { acquireOutputLock } from '../../src/output/lock.js';
import { createSite, md } from '../helpers/site.js';
import { NOW } from './helpers.js';

const failing = (code: string) => async () => {
  throw Object.assign(new Error(`${code}: injected`), { code, syscall: 'open' });
};

describe('the output lock on a disk that refuses it', () => {
  for (const code of ['EROFS', 'EACCES', 'ENOSPC', 'EPERM']) {
    it(`should stop the build with BT909 and a Vietnamese line on ${code}, no stack, the old site kept`, async () => {
      const site = await createSite({
        'content/a.md': md({ title: 'Bài', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }),
        'dist/.bantin-output': 'cũ\n',
        'dist/index.html': '<p>trang cũ</p>\n',
      });
      try {
        const before = await site.snapshot('dist');
        const logger = createMemoryLogger();
        const exit = await runBuild(
          { root: site.root, cwd: site.root, now: Date.parse(NOW), cacheDir: false, threads: 1, lock: { fs: { writeFile: failing(code) as never, mkdir: (code === 'EROFS' ? failing(code) : undefined) as never } } },
          logger,
        ).catch((e: unknown) => e);
        expect(exit).toBe(1);
        const text = logger.text();
        expect(text).toMatch(/dist\s+lỗi BT909: .+/);
        expect(text).toMatch(/Cách sửa: /);
        expect(text).not.toMatch(/\n\s+at /);
        expect(await site.snapshot('dist')).toEqual(before);
      } finally {
        await site.cleanup();
      }
    });
  }

  it('should give a UserError BT909 from acquireOutputLock itself', async () => {
    const site = await createSite({});
    try {
      const err = await acquireOutputLock(site.path('dist'), { fs: { writeFile: failing('EROFS') as never } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).diagnostics[0]).toMatchObject({ code: 'BT909' });
    } finally {
      await site.cleanup();
    }
  });
});
