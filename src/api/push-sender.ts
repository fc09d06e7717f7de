import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../core.js';
import { verifyCase } from '../custody/verify-case.js';
import type { Item } from '../domain/item.js';
import { GoldenHourError, invalidInput } from '../util/errors.js';
import type { RequestOf } from './contract.js';
import type { TeamServerClient } from './team-server-client.js';

/** Items sent per push.receive call: what a push interrupted loses at most is one batch's work. */
const BATCH = 2;

type PushedItem = RequestOf<'push.receive'>['items'][number];

export interface PushReport {
  localCase: number;
  teamCase: number;
  server: string;
  headSeq: number;
  headHash: string;
  ledgerSha256: string;
  recorded: boolean;
  added: number;
  alreadyPresent: number;
  failed: { path: string; error: string }[];
}

/**
 * `goldenhour push LOCAL_CASE --to-case N`: a case captured offline goes into a team case. The
 * local ledger must verify (chain, rows, every blob re-hashed) or nothing is sent; it is sent and
 * kept with the team case. Each item goes as it stands locally: its stored file and every attached
 * file (a page's screenshot, WACZ, MHTML...; thumbnails), its record (post, capture record, event
 * time, place, flags, notes, tags, grading, triage status and assignee, comments) and the item it
 * belongs to. Items go in the order they
 * were recorded, so a page arrives before its images and videos. The server checks each against
 * the local ledger and re-hashes every file. What the team case already received from this local
 * case is not sent again, so an interrupted push resumes where it stopped and a push run twice
 * adds nothing.
 */
export async function pushThroughServer(core: Core, client: TeamServerClient, localCaseId: number, teamCaseId: number, progress: (sent: number, of: number) => void): Promise<PushReport> {
  const c = await core.cases.get(localCaseId);
  const check = await verifyCase(core, localCaseId, { now: core.clock.now() });
  if (!check.ok) {
    throw new GoldenHourError('verification-failed', `The ledger of local case ${localCaseId} does not verify, so nothing was pushed: ${check.problems.map((p) => `${p.seq !== null ? `entry ${p.seq}` : p.itemId !== null ? `item ${p.itemId}` : 'case'}: ${p.problem}`).join('; ')}`);
  }
  await client.call('case.get', { caseId: teamCaseId });
  const entries = await core.ledger.list(localCaseId);
  const head = entries.at(-1);
  if (!head) throw invalidInput(`Local case ${localCaseId} has no ledger entries to push`);
  // One place on the server per local case: what was sent before is found there, not sent twice.
  const batch = `push-${createHash('sha256').update(c.uuid).digest('hex').slice(0, 40)}`;
  const temp = mkdtempSync(join(tmpdir(), 'goldenhour-push-'));
  let ledgerPath: string;
  try {
    const file = join(temp, `ledger-${head.seq}.jsonl`);
    writeFileSync(file, entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
    ledgerPath = (await client.upload(file, batch, `ledger-${head.seq}.jsonl`)).path;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const source = { caseUuid: c.uuid, title: c.title, headSeq: head.seq, headHash: head.hash, ledgerPath };
  // The team case's items sent from here before are named `item-LOCALID-...` in this push's folder.
  const sentBefore = new RegExp(`/${batch}/item-(\\d+)-`);
  const received = new Set((await client.call('items.list', { caseId: teamCaseId }))
    .map((item) => sentBefore.exec(item.sourcePath ?? '')?.[1]).filter((id) => id !== undefined).map(Number));
  const items = (await core.items.list(localCaseId, { includeWithdrawn: true })).filter((item) => !received.has(item.id)).sort((a, b) => a.id - b.id);
  const report: PushReport = {
    localCase: localCaseId, teamCase: teamCaseId, server: client.server, headSeq: head.seq, headHash: head.hash,
    ledgerSha256: '', recorded: false, added: 0, alreadyPresent: received.size, failed: [],
  };
  for (let start = 0; start < items.length; start += BATCH) {
    const chunk: PushedItem[] = [];
    for (const item of items.slice(start, start + BATCH)) chunk.push(await sendItem(core, client, batch, item));
    const result = await client.call('push.receive', { caseId: teamCaseId, source, items: chunk, complete: false });
    report.added += result.items.length;
    report.alreadyPresent += result.alreadyPresent.length;
    report.failed.push(...result.errors);
    progress(Math.min(start + BATCH, items.length), items.length);
  }
  const closing = await client.call('push.receive', { caseId: teamCaseId, source, items: [], complete: true });
  return { ...report, ledgerSha256: closing.ledgerSha256, recorded: closing.recorded };
}

/** Uploads an item's stored file and attached files; what push.receive is told of it. */
async function sendItem(core: Core, client: TeamServerClient, batch: string, item: Item): Promise<PushedItem> {
  const prefix = `item-${item.id}-`;
  const upload = async (sha256: string, name: string) => {
    const uploaded = await client.upload(core.vault.pathOf(sha256), batch, name);
    if (uploaded.sha256 !== sha256) throw new GoldenHourError('verification-failed', `The stored file ${sha256} of local item ${item.id} was sent as ${uploaded.sha256}: it changed in the vault while it was being sent`);
    return uploaded;
  };
  const main = await upload(item.sha256, `${prefix}${(item.originalName ?? item.sha256).replace(/[/\\]/g, '_')}`);
  const artifacts: PushedItem['artifacts'] = [];
  for (const [i, artifact] of item.artifacts.entries()) {
    const uploaded = await upload(artifact.sha256, `${prefix}artifact-${i}-${artifact.role.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    artifacts.push({ role: artifact.role, sha256: artifact.sha256, size: artifact.size, mediaType: artifact.mediaType, derived: artifact.derived, path: uploaded.path });
  }
  return {
    path: main.path, sha256: item.sha256, localItemId: item.id, localParentId: item.parentId, acquiredAt: item.acquiredAt, acquiredBy: item.acquiredBy, sourceUrl: item.sourceUrl,
    record: {
      kind: item.kind, size: item.size, mediaType: item.mediaType, originalName: item.originalName, title: item.title, eventTime: item.eventTime,
      location: item.location, metadata: item.metadata, post: item.post, capture: item.capture, flags: item.flags, notes: item.notes, tags: item.tags, grading: item.grading,
      withdrawn: item.withdrawn, triage: item.triage,
      comments: (await core.triage.comments(item.id)).map((comment) => ({ localCommentId: comment.id, at: comment.at, author: comment.author, body: comment.body })),
    },
    artifacts,
  };
}
