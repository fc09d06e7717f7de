import { describe, expect, it } from 'vitest';
import { largestRendition, sortCandidates, streamingFormat } from '../../../src/capture/media-candidates.js';

describe('largestRendition', () => {
  it.each([
    ['https://pbs.twimg.com/media/DPadOKpXcAIL-NW?format=jpg&name=medium', 'https://pbs.twimg.com/media/DPadOKpXcAIL-NW?format=jpg&name=orig'],
    ['https://pbs.twimg.com/media/DRg1OMRVwAEuwTK.jpg', 'https://pbs.twimg.com/media/DRg1OMRVwAEuwTK.jpg?name=orig'],
    ['https://pbs.twimg.com/profile_images/1/a_400x400.jpg', 'https://pbs.twimg.com/profile_images/1/a_400x400.jpg'],
    ['https://example.com/a.jpg', 'https://example.com/a.jpg'],
  ])('%s -> %s', (url, expected) => {
    expect(largestRendition(url)).toBe(expected);
  });
});

describe('sortCandidates', () => {
  it('keeps each address once, asks for the largest rendition, and sets streams apart', () => {
    const sorted = sortCandidates([
      { url: 'https://pbs.twimg.com/media/X?format=jpg&name=small', via: 'img' },
      { url: 'https://pbs.twimg.com/media/X?format=jpg&name=large', via: 'post-meta' },
      { url: 'https://example.com/v.mp4', via: 'video' },
      { url: 'https://example.com/v.mp4', via: 'network' },
      { url: 'https://example.com/live/index.m3u8', via: 'video' },
      { url: 'blob:https://x.com/1234', via: 'video' },
      { url: 'data:image/png;base64,AAAA', via: 'img' },
    ]);
    expect(sorted.downloadable).toEqual([
      { url: 'https://pbs.twimg.com/media/X?format=jpg&name=orig', via: 'img', shown: 'https://pbs.twimg.com/media/X?format=jpg&name=small' },
      { url: 'https://example.com/v.mp4', via: 'video' },
    ]);
    expect(sorted.streaming).toEqual([{ url: 'https://example.com/live/index.m3u8', format: 'hls' }, { url: 'blob:https://x.com/1234', format: 'media-source' }]);
  });

  it('recognises streaming formats by address or declared type', () => {
    expect(streamingFormat('https://e.com/manifest.mpd')).toBe('dash');
    expect(streamingFormat('https://e.com/play', 'application/vnd.apple.mpegurl')).toBe('hls');
    expect(streamingFormat('https://e.com/play', 'application/dash+xml')).toBe('dash');
    expect(streamingFormat('https://e.com/a.mp4', 'video/mp4')).toBeNull();
  });
});
