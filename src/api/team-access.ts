import { resolve, sep } from 'node:path';
import { noSuchCase } from '../cases/case-repository.js';
import type { Core } from '../core.js';
import { noSuchItem } from '../items/item-repository.js';
import type { Actor, CaseRole } from '../team/team-types.js';
import { GoldenHourError } from '../util/errors.js';
import { contract, isOperationName, type OperationName } from './contract.js';
import type { Api } from './api.js';
import type { ApiResult } from './operation.js';

/** What an operation needs of the signed-in user's role on its case. */
type Need = 'read' | 'write' | 'lead';

/**
 * How a team server admits each operation. Every operation of the contract is listed (the type
 * requires it), so a new one cannot reach a team server until someone has decided who may call it.
 */
type Rule =
  | { on: 'case'; need: Need }
  | { on: 'item'; need: Need }
  | { on: 'blob' }
  /** Any signed-in user (what it returns is the user's own, or nothing of a case). */
  | { on: 'user' }
  /** Reaches the server's own files or every case: administrators only. */
  | { on: 'admin' }
  | { on: 'refused'; why: string };

/** The case's own browser runs on the machine running Golden Hour: a team server has none to offer. */
const NO_CASE_BROWSER: Rule = { on: 'refused', why: "The case's own browser is not available on a team server" };

const RULES: Record<OperationName, Rule> = {
  'case.create': { on: 'user' },
  'case.list': { on: 'user' },
  'case.get': { on: 'case', need: 'read' },
  'case.share': { on: 'case', need: 'lead' },
  // A case's lead changes, closes and reopens it (issue 13: "reopened by its lead").
  'case.update': { on: 'case', need: 'lead' },
  'case.close': { on: 'case', need: 'lead' },
  'case.reopen': { on: 'case', need: 'lead' },
  'case.members': { on: 'case', need: 'read' },
  'items.list': { on: 'case', need: 'read' },
  'items.get': { on: 'item', need: 'read' },
  'items.ingest': { on: 'case', need: 'write' },
  'items.withdraw': { on: 'item', need: 'lead' },
  'media.timeline': { on: 'case', need: 'read' },
  'media.duplicates': { on: 'case', need: 'read' },
  'custody.list': { on: 'case', need: 'read' },
  // A reviewer checks the evidence they read; the verification entry names them.
  'custody.verify': { on: 'case', need: 'read' },
  'items.summary': { on: 'case', need: 'read' },
  'item.detail': { on: 'item', need: 'read' },
  'item.setNotes': { on: 'item', need: 'write' },
  'item.setTags': { on: 'item', need: 'write' },
  'item.setGrading': { on: 'item', need: 'write' },
  // Triage is a change of the case's record: investigators and leads, not reviewers (who read it).
  'item.setTriage': { on: 'item', need: 'write' },
  'items.setTriage': { on: 'case', need: 'write' },
  'item.comment': { on: 'item', need: 'write' },
  'item.comments': { on: 'item', need: 'read' },
  'timeline.data': { on: 'case', need: 'read' },
  'map.data': { on: 'case', need: 'read' },
  'app.info': { on: 'user' },
  'export.suggestPath': { on: 'case', need: 'read' },
  'blob.info': { on: 'blob' },
  'browse.open': { on: 'refused', why: "The case's own browser opens on the machine running Golden Hour, not a team server's: capture the addresses instead" },
  'browse.state': NO_CASE_BROWSER,
  'browse.goto': NO_CASE_BROWSER,
  'browse.capture': NO_CASE_BROWSER,
  'browse.setAutoCapture': NO_CASE_BROWSER,
  'browse.close': NO_CASE_BROWSER,
  // Reviewers export: the bundle is written in the server's exports folder (see checkPaths).
  'bundle.export': { on: 'case', need: 'read' },
  'bundle.verify': { on: 'admin' },
  'bundle.open': { on: 'admin' },
  'bundle.choose': { on: 'refused', why: "A team server has no file dialog to show: choose the bundle in the page, which uploads it" },
  'bundle.file': { on: 'admin' },
  'key.show': { on: 'user' },
  'capture.enqueue': { on: 'case', need: 'write' },
  'capture.followPosts': { on: 'case', need: 'write' },
  'capture.queue': { on: 'case', need: 'read' },
  'capture.retry': { on: 'case', need: 'write' },
  'capture.run': { on: 'case', need: 'write' },
  'watch.start': { on: 'case', need: 'write' },
  'watch.runDue': { on: 'case', need: 'write' },
  'watch.stop': { on: 'case', need: 'write' },
  'watch.changes': { on: 'case', need: 'read' },
  'settings.get': { on: 'user' },
  'settings.setTsa': { on: 'admin' },
  'map.settings': { on: 'user' },
  // The offline map file is on the server's disk: only an administrator names it.
  'map.setSettings': { on: 'admin' },
  'map.tile': { on: 'user' },
  'map.items': { on: 'case', need: 'read' },
  'session.login': { on: 'user' },
  'session.logout': { on: 'user' },
  'session.whoami': { on: 'user' },
  // Pushing a local case adds items: investigators and leads.
  'push.receive': { on: 'case', need: 'write' },
};

