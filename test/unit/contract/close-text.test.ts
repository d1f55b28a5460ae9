/** Why the engine link closed, in words a person can act on (the window's banner shows it), never a bare code. */
import { describe, expect, it } from 'vitest';
import { closeText } from '../../../shared/contract/carriers/websocket-client';

describe('closeText', () => {
  it("gives the engine's own reason when it sent one, else what the close code means", () => {
    expect(closeText(1011, 'engine stopping')).toBe('engine stopping');
    expect(closeText(1006, '')).toBe('the connection to the engine dropped (the engine stopped, or the network between failed)');
    expect(closeText(1001, '')).toBe('the engine is shutting down');
    expect(closeText(0, '')).toBe(closeText(1006, '')); // no code at all: dropped too
    expect(closeText(1011, '')).toBe('the engine failed while serving this window');
    expect(closeText(4321, '')).toBe('the connection to the engine closed (code 4321)');
  });
});
