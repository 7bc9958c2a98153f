/**
 * The preview server (issue 14): only loopback names and the `--host` given are answered (DNS
 * rebinding cannot read drafts or the error overlay); a file swapped for a link to outside the site
 * after the scan is not served; event streams are capped.
 */
import { mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENT_STREAMS, startDevServer, type DevServer } from '../../src/dev/server.js';
import { createSiteSession, type SiteSession } from '../../src/dev/session.js';
import { createSite, FAKE_JPEG, md, type TempSite } from '../helpers/site.js';
import { NOW } from './helpers.js';

const DRAFT = md({ title: 'Bản nháp bí mật', date: '01/05/2025', author: 'Hà Vân', category: 'Thông báo' }, 'Chưa được công bố.\n');

function get(port: number, urlPath: string, host: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (host !== undefined) headers.host = host;
    const req = request({ host: '127.0.0.1', port, path: urlPath, method: 'GET', headers, setHost: host === undefined ? false : true }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the preview server as a target', () => {
  let site: TempSite;
  let session: SiteSession;
  let server: DevServer;
  let outside: string;

  beforeEach(async () => {
    outside = await mkdtemp(path.join(os.tmpdir(), 'bantin-outside-'));
    await writeFile(path.join(outside, 'mat-khau.jpg'), 'BI-MAT cua may xem truoc');
    site = await createSite({ 'content/thong-bao/a.md': DRAFT, 'content/thong-bao/anh.jpg': FAKE_JPEG });
    session = createSiteSession({ root: site.root, cwd: site.root, now: Date.parse(NOW), cacheDir: false, threads: 1 });
    await session.start();
    server = await startDevServer({ session, port: 0 });
  });
  afterEach(async () => {
    await server.close();
    await site.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('should answer the loopback names, and refuse any other Host with a Vietnamese line', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, 'LOCALHOST']) {
      expect((await get(server.port, '/thong-bao/ban-nhap-bi-mat/', host)).status, host).toBe(200);
    }
    for (const host of [`ke-gian.example:${server.port}`, 'ke-gian.example', '127.0.0.1.nip.io', 'localhost.ke-gian.example']) {
      const res = await get(server.port, '/thong-bao/ban-nhap-bi-mat/', host);
      expect([421, 403], `${host} → ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain('Chưa được công bố');
      expect(res.body).toMatch(/không được nhận/);
    }
    // Without a Host header at all, Node itself refuses the request.
    const bare = await get(server.port, '/thong-bao/ban-nhap-bi-mat/', undefined);
    expect(bare.status).toBe(400);
    expect(bare.body).not.toContain('Chưa được công bố');
    // Nor the reload stream.
    expect((await get(server.port, '/__bantin/events', 'ke-gian.example')).status).toBe(421);
  });

  it('should not serve a file swapped for a link to outside the site after the scan', async () => {
    const before = await get(server.port, '/thong-bao/anh.jpg', `127.0.0.1:${server.port}`);
    expect(before.status).toBe(200);
    await unlink(site.path('content/thong-bao/anh.jpg'));
    await symlink(path.join(outside, 'mat-khau.jpg'), site.path('content/thong-bao/anh.jpg'));
    const after = await get(server.port, '/thong-bao/anh.jpg', `127.0.0.1:${server.port}`);
    expect(after.body).not.toContain('BI-MAT');
    expect(after.status).toBe(404);
  });

  it('should cap the event streams', async () => {
    const open: Array<ReturnType<typeof request>> = [];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < MAX_EVENT_STREAMS + 3; i++) {
        statuses.push(
          await new Promise<number>((resolve, reject) => {
            const req = request({ host: '127.0.0.1', port: server.port, path: '/__bantin/events' }, (res) => {
              resolve(res.statusCode ?? 0);
              res.resume();
            });
            req.on('error', reject);
            req.end();
            open.push(req);
          }),
        );
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_EVENT_STREAMS);
      expect(statuses.slice(MAX_EVENT_STREAMS)).toEqual([503, 503, 503]);
      expect(server.listeners).toBe(MAX_EVENT_STREAMS);
    } finally {
      for (const req of open) req.destroy();
    }
  });
});
