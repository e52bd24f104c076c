import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../src/apply/history.js';
import { computeStatus, duplicateVersions, type PlanInput } from '../../src/apply/plan.js';

const input = (version: string, checksum = `sum-${version}`): PlanInput => ({ version, name: `m${version}`, checksum, file: `migrations/${version}.sql` });

let id = 0;
function row(version: string, patch: Partial<HistoryRow> = {}): HistoryRow {
  return {
    id: ++id,
    version,
    name: `m${version}`,
    checksum: `sum-${version}`,
    direction: 'up',
    status: 'applied',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:01.000Z',
    durationMs: 1000,
    appliedBy: 'app',
    executionMode: 'transaction',
    statementsDone: 2,
    statementsTotal: 2,
    error: null,
    toolVersion: '0.1.0',
    ...patch,
  };
}

describe('computeStatus', () => {
  it('applied, pending, and the details of the row that applied it', () => {
    const s = computeStatus([input('1'), input('2')], [row('1')]);
    expect(s).toEqual([
      { version: '1', name: 'm1', state: 'applied', file: 'migrations/1.sql', appliedAt: '2025-01-01T00:00:01.000Z', durationMs: 1000, appliedBy: 'app', executionMode: 'transaction' },
      { version: '2', name: 'm2', state: 'pending', file: 'migrations/2.sql' },
    ]);
  });

  it('the latest row decides: rolled back is pending again, re-applied is applied', () => {
    expect(computeStatus([input('1')], [row('1'), row('1', { direction: 'down', status: 'rolled_back' })])[0]!.state).toBe('pending');
    expect(computeStatus([input('1')], [row('1'), row('1', { direction: 'down', status: 'rolled_back' }), row('1')])[0]!.state).toBe('applied');
  });

  it('a failed transactional run leaves the state as it was, but is shown', () => {
    const failedUp = computeStatus([input('1')], [row('1', { status: 'failed', statementsDone: 1, error: 'boom' })])[0]!;
    expect(failedUp).toMatchObject({ state: 'failed', failure: { blocking: false, statement: 1, error: 'boom', direction: 'up' } });
    // A down that failed in its transaction: still applied.
    const failedDown = computeStatus([input('1')], [row('1'), row('1', { direction: 'down', status: 'failed' })])[0]!;
    expect(failedDown.state).toBe('applied');
  });

  it('a failed statement-by-statement run blocks, with where it stopped', () => {
    const s = computeStatus([input('1')], [row('1', { status: 'failed', executionMode: 'statements', statementsDone: 3, statementsTotal: 5, error: 'x' })])[0]!;
    expect(s).toMatchObject({ state: 'failed', failure: { blocking: true, statement: 3, statementsTotal: 5 } });
  });

  it('drift: a changed checksum, a vanished file (but not a rolled-back one)', () => {
    const s = computeStatus([input('1', 'new-sum'), input('3')], [row('1'), row('2'), row('4'), row('4', { direction: 'down', status: 'rolled_back' })]);
    expect(s.map((m) => [m.version, m.state, m.drift])).toEqual([
      ['1', 'drifted', 'changed'],
      ['3', 'pending', undefined],
      ['2', 'drifted', 'vanished'],
    ]);
  });

  it('marks a pending migration that sorts before an applied one as out of order', () => {
    const s = computeStatus([input('1'), input('2'), input('3')], [row('1'), row('3')]);
    expect(s.map((m) => [m.version, m.state, m.outOfOrder])).toEqual([
      ['1', 'applied', undefined],
      ['2', 'pending', true],
      ['3', 'applied', undefined],
    ]);
  });

  it('finds duplicate versions', () => {
    expect(duplicateVersions([input('1'), input('2'), input('1')])).toEqual(['1']);
    expect(duplicateVersions([input('1'), input('2')])).toEqual([]);
  });
});
