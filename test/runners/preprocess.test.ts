// What runners rewrite before the server sees a migration (psql meta-commands and variables,
// graphile-migrate / Flyway / Liquibase placeholders, pop templates): no false syntax error, the
// statements around still linted at their own line:col, a real syntax error still reported, and
// apply refusing to send the stand-ins. Corpus: the syntax errors these constructs caused.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfig } from '../../src/config.js';
import { discover } from '../../src/discover.js';
import { lint } from '../../src/lint.js';
import { blocker } from '../../src/verify/preflight.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { corpusDir, corpusRunnersDir, requireCorpus } from '../helpers/shared.js';

const fixture = (name: string) => join(repoRoot, 'fixtures', 'preprocess', name);

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

function lintJson(cwd: string, args: string[] = ['.']): { file: string; message: JsonMessage }[] {
  const run = runCli(['lint', ...args, '--format', 'json'], { cwd });
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as { filePath: string; messages: JsonMessage[] }[];
  return report.flatMap((f) => f.messages.map((message) => ({ file: f.filePath.slice(cwd.length + 1), message })));
}

const at = (found: ReturnType<typeof lintJson>, ruleId: string) => found.filter((f) => f.message.ruleId === ruleId).map((f) => `${f.file}:${f.message.line}:${f.message.column}`);

