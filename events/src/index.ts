export * from './envelope';
export * from './board-view';
export * from './catalogue';
export * from './time';
export * from './board';
export * from './wire';
