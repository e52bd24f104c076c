// Describing schema differences: long texts (definitions) are shown where they start to differ.
import { describe, expect, it } from 'vitest';
import { compareSnapshots, describeDiff, describeMismatch } from '../../src/verify/compare.js';
import type { SchemaObject } from '../../src/verify/snapshot.js';

const fk = (def: string, validated: boolean): SchemaObject => ({ kind: 'constraint', name: 'public.t.t_fk', parent: 'table public.t', props: { definition: def, validated } });
const LONG = `FOREIGN KEY ("cronParentId", "cronSchedule", "cronName") REFERENCES "WorkflowTriggerCronRef"("parentId", cron, name) ON DELETE CASCADE`;

describe('describing differences', () => {
  it('shows a long definition around the first difference', () => {
    const d = compareSnapshots({ objects: [fk(`${LONG} NOT VALID`, false)] }, { objects: [fk(LONG, true)] });
    expect(describeDiff(d)).toEqual([
      '~ constraint public.t.t_fk: definition "… cron, name) ON DELETE CASCADE NOT VALID" → "… cron, name) ON DELETE CASCADE"; validated false → true',
    ]);
  });

  it('folds the objects of an added or removed table into it, and caps a long mismatch list', () => {
    const table = (name: string): SchemaObject => ({ kind: 'table', name, props: {} });
    const column = (t: string, c: string): SchemaObject => ({ kind: 'column', name: `${t}.${c}`, parent: `table ${t}`, props: { type: 'int' } });
    const many = Array.from({ length: 10 }, (_, i) => table(`public.t${i}`));
    const d = compareSnapshots({ objects: [] }, { objects: [table('public.a'), column('public.a', 'x'), ...many] });
    expect(d.added.map((o) => o.name)).toEqual(['public.a', ...many.map((t) => t.name)]);
    expect(describeMismatch(d, 2)).toBe('table public.a is left over; table public.t0 is left over; and 9 more');
  });
});
