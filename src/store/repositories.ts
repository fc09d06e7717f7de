import type { CaseChanges, CaseFieldChange, NewCase } from '../cases/case-repository.js';
import type { FollowedFrom, QueueEntry, QueueState } from '../capture/capture-queue.js';
import type { CustodyAction, CustodyEntry } from '../custody/chain.js';
import type { CustodyEvent, LedgerHead } from '../custody/ledger.js';
import type { Case } from '../domain/case.js';
import type { Item, ItemComment } from '../domain/item.js';
import type { BlobRecord, ItemPatch, ItemQuery, NewItem, StoredBlobColumns, StoredItemColumns, TriageChange } from '../items/item-repository.js';
import type { ReceivedComment } from '../items/comment-repository.js';
import type { ItemSearchText, SummaryRow } from '../review/review-repository.js';
import type { NewWatch, NewWatchRun } from '../watch/watch-repository.js';
import type { Watch, WatchRun } from '../watch/watch-types.js';
import type { Account, AccountLogin, CaseMember, CaseRole } from '../team/team-types.js';
import type { CaptureWorker, ClaimedJob } from '../capture/capture-job-repository.js';

/*
 * The persistence seam. Every read and write of cases, items, the custody ledger, the capture
 * queue and the review caches goes through these interfaces; SQL lives only in their
 * implementations. Every method is asynchronous, so SQLite (better-sqlite3, one process) and
 * PostgreSQL (a server shared by a team) serve the same callers. A change and the custody entry
 * recording it always land in one transaction: the repositories that write append the entry
 * themselves, inside the unit of work they were given.
 */

/** Cases; creating one opens its custody ledger. */
export interface CaseRepository {
  /** Creates a case and its `case created` custody entry. */
  create(input: NewCase, operator: string): Promise<Case>;
  /**
   * Changes a case's fields; each field that changes gets its own `case updated` entry (old and new
   * value). Returns the case and what changed (nothing, and no entry, when every value was already so).
   */
  update(id: number, changes: CaseChanges, operator: string): Promise<{ case: Case; changes: CaseFieldChange[] }>;
  /** Closes a case (`case closed`): read-only until reopened; a `conflict` if already closed. */
  close(id: number, reason: string, operator: string): Promise<Case>;
  /** Reopens a closed case (`case reopened`); a `conflict` if it is open. */
  reopen(id: number, reason: string, operator: string): Promise<Case>;
  /** A case by id, or a `not-found` error naming the id. */
  get(id: number): Promise<Case>;
  /** Every case, newest first. */
  list(): Promise<Case[]>;
}

/** Items: never deleted; every insert and change is recorded in the ledger with the item's covered state. */
export interface ItemRepository {
  /** Records a new item (its blobs and artifacts) and its custody entry. */
  insert(input: NewItem, operator: string, details?: Record<string, unknown>, action?: CustodyAction): Promise<Item>;
  /**
   * Records many new items as `insert` one by one would (the same rows, one custody entry each
   * with its covered state, in input order), in a few statements per 500 items rather than
   * several round trips per item: for bulk loads on a server across a network.
   */
  insertMany(inputs: NewItem[], operator: string, details?: Record<string, unknown>, action?: CustodyAction): Promise<Item[]>;
  /** Changes an item and records the change with the new covered state. */
  update(itemId: number, patch: ItemPatch, operator: string, action: CustodyAction, details?: Record<string, unknown>): Promise<Item>;
  /**
   * Changes an item's triage (status, assignee or both) with an `item triaged` entry naming what
   * it was and what it became; `changed: false`, and no entry, when it already was so.
   */
  setTriage(itemId: number, change: TriageChange, operator: string): Promise<{ item: Item; changed: boolean }>;
  /** Withdraws an item: it stays, with who withdrew it, when and why. */
  withdraw(itemId: number, reason: string, operator: string): Promise<Item>;
  /** An item by id, or a `not-found` error. */
  get(itemId: number): Promise<Item>;
  /** The items of a case, by id. */
  list(caseId: number, query?: ItemQuery): Promise<Item[]>;
  /** Every item id of a case, withdrawn or not, without reading the rows (custody checks read each alone). */
  ids(caseId: number): Promise<number[]>;
  /**
   * The items of a case, withdrawn or not, whose event time may rest on a camera-local clock read
   * in the case's zone (or left unplaced for want of one): what a change of zone reads again.
   */
  withLocalTimes(caseId: number): Promise<Item[]>;
  /** The first item of the case holding this content, from whatever source (an import of the same file from elsewhere). */
  findByContent(caseId: number, sha256: string): Promise<Item | null>;
  /** The item already recorded for this source path and content, if any (resumable ingest). */
  findBySource(caseId: number, sourcePath: string, sha256: string): Promise<Item | null>;
  /**
   * Records an imported file unless the case already holds an item with the same source path and
   * content: the look and the insert hold the case's row, so two imports of the same file at once
   * (two processes, two windows) add it once. `created: false` returns the item already there.
   */
  insertFromSource(input: NewItem & { sourcePath: string }, operator: string, details?: Record<string, unknown>): Promise<{ item: Item; created: boolean }>;
  /**
   * The columns kept beside the covered JSON for indexes and queries (event time, place) and the
   * blob rows a case's files point to: verification recomputes them from the covered state.
   */
  storedColumns(caseId: number): Promise<{ items: StoredItemColumns[]; blobs: StoredBlobColumns[] }>;
  /** Every content hash that an item or artifact, in any case, names. */
  namedBlobs(): Promise<Set<string>>;
}

