import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CMS_FOLDER } from '../cms/config.js';
import { startLocalBackend, withStatic, type LocalBackend } from '../cms/local-backend.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { startDevServer, type DevServer } from '../dev/server.js';
import { createSiteSession, type Change, type RebuildReport, type SiteSession } from '../dev/session.js';
import { createRebuildQueue } from '../dev/queue.js';
import { watchSite, type SiteWatcher } from '../dev/watcher.js';
import { leftOutEntry } from './build.js';
import type { SiteOptions } from '../project/paths.js';

export interface ServeOptions extends SiteOptions {
  port?: number | undefined;
  host?: string | undefined;
  /** Quiet time before a burst of file events becomes a rebuild, in ms (default 50). */
  debounceMs?: number | undefined;
  /** Also run the browser editor's local backend (decap-server on 127.0.0.1): `--cms`. */
  cms?: boolean | undefined;
}

export interface ServeHandle {
  /** Address of the site, e.g. `http://127.0.0.1:4000/` (with the base path). */
  readonly url: string;
  readonly session: SiteSession;
  readonly server: DevServer;
  /** Resolves when no rebuild runs or waits. */
  idle(): Promise<void>;
  /** Reports of every rebuild so far, oldest first. */
  readonly reports: readonly RebuildReport[];
  /** Stop watching and serving, and keep the article cache for the next build. */
  close(): Promise<void>;
}

/**
 * Build the site into memory, serve it and watch its files. Returns the exit code instead when
 * there is nothing to serve at all (no content folder).
 *
 * Long: the order of start-up matters (lock, first build, server, watcher, editor backend, parent watch) and each step must undo the earlier ones when it fails; kept in one function so that order and its unwinding read top to bottom.
 */
