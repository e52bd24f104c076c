import { describe, expect, it } from 'vitest';
import { notSqlProblem } from '../../src/discover/sql-looking.js';

const MESSAGE = 'does not look like SQL (a key=value, key: value, JSON, key or certificate file): not checked, its lines are not shown';

describe('notSqlProblem', () => {
  it('takes SQL however it begins, typos included (they get their syntax error)', () => {
    for (const text of [
      'CREATE TABLE t (a int);',
      'alter table t add column b int;',
      '\uFEFF-- +goose Up\n-- +goose StatementBegin\nDO $$ BEGIN END $$;',
      '/* outer /* inner */ still comment */ SELECT 1;',
      '(SELECT 1);',
      '\\set ON_ERROR_STOP on\nCREATE TABLE t ();',
      '',
      '-- only a comment\n\n',
      "SET search_path = app;\nCOMMENT ON TABLE t IS 'a: b';",
      'SELEC 1;',
      'CRATE TABLE t ();',
      '\u00a0\n',
    ]) expect(notSqlProblem('/p/x.sql', text), text).toBeUndefined();
  });

  it('refuses env, passwd/shadow, YAML, INI, JSON, XML and PEM files with a message that holds none of their text', () => {
    for (const text of [
      'SECRET_KEY=hunter2\n',
      'export SECRET_KEY=hunter2\n',
      '  DB_PASSWORD = hunter2',
      'root:$6$salt$hash:19000:0:99999:7:::\n',
      'root:x:0:0:root:/root:/bin/bash\n',
      '# comment\nKEY=value',
      'database:\n  password: hunter2\n',
      '[client]\npassword=hunter2\n',
      '{"password": "hunter2"}',
      '<settings><password>hunter2</password></settings>',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
      '\uFEFF-- leading comment\nAPI_TOKEN=abc',
    ]) expect(notSqlProblem('/p/x.sql', text), text).toEqual({ file: '/p/x.sql', ruleId: 'invalid-file', message: MESSAGE, span: { start: 0, end: 0 } });
  });
});
