/**
 * The engine process's V8 setting: asked for on the V8s that have the flag and need it, left alone when given at
 * start, and what it is for — buffers that die at once beside a kept heap no longer start a full collection every
 * few tens of MB.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { flagGivenAtStart, needsHeapTuning } from '../../../main/engine/heap-tuning';

const CHURN = fileURLToPath(new URL('../../support/buffer-churn-main.ts', import.meta.url));

/** Full collections of the churn process. The heap limit is fixed: V8's hard limit on external memory (half of it)
 * forces collections of its own, and by default the limit follows the machine's memory. */
async function fullCollections(mode: 'tuned' | 'default'): Promise<number> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=2048', '--import', 'tsx', CHURN, mode], { timeout: 60_000, env });
  return (JSON.parse(stdout) as { majors: number }).majors;
}

describe('the engine heap setting', () => {
  it.each([
    ['12.4.254.21-node.33', false], // Node 22: left alone
    ['13.6.233.17-node.53', true], // Node 24
    ['14.2.231.14-electron.0', true], // Electron 45
    ['14.7.1', true],
    ['14.8.0', false], // the default from here, and the flag is gone
    ['15.0.1', false],
    ['', false],
  ])('V8 %s needs it: %s', (version, needed) => {
    expect(needsHeapTuning(version)).toBe(needed);
  });

  it('leaves the flag alone when the process was started with it, either way', () => {
    expect(flagGivenAtStart(['--no-external-memory-accounted-in-global-limit'])).toBe(true);
    expect(flagGivenAtStart([], '--max-old-space-size=4096 --external-memory-accounted-in-global-limit')).toBe(true);
    expect(flagGivenAtStart(['--import', 'tsx'], '--max-old-space-size=4096')).toBe(false);
  });

  it.skipIf(!needsHeapTuning(process.versions.v8))('cuts the full collections that dying buffers start beside a kept heap to a quarter or fewer', async () => {
    const [plain, tuned] = [await fullCollections('default'), await fullCollections('tuned')];
    expect(plain).toBeGreaterThanOrEqual(4);
    expect(tuned).toBeLessThanOrEqual(plain / 4);
  }, 120_000);
});
