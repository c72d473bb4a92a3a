/**
 * The deciders, one file per aggregate: its commands, state, `decide` and `evolve`. Pure: "today"
 * arrives in the command's meta. The server runs them in its command handler; the console runs them
 * against its local fold before it sends (or queues) a command.
 */
export * from './decider';
export * from './errors';
export * from './scope';
export * from './project';
export * from './problem';
export * from './inspection';
export * from './task-force';
export * from './red-flag';
export * from './region';
export * from './light-rules';
export * from './indicator';
export * from './account';
export * from './audit-seal';
export * from './credential';
export * from './deadline-rules';
export * from './light-watch';
export * from './outbox';
