import { describe, expect, it } from 'vitest';
import { nestUnderParents } from '../../../renderer/src/nest-rows.js';
import { describeRendition, describeVideoOrigin } from '../../../renderer/src/video-origin.js';

describe('where a captured video came from, in words', () => {
  it.each([
    [{ stream: { via: 'dash', manifestUrl: 'https://cdn.example/m.mpd', tracks: [{ role: 'video', rendition: { representation: 'v1', bandwidth: 2_500_000, width: 1280, height: 720, of: 3 } }, { role: 'audio', rendition: { language: 'en' } }] } }, ['stream'],
      "Saved from the page's DASH stream https://cdn.example/m.mpd (rendition 1280×720, 2.5 Mb/s, one of 3 renditions; separate audio (en) muxed in), copied by ffmpeg without re-encoding."],
    [{ stream: { via: 'hls', manifestUrl: 'https://cdn.example/live.m3u8', tracks: [{ role: 'muxed', rendition: { playlist: 'https://cdn.example/live.m3u8' } }], truncated: { reason: 'max-video-seconds', detail: 'the limit of 600 s was reached' } } }, ['stream', 'live', 'truncated'],
      "Saved from the page's HLS stream https://cdn.example/live.m3u8, copied by ffmpeg without re-encoding. It was a live stream, recorded up to the limit. Cut short: the limit of 600 s was reached."],
    [{ stream: { via: 'media-source', tracks: [{ role: 'video' }, { role: 'audio' }] } }, ['stream'],
      "Recorded from what the page's own player appended to its MediaSource (video and audio), copied by ffmpeg without re-encoding."],
    [{ stream: { via: 'yt-dlp', version: '2024.04.09', extractor: 'Twitter', differenceS: 2.4 } }, ['yt-dlp', 'duration-mismatch'],
      "Downloaded by yt-dlp 2024.04.09 (Twitter) from the page's address, not from what the page played. Its length differs from what the page played by 2.4 s."],
    [null, [], 'The video file the page loaded: https://video.example/clip.mp4.'],
  ])('%#', (capture, flags, words) => {
    expect(describeVideoOrigin(capture, flags, 'https://video.example/clip.mp4', 'video/mp4')).toBe(words);
  });

  it('calls an MPEG-TS piece a segment, not a video file', () => {
    expect(describeVideoOrigin(null, [], 'https://cdn.example/seg1.ts', 'video/mp2t')).toMatch(/^A segment of a stream, kept as the page fetched it: https:\/\/cdn\.example\/seg1\.ts\./);
  });

  it('says nothing it was not told about a rendition', () => {
    expect(describeRendition({ playlist: 'x' })).toBeNull();
    expect(describeRendition({ resolution: { width: 640, height: 360 }, bandwidth: 400_000, of: 1 })).toBe('640×360, 400 kb/s');
  });
});

describe('the evidence grid keeps a page\'s media under it', () => {
  const row = (id: number, parentId: number | null = null) => ({ id, parentId });
  it('moves each child under its parent, keeps the parents\' order, and leaves an orphan where it was', () => {
    // Sorted by event time: the page (3) after a photo (1); its videos (4, 5) have no time and sorted last.
    const sorted = [row(1), row(3), row(7, 99), row(4, 3), row(5, 3)];
    expect(nestUnderParents(sorted).map((r) => r.id)).toEqual([1, 3, 4, 5, 7]);
  });
  it('gives back the same rows when nothing is nested', () => {
    const rows = [row(2), row(1)];
    expect(nestUnderParents(rows)).toBe(rows);
  });
});
