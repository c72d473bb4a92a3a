export * from './guangyuan';
export { Random, mulberry32 } from './random';
