// A section's text with the stand-ins of what its runner rewrites (src/runners/preprocess/stand-in.ts).
import type { DiscoveryProblem } from '../../types.js';
import type { Preprocessed } from '../types.js';
import { withStandIns, type Construct } from './stand-in.js';

export function preprocessed(text: string, offset: number, constructs: readonly Construct[], problems: DiscoveryProblem[] = []): Preprocessed {
  return { ...withStandIns(text, offset, constructs), problems };
}
