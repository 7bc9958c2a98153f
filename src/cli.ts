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
    .option('--cache-dir <dir>', 'thư mục bộ nhớ đệm (mặc định: ROOT/.cache/bantin)')
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

  return program;
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
