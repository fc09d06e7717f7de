import { describe, expect, it } from 'vitest';
import { findChromium, systemBrowserPaths } from '../../../src/capture/browser-discovery.js';
import { proxySetting } from '../../../src/capture/browser-launch.js';

const machine = (present: string[], env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux') => ({
  env, platform, exists: (path: string) => present.includes(path), playwrightPath: () => '/cache/ms-playwright/chromium/chrome',
});

describe('findChromium', () => {
  it("prefers Playwright's own browser when installed", () => {
    expect(findChromium(machine(['/cache/ms-playwright/chromium/chrome', '/usr/bin/chromium']))).toEqual({ executablePath: '/cache/ms-playwright/chromium/chrome', source: 'playwright' });
  });
  it('falls back to a system Chromium in the usual place', () => {
    expect(findChromium(machine(['/usr/bin/chromium']))).toEqual({ executablePath: '/usr/bin/chromium', source: 'system' });
  });
  it('finds Chrome on macOS and Edge on Windows', () => {
    expect(findChromium(machine(['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'], {}, 'darwin')).source).toBe('system');
    const edge = systemBrowserPaths('win32', { PROGRAMFILES: 'C:\\Program Files' }).find((p) => p.endsWith('msedge.exe'))!;
    expect(findChromium(machine([edge], { PROGRAMFILES: 'C:\\Program Files' }, 'win32')).executablePath).toBe(edge);
  });
  it('uses GOLDENHOUR_CHROMIUM when nothing else is there', () => {
    expect(findChromium(machine(['/opt/chrome'], { GOLDENHOUR_CHROMIUM: '/opt/chrome' }))).toEqual({ executablePath: '/opt/chrome', source: 'GOLDENHOUR_CHROMIUM' });
  });
  it('names all three ways when no browser is found', () => {
    expect(() => findChromium(machine([], { GOLDENHOUR_CHROMIUM: '/missing' }))).toThrow(/playwright install chromium.*Chrome, Chromium or Microsoft Edge.*GOLDENHOUR_CHROMIUM.*"\/missing", which does not exist/s);
  });
});

describe('proxySetting', () => {
  it('passes credentials to the browser but records no password', () => {
    const proxy = proxySetting('socks5://alice:s3cret@10.0.0.1:1080');
    expect(proxy).toMatchObject({ server: 'socks5://10.0.0.1:1080', username: 'alice', password: 's3cret', recorded: 'socks5://alice@10.0.0.1:1080' });
  });
});
