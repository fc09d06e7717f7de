import { TriageService } from './items/triage-service.js';
import { existsSync, mkdirSync } from 'node:fs';
import { tightenDataDir } from './config/data-permissions.js';
import { userInfo } from 'node:os';
import { BrowseSessions } from './browse/browse-sessions.js';
import { CaseService } from './cases/case-service.js';
import { CaptureService, type BrowserLauncher } from './capture/capture-service.js';
import { dataLayout } from './config/data-dir.js';
import { fileProxyPasswords, type ProxyPasswords } from './config/proxy-passwords.js';
import { AnchorService } from './custody/anchor-service.js';
import { requestTimestamp } from './bundle/format/tsa-client.js';
import { IngestService, type ItemAnalyser } from './ingest/ingest-service.js';
import { ProofModeImporter } from './ingest/proofmode-import.js';
import { PushReceiver } from './team/push-receiver.js';
import { MediaAnalyser } from './media/media-analyser.js';
import { SummaryCache } from './review/summary-cache.js';
import type { CaptureQueueRepository, CaseRepository, CustodyLedger, ItemRepository, ReviewRepository, Store, WatchRepository } from './store/repositories.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { autoCommitRepositories } from './store/unit-scope.js';
import { operatorNameProblem } from './domain/operator.js';
import { systemClock, type Clock } from './util/clock.js';
import { GoldenHourError } from './util/errors.js';
import { Vault } from './vault/vault.js';
import { startWatchScheduler, type WatchScheduler } from './watch/watch-scheduler.js';
import { WatchService } from './watch/watch-service.js';
import { AccountService, type LoginPolicy } from './team/account-service.js';
import { CaptureJobService, type CaptureJobPolicy } from './capture/capture-jobs.js';
import { OfflineMapService } from './map/offline-map-service.js';

/**
 * Everything the doors (CLI, HTTP server, Electron IPC) need, wired to one data directory: the
 * composition root. Every service is built here and handed only what it uses.
 */
export interface Core {
  dataDir: string;
  layout: ReturnType<typeof dataLayout>;
  /** The case database: units of work (`withTransaction`) over SQLite or PostgreSQL. */
  store: Store;
  vault: Vault;
  clock: Clock;
  /** Repositories whose every call is its own unit of work (see `autoCommitRepositories`). */
  cases: CaseRepository;
  items: ItemRepository;
  ledger: CustodyLedger;
  captureQueue: CaptureQueueRepository;
  review: ReviewRepository;
  /** Watched addresses and their runs (re-captures and verdicts). */
  watches: WatchRepository;
  ingest: IngestService;
  /** Receives cases captured offline into team cases (`goldenhour push`). */
  pushes: PushReceiver;
  /** Triage of items: status, assignee (case members only on a team server) and comments. */
  triage: TriageService;
  /** Changing, closing (which stops the case's watches) and reopening cases. */
  caseChanges: CaseService;
  /** What opening the data folder changed and the user should hear about (permissions tightened). */
  notes: string[];
  /** Anchors ledger heads with the configured time-stamping authorities. */
  anchors: AnchorService;
  capture: CaptureService;
  /** The evidence grid's rows per case, kept current from the ledger. */
  summaries: SummaryCache;
  /** The cases' own browsers open in this app. */
  browse: BrowseSessions;
  /** Re-captures of watched addresses, sharing the capture service. */
  watch: WatchService;
  /** Accounts, sessions and case roles of a team server (empty on a single-user data folder). */
  accounts: AccountService;
  /** A team server's capture workers and the jobs they take (unused on a single-user data folder). */
  captureJobs: CaptureJobService;
  /** Watches' proxy passwords, kept on this machine and never in the case database. */
  proxyPasswords: ProxyPasswords;
  /** Runs due watches while a long-lived door is open; the door passes its API's `watch.runDue` (so runs reach its windows). */
  startWatching(runDue: (caseId: number) => Promise<unknown>): WatchScheduler;
  /** Reads time, place and previews from stored content (null when not wired in). */
  analyser: ItemAnalyser | null;
  /** The offline base map file the settings name (PMTiles or MBTiles), read for the map's tiles. */
  offlineMap: OfflineMapService;
  /** Who is acting when a request names no operator. */
  defaultOperator: string;
  /** Closes the case browsers, then the database (after the units of work under way). */
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  analyser?: ItemAnalyser | null;
  operator?: string;
  /** Take waiting anchors on a timer (default); a short-lived command turns it off and flushes instead. */
  anchorTimer?: boolean;
  /** The case database; default: the data folder's SQLite file. */
  store?: Store;
  /** How captures get a browser (default: a headless Chromium found on this machine). */
  launchBrowser?: BrowserLauncher;
  /** Sign-in rules of a team server (session length, slow-down and lock after wrong passwords). */
  loginPolicy?: LoginPolicy;
  /** Where watches' proxy passwords are kept on this machine (default: `DATA/keys/proxy-passwords.json`). */
  proxyPasswords?: ProxyPasswords;
  /** How a team server leases capture jobs to its workers. */
  captureJobPolicy?: CaptureJobPolicy;
}

