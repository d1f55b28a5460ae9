/**
 * The gamepad calibration of this workstation (the stick and its wear belong to the desk, not the site): which axis
 * jogs, whether it is inverted, the dead-man button and the stick's own deadband. Kept in localStorage; anything
 * unreadable falls back to the defaults field by field, never to a half-valid setting (an old `staleMs` is ignored).
 */

/** One workstation's gamepad settings. */
export interface GamepadSettings {
  /** Index in `Gamepad.axes` that jogs (standard mapping: 1 = left stick vertical). */
  axis: number;
  /** Pushing the stick forward gives a negative value on most pads: invert so forward raises. */
  invert: boolean;
  /** Index in `Gamepad.buttons` that must be held for any motion (standard mapping: 5 = right shoulder). */
  deadManButton: number;
  /** The stick's rest noise; the equipment type's deadband applies when it is larger. */
  deadband: number;
}

/** What a new workstation starts with. */
export const DEFAULT_GAMEPAD_SETTINGS: GamepadSettings = { axis: 1, invert: true, deadManButton: 5, deadband: 0.08 };

/** Bounds the calibration screen and the loader enforce. */
export const SETTING_LIMITS = { maxIndex: 31, deadband: [0, 0.5] } as const;

const STORAGE_KEY = 'rec-gamepad';

function index(value: unknown, fallback: number): number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= SETTING_LIMITS.maxIndex ? (value as number) : fallback;
}

function inRange(value: unknown, [lo, hi]: readonly [number, number], fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= lo && value <= hi ? value : fallback;
}

/** Settings from anything (stored JSON, a form): each valid field kept, each invalid one replaced by its default. */
export function parseGamepadSettings(input: unknown): GamepadSettings {
  const d = DEFAULT_GAMEPAD_SETTINGS;
  const o = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  return {
    axis: index(o.axis, d.axis),
    invert: typeof o.invert === 'boolean' ? o.invert : d.invert,
    deadManButton: index(o.deadManButton, d.deadManButton),
    deadband: inRange(o.deadband, SETTING_LIMITS.deadband, d.deadband),
  };
}

/** The saved settings (defaults when none, or storage is off). */
export function loadGamepadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): GamepadSettings {
  try {
    const text = storage?.getItem(STORAGE_KEY);
    return parseGamepadSettings(text ? JSON.parse(text) : {});
  } catch {
    return { ...DEFAULT_GAMEPAD_SETTINGS };
  }
}

/** Saves the settings; false when storage refused (they then last for this page only). */
export function saveGamepadSettings(settings: GamepadSettings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): boolean {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(parseGamepadSettings(settings)));
    return storage !== undefined;
  } catch {
    return false;
  }
}
