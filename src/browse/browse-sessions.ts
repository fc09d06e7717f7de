import { BrowseSession, type BrowseDeps, type BrowseOptions } from './browse-session.js';

/** The state of a case's browser, as the doors show it. */
export interface BrowseState {
  open: boolean;
  caseId: number;
  currentUrl: string | null;
  autoCapture: boolean;
  visits: BrowseSession['visits'][number][];
}

/** The case browsers open in one running app: at most one per case, shared by every door. Built in `openCore`. */
export class BrowseSessions {
  private readonly sessions = new Map<number, BrowseSession>();

  constructor(private readonly deps: BrowseDeps) {}

  /** Opens the case's browser unless it is open already. */
  async open(caseId: number, options: BrowseOptions): Promise<BrowseState> {
    await this.deps.cases.get(caseId);
    if (!this.sessions.has(caseId)) this.sessions.set(caseId, await BrowseSession.open(this.deps, caseId, options));
    return this.state(caseId);
  }

  /** The open browser of a case, or undefined. */
  get(caseId: number): BrowseSession | undefined {
    return this.sessions.get(caseId);
  }

  state(caseId: number): BrowseState {
    const session = this.sessions.get(caseId);
    return { open: Boolean(session), caseId, currentUrl: session?.currentUrl() ?? null, autoCapture: session?.auto ?? false, visits: session ? [...session.visits] : [] };
  }

  async close(caseId: number): Promise<BrowseState> {
    await this.sessions.get(caseId)?.close();
    this.sessions.delete(caseId);
    return this.state(caseId);
  }

  /** Closes every case browser (their profiles stay). */
  async closeAll(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((session) => session.close()));
  }
}
