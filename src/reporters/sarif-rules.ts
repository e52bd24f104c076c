// SARIF `tool.driver.rules`: each rule's metadata and docs as GitHub code scanning shows them.
import type { ReportingDescriptor } from 'sarif';
import type { AnyRule } from '../rule.js';

export const INFORMATION_URI = 'https://www.npmjs.com/package/migrationlint';

/** `require-concurrent-index-creation` → `RequireConcurrentIndexCreation` (SARIF's friendly name). */
function friendlyName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

function helpText(rule: AnyRule): string {
  const { docs } = rule.meta;
  return [`Problem: ${docs.problem}`, '', `Solution: ${docs.solution}`, '', 'Instead of:', docs.bad, '', 'Use:', docs.good].join('\n');
}

function helpMarkdown(rule: AnyRule): string {
  const { docs } = rule.meta;
  const sql = (code: string) => ['```sql', code, '```'].join('\n');
  return [
    `**Problem.** ${docs.problem}`,
    '',
    `**Solution.** ${docs.solution}`,
    '',
    'Instead of:',
    '',
    sql(docs.bad),
    '',
    'Use:',
    '',
    sql(docs.good),
  ].join('\n');
}

export function ruleDescriptor(rule: AnyRule): ReportingDescriptor {
  const { meta } = rule;
  const level = meta.severity === 'off' ? 'warning' : meta.severity;
  return {
    id: meta.id,
    name: friendlyName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: meta.docs.problem },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: `${INFORMATION_URI}#rules`,
    defaultConfiguration: { enabled: meta.severity !== 'off', level },
    properties: {
      tags: ['postgresql', 'migrations', meta.kind === 'builtin' ? 'maintainability' : 'reliability'],
      precision: 'high',
      'problem.severity': meta.severity === 'off' ? 'recommendation' : meta.severity,
    },
  };
}
