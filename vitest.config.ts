import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    // yt-dlp (installed on the test machines) would add a download to every capture of a page
    // with a video; only the tests about it turn it on.
    env: { GOLDENHOUR_YTDLP: 'off' },
  },
});
