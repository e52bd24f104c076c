// Replay of CREATE / ALTER / DROP DOMAIN: which domains carry constraints that every value,
// and so every row an ADD COLUMN fills, must pass.
import type { AlterDomainStmt, Constraint, CreateDomainStmt, Node } from '@pgsql/types';
import type { Catalog, DomainState } from './catalog.js';
import { stringValues as stringList } from '../node-lists.js';
import { DEFAULT_SCHEMA } from './namespace.js';

function domainName(names: Node[] | undefined): { schema?: string; name: string } | undefined {
  const list = stringList(names);
  const name = list.at(-1);
  if (name === undefined) return undefined;
  return list.length > 1 ? { schema: list.at(-2) as string, name } : { name };
}

/** PostgreSQL names an unnamed domain CHECK {domain}_check, then {domain}_check1 … */
function addConstraint(domain: DomainState, c: Constraint): void {
  if (c.contype === 'CONSTR_NOTNULL') domain.notNull = true;
  else if (c.contype === 'CONSTR_NULL') domain.notNull = false;
  else if (c.contype === 'CONSTR_CHECK') {
    let name = c.conname ?? `${domain.name}_check`;
    for (let n = 1; !c.conname && domain.checks.includes(name); n++) name = `${domain.name}_check${n}`;
    domain.checks.push(name);
  }
}

export function replayCreateDomain(catalog: Catalog, stmt: CreateDomainStmt): void {
  const n = domainName(stmt.domainname);
  if (!n) return;
  const domain: DomainState = { schema: n.schema ?? catalog.searchPath[0] ?? DEFAULT_SCHEMA, name: n.name, checks: [], notNull: false };
  for (const c of stmt.constraints ?? []) if ('Constraint' in c) addConstraint(domain, c.Constraint);
  catalog.addDomain(domain);
}

export function replayAlterDomain(catalog: Catalog, stmt: AlterDomainStmt): void {
  const n = domainName(stmt.typeName);
  const domain = n && catalog.writableDomain(n.name, n.schema);
  if (!domain) return;
  switch (stmt.subtype) {
    case 'C':
      if (stmt.def && 'Constraint' in stmt.def) addConstraint(domain, stmt.def.Constraint);
      return;
    case 'X':
      domain.checks = domain.checks.filter((name) => name !== stmt.name);
      return;
    case 'O':
      domain.notNull = true;
      return;
    case 'N':
      domain.notNull = false;
      return;
    default:
      return;
  }
}
