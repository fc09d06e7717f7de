import { describe, expect, it } from 'vitest';
import { displayProblem } from '../../../src/browse/display.js';

describe('whether the case browser can open a window here', () => {
  it.each([
    ['linux', { DISPLAY: ':0' }, false],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, false],
    ['linux', {}, true],
    ['linux', { DISPLAY: '' }, true],
    ['freebsd', {}, true],
    ['darwin', {}, false],
    ['win32', {}, false],
  ])('on %s with %o a window cannot open: %s', (platform, env, refused) => {
    expect(displayProblem(env, platform) !== null).toBe(refused);
  });

  it('says why and what to do in words, never a command-line option or an X11 term', () => {
    const message = displayProblem({}, 'linux') ?? '';
    expect(message).toContain('no screen is attached');
    expect(message).toContain('Start Golden Hour from the desktop of this computer');
    expect(message).not.toMatch(/--|DISPLAY|X server|xvfb/i);
  });
});
