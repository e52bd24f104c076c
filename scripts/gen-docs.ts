// npm run docs: regenerate the README rules table, schema/migrationlintrc.schema.json and schema/stats.schema.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchema, replaceRulesSection } from '../src/docs.js';
import { statsJsonSchema } from '../src/stats/file.js';

const root = [dirname(fileURLToPath(import.meta.url)), '..', '..'].reduce((a, b) => join(a, b));
const readmePath = join(root, 'README.md');
writeFileSync(readmePath, replaceRulesSection(readFileSync(readmePath, 'utf8')));
writeFileSync(join(root, 'schema', 'migrationlintrc.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
writeFileSync(join(root, 'schema', 'stats.schema.json'), `${JSON.stringify(statsJsonSchema(), null, 2)}\n`);
process.stderr.write('updated README.md, schema/migrationlintrc.schema.json and schema/stats.schema.json\n');
