// pop renders every SQL migration as a Go text/template before running it
// (gobuffalo/pop migration_content.go: `template.New("sql").Parse(…)`, executed with the
// connection's details, so `{{ index .Options "Namespace" }}` is a connection option). Actions
// are `{{ … }}` (`{{-` / `-}}` trim spaces), Go string, raw-string and rune literals inside them
// may hold `}}`, and `{{/* … */}}` is a comment (text/template package docs, "Actions").
// An action that prints a value stands in under its label — its last string literal or field
// name (`Namespace`); control actions (`if`, `range`, `end` …), variable assignments and comments
// print nothing: spaces, and every branch between them is linted.
import type { Construct } from './stand-in.js';

const PRINTS_NOTHING = /^(?:if|else|end|range|with|define|block|template|break|continue)\b|^\/\*|^\$\w*\s*:?=/;

export function goTemplateActions(text: string): Construct[] {
  const out: Construct[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    const end = actionEnd(text, i + 2);
    const inner = text.slice(i + 2, end - 2).replace(/^-\s+|\s+-$/g, '').trim();
    const label = PRINTS_NOTHING.test(inner) ? undefined : labelOf(inner);
    out.push({ start: i, end, kind: 'template action', ...(label !== undefined ? { label } : {}) });
    i = text.indexOf('{{', end);
  }
  return out;
}

/** Past the `}}` closing the action whose body starts at `from` (the text's end when none does). */
function actionEnd(text: string, from: number): number {
  let i = from;
  if (text.startsWith('/*', i) || text.startsWith('- /*', i)) {
    const close = text.indexOf('*/', i);
    const end = close < 0 ? -1 : text.indexOf('}}', close + 2);
    return end < 0 ? text.length : end + 2;
  }
  while (i < text.length) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      i = close < 0 ? text.length : close;
    }
    i++;
  }
  return text.length;
}

function labelOf(inner: string): string {
  const strings = [...inner.matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`/g)].map((m) => m[1] ?? m[2] ?? '');
  const last = strings.at(-1);
  if (last) return last;
  const words = inner.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return words.at(-1) ?? 'template';
}
