// The registry of output formats.
import { gcc } from './gcc.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json, jsonChunks } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Readonly<Record<string, Reporter>> = { stylish, json, sarif, github, gcc, gitlab, markdown };
/** Formats that can be written piece by piece (the same text as `reporters`), for very large runs. */
export const chunkedReporters: Readonly<Record<string, (...args: Parameters<Reporter>) => Iterable<string>>> = { json: jsonChunks };
export type { Reporter, ReporterOptions, ReportInput, RunNotification } from './types.js';
