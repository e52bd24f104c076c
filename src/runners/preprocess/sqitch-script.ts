// A sqitch script as psql reads it (src/runners/preprocess/psql.ts), with the variables sqitch
// passes to psql: `registry` always, and each key of a `[<command> "variables"]` section of
// sqitch.conf (`sqitch config deploy.variables.name value`; sqitch-configuration docs).
import path from 'node:path';
import { problem } from '../../discover/part.js';
import type { Preprocessed, PreprocessInput, Probe } from '../types.js';
import { psqlScript } from './psql.js';

const VARIABLES_SECTION = /^\s*\[\s*[\w.-]+(?:\s+"[^"]*")*\s+"variables"\s*\]\s*$/;
const SECTION = /^\s*\[/;
const KEY = /^\s*([A-Za-z][\w-]*)\s*=/;

/** The variable names sqitch.conf in `top` sets for psql. */
export function sqitchVariables(top: string, probe: Probe): string[] {
  return probe.memo(`sqitch-variables:${top}`, () => {
    const names: string[] = [];
    let inVariables = false;
    for (const line of (probe.read(path.join(top, 'sqitch.conf')) ?? '').split(/\r?\n/)) {
      if (SECTION.test(line)) inVariables = VARIABLES_SECTION.test(line);
      else if (inVariables) {
        const key = KEY.exec(line)?.[1];
        if (key) names.push(key);
      }
    }
    return names;
  });
}

export function sqitchScript({ file, text, offset }: PreprocessInput, top: string | undefined, probe: Probe): Preprocessed {
  if (!/[\\:]/.test(text)) return { text, rewritten: [], problems: [] };
  const script = psqlScript(text, offset, top === undefined ? [] : sqitchVariables(top, probe));
  const problems = script.includes.map((inc) => {
    // `\ir` is relative to the script; `\i` to psql's working directory, where sqitch runs (the project's top).
    const base = inc.command === '\\ir' || inc.command === '\\include_relative' ? path.dirname(file.path) : (top ?? path.dirname(file.path));
    const target = path.resolve(base, inc.file);
    const missing = probe.exists(target) ? '' : ` (${path.relative(path.dirname(file.path), target)} does not exist: psql stops here)`;
    return problem(file.path, 'include-not-linted', `psql runs ${inc.file} here (\`${inc.command}\`): its statements are part of this migration but are not linted with it${missing}`, { start: offset + inc.start, end: offset + inc.end });
  });
  return { text: script.text, rewritten: script.rewritten, problems };
}
