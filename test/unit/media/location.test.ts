import { describe, expect, it } from 'vitest';
import { dmsToDegrees, exifGpsLocation, parseIso6709 } from '../../../src/media/location.js';

describe('exifGpsLocation', () => {
  it('signs latitude and longitude by their Ref tags and altitude by its ref byte', () => {
    const read = exifGpsLocation({
      GPSLatitudeRef: 'S', GPSLatitude: [33, 51, 54], GPSLongitudeRef: 'W', GPSLongitude: [70, 39, 0],
      GPSAltitudeRef: new Uint8Array([1]), GPSAltitude: 8.5, GPSHPositioningError: 6.0009,
    });
    expect(read.location).toEqual({ lat: -33.865, lon: -70.65, altitudeM: -8.5, accuracyM: 6, source: 'exif-gps' });
    expect(read.flags).toEqual([]);
  });

  it('treats 0,0 as no location and flags it', () => {
    const read = exifGpsLocation({ GPSLatitudeRef: 'N', GPSLatitude: [0, 0, 0], GPSLongitudeRef: 'E', GPSLongitude: [0, 0, 0] });
    expect(read.location).toBeNull();
    expect(read.flags).toEqual(['null-island']);
  });

  it('gives no location for empty or impossible positions, with a note', () => {
    expect(exifGpsLocation({ GPSVersionID: new Uint8Array([2, 2, 0, 0]) }).location).toBeNull();
    const bad = exifGpsLocation({ GPSLatitudeRef: 'N', GPSLatitude: [95, 0, 0], GPSLongitudeRef: 'E', GPSLongitude: [10, 0, 0] });
    expect(bad.location).toBeNull();
    expect(bad.notes.join()).toMatch(/out of range/);
    expect(exifGpsLocation({ GPSLatitude: 'garbage', GPSLongitude: [1, 2, 3] }).notes.join()).toMatch(/unreadable/);
  });

  it('reads degrees-minutes-seconds', () => {
    expect(dmsToDegrees([50, 17, 58.57])).toBeCloseTo(50.2996028, 6);
    expect(dmsToDegrees([1, 61, 0])).toBeNull();
  });
});

describe('parseIso6709', () => {
  it.each([
    ['+51.5007-000.1246+012.000/', 51.5007, -0.1246, 12],
    ['+48.8584+002.2945/', 48.8584, 2.2945, null],
    ['-33.8650+151.2094/', -33.865, 151.2094, null],
    ['+5130.042-00007.476/', 51.5007, -0.1246, null],
    ['+513002.52-0000728.56/', 51.50070, -0.12460, null],
  ])('%s', (text, lat, lon, alt) => {
    const read = parseIso6709(text, 'quicktime-iso6709');
    expect(read.location?.lat).toBeCloseTo(lat, 3);
    expect(read.location?.lon).toBeCloseTo(lon, 3);
    expect(read.location?.altitudeM).toBe(alt);
  });

  it('flags 0,0 and refuses what is not ISO 6709', () => {
    expect(parseIso6709('+00.0000+000.0000/', 'x').flags).toEqual(['null-island']);
    expect(parseIso6709('somewhere', 'x').location).toBeNull();
    expect(parseIso6709('+91.0000+000.0000/', 'x').location).toBeNull();
  });
});
