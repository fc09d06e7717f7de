import { describe, expect, it } from 'vitest';
import { expand, isoDurationS, parseDashManifest, DashUnsupported } from '../../../src/capture/streams/dash-manifest.js';
import { HlsUnsupported, parseHlsPlaylist, sequenceIv } from '../../../src/capture/streams/hls-playlist.js';
import { muxArguments, muxedContainer } from '../../../src/capture/streams/stream-mux.js';
import { chooseRendition, parseVideoQuality } from '../../../src/capture/streams/stream-plan.js';

const base = 'https://cdn.example/v/master.m3u8';

describe('HLS playlists', () => {
  it('reads a master playlist: variants with bandwidth and size, audio renditions, addresses resolved', () => {
    const master = parseHlsPlaylist([
      '#EXTM3U',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English, main",LANGUAGE="en",DEFAULT=YES,URI="audio/en.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1280000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aac"',
      'low/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080,AUDIO="aac"',
      'https://other.example/high.m3u8',
    ].join('\n'), base);
    expect(master).toEqual({
      kind: 'master',
      variants: [
        { url: 'https://cdn.example/v/low/index.m3u8', bandwidth: 1280000, resolution: { width: 640, height: 360 }, codecs: 'avc1.4d401e,mp4a.40.2', audioGroup: 'aac' },
        { url: 'https://other.example/high.m3u8', bandwidth: 5000000, resolution: { width: 1920, height: 1080 }, codecs: null, audioGroup: 'aac' },
      ],
      renditions: [{ type: 'AUDIO', groupId: 'aac', name: 'English, main', language: 'en', url: 'https://cdn.example/v/audio/en.m3u8', isDefault: true }],
    });
  });

  it('reads a media playlist: durations, byte ranges (with and without offsets), AES-128 keys, init sections, end', () => {
    const media = parseHlsPlaylist([
      '#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:7',
      '#EXT-X-MAP:URI="init.mp4",BYTERANGE="700@0"',
      '#EXT-X-KEY:METHOD=AES-128,URI="/keys/1",IV=0x000102030405060708090a0b0c0d0e0f',
      '#EXTINF:4.0,', '#EXT-X-BYTERANGE:1000@700', 'all.mp4',
      '#EXT-X-KEY:METHOD=NONE',
      '#EXTINF:3.5,', '#EXT-X-BYTERANGE:500', 'all.mp4',
      '#EXT-X-ENDLIST',
    ].join('\r\n'), 'https://cdn.example/v/a/index.m3u8');
    if (media.kind !== 'media') throw new Error('expected a media playlist');
    expect(media).toMatchObject({ targetDurationS: 4, mediaSequence: 7, ended: true });
    expect(media.segments).toEqual([
      { url: 'https://cdn.example/v/a/all.mp4', durationS: 4, range: { start: 700, end: 1699 }, sequence: 7, map: { url: 'https://cdn.example/v/a/init.mp4', range: { start: 0, end: 699 } },
        key: { url: 'https://cdn.example/keys/1', iv: Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex') } },
      { url: 'https://cdn.example/v/a/all.mp4', durationS: 3.5, range: { start: 1700, end: 2199 }, sequence: 8, map: { url: 'https://cdn.example/v/a/init.mp4', range: { start: 0, end: 699 } }, key: null },
    ]);
  });

  it('refuses DRM and text that is not a playlist, naming the address', () => {
    expect(() => parseHlsPlaylist('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://x"\n#EXTINF:2,\na.ts', base)).toThrow(/SAMPLE-AES \(DRM\)/);
    expect(() => parseHlsPlaylist('<html>', base)).toThrow(HlsUnsupported);
  });

  it('gives a segment without an IV its sequence number as IV', () => {
    expect(sequenceIv(258).toString('hex')).toBe('00000000000000000000000000000102');
  });
});

describe('DASH manifests', () => {
  const mpd = (body: string, extra = '') => `<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT7S"${extra}><BaseURL>media/</BaseURL><Period>${body}</Period></MPD>`;

  it('lists SegmentTemplate segments by duration, filling $RepresentationID$ and $Number%05d$', () => {
    const m = parseDashManifest(mpd(`<AdaptationSet contentType="video" mimeType="video/mp4">
      <SegmentTemplate timescale="1000" duration="2000" startNumber="1" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number%05d$.m4s"/>
      <Representation id="720p" bandwidth="3000000" width="1280" height="720" codecs="avc1.64001f"/></AdaptationSet>`), 'https://cdn.example/d/manifest.mpd');
    const rep = m.adaptationSets[0]!.representations[0]!;
    expect(rep).toMatchObject({ id: '720p', width: 1280, height: 720, init: { url: 'https://cdn.example/d/media/720p/init.mp4' } });
    expect(rep.segments.map((s) => [s.url.split('/').pop(), s.durationS])).toEqual([['00001.m4s', 2], ['00002.m4s', 2], ['00003.m4s', 2], ['00004.m4s', 1]]);
  });

  it('lists SegmentTimeline segments with repeats, by $Time$', () => {
    const m = parseDashManifest(mpd(`<AdaptationSet contentType="audio"><Representation id="a" bandwidth="64000" mimeType="audio/mp4">
      <SegmentTemplate timescale="10" media="a-$Time$.m4s" initialization="a-init.mp4"><SegmentTimeline><S t="0" d="20" r="2"/><S d="10"/></SegmentTimeline></SegmentTemplate>
      </Representation></AdaptationSet>`), 'https://cdn.example/d/manifest.mpd');
    expect(m.adaptationSets[0]!.representations[0]!.segments.map((s) => s.url.split('/').pop())).toEqual(['a-0.m4s', 'a-20.m4s', 'a-40.m4s', 'a-60.m4s']);
  });

  it('reads SegmentBase (init and index ranges) and refuses protected content', () => {
    const m = parseDashManifest(mpd(`<AdaptationSet contentType="video"><Representation id="v" bandwidth="1" mimeType="video/mp4"><BaseURL>v.mp4</BaseURL>
      <SegmentBase indexRange="800-911"><Initialization range="0-799"/></SegmentBase></Representation></AdaptationSet>`), 'https://cdn.example/d/manifest.mpd');
    expect(m.adaptationSets[0]!.representations[0]).toMatchObject({
      init: { url: 'https://cdn.example/d/media/v.mp4', range: { start: 0, end: 799 } }, segmentBase: { url: 'https://cdn.example/d/media/v.mp4', indexRange: { start: 800, end: 911 } },
    });
    expect(() => parseDashManifest(mpd('<AdaptationSet><ContentProtection schemeIdUri="urn:uuid:edef8ba9"/></AdaptationSet>'), 'https://x/m.mpd')).toThrow(/DRM/);
    expect(() => parseDashManifest('<html><body>hi</body></html>', 'https://x/m.mpd')).toThrow(DashUnsupported);
  });

  it('reads ISO durations and expands template identifiers', () => {
    expect(isoDurationS('PT1H2M3.5S')).toBe(3723.5);
    expect(isoDurationS('nonsense')).toBeNull();
    expect(expand('$RepresentationID$-$Bandwidth$-$Number%03d$-$$', { id: 'v1', bandwidth: 9 }, 7, null)).toBe('v1-9-007-$');
  });
});

describe('choosing a rendition', () => {
  const options = [
    { bandwidth: 800, width: 640, height: 360 }, { bandwidth: 3000, width: 1280, height: 720 }, { bandwidth: 6000, width: 1920, height: 1080 },
  ];
  it.each([
    ['highest', 1920], ['lowest', 640], ['1280x720', 1280], ['1000x600', 1280], ['100x100', 640],
  ])('%s picks the %i-wide rendition', (quality, width) => {
    expect(chooseRendition(options, parseVideoQuality(quality))?.width).toBe(width);
  });

  it('refuses a quality that is none of highest, lowest or WIDTHxHEIGHT, naming the flag', () => {
    expect(() => parseVideoQuality('best')).toThrow('Expected highest, lowest or WIDTHxHEIGHT (like 1280x720) for --video-quality but received "best" (string)');
    expect(() => parseVideoQuality('0x720')).toThrow(/--video-quality/);
  });
});

describe('muxing by stream copy', () => {
  it('maps video from the video track and audio from the audio track, copying both', () => {
    expect(muxArguments([{ path: '/t/v.ts', role: 'video', container: 'ts' }, { path: '/t/a.ts', role: 'audio', container: 'ts' }], '/t/out.mp4'))
      .toEqual(['-v', 'error', '-y', '-i', '/t/v.ts', '-i', '/t/a.ts', '-map', '0:v', '-map', '1:a', '-c', 'copy', '-movflags', '+faststart', '/t/out.mp4']);
    expect(muxArguments([{ path: '/t/m.ts', role: 'muxed', container: 'ts' }], '/t/o.mp4')).toContain('0:a?');
  });

  it('keeps WebM tracks in WebM and a mix in Matroska', () => {
    expect(muxedContainer([{ path: 'a', role: 'video', container: 'webm' }]).mediaType).toBe('video/webm');
    expect(muxedContainer([{ path: 'a', role: 'video', container: 'webm' }, { path: 'b', role: 'audio', container: 'mp4' }]).extension).toBe('mkv');
  });
});
