/** The board projection: state, fold, selectors, lights, narration. Pure: no I/O, no clock. */
export * from './state';
export * from './evolve';
export * from './selectors';
export * from './counters';
export * from './lights';
export * from './leader-links';
export * from './as-of';
export { narrate } from './narrate';
export { formatYi, yiDigits, formatPercent, formatYoy } from './format';
export * from './labels';
export { makeScope, placeInScope, problemPlace } from './scope';
export type { Scope } from './scope';
export { definedOnly } from './evolve-projects';
export * from './notification-text';
export * from './board-diff';
export * from './bulletin';
export * from './field-changes';
export * from './live-view';
