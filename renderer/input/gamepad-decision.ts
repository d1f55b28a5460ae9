/**
 * The gamepad jog's decisions, one step per animation frame (and at once on focus loss): whether the stick may move
 * the shown equipment, at what speed, and when to let go. Pure: the controller feeds readings in and carries out the
 * returned action. Safety rules:
 * - no motion unless the dead-man button is held;
 * - releasing it, a disconnect (the pad reports `connected: false`, or is no longer listed by `getGamepads()`, or
 *   another pad is read in its place), focus or visibility loss, losing the target, or the jog ending elsewhere
 *   (engine stop, refusal, another input) stops at once and *latches*: motion resumes only after the dead-man has
 *   been released and pressed again;
 * - after the dead-man is pressed, the stick must pass through centre before anything moves (no jump start).
 * `Gamepad.timestamp` is not a liveness signal: it advances only when the pad's data changes, so a pad held perfectly
 * still (dead-man down, stick at full deflection) keeps it unchanged while connected. Stopping on that within a second
 * would end every steady hold-to-run. But a pad whose driver froze with the dead-man down looks exactly the same, and
 * would jog on until someone used the stop: so a jog whose pad reports nothing new at all (no axis, button or trigger
 * value moving by a single step) for STILL_LIMIT_MS stops and latches ('still'). Real sticks and triggers jitter, so a
 * held pad rarely reaches it; one that does asks for the dead-man once more.
 */
import type { GamepadSettings } from './gamepad-settings';
import { shapeAxis, toJogSpeed, type AxisProfile } from './gamepad-shaping';

/** One gamepad as read this frame. */
export interface PadReading {
  connected: boolean;
  /** Which pad this is (`Gamepad.index`, `Gamepad.id`): another pad taking over is a disconnect of this one. */
  index?: number;
  id?: string;
  axes: readonly number[];
  pressed: readonly boolean[];
  /** Analog button values (triggers), when read: they too show a pad alive. */
  values?: readonly number[];
}

/** How long a jog goes on while its pad reports nothing new (see above). */
export const STILL_LIMIT_MS = 10_000;
/** For this long before that stop, the operator is told to move the stick a little (a held pad jogs on then). */
export const STILL_WARNING_MS = 4_000;

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
export type Latch = 'arm' | 'disconnected' | 'focus' | 'still' | 'no-target' | 'interrupted';

/** Everything one step needs. */
export interface GamepadInput {
  /** A monotonic clock (ms). */
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
  /** The pad read last (index and id), while one is connected. */
  padKey?: string | undefined;
  /** What the pad reported last (axes, buttons, triggers), and since when (`now`) it has reported just that. */
  padData?: string | undefined;
  padDataSince?: number;
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
  | { kind: 'jogging'; speed: number; /** Whole seconds until a pad reporting nothing new stops the jog. */ stillStopInS?: number };

/** The state before the first reading: armed only after the dead-man is seen released. */
export function initialGamepadState(): GamepadState {
  return { latch: 'arm', neutralSeen: false, holding: null, speed: 0 };
}

/** The key the jog store uses for a jog. */
export function jogKey(equipmentId: string, command: string): string {
  return `${equipmentId}/${command}`;
}

/** Everything the pad reports, as one comparable text. */
function padDataOf(pad: PadReading): string {
  return `${pad.axes.join()}|${pad.pressed.map(Number).join('')}|${pad.values?.join() ?? ''}`;
}

/** The condition that forbids motion right now, if any (checked while the dead-man is held). */
function faultOf(input: GamepadInput, stillMs: number): Latch | null {
  if (!input.pad?.connected) return 'disconnected';
  if (!input.focused) return 'focus';
  if (stillMs >= STILL_LIMIT_MS) return 'still';
  if (!input.target) return 'no-target';
  return null;
}

/** One step: the next state, the action to carry out, and the status to show. */
export function stepGamepad(prev: GamepadState, input: GamepadInput): { state: GamepadState; action: GamepadAction; status: GamepadStatus } {
  const { pad, settings, target } = input;
  const deadMan = pad?.connected === true && pad.pressed[settings.deadManButton] === true;
  // Time the pad has reported exactly the same data, counted only while this controller holds a jog.
  const padData = pad?.connected ? padDataOf(pad) : undefined;
  const padDataSince = prev.holding && padData === prev.padData ? (prev.padDataSince ?? input.now) : input.now;
  const fault = faultOf(input, input.now - padDataSince);
  const padKey = pad?.connected ? `${pad.index ?? ''}:${pad.id ?? ''}` : undefined;
  // The pad in use went and another is read now: that is a disconnect, whatever the other one's buttons say.
  const swapped = padKey !== undefined && prev.padKey !== undefined && padKey !== prev.padKey;
  const targetKey = target ? jogKey(target.equipmentId, target.command) : null;

  let latch = prev.latch;
  let neutralSeen = prev.neutralSeen;
  if (!pad?.connected || swapped) latch = 'disconnected'; // gone, vanished from the list, or replaced
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
  const state: GamepadState = { latch, neutralSeen, holding, speed, padKey, padData, padDataSince };
  return { state, action, status: statusOf(state, pad, deadMan, input.now - padDataSince) };
}

function statusOf(state: GamepadState, pad: PadReading | undefined, deadMan: boolean, stillMs: number): GamepadStatus {
  if (!pad?.connected) return { kind: 'no-gamepad' };
  if (state.speed !== 0) {
    const left = STILL_LIMIT_MS - stillMs;
    return left <= STILL_WARNING_MS ? { kind: 'jogging', speed: state.speed, stillStopInS: Math.max(1, Math.ceil(left / 1000)) } : { kind: 'jogging', speed: state.speed };
  }
  if (!deadMan) return { kind: 'idle' };
  if (state.latch) return { kind: 'latched', reason: state.latch };
  return state.neutralSeen ? { kind: 'ready' } : { kind: 'centre' };
}
