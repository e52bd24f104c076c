// `file:line:col: severity: message [rule]`, the line editors' problem matchers and
// compilation-mode buffers read; the help follows as a `note:` line, as gcc prints notes.
import { relative } from 'node:path';
import { printable } from '../output-safe.js';
import type { Reporter } from './types.js';

const oneLine = (s: string) => printable(s.replace(/\s*\n\s*/g, ' '));

export const gcc: Reporter = (result, options) => {
  const out: string[] = [];
  for (const f of result.findings) {
    if (f.suppressed || (options.quiet && f.severity !== 'error')) continue;
    const where = `${printable(relative(options.cwd, f.file) || f.file)}:${f.start.line}:${f.start.column}`;
    out.push(`${where}: ${f.severity}: ${oneLine(f.message)} [${printable(f.ruleId)}]`);
    if (f.help) out.push(`${where}: note: ${oneLine(f.help)}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
};
