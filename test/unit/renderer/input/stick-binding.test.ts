/** Which jog the stick drives: the saved choice while it exists, else the type's usual axis, else the first jog. */
import { describe, expect, it } from 'vitest';
import { loadStickChoices, saveStickChoice, stickJog } from '../../../../renderer/input/stick-binding';

describe('stick binding', () => {
  const crane = ['gantryJog', 'trolleyJog', 'hoistJog'];
  it('prefers the saved choice, then the usual axis of the type, then the first jog', () => {
    expect(stickJog('container-crane', crane, 'trolleyJog')).toBe('trolleyJog');
    expect(stickJog('container-crane', crane, 'gone')).toBe('hoistJog');
    expect(stickJog('container-crane', crane, undefined)).toBe('hoistJog');
    expect(stickJog('mystery', ['aJog', 'bJog'], undefined)).toBe('aJog');
    expect(stickJog('container-crane', [], undefined)).toBeUndefined();
  });

  it('remembers choices per equipment and survives junk in storage', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    saveStickChoice('crane-1', 'trolleyJog', storage);
    saveStickChoice('ladle-1', 'tiltJog', storage);
    expect(loadStickChoices(storage)).toEqual({ 'crane-1': 'trolleyJog', 'ladle-1': 'tiltJog' });
    map.set('rec-gamepad-drives', '[1,2]');
    expect(loadStickChoices(storage)).toEqual({});
    map.set('rec-gamepad-drives', '{"a": 3, "b": "x"}');
    expect(loadStickChoices(storage)).toEqual({ b: 'x' });
  });
});
