// npm run docs: regenerate the README rules table and schema/migrationlintrc.schema.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema, replaceRulesSection } from '../src/docs.js';

const root = [dirname(fileURLToPath(import.meta.url)), '..', '..'].reduce((a, b) => join(a, b));
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, replaceRulesSection(readFileSync(readmePath, 'utf8')));
writeFileSync(join(root, 'schema', 'migrationlintrc.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
process.stderr.write('updated README.md and schema/migrationlintrc.schema.json\n');
