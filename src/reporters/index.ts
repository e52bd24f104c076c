// The registry of output formats.
import { json } from './json.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Readonly<Record<string, Reporter>> = { stylish, json };
export type { Reporter, ReporterOptions, ReportInput } from './types.js';
