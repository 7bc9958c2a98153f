/**
 * The installed versions of the libraries that handle hostile input carry their security fixes.
 * (`npm audit` needs the network; this reads the installed package.json files instead.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

/** Version of `name` as resolved from `from` (a package folder), or undefined when not installed. */
function installedVersion(name: string, from = REPO): string | undefined {
  const require = createRequire(path.join(from, 'package.json'));
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    try {
      dir = path.dirname(require.resolve(`${name}/package.json`));
    } catch {
      return undefined;
    }
  }
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // Not here; one folder up.
    }
    dir = path.dirname(dir);
  }
  return undefined;
}

/** Folder of an installed package, resolved from `from`. */
function packageDir(name: string, from = REPO): string {
  const require = createRequire(path.join(from, 'package.json'));
  let dir = path.dirname(require.resolve(name));
  while (!readFileSync(path.join(dir, 'package.json'), 'utf8').includes(`"name": "${name}"`)) dir = path.dirname(dir);
  return dir;
}

/** -1, 0, 1 comparing two plain x.y.z versions (pre-release tags are ignored). */
function compare(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  return 0;
}

/** The fix each library must include, and why. */
const FIXES: ReadonlyArray<{ name: string; atLeast: string; why: string; from?: () => string }> = [
  { name: 'handlebars', atLeast: '4.7.9', why: 'prototype access and remote code execution through templates (CVE-2019-19919, CVE-2021-23369, CVE-2021-23383) and the 4.7.9 fixes' },
  { name: 'remark-html', atLeast: '13.0.2', why: 'sanitising on by default (CVE-2021-39199)' },
  { name: 'yaml', atLeast: '2.2.2', why: 'uncaught exception on crafted input (CVE-2023-2251)' },
  { name: 'mdast-util-to-hast', atLeast: '13.2.1', why: 'unsanitised class attribute (GHSA-4fh9-h7wg-q85m)' },
  { name: 'hast-util-sanitize', atLeast: '5.0.0', why: 'the clobber prefix and protocol checks remark-html relies on' },
  // gray-matter's own YAML parser is never given front-matter (safeMatterOptions replaces it),
  // but it is loaded: it must still carry its fixes.
  { name: 'js-yaml', atLeast: '3.14.2', why: 'code execution in load() (3.13.1) and prototype pollution through merge keys (CVE-2025-64718)', from: () => packageDir('gray-matter') },
];

describe('installed libraries that read hostile input', () => {
  for (const fix of FIXES) {
    it(`should have ${fix.name} ${fix.atLeast} or later: ${fix.why}`, () => {
      const version = installedVersion(fix.name, fix.from?.());
      expect(version, `${fix.name} is not installed`).toBeDefined();
      expect(compare(version!, fix.atLeast), `${fix.name}@${version} is older than ${fix.atLeast}`).toBeGreaterThanOrEqual(0);
    });
  }

  it('should parse front-matter with the yaml package, the parser these checks cover', () => {
    const src = readFileSync(path.join(REPO, 'src', 'text', 'yaml.ts'), 'utf8');
    expect(src).toMatch(/from 'yaml'/);
    expect(readFileSync(path.join(REPO, 'src', 'content', 'front-matter.ts'), 'utf8')).not.toMatch(/js-yaml/);
  });

  it('should declare ranges in package.json that cannot install a version without the fixes', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const fix of FIXES.filter((f) => pkg.dependencies[f.name] !== undefined)) {
      const floor = /^[\^~]?(\d+\.\d+\.\d+)/.exec(pkg.dependencies[fix.name]!)?.[1];
      expect(floor, `${fix.name} range ${pkg.dependencies[fix.name]}`).toBeDefined();
      expect(compare(floor!, fix.atLeast), `${fix.name} range ${pkg.dependencies[fix.name]}`).toBeGreaterThanOrEqual(0);
    }
  });

  it('should compare versions numerically', () => {
    expect(compare('4.7.10', '4.7.9')).toBe(1);
    expect(compare('13.0.2', '13.0.2')).toBe(0);
    expect(compare('2.2.1', '2.2.2')).toBe(-1);
    expect(compare('16.0.1', '13.0.2')).toBe(1);
  });
});
