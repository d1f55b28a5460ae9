/**
 * Control this window held and lost is kept with why, until read or taken again: after a take-over the next state
 * names only the new holder, so without this the operator saw a holder that changed and never why.
 */
import { describe, expect, it } from 'vitest';
import type { ControlState } from '../../../shared/contract/requests/control';
import { ControlStore } from '../../../renderer/stores/control-store';

const state = (patch: Partial<ControlState>): ControlState => ({ equipmentId: 'crane', holder: null, deviceOwner: 0, consoleId: 7, ...patch });
const mine = state({ holder: { user: 'op', console: 'here', mine: true } });

describe('control lost here', () => {
  it("keeps the engine's reason through the next holder's state, until read or taken again", () => {
    const store = new ControlStore();
    store.setState(mine);
    store.setState(state({ lost: { code: 'taken-elsewhere', text: 'op2 on Browser console 1A2B took control' } }));
    store.setState(state({ holder: { user: 'op2', console: 'Browser console 1A2B', mine: false } }));
    expect(store.getSnapshot().lostHere.get('crane')).toEqual({ text: 'op2 on Browser console 1A2B took control' });
    store.dismissLost('crane');
    expect(store.getSnapshot().lostHere.has('crane')).toBe(false);
    store.setState(mine);
    store.setState(state({ holder: { user: 'op3', console: 'cab', mine: false } })); // taken with no reason given: the holder says it
    expect(store.getSnapshot().lostHere.get('crane')).toEqual({ holder: { user: 'op3', console: 'cab' } });
    store.setState(mine);
    expect(store.getSnapshot().lostHere.has('crane')).toBe(false);
  });

  it('a release or logout here is no loss: nothing is kept', () => {
    const store = new ControlStore();
    store.setState(mine);
    store.setState(state({}));
    expect(store.getSnapshot().lostHere.size).toBe(0);
  });

  it('a new engine link or a login change forgets it: that is another session', () => {
    const store = new ControlStore();
    store.setState(mine);
    store.setState(state({ holder: { user: 'op2', console: 'cab', mine: false } }));
    store.refresh(undefined); // session.changed: someone logged in or out here
    expect(store.getSnapshot().lostHere.size).toBe(0);
    store.setState(mine);
    store.setState(state({ holder: { user: 'op2', console: 'cab', mine: false } }));
    store.attach(undefined); // the engine link went down
    expect(store.getSnapshot().lostHere.size).toBe(0);
  });
});
