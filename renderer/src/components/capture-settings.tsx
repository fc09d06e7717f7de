import { ALLOW_PRIVATE_LABEL } from '../plain-message';

/** What a capture run may be told from the screen: every option the CLI has, in words. */
export interface CaptureSettingsValue {
  proxy: string;
  allowPrivate: boolean;
  timeoutSeconds: string;
  scrollMaxHeightPx: string;
  scrollMaxSeconds: string;
  mediaMaxCount: string;
  expandMaxClicks: string;
  recordVideo: boolean;
  /** Recent posts of each profile page to capture too (empty: none). */
  followPosts: string;
}

export const DEFAULT_CAPTURE_SETTINGS: CaptureSettingsValue = {
  proxy: '', allowPrivate: false, timeoutSeconds: '', scrollMaxHeightPx: '', scrollMaxSeconds: '', mediaMaxCount: '', expandMaxClicks: '', recordVideo: false, followPosts: '',
};

const positive = (text: string) => (text.trim() !== '' && Number(text) > 0 ? Number(text) : undefined);

/** The settings as the capture operation takes them (empty fields keep the defaults). */
export function captureRunSettings(value: CaptureSettingsValue) {
  const mediaMaxCount = value.mediaMaxCount.trim() !== '' && Number(value.mediaMaxCount) >= 0 ? Math.floor(Number(value.mediaMaxCount)) : undefined;
  const scrollMaxHeightPx = positive(value.scrollMaxHeightPx);
  const expandMaxClicks = value.expandMaxClicks.trim() !== '' && Number(value.expandMaxClicks) >= 0 ? Math.floor(Number(value.expandMaxClicks)) : undefined;
  return {
    proxy: value.proxy.trim() || null,
    allowPrivate: value.allowPrivate,
    timeoutSeconds: positive(value.timeoutSeconds),
    // Checked by the capture itself (a whole number from 1 to 100), which says so in words.
    followPosts: value.followPosts.trim() === '' ? undefined : Number(value.followPosts),
    limits: { scrollMaxHeightPx: scrollMaxHeightPx === undefined ? undefined : Math.floor(scrollMaxHeightPx), scrollMaxSeconds: positive(value.scrollMaxSeconds), mediaMaxCount, expandMaxClicks, recordVideo: value.recordVideo || undefined },
  };
}

/** The capture settings on the capture screen: proxy and private addresses in view, limits folded. */
export function CaptureSettings({ value, onChange }: { value: CaptureSettingsValue; onChange: (value: CaptureSettingsValue) => void }) {
  const set = (patch: Partial<CaptureSettingsValue>) => onChange({ ...value, ...patch });
  return (
    <>
      <div className="row">
        <label className="grow">Proxy (optional: http://, https:// or socks5:// address all capture traffic goes through)
          <input value={value.proxy} onChange={(e) => set({ proxy: e.target.value })} placeholder="socks5://127.0.0.1:9050" />
        </label>
        <label className="check"><input type="checkbox" checked={value.allowPrivate} onChange={(e) => set({ allowPrivate: e.target.checked })} />{ALLOW_PRIVATE_LABEL}</label>
        <label>Also capture the recent posts of each profile page (how many; empty: none)
          <input type="number" min="1" max="100" value={value.followPosts} onChange={(e) => set({ followPosts: e.target.value })} placeholder="none" data-testid="follow-posts" />
        </label>
        <label className="check"><input type="checkbox" checked={value.recordVideo} onChange={(e) => set({ recordVideo: e.target.checked })} />Keep a screen recording of each page (a WebM of what the browser showed)</label>
      </div>
      <details className="capture-limits">
        <summary>Limits (time per page, scrolling, comment threads, media)</summary>
        <div className="row">
          <label>Seconds to wait for a page<input type="number" min="1" max="600" value={value.timeoutSeconds} onChange={(e) => set({ timeoutSeconds: e.target.value })} placeholder="30" /></label>
          <label>Scroll at most (pixels)<input type="number" min="1" value={value.scrollMaxHeightPx} onChange={(e) => set({ scrollMaxHeightPx: e.target.value })} placeholder="15000" /></label>
          <label>Scroll at most (seconds)<input type="number" min="1" max="600" value={value.scrollMaxSeconds} onChange={(e) => set({ scrollMaxSeconds: e.target.value })} placeholder="15" /></label>
          <label>Clicks to open comment threads per page (0: none)<input type="number" min="0" max="1000" value={value.expandMaxClicks} onChange={(e) => set({ expandMaxClicks: e.target.value })} placeholder="40" /></label>
          <label>Media files per page at most<input type="number" min="0" value={value.mediaMaxCount} onChange={(e) => set({ mediaMaxCount: e.target.value })} placeholder="30" /></label>
        </div>
      </details>
    </>
  );
}
