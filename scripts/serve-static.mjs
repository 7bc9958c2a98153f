#!/usr/bin/env node
// A tiny static file server for a built site, for the browser tests and `npm run audit`.
//
//   node scripts/serve-static.mjs [DIR] [PORT]      (default: dist, a free port)
//
// Binds to 127.0.0.1 only. Serves `x/index.html` for `x/`, redirects `x` to `x/` when `x` is a
// folder, answers 404 with the site's own 404.html, and gzips text when the browser asks (as any
// real web server would, so Lighthouse measures realistic transfer sizes).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg)/;

/**
 * Serve the files of `root` over HTTP on 127.0.0.1.
 * @param {{ root: string, port?: number, host?: string }} options `port` 0 (the default) picks a free port.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>} `url` ends with `/`.
 */
export async function start({ root, port = 0, host = '127.0.0.1' }) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    handle(base, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://${host}:${address.port}/`,
    port: address.port,
    close: () =>
      new Promise((done) => {
        server.close(() => done(undefined));
        server.closeAllConnections();
      }),
  };
}

/** @param {string} base @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
async function handle(base, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = resolve(join(base, path));
  if (file !== base && !file.startsWith(base + sep)) {
    res.writeHead(403).end();
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      res.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  let status = 200;
  if (!info?.isFile()) {
    status = 404;
    file = join(base, '404.html');
    info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404');
      return;
    }
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const headers = { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (gzip) Object.assign(headers, { 'content-encoding': 'gzip', vary: 'accept-encoding' });
  else headers['content-length'] = String(info.size);
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
}

// Run from the command line: serve a folder until Ctrl+C.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dir = 'dist', port = '0'] = process.argv.slice(2);
  const server = await start({ root: dir, port: Number(port) });
  console.log(`Đang phục vụ ${resolve(dir)} tại ${server.url} (Ctrl+C để dừng)`);
}
