/**
 * The dev server: node:http on 127.0.0.1 by default. Pages come from the session's memory
 * (rendered on request), files from the disk by the paths the session knows — a URL is never
 * joined to a folder, so nothing outside the site can be reached. Open pages reload through
 * server-sent events on `/__bantin/events`.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, relative, isAbsolute, sep } from 'node:path';
import { encodePath } from '../text/url-path.js';
import type { SiteSession } from './session.js';
import { errorPage, EVENTS_PATH, injectDev } from './overlay.js';

/** Content types by extension; anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.zip': 'application/zip',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface DevServerOptions {
  readonly session: Pick<SiteSession, 'lookup' | 'notFoundPage' | 'state'> & Partial<Pick<SiteSession, 'servedRoots'>>;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Default 4000; 0 means any free port. */
  readonly port?: number | undefined;
  /** How many following ports to try when the port is taken (default 20; none for port 0). */
  readonly tries?: number | undefined;
  /** Told about each port found taken. */
  readonly onPortTaken?: ((port: number) => void) | undefined;
}

export interface DevServer {
  /** `http://127.0.0.1:4000/` (the server's root; the site is under its base path). */
  readonly url: string;
  readonly port: number;
  /** Tell every open page to reload. */
  reload(): void;
  /** Number of pages listening for reloads. */
  readonly listeners: number;
  close(): Promise<void>;
}

const DEFAULT_PORT = 4000;

/** Most pages listening for reloads at once; more are refused (503), so no one can exhaust the server. */
export const MAX_EVENT_STREAMS = 64;

/**
 * The names a request may give in its `Host` header: the loopback names, the `--host` given, and,
 * when it listens on every interface (`0.0.0.0`, `::`), the machine's own addresses. Any other name
 * (a DNS rebinding attack: a web page whose domain now points at 127.0.0.1) is refused, so no
 * other site can read the preview, its drafts or its error overlay.
 */
export function allowedHosts(host: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const add = (name: string) => names.add(name.includes(':') ? `[${name.toLowerCase()}]` : name.toLowerCase());
  add(host);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.replace(/%.*$/, ''));
  }
  return names;
}

/** The host name of a `Host` header without its port, lower case (`[::1]` keeps its brackets). */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.%]+\]|[^:]+)(?::\d{1,5})?$/.exec(value);
  return m?.[1];
}

