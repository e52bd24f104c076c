// TypeORM migrations: a class with `up(queryRunner)` / `down(queryRunner)`. The SQL is what each
// `queryRunner.query(…)` sends (a string, a template literal whose holes are constants, a
// concatenation of those), and what the QueryRunner schema API generates (./typeorm-schema.ts).
// The transaction follows `migrationsTransactionMode` (typeorm src/migration/MigrationExecutor.ts:
// `all` by default = one transaction for the whole run, `each`, `none`) and the class's
// `transaction` field, which mode `all` refuses (ForbiddenTransactionModeOverrideError).
import path from 'node:path';
import type { CallExpression, ClassMethod, Node } from '@babel/types';
import type { DiscoveryProblem, SourceText, Span, WrapMode } from '../../types.js';
import type { Probe } from '../../runners/types.js';
import type { HostMigrationFile, HostOperation, HostSection } from '../types.js';
import { calleePath, fileConstants, loopsOf, migrationClasses, parseMigrationFile, walk, type MigrationClass } from './classes.js';
import { staticString, type Constants } from './literal.js';
import { templateOperations } from '../holes.js';
import { schemaCall, SCHEMA_METHODS } from './typeorm-schema.js';

export type TypeormTransactionMode = 'all' | 'each' | 'none';

const QUERY_PATHS = [['query'], ['manager', 'query'], ['connection', 'query']];

const spanOf = (node: Node): Span => ({ start: node.start ?? 0, end: node.end ?? 0 });

interface MethodContext {
  text: string;
  constants: Constants;
  runner: string;
  loops: Array<{ start: number; end: number }>;
}

const inLoop = (ctx: MethodContext, node: Node) => ctx.loops.some((l) => l.start <= (node.start ?? 0) && (node.end ?? 0) <= l.end);

function queryOperations(call: CallExpression, ctx: MethodContext): HostOperation[] {
  const arg = call.arguments[0];
  if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') return [{ span: spanOf(call), unresolved: 'no SQL argument' }];
  const resolved = staticString(arg, ctx.text, ctx.constants);
  if (!('unresolved' in resolved)) return [{ sql: resolved.value, span: spanOf(call), literalMap: resolved.map }];
  const fromTemplate = resolved.template && templateOperations(resolved.template, spanOf(call));
  return fromTemplate ?? [{ span: spanOf(call), unresolved: `${ctx.runner}.query(${resolved.unresolved}${inLoop(ctx, call) ? ', in a loop' : ''})` }];
}

/** Passes the query runner on: what that function sends is not read. */
function helperCall(call: CallExpression, runner: string): string | undefined {
  if (!call.arguments.some((a) => a.type === 'Identifier' && a.name === runner)) return undefined;
  const path = calleePath(call);
  return `helper function ${path ? path.join('.') : 'call'}()`;
}

function operationsOf(method: ClassMethod, text: string, constants: Constants): HostOperation[] {
  const param = method.params[0];
  const runner = param?.type === 'Identifier' ? param.name : 'queryRunner';
  const ctx: MethodContext = { text, constants, runner, loops: loopsOf(method.body) };
  const ops: HostOperation[] = [];
  walk(method.body, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = calleePath(node);
    if (callee?.[0] === runner) {
      const rest = callee.slice(1);
      if (QUERY_PATHS.some((p) => p.length === rest.length && p.every((s, i) => s === rest[i]))) {
        ops.push(...queryOperations(node, ctx));
        return false;
      }
      if (rest.length === 1 && SCHEMA_METHODS.has(rest[0]!)) {
        ops.push(schemaCall(node, rest[0]!, ctx));
        return false;
      }
      return;
    }
    const helper = helperCall(node, runner);
    if (helper) {
      ops.push({ span: spanOf(node), unresolved: helper });
      return false;
    }
  });
  return ops;
}

function booleanField(cls: MigrationClass, name: string): boolean | undefined {
  const value = cls.fields.get(name)?.value;
  return value?.type === 'BooleanLiteral' ? value.value : undefined;
}

