import { WARCParser } from 'warcio';
import { readZip } from '../../src/wacz/zip-reader.js';

/** One response record of a WACZ's WARC: address, status, Content-Range and payload. */
export interface ArchivedResponse {
  url: string;
  status: number;
  contentRange: string | null;
  payload: Buffer;
}

/** Every response record in a WACZ (its WARC files read with warcio), for replay checks. */
export async function archivedResponses(wacz: Buffer): Promise<ArchivedResponse[]> {
  const out: ArchivedResponse[] = [];
  for (const file of (await readZip(wacz)).filter((f) => f.path.startsWith('archive/'))) {
    // Handed over in 1 MiB chunks: warcio reads one huge chunk very slowly (minutes for a 120 MB video).
    for await (const record of WARCParser.iterRecords(chunksOf(file.data))) {
      if (record.warcType !== 'response') continue;
      const payload = Buffer.from(await record.readFully(false));
      out.push({
        url: record.warcTargetURI ?? '',
        status: Number(record.httpHeaders?.statusCode ?? 0),
        contentRange: record.httpHeaders?.headers.get('content-range') ?? null,
        payload,
      });
    }
  }
  return out;
}

/**
 * Whether the archive replays `file` at `url` over [0, requiredEnd]: a 200 response with exactly
 * its bytes, or 206 responses whose payloads are the slices their Content-Range names and
 * together cover the required bytes. Returns what is wrong, or null.
 */
export function replayProblem(responses: ArchivedResponse[], url: string, file: Buffer, requiredEnd = file.length - 1): string | null {
  const mine = responses.filter((r) => r.url === url);
  if (mine.length === 0) return `${url} is not in the archive`;
  if (mine.some((r) => r.status === 200 && r.payload.equals(file))) return null;
  const covered = new Uint8Array(file.length);
  for (const r of mine.filter((x) => x.status === 206)) {
    const m = /^bytes (\d+)-(\d+)\//.exec(r.contentRange ?? '');
    if (!m) return `${url}: a 206 record without a Content-Range`;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (!r.payload.equals(file.subarray(start, end + 1))) return `${url}: the archived bytes ${start}-${end} differ from the file`;
    covered.fill(1, start, end + 1);
  }
  const missing = covered.subarray(0, requiredEnd + 1).indexOf(0);
  return missing === -1 ? null : `${url}: byte ${missing} is in no archived response`;
}

function* chunksOf(data: Buffer): Generator<Uint8Array> {
  for (let at = 0; at < data.length; at += 1024 * 1024) yield new Uint8Array(data.subarray(at, at + 1024 * 1024));
}
