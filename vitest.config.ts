import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // The unit tests, the bad-input corpus and the fuzzing among them, run under a memory cap: a bomb that got
      // past a limit fails the run instead of passing on a big machine.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000, execArgv: ['--max-old-space-size=1536'] } },
      // e2e tests drive Debian tools (LibreOffice, poppler, qpdf); run them one file at a time.
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
