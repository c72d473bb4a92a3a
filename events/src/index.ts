export * from './envelope';
export * from './board-view';
