/**
 * The demo's fictional incident: a fire at a railway bridge. Every place and time the demo
 * site, photos and case use comes from here, so they agree with each other.
 */
export const DEMO_SCENE = { lat: 51.4545, lon: -2.5879, radiusM: 500 } as const;
export const DEMO_TIMEZONE = 'Europe/London';
/** Local time at the scene (GMT in March), given to the case as the investigator would type it. */
export const DEMO_INCIDENT_LOCAL = '2026-03-14T09:30:00';
export const DEMO_INCIDENT_UTC = '2026-03-14T09:30:00Z';

/** A synthetic eyewitness photo: minutes from the incident, metres north/east of the scene (null: no GPS). */
export interface DemoPhoto {
  file: string;
  minutesFromIncident: number;
  offsetM: { north: number; east: number } | null;
  caption: string;
  smoke: number;
}

export const DEMO_PHOTOS: DemoPhoto[] = [
  { file: 'IMG_0912.jpg', minutesFromIncident: -12, offsetM: { north: 180, east: -120 }, caption: 'before: traffic on the bridge', smoke: 0 },
  { file: 'IMG_0915.jpg', minutesFromIncident: 4, offsetM: { north: 60, east: 90 }, caption: 'first smoke under the span', smoke: 0.4 },
  { file: 'IMG_0918.jpg', minutesFromIncident: 11, offsetM: { north: -220, east: 260 }, caption: 'plume from the south bank', smoke: 0.8 },
  { file: 'IMG_0921.jpg', minutesFromIncident: 26, offsetM: { north: 420, east: 380 }, caption: 'crowd on the footpath', smoke: 1 },
  { file: 'DSC_2207.jpg', minutesFromIncident: 44, offsetM: null, caption: 'no GPS in this one', smoke: 0.7 },
  { file: 'IMG_1004.jpg', minutesFromIncident: 190, offsetM: { north: 1500, east: -900 }, caption: 'much later, far away', smoke: 0.2 },
];

/** A point a number of metres north and east of another (small distances). */
export function offsetPoint(origin: { lat: number; lon: number }, north: number, east: number): { lat: number; lon: number } {
  const lat = origin.lat + north / 111_320;
  const lon = origin.lon + east / (111_320 * Math.cos((origin.lat * Math.PI) / 180));
  return { lat, lon };
}
