// Alembic's revision graph: `revision` / `down_revision` (a tuple for a merge) / `depends_on`. The upgrade
// order is topological from the base; two heads, a cycle, a missing or duplicate revision are problems
// placed on the file's down_revision line (alembic/script/revision.py RevisionMap refuses the same).
import type { Span } from '../../types.js';

export interface RevisionNode {
  /** The file path (unique key). */
  key: string;
  id: string;
  parents: readonly string[];
  dependsOn: readonly string[];
  /** The down_revision assignment (or the revision's, when there is none). */
  span: Span;
}

export interface GraphProblem {
  key: string;
  message: string;
  span: Span;
}

export interface RevisionOrder {
  /** Keys in upgrade order; revisions caught in a cycle come last, in path order. */
  order: string[];
  problems: GraphProblem[];
}

export function orderRevisions(nodes: readonly RevisionNode[]): RevisionOrder {
  const sorted = [...nodes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const problems: GraphProblem[] = [];
  const byId = new Map<string, RevisionNode>();
  for (const node of sorted) {
    const earlier = byId.get(node.id);
    if (earlier) problems.push({ key: node.key, span: node.span, message: `revision "${node.id}" is also the revision of ${earlier.key}: Alembic refuses two revisions with one id` });
    else byId.set(node.id, node);
  }
  const requires = new Map<RevisionNode, RevisionNode[]>();
  for (const node of sorted) {
    const needed: RevisionNode[] = [];
    for (const [list, what] of [[node.parents, 'down_revision'], [node.dependsOn, 'depends_on']] as const) {
      for (const id of list) {
        const found = byId.get(id);
        if (found) needed.push(found);
        else problems.push({ key: node.key, span: node.span, message: `${what} "${id}" names no revision in this set: Alembic fails with "Can't locate revision identified by '${id}'"` });
      }
    }
    requires.set(node, needed);
  }

  // Kahn's algorithm, ties broken by path so the order is stable.
  const order: string[] = [];
  const done = new Set<RevisionNode>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const node of sorted) {
      if (done.has(node) || !(requires.get(node) ?? []).every((r) => done.has(r) || r === node)) continue;
      done.add(node);
      order.push(node.key);
      progress = true;
    }
  }
  const cyclic = sorted.filter((n) => !done.has(n));
  if (cyclic.length > 0) {
    const first = cyclic[0] as RevisionNode;
    problems.push({ key: first.key, span: first.span, message: `revision "${first.id}" is part of a cycle (${cyclic.map((n) => n.id).join(' → ')}): Alembic cannot order these revisions` });
    order.push(...cyclic.map((n) => n.key));
  }

  const parentsOf = new Set(sorted.flatMap((n) => n.parents.map((id) => byId.get(id))));
  const heads = [...byId.values()].filter((n) => !parentsOf.has(n));
  if (heads.length > 1) {
    const last = heads[heads.length - 1] as RevisionNode;
    problems.push({ key: last.key, span: last.span, message: `${heads.length} heads (${heads.map((h) => h.id).join(', ')}): \`alembic upgrade head\` refuses to run; join them with \`alembic merge heads\`` });
  }
  return { order, problems };
}
