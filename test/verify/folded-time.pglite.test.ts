// verify compares view definitions modulo the timestamps PostgreSQL folds from 'now' when a view
// is created (replaying the same CREATE VIEW stores another literal), and still reports a down
// that really changes a view's definition.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { verify } from '../../src/verify/verify.js';
import { verifySummary } from '../../src/verify/format-verify.js';
import type { VerifyResult } from '../../src/verify/types.js';
import { lintSql } from '../helpers/lint-sql.js';

async function verifyFiles(files: Record<string, string>): Promise<VerifyResult> {
  const [first, ...rest] = Object.entries(files);
  const lintResult = await lintSql(first![1], { filename: first![0], others: Object.fromEntries(rest) });
  return verify({ cwd: '/virtual', config: resolveConfig({}, undefined, '/virtual'), lintResult });
}

const verifyFindings = (r: VerifyResult) => r.findings.filter((f) => f.ruleId.startsWith('verify-')).map((f) => `${f.ruleId} ${f.file.replace('/virtual/', '')}: ${f.message}`);

const recentView = (days: number) => `CREATE OR REPLACE VIEW recent_events AS SELECT id FROM events WHERE created_at > 'now'::timestamp - interval '${days} day';\n`;

describe('verify and timestamps folded at view creation', () => {
  it('replays a view over now() up, down and up again without a finding, says it compared modulo folded timestamps, and still reports a real definition change', async () => {
    const r = await verifyFiles({
      '001_events.up.sql': `CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL);\n${recentView(1)}`,
      '001_events.down.sql': 'DROP VIEW recent_events;\nDROP TABLE events;\n',
      '002_week.up.sql': recentView(7),
      '002_week.down.sql': recentView(1),
      '003_month.up.sql': recentView(30),
      '003_month.down.sql': recentView(2),
    });
    expect(r.migrations.map((m) => [m.version, m.up, m.down, m.repeat])).toEqual([
      ['001', 'applied', 'ok', 'ok'],
      ['002', 'applied', 'ok', 'ok'],
      ['003', 'applied', 'mismatch', 'not-run'],
    ]);
    // Each replay stored another literal: only the folding made 001's repeat and 002's down equal.
    expect(r.migrations.map((m) => m.foldedTime)).toEqual([['view public.recent_events'], ['view public.recent_events'], undefined]);
    const findings = verifyFindings(r);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^verify-down-mismatch 003_month\.down\.sql: Down of 003 does not restore the schema before the up: view public\.recent_events differs \(definition: .*'7 days'::interval.* → .*'2 days'::interval/);
    expect(verifySummary(r)).toContain("\n  view definitions compared modulo timestamps PostgreSQL folded from now()/'now' at creation: view public.recent_events (001); view public.recent_events (002)\n");
  });

  it('reports a down that changes a fixed timestamp in a view', async () => {
    const fixed = (day: string) => `CREATE OR REPLACE VIEW since_launch AS SELECT id FROM events WHERE created_at > '${day}'::timestamp;\n`;
    const r = await verifyFiles({
      '001_events.up.sql': `CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamp NOT NULL);\n${fixed('2020-01-01')}`,
      '002_relaunch.up.sql': fixed('2024-06-01'),
      '002_relaunch.down.sql': fixed('2020-01-02'),
    });
    expect(r.migrations.map((m) => [m.version, m.down, m.foldedTime])).toEqual([
      ['001', 'none', undefined],
      ['002', 'mismatch', undefined],
    ]);
    expect(verifyFindings(r)).toEqual([expect.stringMatching(/^verify-down-mismatch 002_relaunch\.down\.sql: .*'2020-01-01 00:00:00'::timestamp without time zone.* → .*'2020-01-02 00:00:00'::timestamp/)]);
    expect(verifySummary(r)).not.toMatch(/folded/);
  });
});
