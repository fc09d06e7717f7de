import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** A fresh browser context with its one blank page, made before the URL it will capture is known. */
export interface ReadyPage {
  context: BrowserContext;
  page: Page;
}

/**
 * A run worker's next context and page, made while its current page is captured (`prepare()`): starting a
 * context and its renderer costs about half a second of the browser's time, which otherwise
 * comes before every page load. Each page still gets a context of its own (nothing is shared
 * between captures: cookies, storage, cache) and nothing is loaded in it before its turn, so
 * per-host spacing is untouched. A page made in a browser that has since died is made again.
 */
export class ReadyPages {
  private next: Promise<ReadyPage> | null = null;
  private closed = false;

  constructor(private readonly browser: () => Promise<Browser>, private readonly options: BrowserContextOptions) {}

  /** A context and page for the caller to use and close: the one made ahead, or a new one. */
  async take(): Promise<ReadyPage> {
    const made = this.next;
    this.next = null;
    if (!made) return this.make();
    const ready = await made.catch(() => null);
    if (ready && ready.context.browser()?.isConnected() !== false && !ready.page.isClosed()) return ready;
    if (ready) void ready.context.close().catch(() => undefined);
    return this.make();
  }

  /**
   * Starts making the next context and page, unless one is made already. Called once the
   * current page has loaded and settled, so the two do not compete for the browser while it
   * sets the current one up and loads it.
   */
  prepare(): void {
    if (this.next || this.closed) return;
    this.next = this.make();
    // Awaited by the next take() or close(); a failure is handled there (the page is made again).
    this.next.catch(() => undefined);
  }

  /** Closes the context made ahead, if any (at the worker's end). */
  async close(): Promise<void> {
    this.closed = true;
    const made = this.next;
    this.next = null;
    const ready = await made?.catch(() => null);
    await ready?.context.close().catch(() => undefined);
  }

  private async make(): Promise<ReadyPage> {
    const context = await (await this.browser()).newContext(this.options);
    try {
      return { context, page: await context.newPage() };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }
}
