// Two section sources that parse and replay alike: the same object, or the same text at the same place.
import type { SectionSource } from '../types.js';

export const sameSource = (a: SectionSource, b: SectionSource): boolean => a === b || (a.file === b.file && a.offset === b.offset && a.wrap === b.wrap && a.text === b.text);
