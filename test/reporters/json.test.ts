import { describe, expect, it } from 'vitest';
import { json, jsonChunks } from '../../src/reporters/json.js';
import type { ReportInput } from '../../src/reporters/types.js';
import type { Finding, SourceText } from '../../src/types.js';
import { lintFixture, reportInput, reportOptions } from './fixture.js';

/** The one formatting the json reporter promises: JSON.stringify(entries, null, 2) and a newline. */
const canonical = (text: string) => `${JSON.stringify(JSON.parse(text), null, 2)}\n`;

function manyFiles(count: number): ReportInput {
  const files = new Map<string, SourceText>();
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const path = `/repo/migrations/${String(i).padStart(5, '0')}_add_index.sql`;
    const text = 'CREATE INDEX ix ON t (a);\n';
    files.set(path, { path, relPath: path.slice(1), text });
    findings.push({
      file: path,
      ruleId: 'require-concurrent-index-creation',
      severity: i % 3 === 0 ? 'warning' : 'error',
      message: 'CREATE INDEX on t without CONCURRENTLY blocks writes to t while the index builds.',
      span: { start: 0, end: 25 },
      start: { line: 1, column: 1 },
      end: { line: 1, column: 26 },
      statement: 0,
      fix: { title: 'Add CONCURRENTLY', edits: [{ start: 12, end: 12, text: ' CONCURRENTLY' }] },
      ...(i % 7 === 0 ? { suppressed: { reason: 'small table' } } : {}),
    });
  }
  return { findings, files };
}

describe('json reporter', () => {
  it('writes the fixture report as 2-space JSON, one entry per file', async () => {
    const out = json(reportInput(await lintFixture()), reportOptions);
    expect(out).toBe(canonical(out));
    expect((JSON.parse(out) as unknown[]).length).toBeGreaterThan(1);
  });

  it('comes in several pieces on a large run, and they join to the same text', () => {
    const input = manyFiles(3000);
    const pieces = [...jsonChunks(input, reportOptions)];
    expect(pieces.length).toBeGreaterThan(5);
    const out = pieces.join('');
    expect(out).toBe(json(input, reportOptions));
    expect(out).toBe(canonical(out));
    const entries = JSON.parse(out) as Array<{ filePath: string; messages: unknown[]; suppressedMessages: unknown[] }>;
    expect(entries).toHaveLength(3000);
    expect(entries[2999].filePath).toBe('/repo/migrations/02999_add_index.sql');
    expect(entries[7].suppressedMessages).toHaveLength(1);
  });

  it('writes [] when there is no file', () => {
    expect([...jsonChunks({ findings: [], files: new Map() }, reportOptions)].join('')).toBe('[]\n');
  });
});
