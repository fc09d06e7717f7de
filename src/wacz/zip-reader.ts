import yauzl from 'yauzl';
import { zipEntryRefusal } from '../zip/safe-zip-reader.js';

/** One file read out of a zip, with how it was stored. */
export interface ZipFile {
  path: string;
  data: Buffer;
  /** 0 = stored, 8 = deflated. */
  compressionMethod: number;
}

/** Hard limits for reading a zip someone else made. */
export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}

export const defaultZipLimits: ZipLimits = { maxEntries: 10_000, maxEntryBytes: 2 * 1024 ** 3, maxTotalBytes: 4 * 1024 ** 3 };

/**
 * Reads every file of a zip into memory, refusing what a hostile archive could use against us
 * (the entry rules bundles are checked by: `..` or absolute paths, links, bombs...), too many
 * entries, and entries (or a total) larger than the limits, checked against both the declared
 * and the actually inflated size.
 */
export function readZip(source: string | Buffer, limits: ZipLimits = defaultZipLimits): Promise<ZipFile[]> {
  return new Promise((resolve, reject) => {
    const opened = (error: Error | null, zip?: yauzl.ZipFile) => {
      if (error || !zip) return reject(new Error(`not a readable zip: ${error?.message ?? 'unknown error'}`));
      const files: ZipFile[] = [];
      let total = 0;
      const fail = (message: string) => {
        zip.close();
        reject(new Error(message));
      };
      if (zip.entryCount > limits.maxEntries) return fail(`zip has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
      zip.on('error', (e: Error) => reject(e));
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        const problem = entryProblem(entry, limits);
        if (problem) return fail(problem);
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) return fail(`zip content exceeds the limit of ${limits.maxTotalBytes} bytes`);
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(`cannot read ${entry.fileName}: ${streamError?.message}`);
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > entry.uncompressedSize || size > limits.maxEntryBytes) stream.destroy(new Error(`${entry.fileName} inflates beyond its declared size`));
            else chunks.push(chunk);
          });
          stream.on('error', (e: Error) => fail(`cannot read ${entry.fileName}: ${e.message}`));
          stream.on('end', () => {
            files.push({ path: entry.fileName, data: Buffer.concat(chunks), compressionMethod: entry.compressionMethod });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    };
    // yauzl itself refuses absolute and `..` paths when validateEntrySizes/strictFileNames are on.
    const options = { lazyEntries: true, validateEntrySizes: true, strictFileNames: true };
    if (typeof source === 'string') yauzl.open(source, options, opened);
    else yauzl.fromBuffer(source, options, opened);
  });
}

function entryProblem(entry: yauzl.Entry, limits: ZipLimits): string | null {
  const refusal = zipEntryRefusal(entry, entry.fileName);
  if (refusal) return `zip entry ${JSON.stringify(entry.fileName)}: ${refusal}`;
  if (entry.uncompressedSize > limits.maxEntryBytes) return `zip entry ${JSON.stringify(entry.fileName)} is ${entry.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`;
  return null;
}
