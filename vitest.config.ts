import { defineConfig } from 'vitest/config';

/**
 * Three projects; `npm test` (vitest run) runs all of them.
 * - unit: pure and fast — functions of their input, no process, server, install or browser
 *   (`npm run test:unit`, a few seconds);
 * - integration: whole sites built in temporary folders, the CLI, `serve`/`watch`, the packed
 *   tarball installed into a new site (`npm run test:integration`);
 * - browser: the sample site in Chromium (Debian's, /usr/bin/chromium or CHROMIUM_PATH;
 *   `npm run test:browser`).
 * A new test file is an integration test unless it is listed in UNIT.
 */
const UNIT = [
  'test/architecture.test.ts',
  'test/article.test.ts',
  'test/config.test.ts',
  'test/dates.test.ts',
  'test/diagnostic-codes.test.ts',
  'test/front-matter.test.ts',
  'test/markdown.test.ts',
  'test/parent-watch.test.ts',
  'test/related-memo.test.ts',
  'test/search-tokens.test.ts',
  'test/site.test.ts',
  'test/source.test.ts',
  'test/templates.test.ts',
  'test/vietnamese.test.ts',
  'test/yaml-simple.test.ts',
  'test/hardening/ci.test.ts',
  'test/hardening/dependencies.test.ts',
];
const BROWSER = ['test/browser/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...BROWSER] } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
    ],
  },
});
