import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one line naming what is skipped when ../shared or the real MediaServer is absent (a bare clone)
    globalSetup: ['test/support/shared-note.ts'],
    testTimeout: 20000,
    hookTimeout: 20000,
  },
});
