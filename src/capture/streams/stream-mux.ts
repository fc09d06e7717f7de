import { runTool } from '../../media/media-tools.js';

/** A track file to mux, and whether it holds video, audio or both. */
export interface MuxInput {
  path: string;
  role: 'muxed' | 'video' | 'audio';
  container: 'ts' | 'mp4' | 'webm' | 'aac';
}

/** The container the muxed file gets: WebM for WebM tracks, Matroska for a mix, else MP4. */
export function muxedContainer(inputs: MuxInput[]): { extension: 'mp4' | 'webm' | 'mkv'; mediaType: string } {
  const webm = inputs.filter((i) => i.container === 'webm').length;
  if (webm === 0) return { extension: 'mp4', mediaType: 'video/mp4' };
  if (webm === inputs.length) return { extension: 'webm', mediaType: 'video/webm' };
  return { extension: 'mkv', mediaType: 'video/x-matroska' };
}

/** The ffmpeg arguments that put the tracks into one file by stream copy (never re-encoding). */
export function muxArguments(inputs: MuxInput[], out: string): string[] {
  const args = ['-v', 'error', '-y'];
  for (const input of inputs) args.push('-i', input.path);
  inputs.forEach((input, i) => {
    if (input.role !== 'audio') args.push('-map', `${i}:v${input.role === 'muxed' ? '?' : ''}`);
    if (input.role !== 'video') args.push('-map', `${i}:a${input.role === 'muxed' ? '?' : ''}`);
  });
  args.push('-c', 'copy');
  if (out.endsWith('.mp4')) args.push('-movflags', '+faststart');
  args.push(out);
  return args;
}

/** Muxes track files into `out` with ffmpeg, stream copy only. */
export async function muxTracks(ffmpeg: string, inputs: MuxInput[], out: string, timeoutMs: number): Promise<string[]> {
  const args = muxArguments(inputs, out);
  await runTool(ffmpeg, args, { timeoutMs });
  return args;
}
