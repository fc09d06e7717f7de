/** The core's coordinate reading (src/geo/coordinates.ts), for the renderer, which sees the core only through src/api. */
export * from '../geo/coordinates.js';
