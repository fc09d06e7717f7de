import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { ResponseOf } from './contract.js';
import type { TeamServerClient } from './team-server-client.js';
import { walkPaths } from '../ingest/walk.js';
import { errorMessage } from '../util/errors.js';

type IngestResult = ResponseOf<'items.ingest'>;

/**
 * `goldenhour ingest CASE PATH... --server URL`: the server cannot read this machine's files, so
 * each file under the paths given is streamed to the user's upload folder on the server first
 * (a dropped folder keeping its inner paths), then imported from there
 * with `items.ingest`, which re-hashes every file as it stores it. The result names the local
 * paths, as a local import does.
 */
export async function ingestThroughServer(
  client: TeamServerClient,
  caseId: number,
  paths: string[],
  onUploaded: (done: number) => void,
): Promise<IngestResult> {
  const localOf = new Map<string, string>();
  const errors: IngestResult['errors'] = [];
  for (const given of paths.map((p) => resolve(p))) {
    for await (const found of walkPaths([given])) {
      if ('error' in found) {
        errors.push({ path: found.path, error: found.error });
        continue;
      }
      const name = found.path === given ? basename(given) : relative(dirname(given), found.path).split(sep).join('/');
      try {
        // One batch per local file and content: importing the same file again sends it to the same
        // place on the server, so the server finds it already imported (as a local import would).
        const sha256 = await sha256OfFile(found.path);
        const batch = `cli-${createHash('sha256').update(`${hostname()}\0${found.path}\0${sha256}`).digest('hex').slice(0, 40)}`;
        const uploaded = await client.upload(found.path, batch, name);
        if (uploaded.sha256 !== sha256) throw new Error('the file changed while it was being sent');
        localOf.set(uploaded.path, found.path);
        onUploaded(localOf.size);
      } catch (error) {
        errors.push({ path: found.path, error: `not sent to the server: ${errorMessage(error)}` });
      }
    }
  }
  if (localOf.size === 0) return { items: [], alreadyPresent: [], sameContent: [], errors, notes: [] };
  const result = await client.call('items.ingest', { caseId, paths: [...localOf.keys()] });
  const local = (path: string) => localOf.get(path) ?? path;
  return {
    items: result.items.map((item) => ({ ...item, sourcePath: item.sourcePath === null ? null : local(item.sourcePath) })),
    alreadyPresent: result.alreadyPresent.map((p) => ({ ...p, path: local(p.path) })),
    sameContent: result.sameContent.map((p) => ({ ...p, path: local(p.path) })),
    errors: [...errors, ...result.errors.map((e) => ({ ...e, path: local(e.path) }))],
    notes: result.notes.map((n) => ({ ...n, path: local(n.path) })),
  };
}

/** The SHA-256 of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
