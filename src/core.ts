import { existsSync, mkdirSync } from 'node:fs';
import { tightenDataDir } from './config/data-permissions.js';
import { userInfo } from 'node:os';
import { CaseRepository } from './cases/case-repository.js';
import { dataLayout } from './config/data-dir.js';
import { CustodyLedger } from './custody/ledger.js';
import { AnchorService } from './custody/anchor-service.js';
import { requestTimestamp } from './bundle/tsa-client.js';
import { openDatabase, type CaseDatabase } from './db/database.js';
import { IngestService, type ItemAnalyser } from './ingest/ingest-service.js';
import { ItemRepository } from './items/item-repository.js';
import { MediaAnalyser } from './media/media-analyser.js';
import { systemClock, type Clock } from './util/clock.js';
import { Vault } from './vault/vault.js';
import { operatorNameProblem } from './domain/operator.js';
import { GoldenHourError } from './util/errors.js';
import { SqliteWatchRepository, type WatchRepository } from './watch/watch-repository.js';

/** Everything the doors (CLI, HTTP server, Electron IPC) need, wired to one data directory. */
export interface Core {
  dataDir: string;
  layout: ReturnType<typeof dataLayout>;
  db: CaseDatabase;
  vault: Vault;
  clock: Clock;
  ledger: CustodyLedger;
  cases: CaseRepository;
  items: ItemRepository;
  /** Watched addresses and their runs (re-captures and verdicts). */
  watches: WatchRepository;
  ingest: IngestService;
  /** What opening the data folder changed and the user should hear about (permissions tightened). */
  notes: string[];
  /** Anchors ledger heads with the configured time-stamping authorities. */
  anchors: AnchorService;
  /** Reads time, place and previews from stored content (null when not wired in). */
  analyser: ItemAnalyser | null;
  /** Who is acting when a request names no operator. */
  defaultOperator: string;
  close(): void;
}

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  analyser?: ItemAnalyser | null;
  operator?: string;
  /** Take waiting anchors on a timer (default); a short-lived command turns it off and flushes instead. */
  anchorTimer?: boolean;
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
  const db = openDatabase(layout.database);
  // Data at rest is owner-only; a folder left readable by an older version is tightened, and said so.
  const permissionNotes = tightenDataDir(layout);
  const vault = new Vault(layout.vault);
  const ledger = new CustodyLedger(db, clock);
  const cases = new CaseRepository(db, ledger, clock);
  const items = new ItemRepository(db, ledger, clock);
  const watches = new SqliteWatchRepository(db, ledger);
  // The media analyser is the default; `analyser: null` means none (tests of ingest alone).
  const analyser = options.analyser === undefined ? new MediaAnalyser(vault) : options.analyser;
  const ingest = new IngestService(vault, cases, items, analyser, layout.analysisAttempts);
  void vault.removeLeftovers().catch(() => undefined);
  const operator = options.operator ?? defaultOperator();
  const anchors = new AnchorService({ dataDir: layout.root, db, ledger, cases, clock, requestTimestamp, operator });
  // A long-lived core (the app, browser mode) takes waiting anchors on a timer; a command takes
  // its own before it exits (see the CLI's withApi).
  const stopAnchorTimer = options.anchorTimer === false ? null : startAnchorTimer(anchors);
  return {
    dataDir: layout.root,
    layout,
    db,
    vault,
    clock,
    ledger,
    cases,
    items,
    watches,
    ingest,
    anchors,
    analyser,
    defaultOperator: operator,
    notes: existed ? permissionNotes : [],
    close: () => {
      stopAnchorTimer?.();
      db.close();
      // ExifTool's process, when a file needed it; it ends on its own once told to.
      if (analyser instanceof MediaAnalyser) void analyser.close().catch(() => undefined);
    },
  };
}