function stringField(cls: MigrationClass, name: string): string | undefined {
  const value = cls.fields.get(name)?.value;
  return value?.type === 'StringLiteral' ? value.value : undefined;
}

/** The transaction a migration runs in: the run's mode, and the class's `transaction` where the mode allows it. */
function wrapOf(mode: TypeormTransactionMode, override: boolean | undefined): WrapMode {
  if (mode === 'all') return 'whole-run';
  const transaction = override ?? mode === 'each';
  return transaction ? 'wrapped' : 'none';
}

const MODE_RE = /migrationsTransactionMode["']?\s*:\s*["'](all|each|none)["']/;
const CONFIG_NAME = /^(ormconfig\.(json|js|ts|cjs|mjs)|[\w.-]*data-?source[\w.-]*\.(ts|js|cjs|mjs))$/i;

/** `migrationsTransactionMode` from a data source or ormconfig file in the set's directory or up to three above; default `all`. */
export function transactionMode(file: SourceText, probe: Probe): TypeormTransactionMode {
  const dir = path.dirname(file.path);
  return probe.memo(`typeorm-mode:${dir}`, () => {
    let at = dir;
    for (let level = 0; level < 4; level++) {
      for (const name of probe.list(at).filter((n) => CONFIG_NAME.test(n))) {
        const mode = MODE_RE.exec(probe.read(path.join(at, name)) ?? '')?.[1];
        if (mode === 'all' || mode === 'each' || mode === 'none') return mode;
      }
      const parent = path.dirname(at);
      if (parent === at) break;
      at = parent;
    }
    return 'all';
  });
}

/** TypeORM's order: `parseInt(name.substr(-13))` of the migration name (MigrationExecutor.getMigrations). */
export function timestampOf(name: string): string | undefined {
  const tail = name.slice(-13);
  return /^\d+$/.test(tail) && Number(tail) > 0 ? String(Number(tail)) : undefined;
}

export interface TypeormMigration extends HostMigrationFile {
  /** `name` field, else the class name: TypeORM's migration name, whose last 13 characters are its timestamp. */
  className?: string;
}

export function extractTypeorm(file: SourceText, probe: Probe): TypeormMigration | undefined {
  const parsed = parseMigrationFile(file, /\.[cm]?tsx?$/.test(file.path) ? 'TypeScript' : 'JavaScript');
  if ('problem' in parsed) return { problems: [parsed.problem] };
  const cls = migrationClasses(parsed.ast)[0];
  if (!cls) return undefined;
  const constants = fileConstants(parsed.ast);
  const problems: DiscoveryProblem[] = [];
  const mode = transactionMode(file, probe);
  const override = booleanField(cls, 'transaction');
  if (mode === 'all' && override !== undefined) {
    const field = cls.fields.get('transaction')!;
    problems.push({
      file: file.path,
      ruleId: 'invalid-file',
      message: `TypeORM refuses to run this migration: \`transaction = ${override}\` overrides the transaction mode, which migrationsTransactionMode "all" (the default) forbids (ForbiddenTransactionModeOverrideError); set migrationsTransactionMode to "each" in the data source`,
      span: spanOf(field),
    });
  }
  const wrap = mode === 'all' && override === false ? 'none' : wrapOf(mode, override);
  const section = (method: ClassMethod): HostSection => ({ operations: operationsOf(method, file.text, constants), span: spanOf(method), wrap });
  const up = cls.methods.get('up')!;
  const down = cls.methods.get('down');
  const className = stringField(cls, 'name') ?? cls.name;
  if (!className || timestampOf(className) === undefined) {
    problems.push({ file: file.path, ruleId: 'invalid-file', message: `TypeORM refuses this migration: its name ${className ? `"${className}" ` : ''}does not end with a 13-digit JavaScript timestamp`, span: spanOf(cls.node.id ?? cls.node) });
  }
  return { up: section(up), ...(down?.body ? { down: section(down) } : {}), problems, ...(className ? { className } : {}) };
}
