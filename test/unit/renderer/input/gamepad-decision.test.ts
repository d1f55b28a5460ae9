/**
 * The gamepad jog's decisions: dead-man required, stick through centre first, and every fault (dead-man released,
 * focus lost, disconnect or a pad gone from the list, target lost, jog ended elsewhere) stops at once and latches
 * until the dead-man is released and pressed again. A pad held perfectly still keeps its jog: its `timestamp` only
 * advances when its data changes (Gamepad spec), which is no fault, until it has reported nothing new for
 * STILL_LIMIT_MS (a frozen driver looks the same). Driven frame by frame like the controller does,
 * with a jog store stand-in that records what the controller asked for.
 */
import { describe, expect, it } from 'vitest';
import { initialGamepadState, STILL_LIMIT_MS, STILL_WARNING_MS, stepGamepad, type GamepadAction, type GamepadStatus, type GamepadState, type JogTarget, type PadReading } from '../../../../renderer/input/gamepad-decision';
import { DEFAULT_GAMEPAD_SETTINGS } from '../../../../renderer/input/gamepad-settings';

const settings = { ...DEFAULT_GAMEPAD_SETTINGS, axis: 1, invert: false, deadManButton: 5, deadband: 0.05 };
const target: JogTarget = { equipmentId: 'crane', command: 'hoistJog', fullSpeed: 1.5, profile: { deadband: 0.1, exponent: 1, step: 0.01 } };

/** A pad as the browser hands it over: with its `timestamp`, which changes only when its data does. */
type BrowserPad = PadReading & { timestamp: number };

/** A scripted session: a pad, a clock, and the jog store's active jog as the controller's actions leave it. */
class Rig {
  state: GamepadState = initialGamepadState();
  now = 0;
  activeJog: string | null = null;
  actions: GamepadAction[] = [];
  pad: BrowserPad | undefined = { connected: true, timestamp: 1, axes: [0, 0], pressed: [] };
  focused = true;
  target: JogTarget | undefined = target;
  lastStatus = '';
  status: GamepadStatus | undefined;

  /** New stick and dead-man values; the pad's timestamp advances only if they differ from what it reported. */
  set(stick: number, deadMan: boolean): this {
    const pad = this.pad ?? { connected: true, timestamp: 0, axes: [], pressed: [] };
    const pressed: boolean[] = [];
    pressed[settings.deadManButton] = deadMan;
    const changed = pad.axes[1] !== stick || pad.pressed[settings.deadManButton] !== deadMan;
    this.pad = { ...pad, axes: [0, stick], pressed, timestamp: changed ? this.now : pad.timestamp };
    return this;
  }

  /** One frame `dt` ms later; the pad reports nothing new unless `set` changed it. */
  frame(dt = 16): GamepadAction {
    this.now += dt;
    const input = { now: this.now, pad: this.pad, focused: this.focused, settings, target: this.target, activeJog: this.activeJog };
    const { state, action, status } = stepGamepad(this.state, input);
    this.state = state;
    this.lastStatus = status.kind === 'latched' ? `latched:${status.reason}` : status.kind;
    this.status = status;
    this.actions.push(action);
    if (action.kind === 'hold') this.activeJog = `${action.equipmentId}/${action.command}`;
    if (action.kind === 'release') this.activeJog = null;
    return action;
  }

  /** Brings the rig to a running jog at `stick`: dead-man pressed with the stick centred, then pushed. */
  startJog(stick = 0.6): GamepadAction {
    this.set(0, false).frame();
    this.set(0, true).frame();
    return this.set(stick, true).frame();
  }
}

