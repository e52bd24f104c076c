// Rule dispatch for one section: each AST node goes only to the rules with a handler for its tag,
// each statement only to the statement hooks of rules that did not declare other statement kinds,
// and a rule is created on the first node or statement it handles (unless it has an endOfSection,
// endOfStatement or every-statement hook), so a section pays nothing for the rules it never needs
// (most sections need few of them).
import type { Node } from '@pgsql/types';
import type { AnyRule, CurrentStatement, Visitor } from './rule.js';

type HandlerFn = (this: Visitor, ...args: unknown[]) => void;

/** Which handlers a rule's visitor has. The same for every section: create() returns one shape. */
interface Shape {
  tags: string[];
  statement: boolean;
  /** The statement kinds `statement` is called for; undefined: every one. */
  statementTags: readonly string[] | undefined;
  endOfStatement: boolean;
  endOfSection: boolean;
}

const shapes = new WeakMap<AnyRule, Shape>();

function shapeOf(visitor: Visitor): Shape {
  const shape: Shape = { tags: [], statement: false, statementTags: visitor.statementTags, endOfStatement: false, endOfSection: false };
  for (const key in visitor) {
    if (typeof (visitor as Record<string, unknown>)[key] !== 'function') continue;
    if (key === 'statement') shape.statement = true;
    else if (key === 'endOfStatement') shape.endOfStatement = true;
    else if (key === 'endOfSection') shape.endOfSection = true;
    else shape.tags.push(key);
  }
  return shape;
}

/** A run's rules grouped for dispatch, by index into its rules list (rule order kept everywhere). */
interface Plan {
  byTag: Map<string, number[]>;
  /** Statement hooks for every statement. */
  statement: number[];
  /** Statement hooks that declared their statement kinds, by kind. */
  statementByTag: Map<string, number[]>;
  /** The statement hooks of a statement kind, every-statement and declared ones merged in rule order (filled as kinds occur). */
  hooksOf: Map<string, readonly number[]>;
  endOfStatement: number[];
  endOfSection: number[];
}

const plans = new WeakMap<readonly { rule: AnyRule }[], Plan>();

function planOf(rules: readonly { rule: AnyRule }[]): Plan {
  const plan: Plan = { byTag: new Map(), statement: [], statementByTag: new Map(), hooksOf: new Map(), endOfStatement: [], endOfSection: [] };
  rules.forEach(({ rule }, i) => {
    const shape = shapes.get(rule)!;
    if (shape.statement && !shape.statementTags) plan.statement.push(i);
    if (shape.statement) for (const tag of shape.statementTags ?? []) addTo(plan.statementByTag, tag, i);
    if (shape.endOfStatement) plan.endOfStatement.push(i);
    if (shape.endOfSection) plan.endOfSection.push(i);
    for (const tag of shape.tags) addTo(plan.byTag, tag, i);
  });
  return plan;
}

function addTo(map: Map<string, number[]>, tag: string, i: number): void {
  const list = map.get(tag);
  if (list) list.push(i);
  else map.set(tag, [i]);
}

function hooksOf(plan: Plan, tag: string): readonly number[] {
  let hooks = plan.hooksOf.get(tag);
  if (!hooks) {
    const declared = plan.statementByTag.get(tag);
    hooks = declared ? [...plan.statement, ...declared].sort((a, b) => a - b) : plan.statement;
    plan.hooksOf.set(tag, hooks);
  }
  return hooks;
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
    // Hooks that run for every statement or at the end: those rules are created up front, in rule order.
    for (const i of plan.statement) this.visitor(i);
    for (const i of plan.endOfStatement) this.visitor(i);
    for (const i of plan.endOfSection) this.visitor(i);
  }

  private visitor(i: number): Visitor {
    return this.visitors[i] ?? (this.visitors[i] = this.create(i));
  }

  /** A statement: the statement hooks of its kind, then each node of its AST to the handlers of its tag, then the end-of-statement hooks. */
  statement(stmt: CurrentStatement): void {
    for (const i of hooksOf(this.plan, stmt.tag)) this.visitor(i).statement!(stmt);
    if (this.plan.byTag.size > 0) this.walk(stmt.node, []);
    for (const i of this.plan.endOfStatement) this.visitors[i]!.endOfStatement!();
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
