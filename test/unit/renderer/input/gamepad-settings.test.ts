/** Gamepad calibration storage: each invalid field falls back alone, storage failures never throw. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAMEPAD_SETTINGS, loadGamepadSettings, parseGamepadSettings, saveGamepadSettings } from '../../../../renderer/input/gamepad-settings';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('gamepad settings', () => {
  it('keeps valid fields and replaces invalid ones one by one', () => {
    const parsed = parseGamepadSettings({ axis: 3, invert: false, deadManButton: -1, deadband: 0.9 });
    expect(parsed).toEqual({ axis: 3, invert: false, deadManButton: DEFAULT_GAMEPAD_SETTINGS.deadManButton, deadband: DEFAULT_GAMEPAD_SETTINGS.deadband });
    expect(parseGamepadSettings('garbage')).toEqual(DEFAULT_GAMEPAD_SETTINGS);
    expect(parseGamepadSettings({ axis: 1.5 })).toEqual(DEFAULT_GAMEPAD_SETTINGS);
    // A workstation saved before the staleness limit was dropped loads as before, without it.
    expect(parseGamepadSettings({ axis: 2, staleMs: 500 })).toEqual({ ...DEFAULT_GAMEPAD_SETTINGS, axis: 2 });
  });

  it('round-trips through storage; corrupt or missing storage gives the defaults', () => {
    const storage = memoryStorage();
    const mine = { axis: 2, invert: false, deadManButton: 7, deadband: 0.2 };
    expect(saveGamepadSettings(mine, storage)).toBe(true);
    expect(loadGamepadSettings(storage)).toEqual(mine);
    storage.setItem('rec-gamepad', '{not json');
    expect(loadGamepadSettings(storage)).toEqual(DEFAULT_GAMEPAD_SETTINGS);
    expect(loadGamepadSettings(undefined)).toEqual(DEFAULT_GAMEPAD_SETTINGS);
    const full = { ...storage, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(saveGamepadSettings(mine, full)).toBe(false);
  });
});
