/** Vite gives a module's file URL for `?url` imports: MapLibre's worker is served as a file of the app (the CSP allows no blob: workers). */
declare module 'maplibre-gl/dist/maplibre-gl-csp-worker.js?url' {
  const url: string;
  export default url;
}
