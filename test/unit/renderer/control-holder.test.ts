/** The ownership row's sentence: this session, another session here, another console on the device, or a stale claim. */
import { describe, expect, it } from 'vitest';
import type { ControlState } from '../../../shared/contract/requests/control';
import { holderText } from '../../../renderer/equipment/control/holder';

const state = (over: Partial<ControlState>): ControlState => ({ equipmentId: 'sts-crane-1', holder: null, deviceOwner: 0, consoleId: 311, ...over });

describe('who holds control', () => {
  it('this session, another session of this console, another console, nobody', () => {
    expect(holderText(state({ holder: { user: 'ana', console: 'desk 1', mine: true }, deviceOwner: 311 })).key).toBe('control.holderMine');
    expect(holderText(state({ holder: { user: 'bo', console: 'desk 2', mine: false }, deviceOwner: 311 }))).toEqual({ key: 'control.holderOther', params: { user: 'bo', console: 'desk 2' } });
    expect(holderText(state({ deviceOwner: 7 }))).toEqual({ key: 'control.holderDevice', params: { id: 7 } });
    expect(holderText(state({ deviceOwner: 0 })).key).toBe('control.holderNone');
    expect(holderText(state({ deviceOwner: null })).key).toBe('control.holderNone'); // owner unknown (stale)
    expect(holderText(undefined).key).toBe('control.holderNone');
  });

  it('the device still names this console with nobody here holding it: said, not "nobody" (other consoles see it held)', () => {
    expect(holderText(state({ deviceOwner: 311 })).key).toBe('control.holderStale');
  });
});
