/**
 * The gamepad jog's decisions, one step per animation frame (and at once on focus loss): whether the stick may move
 * the shown equipment, at what speed, and when to let go. Pure: the controller feeds readings in and carries out the
 * returned action. Safety rules:
 * - no motion unless the dead-man button is held;
 * - releasing it, a disconnect, focus or visibility loss, a frozen gamepad (timestamp not advancing), losing the
 *   target, or the jog ending elsewhere (engine stop, refusal, another input) stops at once and *latches*: motion
 *   resumes only after the dead-man has been released and pressed again;
 * - after the dead-man is pressed, the stick must pass through centre before anything moves (no jump start).
 */
import type { GamepadSettings } from './gamepad-settings';
import { shapeAxis, toJogSpeed, type AxisProfile } from './gamepad-shaping';

/** One gamepad as read this frame. */
export interface PadReading {
  connected: boolean;
  /** Which pad this is (`Gamepad.index`, `Gamepad.id`): another pad taking over is a disconnect of this one. */
  index?: number;
  id?: string;
  /** `Gamepad.timestamp`: advances whenever the pad reports new data. */
  timestamp: number;
  axes: readonly number[];
  pressed: readonly boolean[];
}

/** The jog the stick drives now (undefined: nothing shown that this user may jog). */
export interface JogTarget {
  equipmentId: string;
  command: string;
  /** Full speed in engineering units (from the jog tag's range). */
  fullSpeed: number;
  /** The engine's current limit in engineering units, when known. */
  limit?: number;
  /** The equipment type's profile. */
  profile: AxisProfile;
}

/** Why motion waits for the dead-man to be released and pressed again. */
export type Latch = 'arm' | 'disconnected' | 'focus' | 'stale' | 'no-target' | 'interrupted';

/** Everything one step needs. */
export interface GamepadInput {
  now: number;
  pad: PadReading | undefined;
  /** Window focused and page visible. */
  focused: boolean;
  settings: GamepadSettings;
  target: JogTarget | undefined;
  /** The jog store's active jog (`equipmentId/command`), whoever started it. */
  activeJog: string | null;
}

/** What the controller remembers between steps. */
export interface GamepadState {
  latch: Latch | null;
  /** Since the dead-man was pressed, the stick has been seen at centre. */
  neutralSeen: boolean;
  /** The jog this controller holds (`equipmentId/command`), or null. */
  holding: string | null;
  speed: number;
  lastTimestamp: number | undefined;
  /** When `lastTimestamp` last changed. */
  timestampSince: number;
  /** The pad read last (index and id), while one is connected. */
  padKey?: string | undefined;
}

/** What to do this step. */
export type GamepadAction = { kind: 'none' } | { kind: 'release' } | { kind: 'hold'; equipmentId: string; command: string; speed: number };

/** What the operator is told. */
export type GamepadStatus =
  | { kind: 'no-gamepad' }
  | { kind: 'idle' }
  | { kind: 'latched'; reason: Latch }
  | { kind: 'centre' }
  | { kind: 'ready' }
  | { kind: 'jogging'; speed: number };

/** The state before the first reading: armed only after the dead-man is seen released. */
export function initialGamepadState(now = 0): GamepadState {
  return { latch: 'arm', neutralSeen: false, holding: null, speed: 0, lastTimestamp: undefined, timestampSince: now };
}

/** The key the jog store uses for a jog. */
export function jogKey(equipmentId: string, command: string): string {
  return `${equipmentId}/${command}`;
}

/** The condition that forbids motion right now, if any (checked while the dead-man is held). */
function faultOf(input: GamepadInput, timestampSince: number): Latch | null {
  if (!input.pad?.connected) return 'disconnected';
  if (!input.focused) return 'focus';
  if (input.now - timestampSince > input.settings.staleMs) return 'stale';
  if (!input.target) return 'no-target';
  return null;
}

/** One step: the next state, the action to carry out, and the status to show. */
export function stepGamepad(prev: GamepadState, input: GamepadInput): { state: GamepadState; action: GamepadAction; status: GamepadStatus } {
  const { pad, settings, target } = input;
  const ticked = pad?.connected === true && pad.timestamp !== prev.lastTimestamp;
  const timestampSince = ticked ? input.now : prev.timestampSince;
  const lastTimestamp = pad?.connected ? pad.timestamp : prev.lastTimestamp;
  const deadMan = pad?.connected === true && pad.pressed[settings.deadManButton] === true;
  const fault = faultOf(input, timestampSince);
  const padKey = pad?.connected ? `${pad.index ?? ''}:${pad.id ?? ''}` : undefined;
  // The pad in use went and another is read now: that is a disconnect, whatever the other one's buttons say.
  const swapped = padKey !== undefined && prev.padKey !== undefined && padKey !== prev.padKey;
  const targetKey = target ? jogKey(target.equipmentId, target.command) : null;

  let latch = prev.latch;
  let neutralSeen = prev.neutralSeen;
  if (!pad?.connected || swapped) latch = 'disconnected';
  else if (!deadMan) {
    if (input.focused) latch = null; // released in view: the next press arms again
    neutralSeen = false;
  } else if (fault) latch ??= fault;
  // Our jog ended by another hand (engine stop, refusal, a button, the stop) or the target changed under it.
  if (prev.holding && (input.activeJog !== prev.holding || targetKey !== prev.holding)) latch ??= 'interrupted';

  let speed = 0;
  if (deadMan && latch === null && target) {
    const command = shapeAxis(pad?.axes[settings.axis] ?? 0, { ...target.profile, deadband: Math.max(target.profile.deadband, settings.deadband) }, settings.invert);
    if (command === 0) neutralSeen = true;
    else if (neutralSeen) speed = toJogSpeed(command, target.fullSpeed, target.limit, target.profile.step);
  }

  let action: GamepadAction = { kind: 'none' };
  let holding = prev.holding;
  if (speed !== 0 && target && targetKey) {
    if (holding !== targetKey || speed !== prev.speed) action = { kind: 'hold', equipmentId: target.equipmentId, command: target.command, speed };
    holding = targetKey;
  } else if (holding) {
    // Release only a jog that is still ours: never end a press someone made with the mouse or keyboard.
    if (input.activeJog === holding) action = { kind: 'release' };
    holding = null;
  }
  const state: GamepadState = { latch, neutralSeen, holding, speed, lastTimestamp, timestampSince, padKey };
  return { state, action, status: statusOf(state, pad, deadMan) };
}

function statusOf(state: GamepadState, pad: PadReading | undefined, deadMan: boolean): GamepadStatus {
  if (!pad?.connected) return { kind: 'no-gamepad' };
  if (state.speed !== 0) return { kind: 'jogging', speed: state.speed };
  if (!deadMan) return { kind: 'idle' };
  if (state.latch) return { kind: 'latched', reason: state.latch };
  return state.neutralSeen ? { kind: 'ready' } : { kind: 'centre' };
}