describe('sqitch scripts as psql reads them', () => {
  let found: ReturnType<typeof lintJson> = [];
  beforeAll(() => {
    found = lintJson(fixture('sqitch'));
  });

  it('meta-commands, variables and COPY data are no syntax error; a real one next to a meta-command still is', () => {
    expect(at(found, 'syntax-error')).toEqual(['deploy/broken.sql:3:37']);
  });

  it('the statements around them are linted at their own line:col', () => {
    expect(at(found, 'require-concurrent-index-creation')).toEqual(['deploy/orders.sql:10:1']);
    // :"app_schema" stands in as the quoted identifier "app_schema".
    expect(found.find((f) => f.message.ruleId === 'require-lock-timeout')?.message.message).toContain('app_schema.customers');
  });

  it('an \\ir include is reported, not followed silently', () => {
    const include = found.filter((f) => f.message.ruleId === 'include-not-linted');
    expect(include.map((f) => `${f.file}:${f.message.line}:${f.message.column}`)).toEqual(['deploy/seed.sql:9:1']);
    expect(include[0]?.message.message).toContain('psql runs ../data/extra.sql here (`\\ir`)');
    expect(include[0]?.message.ruleId).toBe('include-not-linted');
  });

  it('verify, trace and diff skip a rewritten migration with the reason instead of replaying stand-ins', async () => {
    const cwd = fixture('sqitch');
    const result = await lint({ cwd, config: await loadConfig({ cwd }) });
    const reasons = result.migrations.map((m) => blocker(m.up, 'pg')?.reason);
    expect(reasons[0]).toBe('its runner rewrites it before running it (psql meta-command `\\set ON_ERROR_STOP on`): only the runner can run it');
    expect(reasons[2]).toContain('it does not parse');
  });

  it('apply refuses to send the stand-ins, naming the first construct', () => {
    const run = runCli(['apply'], { cwd: fixture('sqitch') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('3 migrations of the set are rewritten by sqitch before the server sees them (psql meta-command `\\set ON_ERROR_STOP on` at deploy/orders.sql:2:1)');
  });
});

describe('stand-ins keep every offset and line', () => {
  for (const name of ['sqitch', 'graphile', 'popx', 'flyway', 'liquibase']) {
    it(name, async () => {
      const cwd = fixture(name);
      const config = resolveConfig({}, undefined, cwd);
      const set = await discover({ cwd, patterns: ['.'], runner: config.runner, assumeInTransaction: false });
      const sections = set.migrations.flatMap((m) => [m.up, ...(m.down ? [m.down] : [])]).filter((s) => s.rewritten);
      expect(sections.length).toBeGreaterThan(0);
      for (const s of sections) {
        const original = set.files.get(s.file)?.text.slice(s.offset, s.offset + s.text.length) ?? '';
        expect(s.text.length).toBe(original.length);
        expect([...s.text.matchAll(/\r?\n/g)].map((m) => m.index)).toEqual([...original.matchAll(/\r?\n/g)].map((m) => m.index));
        for (const c of s.rewritten ?? []) expect(set.files.get(s.file)?.text.slice(c.span.start, c.span.end)).toBe(c.text);
      }
    });
  }
});

describe('placeholders and templates', () => {
  it('graphile-migrate: .gmrc placeholders, a known value shown by its value', () => {
    const found = lintJson(fixture('graphile'));
    expect(at(found, 'syntax-error')).toEqual([]);
    expect(at(found, 'require-concurrent-index-creation')).toEqual(['migrations/committed/000001.sql:9:1']);
    expect(found.find((f) => f.message.ruleId === 'require-lock-timeout')?.message.message).toContain('app.users');
  });

  it('graphile-migrate: the afterReset SQL file of .gmrc runs first, its placeholders replaced too', async () => {
    const cwd = fixture('graphile');
    const set = await discover({ cwd, patterns: ['migrations'], runner: 'auto', assumeInTransaction: false });
    expect(set.migrations.map((m) => `${m.runner} ${m.id} ${m.up.wrap}`)).toEqual(['graphile-migrate 0_afterReset implicit', 'graphile-migrate 000001 wrapped']);
    expect(set.migrations[0]?.up.rewritten?.map((c) => c.text)).toEqual([':DATABASE_NAME', ':DATABASE_OWNER', ':DATABASE_VISITOR']);
  });

  it('popx: Go template actions in code, quoted identifiers and strings; control actions print nothing', () => {
    const found = lintJson(fixture('popx'));
    expect(at(found, 'syntax-error')).toEqual([]);
    expect(at(found, 'invalid-file')).toEqual([]);
    expect(at(found, 'require-concurrent-index-creation')).toEqual(['migrations/20260101000000_init.up.sql:7:1']);
    expect(found.find((f) => f.message.ruleId === 'require-lock-timeout')?.message.message).toContain('Namespace.identities');
  });

  it('Flyway: ${name} and ${flyway:defaultSchema}', () => {
    const found = lintJson(fixture('flyway'));
    expect(at(found, 'syntax-error')).toEqual([]);
    expect(at(found, 'require-concurrent-index-creation')).toEqual(['sql/V1__init.sql:3:1']);
  });

  it('Liquibase: ${property} in changesets and rollbacks', () => {
    const found = lintJson(fixture('liquibase'));
    expect(at(found, 'syntax-error')).toEqual([]);
    expect(at(found, 'require-concurrent-index-creation')).toEqual(['changelog.sql:8:1']);
    expect(at(found, 'require-lock-timeout')).toContain('changelog.sql:5:12');
  });
});

// Before this preprocessing (measured on main): bcgov__cas-cif 34 (`\copy`), villeheikkila__Tastybytes
// 33 (:DATABASE_VISITOR …), supabase__auth 168 ({{ index .Options "Namespace" }}), Marquez 0, elhub 0.
describe('corpus: syntax errors the runners’ rewriting caused', () => {
  const sets: [string, string, number][] = [
    [corpusRunnersDir, 'bcgov__cas-cif', 0],
    // afterReset.sql included: .gmrc's afterReset action runs it with the placeholders replaced.
    [corpusRunnersDir, 'villeheikkila__Tastybytes', 0],
    [corpusDir, 'supabase__auth', 0],
    [corpusRunnersDir, 'MarquezProject__marquez', 0],
    [corpusRunnersDir, 'elhub__flex-information-system', 0],
  ];
  for (const [root, set, expected] of sets) {
    it(`${set}: ${expected} syntax errors`, () => {
      if (!requireCorpus()) return;
      const found = lintJson(join(root, set));
      expect(at(found, 'syntax-error').length).toBe(expected);
    }, 60_000);
  }
});
