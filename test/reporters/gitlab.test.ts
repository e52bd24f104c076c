// `lint --format gitlab`, checked against GitLab's documented Code Quality report format
// (docs.gitlab.com/ci/testing/code_quality/#implement-a-custom-tool).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeQualityIssue } from '../../src/reporters/gitlab.js';
import { runCli } from '../helpers/cli.js';
import { fixtureDir } from './fixture.js';

const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

/** What GitLab's parser needs of a report, as a list of problems. */
function codeQualityProblems(raw: string): string[] {
  if (raw.charCodeAt(0) === 0xfeff) return ['the report starts with a byte order mark, which GitLab rejects'];
  const report = JSON.parse(raw) as unknown;
  if (!Array.isArray(report)) return ['the report is not an array'];
  const out: string[] = [];
  const prints = new Set<string>();
  report.forEach((issue: Record<string, unknown>, i) => {
    for (const key of ['description', 'check_name', 'fingerprint'] as const) {
      if (typeof issue[key] !== 'string' || issue[key] === '') out.push(`[${i}].${key} must be a non-empty string`);
    }
    if (!SEVERITIES.includes(String(issue.severity))) out.push(`[${i}].severity "${String(issue.severity)}" is not one of ${SEVERITIES.join(', ')}`);
    const location = issue.location as { path?: unknown; lines?: { begin?: unknown } } | undefined;
    const path = location?.path;
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) out.push(`[${i}].location.path must be relative, got ${JSON.stringify(path)}`);
    if (!Number.isInteger(location?.lines?.begin) || (location?.lines?.begin as number) < 1) out.push(`[${i}].location.lines.begin must be a line number`);
    if (prints.has(String(issue.fingerprint))) out.push(`[${i}].fingerprint repeats: GitLab would show the findings as one`);
    prints.add(String(issue.fingerprint));
  });
  return out;
}

function projectInRepository(): { repo: string; project: string } {
  const repo = mkdtempSync(join(tmpdir(), 'mlint-gitlab-'));
  execFileSync('git', ['init', '-q', repo]);
  const project = join(repo, 'services', 'db');
  mkdirSync(project, { recursive: true });
  cpSync(fixtureDir, project, { recursive: true });
  return { repo, project };
}

describe('lint --format gitlab', () => {
  it('writes a Code Quality report GitLab accepts: paths from the repository root, one issue per unsuppressed finding', () => {
    const { project } = projectInRepository();
    const run = runCli(['lint', '-f', 'gitlab'], { cwd: project });
    expect(run.code).toBe(1);
    expect(codeQualityProblems(run.stdout)).toEqual([]);
    const issues = JSON.parse(run.stdout) as CodeQualityIssue[];
    const json = JSON.parse(runCli(['lint', '-f', 'json'], { cwd: project }).stdout) as Array<{ messages: unknown[]; suppressedMessages: unknown[] }>;
    expect(issues.length).toBe(json.flatMap((f) => f.messages).length);
    expect(json.flatMap((f) => f.suppressedMessages).length).toBe(1);
    const index = issues.find((i) => i.check_name === 'require-concurrent-index-creation');
    expect(index).toMatchObject({
      severity: 'major',
      location: { path: 'services/db/migrations/002_index_orders.sql', lines: { begin: 2, end: 2 } },
      description: 'CREATE INDEX on orders without CONCURRENTLY blocks writes to orders while the index builds. Use CREATE INDEX CONCURRENTLY.',
    });
    expect(index?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(issues.find((i) => i.check_name === 'empty-migration')?.severity).toBe('minor');
    expect(issues.some((i) => i.check_name === 'ban-delete-without-where' && i.location.path.endsWith('003_purge_cache.sql'))).toBe(false);
  });

  it('keeps a finding\'s fingerprint when lines are added above it, and tells repeated findings apart', () => {
    const { project } = projectInRepository();
    const file = join(project, 'migrations', '002_index_orders.sql');
    const fingerprint = () => {
      const issues = JSON.parse(runCli(['lint', '-f', 'gitlab'], { cwd: project }).stdout) as CodeQualityIssue[];
      return issues.filter((i) => i.check_name === 'require-concurrent-index-creation').map((i) => [i.location.lines.begin, i.fingerprint] as const);
    };
    const [[line, before]] = fingerprint();
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `-- added\n-- above\n${original}`);
    expect(fingerprint()).toEqual([[line + 2, before]]);
    writeFileSync(file, `${original}CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n`);
    const twice = fingerprint();
    expect(twice.length).toBe(2);
    expect(twice[0][1]).not.toBe(twice[1][1]);
    expect(codeQualityProblems(runCli(['lint', '-f', 'gitlab'], { cwd: project }).stdout)).toEqual([]);
  });
});
