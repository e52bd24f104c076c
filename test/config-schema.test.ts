import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { configDefaults, configSchemas } from '../src/config-schema.js';
import { resolveConfig } from '../src/config.js';

describe('config defaults', () => {
  it('are what the schema makes of an empty config file', () => {
    expect(configDefaults()).toEqual(z.parse(configSchemas().configSchema, {}));
  });

  it('resolve an empty config as the schema would', () => {
    // `{ $schema }` goes through the schema; `{}` takes configDefaults() without it.
    const { file: _file, ...viaSchema } = resolveConfig({ $schema: 'x' }, '/p/.migrationlintrc.json', '/p');
    const { file: _none, ...viaDefaults } = resolveConfig({}, '/p/.migrationlintrc.json', '/p');
    expect(viaDefaults).toEqual(viaSchema);
  });

  it('are a new object on each call', () => {
    const first = configDefaults();
    first.apply.retries = 0;
    (first.allowOutside as string[]).push('/elsewhere');
    expect(configDefaults().apply.retries).toBe(3);
    expect(configDefaults().allowOutside).toEqual([]);
  });
});
