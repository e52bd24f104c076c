// Rule dispatch for one section: each AST node goes only to the rules with a handler for its tag,
// and a rule whose visitor has node handlers only is created on the first node it handles, so a
// section pays nothing for the rules it never needs (most sections need few of them).
import type { Node } from '@pgsql/types';
import type { AnyRule, CurrentStatement, Visitor } from './rule.js';

type HandlerFn = (this: Visitor, ...args: unknown[]) => void;

/** Which handlers a rule's visitor has. The same for every section: create() returns one shape. */
interface Shape {
  tags: string[];
  statement: boolean;
  endOfSection: boolean;
}

const shapes = new WeakMap<AnyRule, Shape>();

function shapeOf(visitor: Visitor): Shape {
  const shape: Shape = { tags: [], statement: false, endOfSection: false };
  for (const key in visitor) {
    if (typeof (visitor as Record<string, unknown>)[key] !== 'function') continue;
    if (key === 'statement') shape.statement = true;
    else if (key === 'endOfSection') shape.endOfSection = true;
    else shape.tags.push(key);
  }
  return shape;
}

/** A run's rules grouped for dispatch, by index into its rules list (rule order kept everywhere). */
interface Plan {
  byTag: Map<string, number[]>;
  statement: number[];
  endOfSection: number[];
}

const plans = new WeakMap<readonly { rule: AnyRule }[], Plan>();

function planOf(rules: readonly { rule: AnyRule }[]): Plan {
  const plan: Plan = { byTag: new Map(), statement: [], endOfSection: [] };
  rules.forEach(({ rule }, i) => {
    const shape = shapes.get(rule)!;
    if (shape.statement) plan.statement.push(i);
    if (shape.endOfSection) plan.endOfSection.push(i);
    for (const tag of shape.tags) {
      const list = plan.byTag.get(tag);
      if (list) list.push(i);
      else plan.byTag.set(tag, [i]);
    }
  });
  return plan;
}

export class SectionDispatch {
  private readonly visitors: (Visitor | undefined)[];
  private readonly plan: Plan;

  /** `create(i)` creates the visitor of rules[i] for this section. */
  constructor(
    rules: readonly { rule: AnyRule }[],
    private readonly create: (i: number) => Visitor,
  ) {
    this.visitors = new Array<Visitor | undefined>(rules.length);
    let plan = plans.get(rules);
    if (!plan) {
      // A rule not seen yet is created now, and its shape kept for every later section.
      rules.forEach(({ rule }, i) => {
        if (shapes.has(rule)) return;
        const visitor = (this.visitors[i] = create(i));
        shapes.set(rule, shapeOf(visitor));
      });
      plans.set(rules, (plan = planOf(rules)));
    }
    this.plan = plan;
    // Hooks run for every statement or at the end: those rules are created up front, in rule order.
    for (const i of plan.statement) this.visitor(i);
    for (const i of plan.endOfSection) this.visitor(i);
  }

  private visitor(i: number): Visitor {
    return this.visitors[i] ?? (this.visitors[i] = this.create(i));
  }

  /** A statement: the statement hooks, then each node of its AST to the handlers of its tag. */
  statement(stmt: CurrentStatement): void {
    for (const i of this.plan.statement) this.visitors[i]!.statement!(stmt);
    if (this.plan.byTag.size > 0) this.walk(stmt.node, []);
  }

  endOfSection(): void {
    for (const i of this.plan.endOfSection) this.visitors[i]!.endOfSection!();
  }

  /** A wrapped AST node is an object with one key, the node tag, which starts with an upper-case letter. */
  private walk(value: unknown, ancestors: Node[]): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, ancestors);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    let only: string | undefined;
    let count = 0;
    for (const key in value) {
      only = key;
      if (++count > 1) break;
    }
    if (count === 1) {
      const code = only!.charCodeAt(0);
      if (code >= 65 && code <= 90) {
        const inner = (value as Record<string, unknown>)[only!];
        const list = this.plan.byTag.get(only!);
        if (list) {
          for (const i of list) {
            const visitor = this.visitor(i);
            ((visitor as Record<string, unknown>)[only!] as HandlerFn).call(visitor, inner, ancestors);
          }
        }
        ancestors.push(value as Node);
        this.walk(inner, ancestors);
        ancestors.pop();
        return;
      }
    }
    for (const key in value) this.walk((value as Record<string, unknown>)[key], ancestors);
  }
}