/** Comments on items: kept as written (never edited or removed), each recorded in the ledger. */
export interface CommentRepository {
  /**
   * Adds a comment (its text trimmed, not empty) and its `item commented` entry; a `not-found`
   * error for no such item. A comment `received` from elsewhere keeps the time it was written
   * there, and its entry names who brought it.
   */
  add(itemId: number, body: string, author: string, received?: ReceivedComment): Promise<ItemComment>;
  /** An item's comments, oldest first. */
  list(itemId: number): Promise<ItemComment[]>;
  /** Every comment on the items of a case, oldest first (bundles, verification). */
  listForCase(caseId: number): Promise<ItemComment[]>;
}

/** The custody ledger: append-only and hash-chained per case. */
export interface CustodyLedger {
  /**
   * Appends an entry after the case's head and moves the head. Two units of work appending to
   * one case (in this process or another, on one machine or many) never take the same place.
   */
  append(event: CustodyEvent): Promise<CustodyEntry>;
  /**
   * Appends entries in order, as `append` one by one would (each chained to the one before),
   * in a few statements: each case's head is read locked once and moved once.
   */
  appendMany(events: CustodyEvent[]): Promise<CustodyEntry[]>;
  /** Every entry of a case in sequence order (optionally only those about one item). */
  list(caseId: number, itemId?: number): Promise<CustodyEntry[]>;
  /** Where the case's chain ends, as the case row records it. */
  head(caseId: number): Promise<LedgerHead>;
  /** When an anchor was last asked of this time-stamping authority, in any case (ISO UTC), or null. */
  lastAnchorRequest(tsaUrl: string): Promise<string | null>;
  /** The SHA-256 of every local ledger a push kept in the vault, named by 'push received' entries of any case. */
  pushedLedgers(): Promise<string[]>;
  /** Items named by entries after `seq` (what changed since a cached position). */
  itemsChangedSince(caseId: number, seq: number): Promise<number[]>;
}

/**
 * The capture queue: a URL is queued once per case and ends `captured` (with its item) or
 * `failed`. Claiming takes one `queued` row; rows another claimant holds are passed over.
 */