export async function startServe(options: ServeOptions, logger: Logger): Promise<ServeHandle | number> {
  const started = performance.now();
  const session = createSiteSession({
    ...options,
    onProblem: (d) => logger.error(`${stamp()} Lỗi khi dựng trang được yêu cầu:\n${formatDiagnostics([d], session.state.texts)}`),
  });
  const first = await session.start();
  if (first.state.diagnostics.some((d) => d.code === 'BT005')) {
    logger.error(formatDiagnostics(first.state.diagnostics));
    return 1;
  }
  const printer = createPrinter(logger);
  printer.first(first, performance.now() - started);

  // Watch first, then serve: a page served means every later save is seen.
  let server: DevServer | undefined;
  const reports: RebuildReport[] = [first];
  let watcher: SiteWatcher | undefined;
  let watchedPaths = '';
  const targets = () => {
    const { paths } = session;
    return {
      content: paths.content,
      templates: paths.templates,
      // Without a config file, its default place is watched, so creating one is noticed.
      config: paths.config ?? (paths.configGiven ? undefined : join(paths.root, 'bantin.yaml')),
      ignore: [resolve(paths.root, 'dist'), resolve(paths.root, '.cache')],
    };
  };
  /** After an edit whose page was planned apart, the rest of the site is planned once the editor pauses. */
  let settleTimer: NodeJS.Timeout | undefined;
  const queue = createRebuildQueue<Change>(
    async (changes) => {
      clearTimeout(settleTimer);
      const report = await session.rebuild(changes);
      reports.push(report);
      printer.rebuild(report);
      if (report.scope !== 'none') server?.reload();
      if (report.scope !== 'none') settleTimer = setTimeout(() => session.settle(), SETTLE_MS).unref();
      // A config change may name other folders (a templates folder appeared): watch those.
      if (JSON.stringify(targets()) !== watchedPaths) await rewatch();
      // static/ appeared or went: watch it (or its parent) anew, then read it once more for what came meanwhile.
      if (changes.some((c) => c.kind === 'static') && existsSync(session.paths.static) !== staticThere) {
        await watchStatic();
        queue.push([{ kind: 'static', path: session.paths.static }]);
      }
    },
    (e) => logger.error(`${stamp()} Lỗi của bantin khi dựng lại (hãy báo cho người phát triển):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  );
  const watchError = (e: unknown) => logger.error(`${stamp()} Lỗi khi theo dõi tệp: ${e instanceof Error ? e.message : String(e)}`);
  const rewatch = async () => {
    await watcher?.close();
    const now = targets();
    watchedPaths = JSON.stringify(now);
    watcher = await watchSite(now, {
      thread: true,
      debounceMs: options.debounceMs,
      onChanges: (changes) => queue.push(changes),
      onError: watchError,
    });
  };
  /** static/ has a watcher of its own (on this thread: a small folder), made anew only when the folder appears or goes. */
  let staticWatcher: SiteWatcher | undefined;
  /** Whether static/ was there when its watcher started (watched itself; else its parent, for its creation). */
  let staticThere = false;
  const watchStatic = async () => {
    await staticWatcher?.close();
    staticThere = existsSync(session.paths.static);
    staticWatcher = await watchSite(
      { static: session.paths.static },
      {
        debounceMs: options.debounceMs,
        onChanges: (changes) => queue.push(changes),
        onError: watchError,
      },
    );
  };
  await rewatch();
  await watchStatic();
  // `--cms`: the editor's local backend (src/cms/local-backend.ts); static/ is served either way.
  const backend = options.cms ? await startCms(session.paths.root, logger) : undefined;
  if (backend === null) {
    await watcher?.close();
    await staticWatcher?.close();
    return 1;
  }
  const devServer = await startDevServer({
    session: withStatic(session, backend?.url),
    host: options.host,
    port: options.port,
    onPortTaken: (port) => logger.info(`Cổng ${port} đang bận, thử cổng ${port + 1}.`),
  });
  server = devServer;
  const url = devServer.url + session.state.basePath.slice(1);
  if (backend) logger.info(`Trình soạn bài (lưu thẳng vào thư mục trang): ${url}admin/`);

  // Ready: the address is printed on a line of its own.
  logger.info('Trang xem trước đang chạy (Ctrl-C để dừng):');
  logger.info(url);
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    logger.info(`Chú ý: với --host ${host}, các máy khác trong mạng cũng xem được trang này.`);
  }

  // While the editor opens the page, get the Markdown pipeline ready on this thread, and what an edit's page planned apart needs.
  setImmediate(() => session.warmUp());
  settleTimer = setTimeout(() => session.settle(), SETTLE_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    session,
    server: devServer,
    reports,
    async idle() {
      await queue.idle();
      clearTimeout(settleTimer);
      session.settle();
    },
    close() {
      closing ??= (async () => {
        await watcher?.close();
        await staticWatcher?.close();
        await queue.idle();
        clearTimeout(settleTimer);
        await devServer.close();
        await backend?.close();
        await session.saveCache();
      })();
      return closing;
    },
  };
}

/**
 * Quiet time after a rebuild before the whole site is planned, when an edit's page was planned apart
 * (a few hundred ms on 10,000 articles, during which requests wait: the reload of the page shown
 * comes first), and the plan is made ready for the next such edit.
 */
const SETTLE_MS = 300;

/** `bantin serve`: runs until Ctrl-C (SIGINT) or SIGTERM, then stops cleanly and returns 0. */
export async function runServe(options: ServeOptions, logger: Logger): Promise<number> {
  // Listen for Ctrl-C from the start: one during the first build stops right after it.
  let stop!: () => void;
  const stopped = new Promise<void>((resolveStop) => (stop = resolveStop));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const handle = await startServe(options, logger);
    if (typeof handle === 'number') return handle;
    await stopped;
    logger.info('\nĐang dừng…');
    await handle.close();
    logger.info('Đã dừng trang xem trước.');
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function stamp(): string {
  return `[${new Date().toTimeString().slice(0, 8)}]`;
}

/** Terminal output of the dev server: each rebuild in one line, problems and left-out articles when they change. */
function createPrinter(logger: Logger) {
  let lastProblems = '';
  let lastLeftOut = '';
  const problems = (report: RebuildReport): boolean => {
    const { diagnostics, texts } = report.state;
    const text = diagnostics.length > 0 ? formatDiagnostics(diagnostics, texts) : '';
    if (text === lastProblems) return false;
    lastProblems = text;
    if (text !== '') logger.error(text);
    return true;
  };
  const leftOut = (report: RebuildReport) => {
    const { leftOut: entries, timeZone } = report.state;
    const drafts = entries.filter((l) => l.reason === 'draft').map((l) => leftOutEntry(l, timeZone));
    const scheduled = entries.filter((l) => l.reason === 'scheduled').map((l) => leftOutEntry(l, timeZone));
    const text = [
      drafts.length > 0 ? `Bản nháp chưa hiện (thêm --drafts để xem): ${drafts.join(', ')}` : '',
      scheduled.length > 0 ? `Bài hẹn giờ chưa hiện (thêm --future để xem): ${scheduled.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    if (text !== lastLeftOut && text !== '') logger.info(text);
    lastLeftOut = text;
  };
  const counts = (diagnostics: readonly Diagnostic[]) => {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    return { errors, warnings: diagnostics.length - errors };
  };
  return {
    first(report: RebuildReport, ms: number) {
      problems(report);
      const { errors, warnings } = counts(report.state.diagnostics);
      if (errors > 0) {
        logger.error(`${stamp()} Chưa dựng được trang: ${errors} lỗi${warnings > 0 ? `, ${warnings} cảnh báo` : ''}. Sửa rồi lưu tệp, trang sẽ tự dựng lại.`);
      } else {
        logger.info(`${stamp()} Đã dựng ${report.state.published} bài${warnings > 0 ? ` (${warnings} cảnh báo)` : ''} trong ${(ms / 1000).toFixed(2)} giây.`);
      }
      leftOut(report);
    },
    rebuild(report: RebuildReport) {
      if (report.scope === 'none') return;
      const what = report.changed.length === 1 ? report.changed[0] : `${report.changed.length} tệp`;
      problems(report);
      const { errors, warnings } = counts(report.state.diagnostics);
      if (errors > 0) {
        logger.error(`${stamp()} ${what}: ${errors} lỗi, trang web vẫn hiện bản trước. Sửa rồi lưu tệp, trang sẽ tự cập nhật.`);
      } else {
        const how = report.scope === 'full' ? 'dựng lại toàn bộ' : report.scope === 'templates' ? 'đổi giao diện' : 'cập nhật';
        logger.info(`${stamp()} ${what}: ${how} trong ${Math.round(report.ms)} ms${warnings > 0 ? ` (${warnings} cảnh báo)` : ''}.`);
      }
      leftOut(report);
    },
  };
}

/** `serve --cms`: decap-server for the site, or null (said to the user) when the site has no editor or it cannot start. */
async function startCms(root: string, logger: Logger): Promise<LocalBackend | null> {
  if (!existsSync(join(root, CMS_FOLDER, 'config.yml'))) {
    logger.error(`Trang chưa có trình soạn bài (${CMS_FOLDER}/config.yml). Chạy npx bantin cms trước, rồi chạy lại npx bantin serve --cms.`);
    return null;
  }
  try {
    return await startLocalBackend(root, (line) => logger.info(`[decap-server] ${line}`));
  } catch (e) {
    logger.error(`Không chạy được máy chủ lưu bài cho trình soạn bài (decap-server): ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}
