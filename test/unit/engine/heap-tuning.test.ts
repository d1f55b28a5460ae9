/** The engine process's V8 setting is applied on the runtimes that have it, and not tried on older ones. */
import { describe, expect, it } from 'vitest';
import { tuneEngineHeap } from '../../../main/engine/heap-tuning';

describe('tuneEngineHeap', () => {
  it('applies the setting on this runtime (Node 24, V8 13)', () => {
    expect(tuneEngineHeap()).toBe(true);
  });

  it('leaves an older V8 alone (it does not know the flag)', () => {
    expect(tuneEngineHeap('12.4.254.21-node.33')).toBe(false);
  });
});