export interface CaptureQueueRepository {
  /** Queues URLs: one queued or running stays, one captured is reported, one failed is queued again. */
  enqueue(caseId: number, urls: string[], operator: string, followedFrom?: FollowedFrom): Promise<{ queued: QueueEntry[]; alreadyCaptured: QueueEntry[] }>;
  /** Puts a failed (or interrupted) entry back in the queue. */
  requeue(id: number): Promise<QueueEntry>;
  /** Entries a killed run left `running`: back to `queued`. Returns how many. */
  recoverInterrupted(caseId: number): Promise<number>;
  /** Takes the oldest queued entry of a case, marking it running; null when none is left. */
  claimNext(caseId: number): Promise<QueueEntry | null>;
  /** Takes one queued entry by id; null when it is not (or no longer) queued. */
  claim(id: number): Promise<QueueEntry | null>;
  /** Counts another attempt at a running entry (a retry within the same run). */
  countAttempt(id: number): Promise<void>;
  /** Marks an entry captured by an item: in the unit of work that records the item. */
  markCaptured(id: number, itemId: number): Promise<void>;
  markFailed(id: number, error: string): Promise<QueueEntry>;
  get(id: number): Promise<QueueEntry>;
  /** A case's queue, oldest first. */
  list(caseId: number, state?: QueueState): Promise<QueueEntry[]>;
}

/** What the review screens read in bulk: light item rows, search text, stored blobs. */
export interface ReviewRepository {
  /** Summary rows of a case's items (all, or only `ids`), by id. */
  summaryRows(caseId: number, ids?: number[]): Promise<SummaryRow[]>;
  /** The text a search matches besides the summary: notes and post text. */
  searchTexts(caseId: number, ids: number[]): Promise<ItemSearchText[]>;
  /** A stored blob, or null when the database holds no item or artifact with it. */
  blob(sha256: string): Promise<BlobRecord | null>;
}

/** Watches and their runs; each change is written with its custody entries in the same unit of work. */
export interface WatchRepository {
  /** Registers a watch and records `custody` (the schedule) with it, with the watch's covered state (`watchState`). */
  create(watch: NewWatch, custody: (watch: Watch) => CustodyEvent): Promise<Watch>;
  get(id: number): Promise<Watch>;
  /** A case's watches (active first, then stopped), oldest first within each. */
  list(caseId: number): Promise<Watch[]>;
  /** The active watch of an address in a case, if any. */
  findActive(caseId: number, url: string): Promise<Watch | null>;
  /** Sets the first capture of a watch that had none. */
  setFirstItem(id: number, itemId: number): Promise<Watch>;
  /**
   * Takes a due run: moves the next run time from `dueAt` to `provisionalNext` only if no one
   * else did (another process running the same case's watches). False when already taken.
   */
  claimDue(id: number, dueAt: string, provisionalNext: string): Promise<boolean>;
  /**
   * Records a run, moves the watch's next run time, and appends `custody` and the run's own
   * `watch run` entry (its covered state and the watch's), atomically. The version a run names
   * must be an item of the watch's case that no other run names.
   */
  recordRun(run: NewWatchRun, nextRunAt: string, operator: string, custody: CustodyEvent[]): Promise<WatchRun>;
  /** Stops an active watch and records why (custody, with the covered state), atomically; a stopped watch is left as it is. */
  stop(id: number, reason: string, at: string, custody: CustodyEvent): Promise<Watch>;
  /** A watch's runs, oldest first. */
  runs(watchId: number): Promise<WatchRun[]>;
  /** Every watch's versions' item ids of a case (for bundles): watched item id to version item ids, in order. */
  versionsByItem(caseId: number): Promise<Map<number, number[]>>;
}

/**
 * Accounts, sessions and per-case roles of a team server. Times are ISO UTC strings from the
 * caller's clock; session tokens are stored only as their SHA-256.
 */
