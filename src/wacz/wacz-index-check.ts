import { gunzipSync } from 'node:zlib';
import { WARCParser } from 'warcio';
import type { ZipFile } from './zip-reader.js';

/** Index lines checked per WACZ at most (each is one record read). */
const MAX_CHECKED_LINES = 20_000;

interface IndexLine {
  url: string;
  offset: number;
  length: number;
  filename: string;
}

function parseLine(line: string): IndexLine | null {
  const json = line.indexOf('{');
  if (json < 0) return null;
  try {
    const fields = JSON.parse(line.slice(json)) as Record<string, unknown>;
    const offset = Number(fields.offset);
    const length = Number(fields.length);
    if (typeof fields.url !== 'string' || typeof fields.filename !== 'string' || !Number.isInteger(offset) || !Number.isInteger(length)) return null;
    return { url: fields.url, offset, length, filename: fields.filename };
  } catch {
    return null;
  }
}

/** The CDXJ lines of an index file (`.cdxj` plain, `.cdx.gz` gzip members). */
function indexLines(file: ZipFile): string[] {
  const text = (file.path.endsWith('.gz') ? gunzipSync(file.data) : file.data).toString('utf8');
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('!'));
}

/**
 * Checks that every index line points at a record of the archive for the same URL, as replay
 * (ReplayWeb.page) will read it: the bytes at `offset` for `length` in `filename` must parse as a
 * WARC record whose WARC-Target-URI is the line's `url`. Returns the problems found.
 */
export async function checkIndexes(files: ZipFile[]): Promise<string[]> {
  const problems: string[] = [];
  const archives = new Map(files.filter((f) => f.path.startsWith('archive/')).map((f) => [f.path.slice('archive/'.length), f.data]));
  let checked = 0;
  for (const index of files.filter((f) => /^indexes\/.*\.(cdxj|cdx|cdx\.gz)$/.test(f.path))) {
    let lines: string[];
    try {
      lines = indexLines(index);
    } catch (error) {
      problems.push(`${index.path} cannot be read: ${(error as Error).message}`);
      continue;
    }
    for (const [n, line] of lines.entries()) {
      if (checked++ >= MAX_CHECKED_LINES) return problems;
      const entry = parseLine(line);
      const where = `${index.path} line ${n + 1}`;
      if (!entry) problems.push(`${where} is not a CDXJ line with url, offset, length and filename`);
      else {
        const problem = await recordProblem(entry, archives.get(entry.filename));
        if (problem) problems.push(`${where}: ${problem}`);
      }
    }
  }
  return problems;
}

async function recordProblem(entry: IndexLine, archive: Buffer | undefined): Promise<string | null> {
  if (!archive) return `names archive/${entry.filename}, which is not in the WACZ`;
  if (entry.offset < 0 || entry.length <= 0 || entry.offset + entry.length > archive.length) return `offset ${entry.offset} + length ${entry.length} falls outside archive/${entry.filename}`;
  try {
    const slice = archive.subarray(entry.offset, entry.offset + entry.length);
    const record = await new WARCParser([new Uint8Array(slice)]).parse();
    const target = record?.warcTargetURI;
    return target === entry.url ? null : `the record at offset ${entry.offset} is for ${target ?? 'nothing'}, not ${entry.url}`;
  } catch (error) {
    return `no WARC record at offset ${entry.offset}: ${(error as Error).message}`;
  }
}
