import { describe, expect, it } from 'vitest';
import type { AnalysedStatement } from '../../src/lint.js';
import { describeLocks } from '../../src/apply/describe-locks.js';

const stmt = (extra: Record<string, unknown>) => ({ index: 0, text: 'x', ...extra }) as unknown as AnalysedStatement;
const lock = (mode: string, relname: string, kind = 'relation', schemaname?: string) => ({
  mode,
  relation: { relname, kind, ...(schemaname ? { schemaname } : {}) },
});

describe('describeLocks', () => {
  it('names each lock and what it is on, once', () => {
    expect(
      describeLocks(
        stmt({
          locks: [
            lock('ACCESS EXCLUSIVE', 'orders', 'relation', 'shop'),
            lock('SHARE ROW EXCLUSIVE', 'customers'),
            lock('SHARE ROW EXCLUSIVE', 'customers'),
            lock('SHARE UPDATE EXCLUSIVE', 'ix_a', 'index'),
            lock('SHARE UPDATE EXCLUSIVE', 'ix_a', 'table of index'),
            lock('ACCESS EXCLUSIVE', 't', 'indexes of table'),
          ],
        }),
      ),
    ).toBe(
      'ACCESS EXCLUSIVE on shop.orders; SHARE ROW EXCLUSIVE on customers; SHARE UPDATE EXCLUSIVE on index ix_a; SHARE UPDATE EXCLUSIVE on the table of index ix_a; ACCESS EXCLUSIVE on the indexes of t',
    );
  });

  it('no lock facts: "no table lock"; no lock table at all: unknown; a `lock` string wins', () => {
    expect(describeLocks(stmt({ locks: [] }))).toBe('no table lock');
    expect(describeLocks(stmt({}))).toBeUndefined();
    expect(describeLocks(stmt({ lock: 'EXCLUSIVE on x', locks: [lock('SHARE', 'y')] }))).toBe('EXCLUSIVE on x');
  });
});