export interface TeamRepository {
  /** Adds an account; a `conflict` error when the name is taken. */
  addUser(name: string, passwordHash: string, admin: boolean, at: string): Promise<Account>;
  /** Replaces a password, clears a lock and ends the user's sessions. */
  setPassword(userId: number, passwordHash: string): Promise<void>;
  /** An account with what the login checks need, its row locked for the unit of work (attempts queue). */
  userLogin(name: string): Promise<AccountLogin | null>;
  user(name: string): Promise<Account | null>;
  users(): Promise<Account[]>;
  recordLoginFailure(userId: number, failedLogins: number, retryAfter: string | null, lockedUntil: string | null): Promise<void>;
  clearLoginFailures(userId: number): Promise<void>;
  createSession(tokenSha256: string, userId: number, createdAt: string, expiresAt: string): Promise<void>;
  /** The account of a session that has not expired at `now`, or null. */
  sessionAccount(tokenSha256: string, now: string): Promise<Account | null>;
  deleteSession(tokenSha256: string): Promise<void>;
  deleteExpiredSessions(now: string): Promise<number>;
  /** Gives a user a role on a case (replacing the role they had). */
  setMember(caseId: number, userId: number, role: CaseRole, grantedBy: string, at: string): Promise<void>;
  /** A user's role on a case, or null when they are not on it. */
  role(caseId: number, userId: number): Promise<CaseRole | null>;
  memberCaseIds(userId: number): Promise<number[]>;
  members(caseId: number): Promise<CaseMember[]>;
  /** The cases with an item or artifact holding this blob. */
  casesHoldingBlob(sha256: string): Promise<number[]>;
  /** The case an item belongs to, or null when there is no such item. */
  caseOfItem(itemId: number): Promise<number | null>;
}

/**
 * A team server's capture workers and their jobs: each job is a capture queue entry a worker
 * holds under a lease (ISO UTC times from the caller's clock); worker tokens are stored only as
 * their SHA-256. Per-host spacing is kept here too, so it holds across every worker.
 */
export interface CaptureJobRepository {
  /** Adds a worker; a `conflict` error when the name is taken. */
  addWorker(name: string, tokenSha256: string, at: string): Promise<CaptureWorker>;
  workers(): Promise<CaptureWorker[]>;
  /** The worker a token belongs to, or null (a user's session token is never one). */
  workerByToken(tokenSha256: string): Promise<CaptureWorker | null>;
  /** Records that a worker asked for work or renewed a lease. */
  touchWorker(workerId: number, at: string): Promise<void>;
  /** How many workers were seen at or after `since`. */
  workersSeenSince(since: string): Promise<number>;
  /** Makes a queued entry a job for workers, with the settings and the user it was queued with (a job a worker holds is left as it is). */
  addJob(queueId: number, settings: Record<string, unknown>, queuedBy: string): Promise<void>;
  /**
   * Takes the oldest job that is queued, or running under a lease that ran out before `now`,
   * for `workerId` under a new lease; null when none. A job that already had `maxLeases` leases
   * comes back as `lost` untaken (the caller fails it: it stopped that many workers).
   */
  claim(workerId: number, leaseId: string, now: string, leaseExpiresAt: string, maxLeases: number): Promise<ClaimedJob | { lost: ClaimedJob } | null>;
  /** The job if `leaseId` still holds it (its row locked for the unit of work), else null. */
  heldJob(queueId: number, leaseId: string): Promise<ClaimedJob | null>;
  /** Moves a held lease's end; false when the lease is no longer held. */
  renewLease(queueId: number, leaseId: string, leaseExpiresAt: string): Promise<boolean>;
  /** Ends a job's lease and empties its settings (the entry itself says captured or failed). */
  endJob(queueId: number): Promise<void>;
  /** Reserves the next page-load slot on a host (ms since 1970): at or after `nowMs`, `intervalMs` after the last one reserved. */
  reserveHostSlot(host: string, nowMs: number, intervalMs: number): Promise<number>;
}

/** The repositories of one unit of work (or, from `autoCommitRepositories`, one unit per call). */
export interface Repositories {
  cases: CaseRepository;
  items: ItemRepository;
  comments: CommentRepository;
  ledger: CustodyLedger;
  captureQueue: CaptureQueueRepository;
  review: ReviewRepository;
  watches: WatchRepository;
  team: TeamRepository;
  captureJobs: CaptureJobRepository;
}

/**
 * Runs work in one transaction. The repositories handed to `work` are bound to it and refuse
 * use once it has ended; a unit of work cannot open another (use the repositories it gave).
 */
export interface UnitOfWork {
  /** Read-write: committed when `work` resolves, rolled back when it throws. */
  withTransaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Read-only, from one consistent snapshot. */
  read<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** One backend holding the case database. */
export interface Store extends UnitOfWork {
  readonly backend: 'sqlite' | 'postgres';
  /** Waits for units under way, then closes the connection(s). */
  close(): Promise<void>;
}
