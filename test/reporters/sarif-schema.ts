// Validates a SARIF log against the official SARIF 2.1.0 JSON schema (draft-04) that the npm
// package @microsoft/jest-sarif ships.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import AjvModule from 'ajv-draft-04';

const require = createRequire(import.meta.url);
const schemaFile = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function isUri(s: string): boolean {
  return URL.canParse(s);
}

// The schema's `language` pattern has a stray `]` that only non-unicode regular expressions accept.
// A CommonJS module: under NodeNext its default import is module.exports, the class is `.default`.
const Ajv = AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', isUri);
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

export const SARIF_SCHEMA_FILE = schemaFile;

/** The schema errors of a log, as readable strings; [] when it validates. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
