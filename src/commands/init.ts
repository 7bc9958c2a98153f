/**
 * `bantin init [DIR] --name "Phường Trần Phú"`: a ready site in a new or empty folder.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { normalizeBaseUrl } from '../config/resolve-config.js';
import { error } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { GUIDE_PATH, scaffoldSite } from '../init/scaffold.js';
import { installedFromRegistry, packTool, tarballName, TOOL_ROOT, VENDOR_DIR } from '../init/tool-package.js';
import type { Logger } from '../logger.js';
import { TOOL_VERSION } from '../version.js';

export interface InitOptions {
  name?: string | undefined;
  governingBody?: string | undefined;
  baseUrl?: string | undefined;
  /** Working folder that DIR is relative to (default: process.cwd()). */
  cwd?: string | undefined;
  /** When the site is made (default: now); tests fix it. */
  now?: number | undefined;
  /**
   * Depend on bantin from the npm registry (`^version`) instead of placing the packed tool in the
   * site's vendor/ folder. Default: true when the running bantin was installed from the registry.
   */
  fromRegistry?: boolean | undefined;
}

/** Exit code for wrong usage, as in cli.ts (not imported from there to keep this module light). */
const EXIT_USAGE = 2;

/** Entries an otherwise empty folder may hold: a fresh clone of an empty repository has `.git`. */
const ALLOWED_ENTRIES = new Set(['.git']);

/** `bantin init`: returns the exit code (0 created, 1 the folder is not empty or cannot be written, 2 wrong usage). */
export async function runInit(dir: string | undefined, options: InitOptions, logger: Logger): Promise<number> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const root = resolve(cwd, dir ?? '.');
  const shown = relative(cwd, root).split(sep).join('/') || '.';
  const name = options.name?.normalize('NFC').replace(/\s+/g, ' ').trim() ?? '';
  if (name === '') {
    logger.error('Thiếu tên xã, phường: ghi --name, ví dụ bantin init phuong-tran-phu --name "Phường Trần Phú".');
    return EXIT_USAGE;
  }
  let baseUrl: string | undefined;
  if (options.baseUrl !== undefined) {
    baseUrl = normalizeBaseUrl(options.baseUrl)?.baseUrl;
    if (!baseUrl) {
      logger.error(`Địa chỉ gốc "${options.baseUrl}" ghi sau --base-url không hợp lệ. Dùng dạng "/", "/duong-dan/" hoặc "https://ten-mien.gov.vn/".`);
      return EXIT_USAGE;
    }
  }

  const info = await stat(root).catch(() => undefined);
  if (info && !info.isDirectory()) {
    logger.error(formatDiagnostics([error('BT711', shown, `"${shown}" là một tệp, không phải thư mục.`, 'Chọn một thư mục mới hoặc thư mục trống cho trang.')]));
    return 1;
  }
  if (info) {
    const entries = (await readdir(root)).filter((e) => !ALLOWED_ENTRIES.has(e)).sort();
    if (entries.length > 0) {
      const listed = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} mục)` : '');
      logger.error(
        formatDiagnostics([
          error('BT712', shown, `Thư mục "${shown}" không trống (${listed}); bantin init không ghi đè lên tệp có sẵn.`, 'Chọn một thư mục mới, ví dụ: bantin init phuong-tran-phu --name "…"'),
        ]),
      );
      return 1;
    }
  }

  const source = await siteSources(shown, options.fromRegistry ?? installedFromRegistry(), logger);
  if (source === undefined) return 1;
  const { guide, tarball } = source;
  const vendored = tarball === undefined ? undefined : `${VENDOR_DIR}/${tarballName(TOOL_VERSION)}`;

  const files = scaffoldSite({
    name,
    governingBody: options.governingBody,
    baseUrl,
    now: options.now ?? Date.now(),
    toolVersion: TOOL_VERSION,
    toolDependency: vendored === undefined ? undefined : `file:${vendored}`,
    guide,
  });
  try {
    for (const file of files) {
      const abs = join(root, ...file.path.split('/'));
      await mkdir(dirname(abs), { recursive: true });
      // `wx`: never replace a file, even one created since the check above.
      await writeFile(abs, file.contents, { flag: 'wx' });
    }
    if (tarball !== undefined && vendored !== undefined) {
      await mkdir(join(root, VENDOR_DIR), { recursive: true });
      await copyFile(tarball, join(root, ...vendored.split('/')), constants.COPYFILE_EXCL);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    logger.error(formatDiagnostics([error('BT713', shown, `Không ghi được trang mới vào "${shown}": ${err.code ?? err.message}.`, 'Kiểm tra quyền ghi của thư mục, hoặc chọn thư mục khác.')]));
    return 1;
  }
  await mkdir(join(root, 'content'), { recursive: true });

  logger.info(nextSteps(name, shown, [...files.map((f) => f.path), ...(vendored ? [vendored] : [])], vendored));
  return 0;
}

/**
 * What `init` copies into the site from the running package: the editors' guide (the path `bantin
 * new` names in every article), and, unless the site uses the registry's bantin, the tool itself,
 * packed, for vendor/. Done before writing anything; undefined (problem reported) when either fails.
 */
async function siteSources(shown: string, fromRegistry: boolean, logger: Logger): Promise<{ guide: string; tarball: string | undefined } | undefined> {
  let guide: string;
  try {
    guide = await readFile(join(TOOL_ROOT, ...GUIDE_PATH.split('/')), 'utf8');
  } catch (e) {
    logger.error(formatDiagnostics([error('BT714', GUIDE_PATH, `Không đọc được hướng dẫn biên tập ${GUIDE_PATH} trong gói bantin (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, 'Cài lại bantin: gói bị thiếu tệp.')]));
    return undefined;
  }
  if (fromRegistry) return { guide, tarball: undefined };
  try {
    return { guide, tarball: await packTool() };
  } catch (e) {
    logger.error(
      formatDiagnostics([
        error(
          'BT715',
          shown,
          `Không đóng gói được bantin để đặt vào ${VENDOR_DIR}/ của trang mới: ${(e as Error).message}.`,
          'Cần lệnh npm (đi kèm Node.js). Khi bantin đã có trên kho gói npm, chạy lại với --from-registry để trang cài bantin từ npm.',
        ),
      ]),
    );
    return undefined;
  }
}

/** What `init` prints once the site is written: its files and the commands to run next. */
function nextSteps(name: string, shown: string, paths: readonly string[], vendored: string | undefined): string {
  const cd = shown === '.' ? [] : [`  cd ${/\s/.test(shown) ? `"${shown}"` : shown}`];
  return [
    `Đã tạo trang tin cho ${name} trong "${shown}":`,
    ...[...paths].sort().map((p) => `  ${p}`),
    '',
    'Bước tiếp theo:',
    ...cd,
    vendored ? `  npm install        # cài bantin (từ ${vendored}, đặt sẵn trong trang) và các gói nó cần` : '  npm install        # cài bantin từ kho gói npm',
    '  npx bantin build   # dựng trang vào dist/',
    '  npx bantin serve   # xem thử trên máy',
    '',
    'Điền thông tin cơ quan trong bantin.yaml; cách đăng trang lên GitHub Pages, GitLab Pages hay máy chủ khác có trong README.md.',
    `Hướng dẫn cho biên tập viên: ${GUIDE_PATH}.`,
  ].join('\n');
}
