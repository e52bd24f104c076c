// Messages between the orm.execute parent (./child-executor.ts) and its child process
// (./orm-execute-child.ts).

export interface ChildTask {
  runner: string;
  projectDir: string;
  /** Absolute paths, in the set's order. */
  files: string[];
}

/** 1-based, as stacks give them; UTF-16 columns. */
export interface StackPosition {
  line: number;
  column: number;
}

export type ChildMessage =
  | { kind: 'start'; file: string; direction: 'up' | 'down' | 'load' }
  | { kind: 'recorded'; file: string; direction: 'up' | 'down'; queries: { sql: string; at?: StackPosition }[] }
  | { kind: 'failed'; file: string; direction: 'up' | 'down' | 'load'; message: string; at?: StackPosition }
  | { kind: 'unavailable'; message: string }
  | { kind: 'done' };
