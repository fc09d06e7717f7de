import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../src/core.js';
import type { Item } from '../../../src/domain/item.js';
import { parseDjiSubtitle } from '../../../src/media/dji-subtitles.js';
import { ExifToolSecondReader } from '../../../src/media/exiftool-reader.js';
import { findMediaTool } from '../../../src/media/media-tools.js';
import { makeTempDir } from '../../support/temp-dir.js';

// Real DJI subtitle texts (test/fixtures/index.json: JuanIrache/DJI_SRT_Parser's samples of an Air 2S,
// a Matrice 300 and a Mavic Mini, three of DJI's layouts), put by ffmpeg as a subtitle track into a
// real clip (stream copy, mov_text), as the drone carries them in its videos. No public DJI video
// small enough could be fetched; the track's bytes are the SRT's text, as the drone writes it.
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const clip = fixture('streams/clip-6s.mp4');
const ffmpeg = findMediaTool('ffmpeg');

function withSubtitles(srt: string, out: string): string {
  execFileSync(ffmpeg!.path, ['-v', 'error', '-y', '-i', clip, '-i', srt, '-map', '0', '-map', '1', '-c', 'copy', '-c:s', 'mov_text', out]);
  return out;
}

describe('DJI subtitle tracks on import', () => {
  const temp = makeTempDir('goldenhour-dji-');
  let core: Core;
  const byName = new Map<string, Item>();
  let input: string;

  beforeAll(async () => {
    if (!ffmpeg) throw new Error('ffmpeg not found (the @ffmpeg-installer/ffmpeg package ships it)');
    input = join(temp.path, 'in');
    mkdirSync(input);
    withSubtitles(fixture('field-cameras/dji-srt-parser__air2s.srt'), join(input, 'DJI_0001.MP4'));
    withSubtitles(fixture('field-cameras/dji-srt-parser__matrice_300.srt'), join(input, 'DJI_0002.MP4'));
    // Older DJI models write QuickTime: in a MOV the track is a QuickTime text track.
    withSubtitles(fixture('field-cameras/dji-srt-parser__mavic_mini.SRT'), join(input, 'DJI_0003.MOV'));
    // The same Air 2S text with the drone's clock at its default date (a clock never set) and its
    // first frame at 0,0 (no GPS fix yet): made here from the real text, one field each.
    const air2s = readFileSync(fixture('field-cameras/dji-srt-parser__air2s.srt'), 'utf8');
    const unset = air2s.replaceAll('2022-08-07', '2000-01-01').replace('[latitude: 41.424724] [longitude: 2.234156]', '[latitude: 0.000000] [longitude: 0.000000]');
    writeFileSync(join(temp.path, 'unset.srt'), unset);
    withSubtitles(join(temp.path, 'unset.srt'), join(input, 'DJI_0004.MP4'));
    copyFileSync(clip, join(input, 'plain.mp4'));
    core = openCore({ dataDir: join(temp.path, 'data'), operator: 'tester' });
    const c = await core.cases.create({ title: 'drone', timezone: 'Europe/Madrid' }, 'tester');
    const result = await core.ingest.ingest(c.id, [input], { operator: 'tester' });
    expect(result.errors).toEqual([]);
    for (const item of result.items) byName.set(item.originalName ?? '', item);
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    temp.remove();
  });

  it('an Air 2S video: the first frame\'s clock time (local, read in the case zone) and place, naming the reader', () => {
    const item = byName.get('DJI_0001.MP4')!;
    expect(item.kind).toBe('video');
    // 2022-08-07 13:40:40,774 on the drone's clock, in Madrid (+02:00 in August).
    expect(item.eventTime).toMatchObject({ utc: '2022-08-07T11:40:40.774Z', source: 'exif-local' });
    expect(item.eventTime!.raw).toMatchObject({ used: expect.stringContaining('Track3:Text (DJI subtitle)'), reader: expect.stringMatching(/^Golden Hour DJI subtitle reader, text decoded by exiftool \d+\.\d+/) });
    // The first frame's place, not a later one's (the drone moves: the last frame is at 41.424747, 2.233979).
    expect(item.location).toMatchObject({ lat: 41.424724, lon: 2.234156, altitudeM: 117, source: 'dji-subtitle Track3' });
    expect(item.metadata!.secondReader).toMatchObject({ name: 'exiftool', fields: ['cameraTime', 'location'], djiSubtitle: { tag: 'Track3:Text', layout: 'bracketed' } });
    expect(String((item.eventTime!.raw as Record<string, unknown>)['Track3:Text'])).toMatch(/^SrtCnt : 1, DiffTime : 33ms\n2022-08-07 13:40:40,774,808\n.*\[altitude: 117\.000000\]$/);
  });

  it('a Matrice 300 video: dotted date and GPS(latitude, longitude) read in that order', () => {
    const item = byName.get('DJI_0002.MP4')!;
    expect(item.eventTime).toMatchObject({ utc: '2022-06-21T14:06:17.000Z', source: 'exif-local' });
    expect(item.location).toMatchObject({ lat: 36.6146, lon: -6.112, altitudeM: 0, source: 'dji-subtitle Track3' });
    expect(item.metadata!.secondReader).toMatchObject({ djiSubtitle: { layout: 'dated-gps' } });
  });

  it('a Mavic Mini MOV: ExifTool reads the place itself (longitude first), and our reader of the same text agrees', async () => {
    const item = byName.get('DJI_0003.MOV')!;
    expect(item.location).toMatchObject({ lat: 48.0771, lon: -121.7458, source: 'exiftool Track3' });
    // This layout has no date: nothing to place on the timeline from the drone.
    expect(item.eventTime?.source ?? 'none').not.toBe('exif-local');
    const reader = new ExifToolSecondReader();
    try {
      const { tags } = await reader.read(join(input, 'DJI_0003.MOV'), { embedded: true });
      const ours = parseDjiSubtitle(String(tags['Track3:Text']));
      expect(ours).toMatchObject({ layout: 'camera-line', wall: null });
      expect([ours!.lat, ours!.lon]).toEqual([tags['Track3:GPSLatitude'], tags['Track3:GPSLongitude']]);
      // ExifTool reads no place from the two newer layouts: the reason we read the text ourselves.
      for (const name of ['DJI_0001.MP4', 'DJI_0002.MP4']) {
        const other = await reader.read(join(input, name), { embedded: true });
        expect(Object.keys(other.tags).filter((k) => /GPS|DateTimeOriginal/.test(k))).toEqual([]);
        expect(other.tags['Track3:Text']).toBeTypeOf('string');
      }
    } finally {
      await reader.close();
    }
  });

  it('sanity as for photos: a drone clock at its default date is not a time, a 0,0 first frame is no place', () => {
    const item = byName.get('DJI_0004.MP4')!;
    expect(item.flags).toContain('camera-clock-default');
    expect(item.eventTime?.source).not.toBe('exif-local');
    expect(item.location).toBeNull();
    expect(item.flags).toContain('null-island');
  });

  it('a video without a subtitle track reads no DJI data', () => {
    const item = byName.get('plain.mp4')!;
    expect(item.location).toBeNull();
    expect(item.metadata!.secondReader).not.toHaveProperty('djiSubtitle');
  });
});

describe('DJI subtitle layouts, one frame each from the fixtures', () => {
  const first = (name: string) => readFileSync(fixture(`field-cameras/${name}`), 'utf8').split(/\r?\n\r?\n/)[0]!;
  it('reads each layout of the real files, and refuses text that is not DJI\'s', () => {
    expect(parseDjiSubtitle(first('dji-srt-parser__air2s.srt'))).toMatchObject({
      wall: { year: 2022, month: 8, day: 7, hour: 13, minute: 40, second: 40, millisecond: 774 }, lat: 41.424724, lon: 2.234156, altitudeM: 117,
    });
    expect(parseDjiSubtitle(first('dji-srt-parser__matrice_300.srt'))).toMatchObject({ wall: { year: 2022, month: 6, day: 21, hour: 16, minute: 6, second: 17 }, lat: 36.6146, lon: -6.112 });
    expect(parseDjiSubtitle(first('dji-srt-parser__mavic_mini.SRT'))).toMatchObject({ wall: null, lat: 48.0771, lon: -121.7458 });
    expect(parseDjiSubtitle('Chapter 1')).toBeNull();
    expect(parseDjiSubtitle('GPS (1.5, 2.5)')).toBeNull();
  });
});