/** Takes waiting anchors every 30 s while a long-lived door runs; returns the stop. */
export function startAnchorTimer(anchors: AnchorService): () => void {
  const timer = setInterval(() => {
    if (anchors.enabled()) void anchors.anchorPending().catch(() => undefined);
  }, 30_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** The operator named by `GOLDENHOUR_OPERATOR`, else the signed-in user of this machine. */
export function defaultOperator(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOLDENHOUR_OPERATOR) {
    const name = env.GOLDENHOUR_OPERATOR.trim();
    const problem = operatorNameProblem(name);
    if (problem) throw new GoldenHourError('invalid-input', `GOLDENHOUR_OPERATOR cannot name an operator: ${problem} (received ${JSON.stringify(name.slice(0, 200))})`);
    return name;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Opens the case database and vault in a data directory (creating them on first use). */
export function openCore(options: CoreOptions): Core {
  const layout = dataLayout(options.dataDir);
  const existed = existsSync(layout.root);
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? systemClock;
  const store = options.store ?? SqliteStore.open(layout.database, clock);
  // Data at rest is owner-only; a folder left readable by an older version is tightened, and said so.
  const permissionNotes = tightenDataDir(layout);
  const vault = new Vault(layout.vault);
  const { cases, items, ledger, captureQueue, review, watches } = autoCommitRepositories(store);
  // The media analyser is the default; `analyser: null` means none (tests of ingest alone).
  const analyser = options.analyser === undefined ? new MediaAnalyser(vault) : options.analyser;
  const ingest = new IngestService(vault, cases, items, analyser, layout.analysisAttempts, layout.root, new ProofModeImporter(vault, items, analyser));
  const pushes = new PushReceiver({ vault, store, ledger });
  const capture = new CaptureService({ store, vault, cases, items, captureQueue, analyser, clock, layout: { captureRuns: layout.captureRuns } }, options.launchBrowser);
  const browse = new BrowseSessions({ cases, ledger, capture, clock, profilesDir: layout.profiles });
  const proxyPasswords = options.proxyPasswords ?? fileProxyPasswords(layout.keys);
  const watch = new WatchService({ store, proxyPasswords, watches, items, cases, vault, clock, capture });
  void vault.removeLeftovers().catch(() => undefined);
  const operator = options.operator ?? defaultOperator();
  const anchors = new AnchorService({ dataDir: layout.root, ledger, cases, clock, requestTimestamp, operator });
  // A long-lived core (the app, browser mode) takes waiting anchors on a timer; a command takes
  // its own before it exits (see the CLI's withApi).
  const stopAnchorTimer = options.anchorTimer === false ? null : startAnchorTimer(anchors);
  const offlineMap = new OfflineMapService(layout.root);
  return {
    dataDir: layout.root,
    layout,
    store,
    vault,
    clock,
    cases,
    items,
    ledger,
    captureQueue,
    review,
    watches,
    ingest,
    pushes,
    caseChanges: new CaseService({ store, clock }),
    triage: new TriageService(store),
    anchors,
    capture,
    summaries: new SummaryCache(store),
    browse,
    watch,
    accounts: new AccountService(store, clock, options.loginPolicy),
    captureJobs: new CaptureJobService({ store, vault, clock, cases, items, analyser }, options.captureJobPolicy),
    proxyPasswords,
    startWatching: (runDue) => startWatchScheduler({ cases, watches, clock, runDue }),
    analyser,
    offlineMap,
    defaultOperator: operator,
    notes: existed ? permissionNotes : [],
    close: async () => {
      stopAnchorTimer?.();
      await browse.closeAll();
      await offlineMap.close();
      await store.close();
      // ExifTool's process, when a file needed it; it ends on its own once told to.
      if (analyser instanceof MediaAnalyser) void analyser.close().catch(() => undefined);
    },
  };
}
