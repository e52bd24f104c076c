// The language server on ORM migrations: a TypeORM .ts file of the configured set gets the CLI's
// findings, a host-language "ignore" and in-literal fixes; .ts files outside the set get nothing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { LspClient, uriOf } from './client.js';

const MIGRATION = `import { MigrationInterface, QueryRunner } from "typeorm"

export class Orders1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`CREATE TABLE "orders" ("id" bigint PRIMARY KEY, "total" integer)\`)
  }
}
`;

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlint-lsp-orm-'));
  writeFileSync(join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: ['src/migrations'] }));
  mkdirSync(join(dir, 'src/migrations'), { recursive: true });
  writeFileSync(join(dir, 'src/migrations/1700000000000-Orders.ts'), MIGRATION);
  // The same class outside the migrations directory is application code, not linted.
  writeFileSync(join(dir, 'src/copy.ts'), MIGRATION);
  return dir;
}

function applyAction(text: string, uri: string, action: CodeAction | undefined): string {
  const edits: TextEdit[] = action?.edit?.changes?.[uri] ?? [];
  expect(edits.length).toBeGreaterThan(0);
  return TextDocument.applyEdits(TextDocument.create(uri, 'typescript', 1, text), edits);
}

let client: LspClient | undefined;
afterEach(async () => {
  if (client) expect(await client.stop()).toBe(0);
  client = undefined;
});

describe('migrationlint lsp on a TypeORM migration', () => {
  it('gives the findings of `migrationlint lint` inside the .ts literal, a // ignore above the call and the fix in the string; nothing for .ts files outside the set', async () => {
    const dir = project();
    const file = join(dir, 'src/migrations/1700000000000-Orders.ts');
    const uri = uriOf(file);
    const cli = runCli(['lint', '-f', 'json'], { cwd: dir });
    const entry = (JSON.parse(cli.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; column: number }> }>).find((e) => e.filePath === file);
    const expected = entry!.messages.map((m) => [m.ruleId, m.line, m.column]);
    expect(expected).toContainEqual(['prefer-bigint-over-int', 5, 86]);

    client = await LspClient.start({ root: dir, pull: true });
    await client.open(file, MIGRATION);
    const { items } = await client.pull(file);
    expect(items.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1])).toEqual(expected);

    const finding = items.find((d) => d.code === 'prefer-bigint-over-int')!;
    const actions = await client.codeActions(file, finding.range, [finding]);
    expect(actions.map((a) => a.title)).toEqual(['Use bigint (prefer-bigint-over-int)', 'Ignore prefer-bigint-over-int for this statement']);
    expect(applyAction(MIGRATION, uri, actions[0])).toContain('("id" bigint PRIMARY KEY, "total" bigint)`)');
    const ignored = applyAction(MIGRATION, uri, actions[1]);
    expect(ignored).toContain('    // migrationlint-ignore prefer-bigint-over-int -- <why is this safe?>\n    await queryRunner.query(`CREATE TABLE');
    await client.change(file, ignored);
    expect((await client.pull(file)).items.filter((d) => d.code === 'prefer-bigint-over-int')).toEqual([]);

    const outside = join(dir, 'src/copy.ts');
    await client.open(outside, MIGRATION);
    expect((await client.pull(outside)).items).toEqual([]);
  });
});
