// `migrationlint rules`: the rules as an aligned table — id, default severity, the severity the
// project's config file gives it (when there is one), fixable, what it flags. The same text on a
// terminal and in a pipe (`rules | grep index` shows the rows as seen); Markdown with --markdown.
import { Chalk } from 'chalk';
import type { ResolvedConfig } from './config.js';
import type { AnyRule } from './rule.js';

// eslint-disable-next-line no-control-regex
const visibleLength = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;

export function rulesTextTable(rules: Iterable<AnyRule>, config: ResolvedConfig | undefined, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint = (severity: string) => (severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : c.dim(severity));
  const header = ['RULE', 'DEFAULT', ...(config ? ['PROJECT'] : []), 'FIX', 'WHAT IT FLAGS'];
  const rows = [...rules].map(({ meta }) => {
    const project = config?.rules.get(meta.id)?.severity ?? meta.severity;
    // The project's column is bold where it differs from the default.
    const projectCell = project === meta.severity ? paint(project) : c.bold(paint(project));
    return [meta.id, paint(meta.severity), ...(config ? [projectCell] : []), meta.fixable ? 'yes' : '', meta.description.replace(/\n/g, ' ')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i]!))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell)))).join('  ');
  return [...(config?.file ? [c.dim(`PROJECT: the severities ${config.file} sets`)] : []), c.bold(line(header)), ...rows.map(line)].join('\n');
}
