// The registry of output formats.
import { gcc } from './gcc.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Readonly<Record<string, Reporter>> = { stylish, json, sarif, github, gcc };
export type { Reporter, ReporterOptions, ReportInput, RunNotification } from './types.js';
