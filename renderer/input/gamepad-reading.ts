/** Reading the Gamepad API into plain data (the decision step and the calibration screen never touch live objects). */
import type { PadReading } from './gamepad-decision';

/** One pad as the calibration screen shows it. */
export interface PadSnapshot extends PadReading {
  index: number;
  id: string;
  mapping: string;
  /** Analog button values (triggers), 0..1. */
  values: readonly number[];
}

/** The minimal shape of a Gamepad this module reads (the browser's, or a scripted one in tests). */
export interface GamepadLike {
  index: number;
  id: string;
  mapping: string;
  connected: boolean;
  axes: readonly number[];
  buttons: readonly { pressed: boolean; value: number }[];
}

/** The first connected pad (a desk has one; the calibration screen names the one in use). */
export function readFirstPad(pads: ReadonlyArray<GamepadLike | null> | undefined): PadSnapshot | undefined {
  for (const pad of pads ?? []) {
    if (!pad?.connected) continue;
    return {
      index: pad.index,
      id: pad.id,
      mapping: pad.mapping,
      connected: true,
      axes: Array.from(pad.axes),
      pressed: Array.from(pad.buttons, (b) => b.pressed),
      values: Array.from(pad.buttons, (b) => b.value),
    };
  }
  return undefined;
}
