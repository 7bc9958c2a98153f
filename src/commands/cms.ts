/**
 * `bantin cms`: write the browser editor of a site (`static/admin/index.html` and `config.yml`),
 * generated from its `bantin.yaml`. Run again after changing the categories or `defaultAuthor`;
 * `bantin check` says when that is needed.
 */
import { UserError } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import type { Logger } from '../logger.js';
import { writeCmsFiles } from '../cms/write.js';
import { readConfig } from '../project/load-site.js';
import { resolvePaths, type SiteOptions } from '../project/paths.js';

/** Returns the exit code: 0 written (or already up to date), 1 the config has errors or a file cannot be written. */
export async function runCms(options: Pick<SiteOptions, 'root' | 'content' | 'config' | 'cwd'>, logger: Logger): Promise<number> {
  const paths = resolvePaths(options);
  let result: { written: string[]; unchanged: string[] };
  try {
    const { config, diagnostics } = await readConfig(paths, {});
    if (diagnostics.length > 0) logger.error(formatDiagnostics(diagnostics));
    result = await writeCmsFiles(paths, config);
  } catch (e) {
    if (e instanceof UserError) {
      logger.error(formatDiagnostics(e.diagnostics));
      logger.error('\nChưa tạo được trình soạn bài: sửa bantin.yaml rồi chạy lại.');
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code) {
      logger.error(`Không ghi được trình soạn bài vào static/admin: ${err.code}. Kiểm tra quyền ghi của thư mục trang.`);
      return 1;
    }
    throw e;
  }
  const lines = result.written.length > 0 ? ['Đã ghi trình soạn bài:', ...result.written.map((p) => `  ${p}`)] : ['Trình soạn bài đã khớp với bantin.yaml, không cần ghi lại.'];
  lines.push(
    '',
    'Thử trên máy:  npx bantin serve --cms   rồi mở địa chỉ in ra, thêm admin/ vào cuối.',
    'Khi đăng trang: bantin build chép trình soạn bài vào dist/admin/. Cách cho biên tập viên đăng nhập bằng GitHub hay GitLab: docs/dang-nhap-trinh-soan-bai.md.',
  );
  logger.info(lines.join('\n'));
  return 0;
}
