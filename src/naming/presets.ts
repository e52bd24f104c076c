// naming-convention's presets: the template of each kind of named object, per preset.
export const PRESET_NAMES = ['prefixed', 'postgres'] as const;
export type Preset = (typeof PRESET_NAMES)[number];

export type Kind = 'primaryKey' | 'foreignKey' | 'unique' | 'check' | 'index' | 'partialIndex' | 'ginIndex';

export const PRESETS: Record<Preset, Record<Kind, string>> = {
  prefixed: {
    primaryKey: 'pk_{table}',
    foreignKey: 'fk_{table}_{columns}_{ref_table}',
    unique: 'uq_{table}_{columns}',
    check: 'ck_{table}_{any}',
    index: 'ix_{table}_{columns}',
    partialIndex: 'pix_{table}_{any}',
    ginIndex: 'gin_{table}_{columns}',
  },
  // What PostgreSQL generates for unnamed objects (ChooseConstraintName, ChooseIndexName).
  postgres: {
    primaryKey: '{table}_pkey',
    foreignKey: '{table}_{columns}_fkey',
    unique: '{table}_{columns}_key',
    check: '{table}_{any}_check',
    index: '{table}_{columns}_idx',
    partialIndex: '{table}_{columns}_idx',
    ginIndex: '{table}_{columns}_idx',
  },
};

/** Each kind as messages name it. */
export const LABEL: Record<Kind, string> = {
  primaryKey: 'Primary key',
  foreignKey: 'Foreign key',
  unique: 'Unique constraint',
  check: 'Check constraint',
  index: 'Index',
  partialIndex: 'Partial index',
  ginIndex: 'GIN index',
};