/**
 * Start the server; resolves once it listens.
 *
 * Long: the request handler (Host check, path decoding, file lookup without symlinks, event streams, overlays) closes over the server's state; each branch is short and commented.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { session } = options;
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<ServerResponse>();
  const hosts = allowedHosts(host);
  /** Changes at each start: a page that sees a new id after reconnecting reloads. */
  const serverId = randomBytes(6).toString('hex');

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Lỗi máy chủ xem trước: ${e instanceof Error ? e.message : String(e)}`);
    });
  });

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean, headers: Record<string, string> = {}) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    res.end(head ? undefined : bytes);
  };
  const plain = (res: ServerResponse, status: number, text: string, head: boolean) => send(res, status, 'text/plain; charset=utf-8', `${text}\n`, head);
  const page = (res: ServerResponse, status: number, html: string, head: boolean) =>
    send(res, status, 'text/html; charset=utf-8', injectDev(html, session.state.diagnostics, session.state.texts), head);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = req.method === 'HEAD';
    const name = hostName(req.headers.host);
    if (name === undefined || !hosts.has(name)) {
      plain(res, 421, `Máy chủ xem trước chỉ trả lời địa chỉ ${[...hosts].slice(0, 4).join(', ')}; tên "${String(req.headers.host ?? '').slice(0, 100)}" không được nhận (chống tấn công DNS rebinding).`, head);
      return;
    }
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      plain(res, 405, 'Chỉ hỗ trợ GET và HEAD.', false);
      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const rawPath = q === -1 ? raw : raw.slice(0, q);
    const query = q === -1 ? '' : raw.slice(q);
    if (rawPath === EVENTS_PATH) {
      events(req, res);
      return;
    }
    const path = decodeRequestPath(rawPath);
    if (path === undefined) {
      plain(res, 400, 'Đường dẫn không hợp lệ.', head);
      return;
    }
    if (path.startsWith('/__bantin/')) {
      plain(res, 404, 'Không có.', head);
      return;
    }
    const base = session.state.basePath;
    if (!path.startsWith(base)) {
      if (`${path}/` === base || path === '/') {
        res.writeHead(302, { location: base + query, 'cache-control': 'no-store' }).end();
        return;
      }
      return notFound(res, head);
    }
    const sitePath = path.slice(base.length);
    const found = session.lookup(sitePath);
    switch (found.type) {
      case 'page':
        page(res, 200, found.html, head);
        return;
      case 'error':
        send(res, 500, 'text/html; charset=utf-8', errorPage(found.diagnostics, session.state.texts), head);
        return;
      case 'redirect':
        res.writeHead(301, { location: base + encodePath(found.location) + query, 'cache-control': 'no-store' }).end();
        return;
      case 'file':
        return file(res, found.abs, head);
      case 'generated':
        send(res, 200, contentTypeOf(found.path), found.contents, head);
        return;
      case 'missing':
        return notFound(res, head);
    }
  }

  function notFound(res: ServerResponse, head: boolean) {
    const html = session.notFoundPage();
    if (html !== undefined) page(res, 404, html, head);
    else plain(res, 404, 'Không tìm thấy trang.', head);
  }

  /**
   * A file of the site, opened as it is now: its real path must lie inside a folder the site is
   * read from (a file swapped for a link to outside the site since the scan is refused), and the
   * file is opened without following a link (O_NOFOLLOW) and must be a regular file.
   */
  async function file(res: ServerResponse, abs: string, head: boolean) {
    const real = await realpath(abs).catch(() => undefined);
    const roots = session.servedRoots?.();
    if (real === undefined || (roots !== undefined && !(await insideAny(real, roots)))) return notFound(res, head);
    const handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => undefined);
    if (!handle) return notFound(res, head);
    let closed = false;
    const close = () => {
      if (!closed) {
        closed = true;
        handle.close().catch(() => undefined);
      }
    };
    try {
      const info = await handle.stat();
      if (!info.isFile()) return notFound(res, head);
      const type = contentTypeOf(abs);
      if (type.startsWith('text/html')) {
        // The site's own HTML pages (static/) are served pages too: they get the reload snippet.
        const html = await handle.readFile('utf8').catch(() => undefined);
        if (html === undefined) return notFound(res, head);
        page(res, 200, html, head);
        return;
      }
      res.writeHead(200, { 'content-type': type, 'content-length': String(info.size), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      if (head) {
        res.end();
        return;
      }
      closed = true; // The stream closes the handle.
      const stream = handle.createReadStream({ autoClose: true });
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } finally {
      close();
    }
  }

  function events(req: IncomingMessage, res: ServerResponse) {
    if (clients.size >= MAX_EVENT_STREAMS) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5', 'cache-control': 'no-store' });
      res.end(`Đã có ${MAX_EVENT_STREAMS} trang đang chờ tải lại; đóng bớt các thẻ đang mở rồi thử lại.\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 1000\nevent: hello\ndata: ${serverId}\n\n`);
    clients.add(res);
    req.on('close', () => clients.delete(res));
  }

  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': ping\n\n');
  }, 25_000);
  heartbeat.unref();

  // Listen: the port asked for, else the following ones.
  const first = options.port ?? DEFAULT_PORT;
  const tries = first === 0 ? 0 : (options.tries ?? 20);
  let port = first;
  for (let attempt = 0; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => {
          server.off('listening', onListening);
          reject(e);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && attempt < tries && port < 65535) {
        options.onPortTaken?.(port);
        port++;
        continue;
      }
      clearInterval(heartbeat);
      throw e;
    }
  }
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    reload() {
      for (const res of clients) res.write('event: reload\ndata: 1\n\n');
    },
    get listeners() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Whether `real` (a real path) lies inside one of `roots` (taken by their real paths). */
async function insideAny(real: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    const r = await realpath(root).catch(() => undefined);
    if (r === undefined) continue;
    const rel = relative(r, real);
    if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return true;
  }
  return false;
}

/**
 * The decoded path of a request (`/tin/bài/`), or undefined when it is not acceptable: not
 * starting with `/`, badly encoded, holding NUL or `\`, or with a `.`/`..` part (`/../`, `%2e%2e`).
 */
export function decodeRequestPath(rawPath: string): string | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((part) => part === '..' || part === '.')) return undefined;
  return decoded.normalize('NFC');
}
