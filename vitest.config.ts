/**
 * Vitest: `unit` (pure logic, fast, in parallel) first, then `integration` (real servers on 127.0.0.1, one file at a
 * time, with nothing else running: its timing figures — link lab accuracy, monitor p50 — must not absorb the unit
 * suite's load).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: real servers and timing-sensitive fault tests run one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
