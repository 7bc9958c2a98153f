/**
 * The editor's files on disk: write them (`bantin cms`), and tell when they are out of step with
 * `bantin.yaml` (`bantin check`). The `backend:` of an existing config.yml is the IT volunteer's
 * sign-in setting: it is kept when the files are made again and ignored when they are compared.
 */
import { isDeepStrictEqual } from 'node:util';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../config/types.js';
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { CMS_FOLDER, cmsFiles, type CmsOptions } from './config.js';

/** Where a site's folders are, as the commands resolve them. */
export interface CmsSitePaths {
  readonly root: string;
  readonly content: string;
}

/** The content folder relative to the root, as config.yml names it (`content`). */
export function contentDirOf(paths: CmsSitePaths): string {
  const rel = relative(paths.root, paths.content).split(sep).join('/');
  return rel === '' || rel.startsWith('..') ? 'content' : rel;
}

/** The parsed YAML of a file, or undefined when it cannot be read or parsed. */
async function readYaml(abs: string): Promise<{ text: string; data: unknown } | undefined> {
  const text = await readFile(abs, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return { text, data: parse(text) as unknown };
  } catch {
    return { text, data: undefined };
  }
}

function backendOf(data: unknown): unknown {
  return data !== null && typeof data === 'object' && 'backend' in data ? (data as { backend: unknown }).backend : undefined;
}

/** The files `bantin cms` writes now: the backend of the current config.yml kept. */
export async function plannedCmsFiles(paths: CmsSitePaths, config: ResolvedConfig): Promise<Array<{ path: string; contents: string }>> {
  const current = await readYaml(join(paths.root, CMS_FOLDER, 'config.yml'));
  const options: CmsOptions = { contentDir: contentDirOf(paths), backend: backendOf(current?.data) };
  return cmsFiles(config, options);
}

/** Write (or rewrite) `static/admin/index.html` and `config.yml`; returns the paths written, relative to the root. */
export async function writeCmsFiles(paths: CmsSitePaths, config: ResolvedConfig): Promise<{ written: string[]; unchanged: string[] }> {
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of await plannedCmsFiles(paths, config)) {
    const abs = join(paths.root, ...file.path.split('/'));
    const before = await readFile(abs, 'utf8').catch(() => undefined);
    if (before === file.contents) {
      unchanged.push(file.path);
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, file.contents);
    written.push(file.path);
  }
  return { written, unchanged };
}

/** Config data without the parts the site owns (the backend). */
function comparable(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return data;
  const { backend: _backend, ...rest } = data as Record<string, unknown>;
  return rest;
}

/**
 * Warnings when the site has an editor (`static/admin/config.yml`) that differs from what
 * `bantin cms` would write now: a category added to bantin.yaml but missing from the form, an older
 * editor page. None when the site has no editor.
 */
export async function cmsDiagnostics(paths: CmsSitePaths, config: ResolvedConfig, display: (abs: string) => string): Promise<Diagnostic[]> {
  const folder = resolve(paths.root, CMS_FOLDER);
  const configAbs = join(folder, 'config.yml');
  const current = await readYaml(configAbs);
  if (current === undefined) return [];
  const fix = 'Chạy npx bantin cms để tạo lại trình soạn bài theo bantin.yaml (phần backend: được giữ nguyên).';
  const diagnostics: Diagnostic[] = [];
  for (const file of await plannedCmsFiles(paths, config)) {
    const abs = join(paths.root, ...file.path.split('/'));
    if (file.path.endsWith('config.yml')) {
      if (current.data === undefined) {
        diagnostics.push(warning('BT720', display(abs), 'Tệp cấu hình trình soạn bài không đọc được (YAML sai).', fix));
      } else if (!isDeepStrictEqual(comparable(current.data), comparable(parse(file.contents)))) {
        diagnostics.push(warning('BT720', display(abs), 'Cấu hình trình soạn bài không còn khớp với bantin.yaml (chuyên mục, tác giả mặc định hay thư mục bài đã đổi).', fix));
      }
    } else {
      const text = await readFile(abs, 'utf8').catch(() => undefined);
      if (text !== file.contents) diagnostics.push(warning('BT720', display(abs), 'Trang trình soạn bài khác với trang bantin tạo (thiếu, sửa tay, hoặc của phiên bản bantin cũ).', fix));
    }
  }
  return diagnostics;
}
