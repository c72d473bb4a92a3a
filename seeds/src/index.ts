export * from './guangyuan';
export { Random } from './random';
