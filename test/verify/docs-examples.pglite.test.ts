// The docs examples of the findings only a database produces (test/docs.test.ts defers to this
// file): each bad example fires on PGlite, each good one does not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config.js';
import { trace } from '../../src/verify/trace.js';
import { verify } from '../../src/verify/verify.js';
import { lintSql } from '../helpers/lint-sql.js';

const VERIFY_RULES = ['verify-up-fails', 'verify-down-mismatch', 'verify-up-not-repeatable', 'verify-skipped'] as const;

async function verifyExample(sql: string): Promise<string[]> {
  const lintResult = await lintSql(sql, { filename: '001_example.sql' });
  const r = await verify({ cwd: '/virtual', config: resolveConfig({}, undefined, '/virtual'), lintResult });
  return r.findings.filter((f) => !f.suppressed).map((f) => f.ruleId);
}

describe('docs examples of verify findings', () => {
  for (const id of VERIFY_RULES) {
    const { docs } = rules.get(id)!.meta;
    it(`${id}: bad example fires`, async () => {
      expect(await verifyExample(docs.bad)).toContain(id);
    });
    it(`${id}: good example does not`, async () => {
      expect(await verifyExample(docs.good)).toEqual([]);
    });
  }
});

describe('docs examples of lock-table-mismatch', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const { docs } = rules.get('lock-table-mismatch')!.meta;
  /** The example's predecessor, written in its comment lines; the traced migration is the rest. */
  const split = (example: string) => {
    const lines = example.split('\n');
    const setup = lines
      .filter((l) => l.startsWith('-- migration 001 (before):') || l.startsWith('--   '))
      .map((l) => l.replace(/^-- migration 001 \(before\):|^--  /, '').trim())
      .join('\n');
    return { setup, traced: example };
  };
  const traceExample = async (example: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlverify-docs-'));
    dirs.push(dir);
    const { setup, traced } = split(example);
    expect(setup).toContain('CREATE TABLE child');
    writeFileSync(join(dir, '001_setup.sql'), `${setup}\n`);
    writeFileSync(join(dir, '002_traced.sql'), `${traced}\n`);
    const r = await trace({ cwd: dir, config: resolveConfig({ migrations: ['.'] }, undefined, dir), target: '002' });
    expect(r.failed).toBeUndefined();
    return r.findings.map((f) => f.ruleId);
  };
  it('lock-table-mismatch: bad example fires', async () => {
    expect(await traceExample(docs.bad)).toEqual(['lock-table-mismatch']);
  });
  it('lock-table-mismatch: good example does not', async () => {
    expect(await traceExample(docs.good)).toEqual([]);
  });
});
