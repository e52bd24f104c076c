import { ruleTester } from '../helpers/rule-tester.js';

const MESSAGE = 'stays set after this migration: the session keeps it, and runners that apply the next migrations on the same connection run them with it.';

ruleTester('session-setting-outlives-migration', {
  valid: [
    { name: 'the accepted timeouts at the top', sql: "SET lock_timeout = '5s';\nSET statement_timeout = '1min';\nALTER TABLE t ADD COLUMN a int;" },
    "SET maintenance_work_mem = '1GB';\nSET application_name = 'deploy';\nSET client_min_messages = warning;",
    'SET LOCAL search_path = archive;\nCREATE TABLE t (a int);',
    "SELECT set_config('search_path', 'archive', true);",
    'SET search_path = archive;\nCREATE TABLE t (a int);\nRESET search_path;',
    'SET search_path = archive;\nSET session_replication_role = replica;\nRESET ALL;',
    'SET ROLE deployer;\nCREATE TABLE t (a int);\nRESET ROLE;',
    'SET ROLE deployer;\nRESET SESSION AUTHORIZATION;',
    'SET search_path = archive;\nSET search_path TO DEFAULT;',
    'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;',
    { name: 'set_config in a function body runs later, not now', sql: "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT set_config('search_path', 'x', false) $$;" },
  ],
  invalid: [
    {
      sql: 'SET search_path = archive, public;\nCREATE TABLE events (id bigint);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 34, message: `search_path ${MESSAGE}` }],
    },
    {
      name: 'every setting still in effect, each on its SET',
      sql: "SET session_replication_role = replica;\nSET TIME ZONE 'UTC';\nSET ROLE deployer;\nINSERT INTO t VALUES (1);",
      errors: [
        { line: 1, column: 1, message: 'session_replication_role stays set' },
        { line: 2, column: 1, message: 'timezone stays set' },
        { line: 3, column: 1, message: 'role stays set' },
      ],
    },
    {
      name: 'RESET ALL does not reset the role',
      sql: 'SET ROLE deployer;\nCREATE TABLE t (a int);\nRESET ALL;',
      errors: [{ line: 1, column: 1, message: 'role stays set' }],
    },
    {
      name: 'set_config(…, false)',
      sql: "SELECT set_config('search_path', 'archive', false);",
      errors: [{ line: 1, column: 1, message: 'search_path stays set' }],
    },
    {
      name: 'SET SESSION CHARACTERISTICS',
      sql: 'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;',
      errors: [{ line: 1, column: 1, message: 'default transaction characteristics stays set' }],
    },
    {
      name: 'the last SET of a setting is the one reported',
      sql: "SET DateStyle = 'ISO';\nSET DateStyle = 'German';",
      errors: [{ line: 2, column: 1, message: 'datestyle stays set' }],
    },
  ],
});
