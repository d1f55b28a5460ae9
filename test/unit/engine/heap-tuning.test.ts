/**
 * The engine process's V8 setting: asked for on the V8s that have the flag and need it, and what it is for — buffers
 * that die at once beside a kept heap no longer start a full collection every few tens of MB.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { needsHeapTuning, tuneEngineHeap } from '../../../main/engine/heap-tuning';

const CHURN = fileURLToPath(new URL('../../support/buffer-churn-main.ts', import.meta.url));

async function fullCollections(mode: 'tuned' | 'default'): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHURN, mode], { timeout: 60_000 });
  return (JSON.parse(stdout) as { majors: number }).majors;
}

describe('tuneEngineHeap', () => {
  it.each([
    ['11.3.244.8-node.19', false], // Node 20: no such flag
    ['13.6.233.17-node.53', true], // Node 24
    ['14.2.231.14-electron.0', true], // Electron 45
    ['14.7.1', true],
    ['14.8.0', false], // the default from here, and the flag is gone
    ['15.0.1', false],
  ])('V8 %s needs it: %s', (version, needed) => {
    expect(needsHeapTuning(version)).toBe(needed);
    expect(tuneEngineHeap(version)).toBe(needed);
  });

  it('cuts the full collections that dying buffers start beside a kept heap to a quarter or fewer', async () => {
    const [plain, tuned] = [await fullCollections('default'), await fullCollections('tuned')];
    if (!needsHeapTuning(process.versions.v8)) return expect(tuned).toBeLessThanOrEqual(plain); // this V8 does it already
    expect(plain).toBeGreaterThanOrEqual(4);
    expect(tuned).toBeLessThanOrEqual(plain / 4);
  }, 120_000);
});
