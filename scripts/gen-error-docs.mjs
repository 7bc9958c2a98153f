#!/usr/bin/env node
/**
 * Writes docs/ma-loi.md from the error catalogue (src/diagnostics/codes.ts), through the compiled
 * library: run it as `npm run docs:codes`, which compiles first. `--check` writes nothing and exits 1
 * when the file is not what the catalogue gives (test/diagnostic-codes.test.ts checks the same).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = path.join(REPO, 'docs', 'ma-loi.md');

const { renderCodesDoc } = await import(path.join(REPO, 'lib', 'diagnostics', 'codes-doc.js')).catch((err) => {
  console.error('gen-error-docs: cannot load lib/diagnostics/codes-doc.js; compile first (npm run docs:codes does).');
  throw err;
});
const text = renderCodesDoc();

if (process.argv.includes('--check')) {
  const current = await readFile(TARGET, 'utf8').catch(() => '');
  if (current !== text) {
    console.error('docs/ma-loi.md is out of date: run npm run docs:codes');
    process.exit(1);
  }
  console.log('docs/ma-loi.md is up to date.');
} else {
  await writeFile(TARGET, text);
  console.log(`Wrote ${path.relative(REPO, TARGET)}.`);
}