const allows: Record<CaseRole, Need[]> = { lead: ['read', 'write', 'lead'], investigator: ['read', 'write'], reviewer: ['read'] };
const needWords: Record<Need, string> = { read: 'read it', write: 'change it (capture, import, notes, tags, grading, triage, comments)', lead: 'do this (leads only)' };

/** The folder of a team server's uploads for one user: only they may import from it. */
export function uploadFolder(dataDir: string, userId: number): string {
  return resolve(dataDir, 'uploads', `user-${userId}`);
}

/** The folder of a team server's bundles exported by one user: only they may download from it. */
export function exportFolder(dataDir: string, userId: number): string {
  return resolve(dataDir, 'exports', `user-${userId}`);
}

/**
 * The door of a team server: checks the signed-in user's role on the case an operation touches
 * before the API runs it. A case (or its item or blob) the user is not on is answered exactly as
 * one that does not exist (404); a role that does not allow the operation gets 403.
 */
export class TeamAccess {
  /** The users on the case when a `case.changed` event was sent (events of operations are checked as they arrive). */
  private readonly audiences = new WeakMap<object, Set<number>>();

  constructor(private readonly api: Api, private readonly core: Pick<Core, 'accounts' | 'dataDir'>) {}

  async invoke(name: string, payload: unknown, actor: Actor, sessionToken: string): Promise<ApiResult<unknown>> {
    const context = { actor, sessionToken };
    if (!isOperationName(name)) return this.api.invoke(name, payload, context);
    const parsed = contract[name].request.safeParse(payload ?? {});
    // The API gives the schema's own error for a bad payload; nothing of a case was read yet.
    if (!parsed.success) return this.api.invoke(name, payload, context);
    let caseId: number | null;
    try {
      caseId = await this.admit(name, parsed.data as Record<string, unknown>, actor);
    } catch (error) {
      if (error instanceof GoldenHourError) return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
    const result = await this.api.invoke(name, payload, context);
    const rule = RULES[name];
    // Everyone on the case (with the app open) hears that it changed, and reloads what they show.
    if (result.ok && caseId !== null && 'need' in rule && rule.need !== 'read') {
      const event = { topic: 'case.changed', caseId, operation: name, by: actor.name };
      // Who is on the case as it changed: a user added a moment later does not hear of it.
      this.audiences.set(event, new Set((await this.core.accounts.members(caseId)).map((member) => member.userId)));
      this.api.publish(event);
    }
    if (name === 'case.list' && result.ok) {
      const mine = new Set(await this.core.accounts.memberCaseIds(actor.userId));
      return { ok: true, value: (result.value as { id: number }[]).filter((c) => mine.has(c.id)) };
    }
    return result;
  }

  /** Whether an event of a running operation may go to this user (only events of their cases). */
  async mayHear(event: { topic: string; [key: string]: unknown }, actor: Actor): Promise<boolean> {
    const audience = this.audiences.get(event);
    if (audience) return audience.has(actor.userId);
    return typeof event.caseId === 'number' && (await this.core.accounts.role(event.caseId, actor.userId)) !== null;
  }

  /** Whether the user may read a stored blob: an item or artifact of one of their cases holds it. */
  async mayReadBlob(sha256: string, actor: Actor): Promise<boolean> {
    const mine = new Set(await this.core.accounts.memberCaseIds(actor.userId));
    return (await this.core.accounts.casesHoldingBlob(sha256)).some((caseId) => mine.has(caseId));
  }

  /** Refuses what the user may not do; the case the operation touches, if any. */
  private async admit(name: OperationName, request: Record<string, unknown>, actor: Actor): Promise<number | null> {
    const rule = RULES[name];
    switch (rule.on) {
      case 'refused': throw new GoldenHourError('unavailable', rule.why);
      case 'admin':
        if (!actor.admin) throw new GoldenHourError('forbidden', `Only an administrator of the team server may ${contract[name].summary.charAt(0).toLowerCase()}${contract[name].summary.slice(1)}`);
        return null;
      case 'user': return null;
      case 'blob':
        if (!(await this.mayReadBlob(String(request.sha256), actor))) throw new GoldenHourError('not-found', `No stored blob with SHA-256 ${String(request.sha256)}`);
        return null;
      case 'case': {
        const caseId = request.caseId as number;
        const role = await this.core.accounts.role(caseId, actor.userId);
        // An administrator may share any case (so a case whose lead left can be handed on), nothing more.
        if (name === 'case.share' && actor.admin) return caseId;
        if (!role) throw noSuchCase(caseId);
        this.requireRole(role, rule.need, `case ${caseId}`);
        this.checkPaths(name, request, actor);
        return caseId;
      }
      case 'item': {
        const itemId = request.itemId as number;
        const caseId = await this.core.accounts.caseOfItem(itemId);
        const role = caseId === null ? null : await this.core.accounts.role(caseId, actor.userId);
        if (!role) throw noSuchItem(itemId);
        this.requireRole(role, rule.need, `case ${caseId}`);
        return caseId;
      }
    }
  }

  private requireRole(role: CaseRole, need: Need, what: string): void {
    const a = role === 'investigator' ? 'an' : 'a';
    if (!allows[role].includes(need)) throw new GoldenHourError('forbidden', `You are ${a} ${role} on ${what}: ${a} ${role} may not ${needWords[need]}`);
  }

  /**
   * Operations that name files read or write them on the server: a user imports only what they
   * uploaded, exports only into the server's exports folder, and captures of private addresses
   * (the server's own network) are for administrators.
   */
  private checkPaths(name: OperationName, request: Record<string, unknown>, actor: Actor): void {
    const inside = (path: string, folder: string) => resolve(path).startsWith(folder + sep);
    if (name === 'items.ingest' || name === 'push.receive') {
      const mine = uploadFolder(this.core.dataDir, actor.userId);
      const paths = name === 'items.ingest'
        ? (request.paths as string[])
        : [(request.source as { ledgerPath: string }).ledgerPath, ...(request.items as { path: string; artifacts: { path: string }[] }[]).flatMap((item) => [item.path, ...item.artifacts.map((a) => a.path)])];
      const outside = paths.find((path) => !inside(path, mine));
      if (outside !== undefined) throw new GoldenHourError('forbidden', `On a team server only files you uploaded can be imported; ${JSON.stringify(outside.slice(0, 200))} is a path on the server`);
    }
    if (name === 'bundle.export' && !inside(String(request.out), exportFolder(this.core.dataDir, actor.userId))) {
      throw new GoldenHourError('forbidden', "On a team server bundles are written to your own folder in the server's exports folder only (ask for a path with export.suggestPath)");
    }
    if (name === 'custody.verify' && request.against !== undefined && !actor.admin) {
      throw new GoldenHourError('forbidden', 'Only an administrator of the team server may check the ledger against bundle files on the server');
    }
    const settings = (request.settings ?? request) as { allowPrivate?: unknown };
    if (settings.allowPrivate === true && !actor.admin) {
      throw new GoldenHourError('forbidden', "Only an administrator of the team server may capture private or loopback addresses: they reach the server's own network");
    }
  }
}
export type { Actor } from '../team/team-types.js';
