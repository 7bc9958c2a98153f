/**
 * CI for pull requests from outside the office: the workflows and CODEOWNERS are read and checked,
 * so a later edit cannot quietly hand deploy rights or secrets to code from a pull request.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from './helpers.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
}
interface Job {
  'runs-on'?: string;
  if?: string;
  needs?: string | string[];
  permissions?: string | Record<string, string>;
  environment?: string | { name: string };
  steps?: Step[];
  uses?: string;
  secrets?: unknown;
}
interface Workflow {
  on: string | string[] | Record<string, unknown>;
  permissions?: string | Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(REPO, '.github', 'workflows');
const files = existsSync(WORKFLOWS) ? readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)) : [];
const workflows = files.map((f) => {
  const text = readFileSync(path.join(WORKFLOWS, f), 'utf8');
  return { file: f, text, wf: parse(text) as Workflow };
});

const triggers = (wf: Workflow): string[] => (typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));
/** A job whose `if` lets it run only for a push to main. */
const mainOnly = (job: Job) => /github\.event_name\s*==\s*'push'/.test(job.if ?? '') && /github\.ref\s*==\s*'refs\/heads\/main'/.test(job.if ?? '');
/** A job whose `if` lets it run only for a pushed version tag (`v0.2.0`): the npm release. */
const tagOnly = (job: Job) => /github\.event_name\s*==\s*'push'/.test(job.if ?? '') && /startsWith\(github\.ref,\s*'refs\/tags\/v'\)/.test(job.if ?? '');
/** The one command a release job may run: publishing a tarball packed by the checked job (no lifecycle script of the repository runs). */
const PUBLISH_TARBALL = /^npm publish [\w./*-]+\.tgz --provenance( --access public)?$/;
const writes = (p: Job['permissions']) => (typeof p === 'string' ? /write/.test(p) : Object.values(p ?? {}).some((v) => v === 'write'));
const needsOf = (job: Job) => (typeof job.needs === 'string' ? [job.needs] : job.needs ?? []);

describe('the CI workflows', () => {
  it('should exist and include a workflow that checks pull requests', () => {
    expect(workflows.length).toBeGreaterThan(0);
    expect(workflows.some(({ wf }) => triggers(wf).includes('pull_request'))).toBe(true);
  });

  it('should never run on pull_request_target or workflow_run (they run with secrets next to pull request code)', () => {
    for (const { file, text, wf } of workflows) {
      expect(triggers(wf), file).not.toContain('pull_request_target');
      expect(triggers(wf), file).not.toContain('workflow_run');
      // Anywhere outside comments (a reusable workflow, an `if` on the event name…).
      expect(text.replace(/(^|\s)#.*$/gm, ''), file).not.toMatch(/pull_request_target/);
    }
  });

  it('should give the whole workflow read-only rights by default', () => {
    for (const { file, wf } of workflows) {
      expect(wf.permissions, file).toEqual({ contents: 'read' });
    }
  });

  it('should run pull request jobs with read-only rights, no secret, no environment, and no stored credentials', () => {
    for (const { file, wf } of workflows.filter(({ wf }) => triggers(wf).includes('pull_request'))) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (mainOnly(job)) continue;
        const where = `${file} → ${name}`;
        expect(JSON.stringify(job), where).not.toMatch(/secrets\./);
        expect(job.secrets, where).toBeUndefined();
        expect(job.environment, where).toBeUndefined();
        expect(writes(job.permissions), where).toBe(false);
        expect(JSON.stringify(job.permissions ?? {}), where).not.toMatch(/id-token/);
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials'], where).toBe(false);
          // A step that only runs on main (uploading the site) is not a pull request step.
          if (step.if && /refs\/heads\/main/.test(step.if)) continue;
          expect(JSON.stringify(step), where).not.toMatch(/secrets\./);
        }
      }
    }
  });

  it('should deploy only from main, after the checks pass, in a protected environment, without running the repository’s code', () => {
    let deploys = 0;
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        const privileged = writes(job.permissions) || JSON.stringify(job).includes('secrets.') || job.environment !== undefined;
        if (!privileged) continue;
        deploys++;
        const where = `${file} → ${name}`;
        const release = tagOnly(job);
        expect(mainOnly(job) || release, where).toBe(true);
        expect(needsOf(job).length, where).toBeGreaterThan(0);
        for (const need of needsOf(job)) expect(wf.jobs[need]?.steps?.some((s) => /npm test/.test(s.run ?? '')), `${where} needs ${need}`).toBe(true);
        expect(job.environment, where).toBeDefined();
        // No checkout, no install, no build: it only publishes what the checked job built. A
        // release runs one command, `npm publish <tarball> --provenance`, which runs no script of the package.
        for (const step of job.steps ?? []) {
          if (release && step.run !== undefined) expect(step.run.trim(), where).toMatch(PUBLISH_TARBALL);
          else expect(step.run, where).toBeUndefined();
          expect(step.uses ?? '', where).not.toMatch(/^actions\/checkout@/);
        }
      }
    }
    expect(deploys).toBeGreaterThan(0);
  });

  it('should publish to npm only from a version tag, with provenance, the tarball the tests passed on', () => {
    const release = workflows.find(({ file }) => file === 'release.yml');
    expect(release, 'release.yml').toBeDefined();
    const { wf } = release!;
    expect(triggers(wf)).toEqual(['push']);
    expect((wf.on as { push: { tags?: string[]; branches?: string[] } }).push).toEqual({ tags: ['v*'] });
    const publishers = Object.entries(wf.jobs).filter(([, job]) => (job.steps ?? []).some((s) => /npm publish/.test(s.run ?? '') && !/--dry-run/.test(s.run ?? '')));
    expect(publishers.map(([name]) => name)).toEqual(['phat-hanh']);
    const [, publisher] = publishers[0]!;
    expect(tagOnly(publisher)).toBe(true);
    expect(publisher.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const checked = wf.jobs[needsOf(publisher)[0]!]!;
    const runs = (checked.steps ?? []).map((s) => s.run ?? '').join('\n');
    // The tag must name the version in package.json, and the packed CLI must say the same.
    expect(runs).toMatch(/GITHUB_REF_NAME/);
    expect(runs).toMatch(/bantin\.js --version/);
    expect(runs).toMatch(/npm pack/);
    expect(runs).toMatch(/npm publish --dry-run/);
  });

  it('should pin every action to a full commit, not a tag that can move', () => {
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        const uses = [job.uses, ...(job.steps ?? []).map((s) => s.uses)].filter((u): u is string => typeof u === 'string');
        for (const u of uses) if (!u.startsWith('./')) expect(u, `${file} → ${name}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it('should not put text a pull request author controls into a shell command', () => {
    for (const { file, wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps ?? []) {
          expect(step.run ?? '', `${file} → ${name}`).not.toMatch(/\$\{\{\s*(github\.event\.|github\.head_ref|inputs\.)/);
        }
      }
    }
  });
});

describe('CODEOWNERS', () => {
  const file = path.join(REPO, '.github', 'CODEOWNERS');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
        .map((l) => l.split(/\s+/))
    : [];

  /** Owners of a repository path under GitHub's rules: the last matching pattern wins. */
  function ownersOf(p: string): string[] {
    let owners: string[] = [];
    for (const [pattern, ...who] of rules) {
      const anchored = pattern!.startsWith('/');
      const body = pattern!.replace(/^\//, '');
      const matches = body.endsWith('/') ? p.startsWith(body) || (!anchored && p.includes(`/${body}`)) : p === body || (!anchored && p.endsWith(`/${body}`)) || body === '*';
      if (matches) owners = who;
    }
    return owners;
  }

  it('should name owners for templates, workflows, package.json and the lock file', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const p of ['templates/layouts/base.hbs', 'templates/assets/site.js', '.github/workflows/ci.yml', '.github/CODEOWNERS', 'package.json', 'package-lock.json']) {
      const owners = ownersOf(p);
      expect(owners.length, p).toBeGreaterThan(0);
      for (const o of owners) expect(o, p).toMatch(/^@[\w-]+(\/[\w-]+)?$|^[^@\s]+@[^@\s]+$/);
    }
  });

  it('should leave articles to ward staff without an owner review', () => {
    expect(ownersOf('content/thong-bao/lich-tiep-cong-dan-2024.md')).toEqual([]);
  });
});

describe('the README', () => {
  it('should have a Security section that names what the tool promises and where it is tested', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const section = /^## Security\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
    expect(section.length).toBeGreaterThan(500);
    for (const word of ['pull_request_target', 'CODEOWNERS', 'test/hardening', 'BANTIN_FUZZ_RUNS', 'BT910', 'kill -9']) expect(section).toContain(word);
  });
});
