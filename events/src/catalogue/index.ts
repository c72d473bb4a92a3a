export * from './primitives';
export * from './events';
export * from './upcast';
export * from './commands';
export * from './field-errors';
export * from './queries';
export * from './responses';