describe('gamepad jog decisions', () => {
  it('moves nothing without the dead-man, however far the stick is pushed', () => {
    const rig = new Rig();
    for (const stick of [0.3, 1, -1, 0.8]) rig.set(stick, false).frame();
    expect(rig.actions.every((a) => a.kind === 'none')).toBe(true);
    expect(rig.lastStatus).toBe('idle');
  });

  it('with the dead-man held and the stick through centre, jogs at the shaped speed and follows the stick', () => {
    const rig = new Rig();
    const first = rig.startJog(0.55); // (0.55 − 0.1) / 0.9 = 0.5 of 1.5 m/s
    expect(first).toEqual({ kind: 'hold', equipmentId: 'crane', command: 'hoistJog', speed: 0.75 });
    expect(rig.lastStatus).toBe('jogging');
    expect(rig.set(0.55, true).frame()).toEqual({ kind: 'none' }); // same speed: the store keeps renewing
    const slower = rig.set(-0.28, true).frame();
    expect(slower.kind === 'hold' && slower.speed).toBeCloseTo(-0.3, 9);
  });

  it('stops when the stick returns into the deadband, and starts again without re-arming', () => {
    const rig = new Rig();
    rig.startJog();
    expect(rig.set(0.04, true).frame()).toEqual({ kind: 'release' });
    expect(rig.lastStatus).toBe('ready');
    expect(rig.set(0.7, true).frame().kind).toBe('hold');
  });

  it('does not jump-start: dead-man pressed with the stick already pushed waits for centre', () => {
    const rig = new Rig();
    rig.set(0, false).frame();
    rig.set(0.9, false).frame();
    expect(rig.set(0.9, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('centre');
    rig.set(0, true).frame();
    expect(rig.set(0.9, true).frame().kind).toBe('hold');
  });

  it('needs the dead-man to be seen released first: a pad found with it held does not move', () => {
    const rig = new Rig();
    rig.set(0, true).frame();
    expect(rig.set(0.9, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:arm');
  });

  it('releasing the dead-man stops at once', () => {
    const rig = new Rig();
    rig.startJog();
    expect(rig.set(0.6, false).frame()).toEqual({ kind: 'release' });
    expect(rig.activeJog).toBeNull();
  });

  it('focus loss stops at once and latches until the dead-man is released in view and pressed again', () => {
    const rig = new Rig();
    rig.startJog();
    rig.focused = false;
    expect(rig.set(0.6, true).frame(1)).toEqual({ kind: 'release' });
    rig.focused = true;
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:focus');
    rig.set(0, true).frame();
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' }); // centring alone does not re-arm
    expect(rig.startJog().kind).toBe('hold');
  });

  it('a release while unfocused does not re-arm (the press must happen in view)', () => {
    const rig = new Rig();
    rig.startJog();
    rig.focused = false;
    rig.set(0.6, true).frame();
    rig.set(0, false).frame();
    rig.set(0, true).frame();
    rig.focused = true;
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:focus');
  });

  it('a disconnect stops at once; a reconnect with the dead-man still held does not move', () => {
    const rig = new Rig();
    rig.startJog();
    rig.pad = undefined;
    expect(rig.frame()).toEqual({ kind: 'release' });
    expect(rig.lastStatus).toBe('no-gamepad');
    rig.set(0, true).frame();
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:disconnected');
    expect(rig.startJog().kind).toBe('hold');
  });

  it('the pad in use going while a second one stays connected is a disconnect: the other pad does not carry the jog on', () => {
    const rig = new Rig();
    rig.pad = { connected: true, index: 0, id: 'pad A', timestamp: 1, axes: [0, 0], pressed: [] };
    rig.startJog();
    // Pad A drops out; pad B (its dead-man button held, stick pushed) is the first connected pad read from now on.
    const pressed: boolean[] = [];
    pressed[settings.deadManButton] = true;
    rig.pad = { connected: true, index: 1, id: 'pad B', timestamp: 50, axes: [0, 0.8], pressed };
    expect(rig.frame()).toEqual({ kind: 'release' });
    expect(rig.lastStatus).toBe('latched:disconnected');
    expect(rig.frame()).toEqual({ kind: 'none' }); // and stays latched until B's dead-man is released and pressed again
  });

  it('a pad held perfectly still at full deflection keeps its jog: an unchanged timestamp is no fault', () => {
    const rig = new Rig();
    expect(rig.startJog(1).kind).toBe('hold');
    const stamp = rig.pad?.timestamp;
    for (let t = 100; t < STILL_LIMIT_MS; t += 100) expect(rig.set(1, true).frame(100)).toEqual({ kind: 'none' }); // no new data
    expect(rig.pad?.timestamp).toBe(stamp);
    expect(rig.lastStatus).toBe('jogging');
    expect(rig.activeJog).toBe('crane/hoistJog');
    expect(rig.set(0.6, true).frame().kind).toBe('hold'); // and still follows the stick
  });

  it('a pad that reports nothing new for STILL_LIMIT_MS while jogging stops and latches (a frozen driver looks the same)', () => {
    const rig = new Rig();
    rig.startJog(1);
    let action = rig.set(1, true).frame(100);
    for (let t = 100; t < STILL_LIMIT_MS; t += 100) {
      expect(action).toEqual({ kind: 'none' });
      // Told beforehand, in whole seconds, so a steady hold can go on by moving the stick a little.
      const warned = rig.status?.kind === 'jogging' ? rig.status.stillStopInS : 'not jogging';
      expect(warned, `at ${t} ms`).toBe(STILL_LIMIT_MS - t > STILL_WARNING_MS ? undefined : Math.ceil((STILL_LIMIT_MS - t) / 1000));
      action = rig.set(1, true).frame(100);
    }
    expect(action).toEqual({ kind: 'release' });
    expect(rig.lastStatus).toBe('latched:still');
    expect(rig.set(0.9, true).frame()).toEqual({ kind: 'none' }); // new data does not lift the latch
    expect(rig.startJog().kind).toBe('hold'); // a fresh dead-man press does
  });

  it('a pad whose data keeps changing by a step (stick noise) jogs on past the limit', () => {
    const rig = new Rig();
    rig.startJog(1);
    for (let t = 0; t < 3 * STILL_LIMIT_MS; t += 100) expect(rig.set(t % 200 === 0 ? 1 : 0.999, true).frame(100).kind).not.toBe('release');
    expect(rig.lastStatus).toBe('jogging');
  });

  it('time without new data counts only while jogging: a pad left untouched for long jogs at once when used', () => {
    const rig = new Rig();
    rig.set(0, false).frame();
    rig.frame(2 * STILL_LIMIT_MS); // nobody touched the pad
    expect(rig.startJog(1).kind).toBe('hold');
    expect(rig.set(1, true).frame(100)).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('jogging');
  });

  it('a still pad that reports connected: false stops at once and latches', () => {
    const rig = new Rig();
    rig.startJog(1);
    rig.set(1, true).frame(5_000); // held still for a while first
    rig.pad = { ...rig.pad!, connected: false };
    expect(rig.frame()).toEqual({ kind: 'release' });
    expect(rig.lastStatus).toBe('no-gamepad');
    rig.pad = { ...rig.pad, connected: true };
    expect(rig.set(1, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:disconnected');
  });

  it('a still pad gone from getGamepads() without any event stops at once, and latches when it comes back', () => {
    const rig = new Rig();
    rig.startJog(1);
    rig.set(1, true).frame(5_000);
    const pad = rig.pad;
    rig.pad = undefined; // readFirstPad finds no connected pad in the list
    expect(rig.frame()).toEqual({ kind: 'release' });
    rig.pad = pad; // back, with the dead-man and the stick still as they were
    expect(rig.frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:disconnected');
    expect(rig.startJog().kind).toBe('hold');
  });

  it('an idle pad untouched for long jogs as soon as the dead-man is pressed and the stick pushed', () => {
    const rig = new Rig();
    rig.set(0, false).frame();
    rig.frame(5000); // nobody touched the pad for 5 s
    expect(rig.set(0, true).frame().kind).toBe('none');
    expect(rig.set(0.6, true).frame().kind).toBe('hold');
  });

  it('a jog ended elsewhere (engine stop, refusal, the stop button) latches instead of being restarted', () => {
    const rig = new Rig();
    rig.startJog();
    rig.activeJog = null; // the jog store released it
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:interrupted');
    expect(rig.set(0.7, true).frame()).toEqual({ kind: 'none' });
  });

  it('never releases a jog started by the mouse or keyboard', () => {
    const rig = new Rig();
    rig.startJog();
    rig.activeJog = 'crane/trolleyJog'; // a button press took over
    expect(rig.set(0, false).frame()).toEqual({ kind: 'none' });
    expect(rig.activeJog).toBe('crane/trolleyJog');
  });

  it('losing the target (navigated away, control lost) stops and latches', () => {
    const rig = new Rig();
    rig.startJog();
    rig.target = undefined;
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'release' });
    rig.target = target;
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'none' });
    expect(rig.lastStatus).toBe('latched:no-target');
  });

  it('switching to another axis while jogging stops and latches', () => {
    const rig = new Rig();
    rig.startJog();
    rig.target = { ...target, command: 'trolleyJog' };
    expect(rig.set(0.6, true).frame()).toEqual({ kind: 'release' });
    expect(rig.activeJog).toBeNull();
    expect(rig.lastStatus).toBe('latched:interrupted');
  });

  it('caps the speed at the engine limit and requests nothing when the limit is zero', () => {
    const rig = new Rig();
    rig.target = { ...target, limit: 0.5 };
    const capped = rig.startJog(1);
    expect(capped.kind === 'hold' && capped.speed).toBeCloseTo(0.495, 9); // on the 1.5 % grid, at or under the limit
    rig.target = { ...target, limit: 0 };
    expect(rig.set(1, true).frame()).toEqual({ kind: 'release' });
  });

  it('uses the wider of the stick calibration and the equipment type deadband', () => {
    const rig = new Rig();
    rig.startJog(0.6);
    expect(rig.set(0.09, true).frame()).toEqual({ kind: 'release' }); // inside the type's 0.1 although the pad's is 0.05
  });
});
