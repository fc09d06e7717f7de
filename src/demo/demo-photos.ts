import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEMO_INCIDENT_UTC, DEMO_PHOTOS, DEMO_SCENE, offsetPoint, type DemoPhoto } from './demo-scene.js';

function rational(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 1000);
  return `${degrees}/1 ${minutes}/1 ${seconds}/1000`;
}

function exifTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
}

/** A drawn scene (sky, river, bridge, smoke), labelled as synthetic so nobody mistakes it. */
function sceneSvg(photo: DemoPhoto, index: number): string {
  const plume = photo.smoke > 0
    ? `<g opacity="${0.35 + photo.smoke * 0.5}">${[0, 1, 2, 3, 4].map((i) => `<circle cx="${300 + i * 30}" cy="${250 - i * 45 * photo.smoke}" r="${30 + i * 16 * photo.smoke}" fill="#555"/>`).join('')}</g>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="533">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8fb8de"/><stop offset="1" stop-color="#dfe9f2"/></linearGradient></defs>
    <rect width="800" height="533" fill="url(#sky)"/>
    <rect y="360" width="800" height="173" fill="#4d6f8c"/>
    <rect x="${60 + index * 10}" y="300" width="680" height="24" fill="#6b4f3a"/>
    ${[0, 1, 2, 3].map((i) => `<rect x="${120 + i * 170 + index * 10}" y="324" width="22" height="60" fill="#5a4030"/>`).join('')}
    ${plume}
    <rect x="0" y="493" width="800" height="40" fill="rgba(0,0,0,0.55)"/>
    <text x="16" y="520" font-family="sans-serif" font-size="20" fill="#fff">Golden Hour demo photo (synthetic): ${photo.caption}</text>
  </svg>`;
}

/**
 * Writes the demo's eyewitness photos: JPEGs with EXIF DateTimeOriginal + offset and GPS as a
 * phone writes them, at times and places around the demo scene. Returns their paths.
 */
export async function writeDemoPhotos(folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const incident = Date.parse(DEMO_INCIDENT_UTC);
  const paths: string[] = [];
  for (const [index, photo] of DEMO_PHOTOS.entries()) {
    const at = new Date(incident + photo.minutesFromIncident * 60_000);
    const exif: sharp.Exif = {
      IFD0: { Make: 'Golden Hour', Model: 'Demo camera' },
      IFD2: { DateTimeOriginal: exifTime(at), OffsetTimeOriginal: '+00:00' },
    };
    if (photo.offsetM) {
      const place = offsetPoint(DEMO_SCENE, photo.offsetM.north, photo.offsetM.east);
      exif.IFD3 = { GPSLatitudeRef: place.lat >= 0 ? 'N' : 'S', GPSLatitude: rational(place.lat), GPSLongitudeRef: place.lon >= 0 ? 'E' : 'W', GPSLongitude: rational(place.lon) };
    }
    const path = join(folder, photo.file);
    await sharp(Buffer.from(sceneSvg(photo, index))).jpeg({ quality: 82 }).withExif(exif).toFile(path);
    paths.push(path);
  }
  return paths;
}
