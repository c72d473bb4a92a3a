export * from './guangyuan';
export { Random, mulberry32 } from './random';
export { bboxOf, pointInGeometry } from './geo';
export type { AreaCollection, AreaFeature, AreaGeometry, BBox, LngLat } from './geo';
