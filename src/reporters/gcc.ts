// `file:line:col: severity: message [rule]`, the line editors' problem matchers and
// compilation-mode buffers read; the help follows as a `note:` line, as gcc prints notes.
import { relative } from 'node:path';
import type { Reporter } from './types.js';

export const gcc: Reporter = (result, options) => {
  const out: string[] = [];
  for (const f of result.findings) {
    if (f.suppressed || (options.quiet && f.severity !== 'error')) continue;
    const where = `${relative(options.cwd, f.file) || f.file}:${f.start.line}:${f.start.column}`;
    out.push(`${where}: ${f.severity}: ${f.message.replace(/\s*\n\s*/g, ' ')} [${f.ruleId}]`);
    if (f.help) out.push(`${where}: note: ${f.help.replace(/\s*\n\s*/g, ' ')}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
};
