// verify over four repositories of the shared corpus (../shared/corpus) on PGlite, capped at
// their first migrations so the test stays bounded (bench/verify-corpus.ts runs them in full).
// Real bugs in those projects' downs are results: the first ones found are asserted.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { lint } from '../../src/lint.js';
import { DATABASE_RULE_IDS } from '../../src/verify/rule-ids.js';
import type { VerifyResult } from '../../src/verify/types.js';
import { verify } from '../../src/verify/verify.js';
import { corpusDir, hasCorpus, inCI, requireCorpus } from '../helpers/shared.js';

const CAP = 40;

async function verifyRepo(repo: string, cap = CAP): Promise<VerifyResult> {
  const config = resolveConfig({}, undefined, corpusDir);
  const result = await lint({ cwd: corpusDir, config, paths: [repo] });
  return verify({ cwd: corpusDir, config, lintResult: { ...result, migrations: result.migrations.slice(0, cap) } });
}

function expectWellFormed(r: VerifyResult, cap = CAP): void {
  expect(r.migrations.length).toBe(cap);
  for (const f of r.findings) {
    expect(DATABASE_RULE_IDS.has(f.ruleId), f.ruleId).toBe(true);
    const text = r.files.get(f.file)?.text ?? '';
    expect(f.span.start).toBeGreaterThanOrEqual(0);
    expect(f.span.end).toBeLessThanOrEqual(text.length);
    expect(f.start.line).toBeGreaterThanOrEqual(1);
    expect(f.start.column).toBeGreaterThanOrEqual(1);
  }
}

const where = (r: VerifyResult, rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${relative(corpusDir, f.file)}: ${f.message}`);

describe.runIf(hasCorpus || inCI)('verify on the shared corpus (PGlite)', () => {
  it('dani-garcia__vaultwarden: every up applies; empty diesel downs leave columns behind', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifyRepo('dani-garcia__vaultwarden');
    expectWellFormed(r);
    expect(r.migrations.every((m) => m.up === 'applied')).toBe(true);
    expect(where(r, 'verify-down-mismatch')).toContain(
      'dani-garcia__vaultwarden/2019-10-10-083032_add_column_to_twofactor/down.sql: Down of 20191010083032 does not restore the schema before the up: column public.twofactor.last_used is left over.',
    );
  });

  it('rust-lang__crates.io: every up applies; downs that drop defaults the up never set', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifyRepo('rust-lang__crates.io');
    expectWellFormed(r);
    expect(r.migrations.every((m) => m.up === 'applied')).toBe(true);
    expect(where(r, 'verify-down-mismatch')[0]).toBe(
      'rust-lang__crates.io/20140925132254_dumped_migration_12/down.sql: Down of 20140925132254 does not restore the schema before the up: column public.packages.created_at differs (default: "now()" → (none)); column public.packages.updated_at differs (default: "now()" → (none)); column public.versions.created_at differs (default: "now()" → (none)); column public.versions.updated_at differs (default: "now()" → (none)).',
    );
  });

  it('ory__kratos: every up applies; split migrations whose downs undo another part', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifyRepo('ory__kratos');
    expectWellFormed(r);
    expect(r.migrations.every((m) => m.up === 'applied')).toBe(true);
    const failing = /^ory__kratos\/20191100000002000000_requests\.postgres\.down\.sql: Down of 20191100000002000000 fails on PGlite .*: table "selfservice_profile_management_requests" does not exist \(SQLSTATE 42P01\)$/;
    expect(where(r, 'verify-down-mismatch').filter((x) => failing.test(x))).toHaveLength(1);
  });

  // hatchet's first 88 migrations have no down section: go far enough to check some.
  it('hatchet-dev__hatchet (goose): the first migrations apply, with and without downs', { timeout: 600_000 }, async () => {
    if (!requireCorpus()) return;
    const r = await verifyRepo('hatchet-dev__hatchet', 100);
    expectWellFormed(r, 100);
    expect(r.migrations.filter((m) => m.up !== 'applied')).toEqual([]);
    expect(r.migrations.some((m) => m.down === 'ok')).toBe(true);
    expect(r.migrations.some((m) => m.down === 'none')).toBe(true);
  });
});
