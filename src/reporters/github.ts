// GitHub Actions workflow commands: each finding becomes an annotation on the PR's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { relative, sep } from 'node:path';
import { printable } from '../output-safe.js';
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';

/** Escaping of a command's message (the toolkit's escapeData). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escaping of a property value (the toolkit's escapeProperty). */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function annotation(f: Finding, root: string): string {
  const file = printable(relative(root, f.file).split(sep).join('/'));
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${f.start.line}`,
    `col=${f.start.column}`,
    `endLine=${f.end.line}`,
    `endColumn=${f.end.column}`,
    `title=${escapeProperty(printable(f.ruleId))}`,
  ].join(',');
  // A message may span lines (%0A); every other control character is shown escaped.
  const text = (s: string) => printable(s, { keepLayout: true });
  const message = f.help ? `${text(f.message)}\nhelp: ${text(f.help)}` : text(f.message);
  return `::${f.severity} ${properties}::${escapeData(message)}`;
}

export const github: Reporter = (result, options) => {
  const root = options.root ?? options.cwd;
  const lines = result.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error')).map((f) => annotation(f, root));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
