import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { consoleLogger, type Logger } from './logger.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** Exit codes: 0 written, 1 content/config/template problems, 2 wrong usage. */
export const EXIT_USAGE = 2;

function siteOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'thư mục gốc của trang (mặc định: thư mục hiện tại)')
    .option('--content <dir>', 'thư mục bài viết (mặc định: ROOT/content)')
    .option('--templates <dir>', 'thư mục giao diện (mặc định: ROOT/templates nếu có, không thì giao diện mặc định)')
    .option('--config <file>', 'tệp cấu hình (mặc định: ROOT/bantin.yaml nếu có)');
}

/** `--now`: an ISO 8601 instant (with its offset, so the result does not depend on TZ). */
function parseNow(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('cần một thời điểm ISO 8601, ví dụ 2025-06-01T00:00:00+07:00.');
  return ms;
}

/**
 * Build the command-line program. Commands load their modules lazily, so `--help` stays fast.
 * `exitOverride` makes commander throw instead of exiting, so tests can drive it.
 *
 * Long: one commander definition per command, each a few lines of options and a lazy import; listed in one place so `--help` and the README stay in step.
 */
export function createProgram(logger: Logger = consoleLogger): Command {
  const program = new Command('bantin')
    .description('Trình tạo trang tĩnh cho bản tin xã, phường.')
    .version(pkg.version, '-v, --version', 'in số phiên bản')
    .helpOption('-h, --help', 'xem hướng dẫn')
    .exitOverride((err) => {
      throw err;
    })
    .configureOutput({
      writeOut: (s) => logger.info(s.trimEnd()),
      writeErr: (s) => logger.error(s.trimEnd()),
    })
    .showHelpAfterError('(dùng --help để xem cách dùng)');

  siteOptions(program.command('build').description('dựng trang web từ các bài viết vào thư mục dist'))
    .option('--out <dir>', 'thư mục xuất (mặc định: ROOT/dist)')
    .option('--base-url <url>', 'địa chỉ gốc của trang, ví dụ https://phuong.gov.vn/ hoặc /tin-tuc/')
    .option('--drafts', 'đăng cả bản nháp')
    .option('--future', 'đăng cả bài hẹn giờ')
    .option('--strict', 'coi cảnh báo như lỗi: không ghi trang web khi còn cảnh báo')
    .option('--cache-dir <dir>', 'thư mục bộ nhớ đệm (mặc định: ROOT/node_modules/.cache/bantin)')
    .option('--no-cache', 'không dùng bộ nhớ đệm')
    .addOption(new Option('--threads <n>', 'số luồng dựng Markdown (1: không dùng luồng phụ)').argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('cần một số nguyên từ 1 đến 64');
      return n;
    }))
    .addOption(new Option('--now <iso>', 'giờ dựng trang (cho kiểm thử)').hideHelp().argParser(parseNow))
    .action(async (opts: Record<string, string | boolean | number | undefined>) => {
      const { runBuild } = await import('./commands/build.js');
      const now = typeof opts.now === 'number' ? opts.now : undefined;
      const cacheDir = opts.cache === false ? false : (opts.cacheDir as string | undefined);
      const code = await runBuild({ ...opts, now, cacheDir } as Parameters<typeof runBuild>[0], logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  program
    .command('init')
    .description('tạo một trang tin mới cho xã, phường trong thư mục DIR (mới hoặc trống)')
    .argument('[dir]', 'thư mục của trang mới (mặc định: thư mục hiện tại)')
    .option('--name <name>', 'tên xã, phường, ví dụ "Phường Trần Phú" (bắt buộc)')
    .option('--governing-body <name>', 'cơ quan chủ quản, ví dụ "UBND thành phố Quảng Ngãi"')
    .option('--base-url <url>', 'địa chỉ gốc của trang, ví dụ https://tranphu.gov.vn/')
    .option('--from-registry', 'trang cài bantin từ kho gói npm (^phiên bản) thay vì bản đóng gói đặt trong vendor/')
    .action(async (dir: string | undefined, opts: { name?: string; governingBody?: string; baseUrl?: string; fromRegistry?: boolean }) => {
      const { runInit } = await import('./commands/init.js');
      const code = await runInit(dir, opts, logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  const importCommand = program.command('import').description('nhập bài viết từ WordPress, Hugo hoặc Jekyll vào thư mục nội dung');
  const importTarget = (command: Command) =>
    command
      .option('--root <dir>', 'thư mục gốc của trang bantin (mặc định: thư mục hiện tại)')
      .option('--content <dir>', 'thư mục bài viết (mặc định: ROOT/content)')
      .option('--config <file>', 'tệp cấu hình (mặc định: ROOT/bantin.yaml nếu có)')
      .option('--category <name>', 'chuyên mục cho bài không có chuyên mục (mặc định: chuyên mục đầu tiên trong bantin.yaml)')
      .option('--old-url <url>', 'địa chỉ trang cũ (mặc định: baseURL/url trong cấu hình của trang cũ); liên kết tới địa chỉ này thành liên kết trong trang')
      .option('--dry-run', 'chỉ in báo cáo, không ghi tệp nào');
  importTarget(importCommand.command('wordpress').description('nhập bài từ tệp xuất của WordPress (Công cụ → Xuất)'))
    .argument('<export>', 'tệp .xml xuất từ WordPress')
    .option('--uploads <dir>', 'bản sao thư mục wp-content/uploads, để chép ảnh của bài')
    .option('--pages', 'nhập cả các trang (page), thành trang cố định (type: page)')
    .action(async (file: string, opts: Record<string, string | boolean | undefined>) => {
      const { runImportWordPress } = await import('./commands/import.js');
      const code = await runImportWordPress(file, opts, logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });
  for (const kind of ['hugo', 'jekyll'] as const) {
    importTarget(importCommand.command(kind).description(`nhập bài từ thư mục một trang ${kind === 'hugo' ? 'Hugo' : 'Jekyll'}`))
      .argument('<dir>', `thư mục gốc của trang ${kind === 'hugo' ? 'Hugo' : 'Jekyll'}`)
      .action(async (dir: string, opts: Record<string, string | boolean | undefined>) => {
        const { runImportStaticSite } = await import('./commands/import.js');
        const code = await runImportStaticSite(kind, dir, opts, logger);
        if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
      });
  }

  siteOptions(program.command('serve').description('xem trước trang web trên máy, tự dựng lại và tải lại trang khi có thay đổi'))
    .addOption(new Option('--port <n>', 'cổng (mặc định 4000, bận thì dùng cổng kế tiếp; 0: cổng trống bất kỳ)').argParser(parsePort))
    .option('--host <host>', 'địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này xem được)')
    .option('--drafts', 'hiện cả bản nháp')
    .option('--future', 'hiện cả bài hẹn giờ')
    .option('--cache-dir <dir>', 'thư mục bộ nhớ đệm (mặc định: ROOT/node_modules/.cache/bantin)')
    .option('--no-cache', 'không dùng bộ nhớ đệm')
    .option('--cms', 'mở cả trình soạn bài (địa chỉ /admin/), lưu bài thẳng vào thư mục trang')
    .action(async (opts: Record<string, string | boolean | number | undefined>) => {
      const { runServe } = await import('./commands/serve.js');
      const { whileParentLives } = await import('./dev/parent-watch.js');
      const cacheDir = opts.cache === false ? false : (opts.cacheDir as string | undefined);
      // Stop with the process that started us (npx, npm run): its death does not reach us as a signal.
      const code = await whileParentLives(logger, () => runServe({ ...opts, cacheDir } as Parameters<typeof runServe>[0], logger));
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  siteOptions(program.command('cms').description('tạo trình soạn bài trên trình duyệt (static/admin/) theo bantin.yaml'))
    .action(async (opts: Record<string, string | undefined>) => {
      const { runCms } = await import('./commands/cms.js');
      const code = await runCms(opts as Parameters<typeof runCms>[0], logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  siteOptions(program.command('new').description('tạo tệp bài viết mới với phần thông tin đầu bài đã điền sẵn').argument('<title>', 'tiêu đề bài viết, trong ngoặc kép'))
    .option('--category <name>', 'chuyên mục, ví dụ "Thông báo"')
    .option('--author <name>', 'tác giả (mặc định: defaultAuthor trong bantin.yaml)')
    .option('--date <date>', 'ngày đăng, ví dụ "11/10/2021 14:48" (mặc định: bây giờ)')
    .addOption(new Option('--now <iso>', 'giờ hiện tại (cho kiểm thử)').hideHelp().argParser(parseNow))
    .action(async (title: string, opts: Record<string, string | number | undefined>) => {
      const { runNew } = await import('./commands/new.js');
      const code = await runNew({ ...opts, title } as Parameters<typeof runNew>[0], logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  siteOptions(program.command('check').description('kiểm tra mọi bài viết như khi dựng trang, không ghi gì ra đĩa'))
    .option('--strict', 'coi cảnh báo như lỗi (mã thoát 1)')
    .addOption(new Option('--format <format>', 'cách in kết quả').choices(['text', 'json', 'github']).default('text'))
    .option('--base-url <url>', 'địa chỉ gốc của trang, như bantin build')
    .option('--drafts', 'kiểm tra cả liên kết của bản nháp như bài đã đăng')
    .option('--future', 'kiểm tra cả liên kết của bài hẹn giờ như bài đã đăng')
    .option('--since <ref>', 'so với phiên bản git này (ví dụ origin/main): báo mọi địa chỉ bài đã đăng sẽ mất mà không có aliases')
    .addOption(new Option('--now <iso>', 'giờ kiểm tra (cho kiểm thử)').hideHelp().argParser(parseNow))
    .action(async (opts: Record<string, string | boolean | number | undefined>) => {
      const { runCheck } = await import('./commands/check.js');
      const now = typeof opts.now === 'number' ? opts.now : undefined;
      const code = await runCheck({ ...opts, now } as Parameters<typeof runCheck>[0], logger);
      if (code !== 0) throw new CommanderError(code, 'bantin.failed', '');
    });

  return program;
}

/** `--port`: 0 (any free port) to 65535. */
function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n > 65535) throw new InvalidArgumentError('cần một số cổng từ 0 đến 65535.');
  return n;
}

/** Run the CLI and return the exit code instead of exiting (for tests and bin). */
export async function run(argv: readonly string[], logger: Logger = consoleLogger): Promise<number> {
  try {
    await createProgram(logger).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `bantin help` exits 0; `bantin` without a command prints help as an error: wrong usage.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : EXIT_USAGE;
      if (e.code === 'bantin.failed') return e.exitCode;
      return EXIT_USAGE;
    }
    throw e;
  }
}
