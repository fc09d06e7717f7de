import { ExifTool } from 'exiftool-vendored';
import { createRequire } from 'node:module';
import { errorMessage } from '../util/errors.js';

/** One file's tags as ExifTool reports them with `-G1 -n`: `Group:Tag` -> value (numbers unformatted). */
export type ExifToolTags = Record<string, unknown>;

/** Who read a file's tags when exifr could not: ExifTool itself, and the npm package that ships it. */
export interface SecondReaderVersion {
  name: 'exiftool';
  version: string;
  via: string;
}

/** A reader of last resort for formats and blocks exifr does not read (WebP, raw, maker records, video tracks). */
export interface SecondReader {
  /** Reads the tags of a stored file; `embedded` also reads timed metadata tracks (GoPro GPMF, DJI). */
  read(path: string, options?: { embedded?: boolean }): Promise<{ tags: ExifToolTags; reader: SecondReaderVersion }>;
  /** Stops ExifTool's process, if one was started. */
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const vendoredVersion = (require('exiftool-vendored/package.json') as { version: string }).version;

/** Files larger than this are still read: ExifTool seeks, it does not load a whole video. */
const TASK_TIMEOUT_MS = 60_000;

/**
 * ExifTool through exiftool-vendored (which ships ExifTool's Perl source; Perl must be installed).
 * One long-lived `exiftool -stay_open` process, started on first use only, so a batch of photos
 * that exifr reads completely never starts it. Tags come back raw (`-n`): dates are the strings in
 * the file, never `Date`s in the host's zone.
 */
export class ExifToolSecondReader implements SecondReader {
  private exiftool: ExifTool | null = null;
  private version: Promise<string> | null = null;

  async read(path: string, options: { embedded?: boolean } = {}): Promise<{ tags: ExifToolTags; reader: SecondReaderVersion }> {
    const exiftool = this.start();
    const readArgs = ['-G1', '-a', '-n', '-api', 'LargeFileSupport=1', ...(options.embedded ? ['-ee3'] : [])];
    try {
      const [tags, version] = await Promise.all([exiftool.readRaw(path, { readArgs }), this.version!]);
      return { tags: tags as ExifToolTags, reader: { name: 'exiftool', version, via: `exiftool-vendored ${vendoredVersion}` } };
    } catch (error) {
      throw new Error(describeFailure(error));
    }
  }

  async close(): Promise<void> {
    const exiftool = this.exiftool;
    this.exiftool = null;
    this.version = null;
    if (exiftool) await exiftool.end();
  }

  private start(): ExifTool {
    if (!this.exiftool) {
      // One process: the machine's two cores go to decoding previews, and ExifTool is the rare path.
      this.exiftool = new ExifTool({ maxProcs: 1, taskTimeoutMillis: TASK_TIMEOUT_MS, checkPerl: true, geolocation: false, useMWG: false });
      this.version = this.exiftool.version().catch((error: unknown) => {
        throw new Error(describeFailure(error));
      });
      // A version check that fails must not be an unhandled rejection when no read awaits it.
      this.version.catch(() => undefined);
    }
    return this.exiftool;
  }
}

function describeFailure(error: unknown): string {
  const message = errorMessage(error).split('\n')[0]?.trim() ?? 'unknown error';
  if (/perl/i.test(message) && /not found|ENOENT|missing|install/i.test(message)) {
    return 'ExifTool needs Perl, which is not installed on this machine (install the "perl" package)';
  }
  return `ExifTool could not read the file: ${message}`;
}
