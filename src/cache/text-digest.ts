// The digest and length of a file's or section's text, which the cache keys are made of. A set
// restored from its snapshot (src/cache/set-snapshot.ts) knows them for the files it did not read:
// asking here does not read the text.
import { hash } from 'node:crypto';

interface Known {
  digest: string;
  length: number;
}

const known = new WeakMap<object, Known>();

export const digestOf = (text: string): string => hash('sha256', text);

/** Records what `holder.text` hashes to and how long it is, so neither reads it. */
export function knowText(holder: object, digest: string, length: number): void {
  known.set(holder, { digest, length });
}

/** SHA-256 (hex) of `holder.text`. */
export function textDigest(holder: { readonly text: string }): string {
  return known.get(holder)?.digest ?? digestOf(holder.text);
}

export function textLength(holder: { readonly text: string }): number {
  return known.get(holder)?.length ?? holder.text.length;
}

/** A section's fields but its text, in their order, without reading the text (a getter on a section of a file not read yet). */
export function withoutText<T extends { readonly text: string }>(holder: T): Omit<T, 'text'> {
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(Object.getOwnPropertyDescriptors(holder))) if (key !== 'text' && field.enumerable) fields[key] = field.value;
  return fields as Omit<T, 'text'>;
}
