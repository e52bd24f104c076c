// Apply text edits (sorted, non-overlapping) to a file's text.
import type { Edit, Fix } from './types.js';

/** Applies the edits of several fixes; a fix whose edits overlap an earlier accepted one is skipped. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const accepted: Edit[] = [];
  let applied = 0;
  for (const fix of fixes) {
    const overlaps = fix.edits.some((e) => accepted.some((a) => e.start < a.end && a.start < e.end || (e.start === a.start && e.end === a.end)));
    if (overlaps) continue;
    accepted.push(...fix.edits);
    applied++;
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const edit of accepted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, applied };
}
