// The reporters' golden scenario (fixtures/reporters/basic), linted with a fixed set of rules so
// that rules added later do not change the golden files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { lint, type LintResult } from '../../src/lint.js';
import type { ReporterOptions, ReportInput } from '../../src/reporters/types.js';
import { repoRoot } from '../helpers/cli.js';

export const fixtureDir = join(repoRoot, 'fixtures', 'reporters', 'basic');

export const GOLDEN_RULES = [
  'syntax-error',
  'unused-suppression',
  'empty-migration',
  'require-concurrent-index-creation',
  'require-concurrent-index-deletion',
  'ban-delete-without-where',
];

export async function lintFixture(overrides?: Map<string, string>): Promise<LintResult> {
  const settings = Object.fromEntries([...rules.keys()].filter((id) => !GOLDEN_RULES.includes(id)).map((id) => [id, 'off' as const]));
  const config = resolveConfig({ migrations: ['migrations'], pgVersion: 16, rules: settings }, join(fixtureDir, '.migrationlintrc.json'), fixtureDir);
  return lint({ cwd: fixtureDir, config, ...(overrides ? { overrides } : {}) });
}

export function reportInput(result: LintResult): ReportInput {
  return { findings: result.findings, files: result.set.files, rules: new Map([...rules].filter(([id]) => GOLDEN_RULES.includes(id))) };
}

export const reportOptions: ReporterOptions = { cwd: fixtureDir, root: fixtureDir, color: false, version: '0.0.0-golden' };

/** Replaces what depends on the checkout's location. */
export function normalize(text: string): string {
  return text.split(pathToFileURL(`${fixtureDir}/`).href).join('file:///SRCROOT/');
}

/** Compares with fixtures/reporters/basic/<name>; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(name: string, actual: string): void {
  const file = join(fixtureDir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true') throw new Error(`golden file ${name} is missing`);
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
