/**
 * Shared set-up for the browser tests and the theme test: the sample site built from the current
 * sources into a temp folder, served from 127.0.0.1, and Debian's Chromium launched headless.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { run } from '../../src/cli.js';
import { createMemoryLogger } from '../../src/logger.js';
// @ts-ignore: a plain .mjs script without type declarations (its JSDoc has the types).
import { start } from '../../scripts/serve-static.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = path.join(REPO, 'test-artifacts');

/** Where Chromium is looked for: $CHROMIUM_PATH, else Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BuiltSite {
  /** The output folder. */
  readonly dir: string;
  remove(): Promise<void>;
}

/**
 * Build the sample site (content/, bantin.yaml, templates/ of the repository) into a fresh temp
 * folder. Runs the CLI in this process from src/, so it never depends on a stale lib/ nor races
 * another test file that recompiles lib/.
 */
export async function buildSampleSite(): Promise<BuiltSite> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'bantin-theme-'));
  const dir = path.join(parent, 'dist');
  const logger = createMemoryLogger();
  const code = await run(['build', '--root', REPO, '--out', dir], logger);
  if (code !== 0) throw new Error(`bantin build of the sample site failed (exit ${code}):\n${logger.text()}`);
  return { dir, remove: () => rm(parent, { recursive: true, force: true }) };
}

export interface Server {
  /** Base URL, ending with `/`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serve a folder from 127.0.0.1 on a free port (scripts/serve-static.mjs). */
export function serve(dir: string): Promise<Server> {
  return start({ root: dir, port: 0 }) as Promise<Server>;
}

/** Launch Chromium headless; fails with a clear message when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The browser tests need it: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Paths of the sample site's pages, relative to the base URL. */
export const PAGES = {
  home: '',
  category: 'hoat-dong-cua-xa-phuong/',
  article: 'hoat-dong-cua-xa-phuong/hoi-nghi-bch-phuong-tran-phu-lan-thu-14-khoa-xii-mo-rong-nhiem-ky-2020-2025/',
  notFound: '404.html',
} as const;

export const ORGANIZATION = 'UBND phường Trần Phú';

/**
 * A fresh page in a new browser context of the given viewport; its page errors and console errors
 * are collected in `errors` (tests expect it empty). The caller closes `context`.
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number },
  javaScript = true,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}
