/**
 * The gamepad controller against a real JogStore: polls only while a pad is connected, drives holds and releases,
 * reacts to focus loss at once (no frame needed), and leaves alone a jog started by another input.
 */
import { describe, expect, it } from 'vitest';
import { GamepadController, type GamepadEnvironment } from '../../../../renderer/input/gamepad-controller';
import type { GamepadLike } from '../../../../renderer/input/gamepad-reading';
import { DEFAULT_GAMEPAD_SETTINGS } from '../../../../renderer/input/gamepad-settings';
import { JogStore, type JogTransport } from '../../../../renderer/stores/jog-store';

/** A scripted pad and a frame queue the test runs by hand. */
function rig() {
  const frames: (() => void)[] = [];
  const pad: GamepadLike & { axes: number[]; buttons: { pressed: boolean; value: number }[] } = {
    index: 0,
    id: 'Test pad',
    mapping: 'standard',
    connected: true,
    axes: [0, 0],
    buttons: Array.from({ length: 8 }, () => ({ pressed: false, value: 0 })),
  };
  const world = { now: 0, focused: true, present: true };
  const env: GamepadEnvironment = {
    getGamepads: () => (world.present ? [pad] : []),
    requestFrame: (callback) => frames.push(callback),
    cancelFrame: () => undefined,
    now: () => world.now,
    focused: () => world.focused,
  };
  const sent: string[] = [];
  const transport: JogTransport = {
    hold: async (_e, command, speed) => {
      sent.push(`hold ${command} ${speed}`);
      return { outcome: { status: 'ok', latencyMs: 1 }, limit: 10, applied: speed };
    },
    release: async (_e, command) => sent.push(`release ${command}`),
  };
  const jog = new JogStore();
  jog.attach(transport);
  const controller = new GamepadController(jog, env, { ...DEFAULT_GAMEPAD_SETTINGS, invert: false });
  controller.setTarget({ equipmentId: 'crane', command: 'hoistJog', fullSpeed: 1, profile: { deadband: 0.1, exponent: 1, step: 0.1 } });
  /** Runs the pending frames once, `dt` ms on. */
  const runFrames = (dt = 16) => {
    world.now += dt;
    for (const f of frames.splice(0)) f();
  };
  const set = (stick: number, deadMan: boolean) => {
    pad.axes[1] = stick;
    (pad.buttons[DEFAULT_GAMEPAD_SETTINGS.deadManButton] as { pressed: boolean }).pressed = deadMan;
  };
  return { frames, pad, world, jog, controller, sent, runFrames, set };
}

describe('GamepadController', () => {
  it('polls every frame while a pad is connected and stops polling when it goes', () => {
    const r = rig();
    r.controller.wake();
    r.controller.wake(); // a second wake does not start a second loop
    expect(r.frames.length).toBe(1);
    r.runFrames();
    expect(r.frames.length).toBe(1);
    expect(r.controller.getSnapshot().padName).toBe('Test pad');
    r.world.present = false;
    r.runFrames();
    expect(r.frames.length).toBe(0);
    expect(r.controller.getSnapshot().status.kind).toBe('no-gamepad');
  });

  it('jogs with the dead-man held, changes speed in place, and releases when it is let go', () => {
    const r = rig();
    r.controller.wake();
    r.runFrames();
    r.set(0, true);
    r.runFrames();
    r.set(0.55, true);
    r.runFrames();
    expect(r.jog.getSnapshot()).toMatchObject({ active: 'crane/hoistJog', speed: 0.5 });
    r.set(1, true);
    r.runFrames();
    expect(r.jog.getSnapshot().speed).toBe(1);
    r.set(1, false);
    r.runFrames();
    expect(r.jog.getSnapshot().active).toBeNull();
    expect(r.sent).toEqual(['hold hoistJog 0.5', 'release hoistJog']);
  });

  it('releases on focus loss at once, without waiting for a frame', () => {
    const r = rig();
    r.controller.wake();
    r.runFrames();
    r.set(0, true);
    r.runFrames();
    r.set(0.9, true);
    r.runFrames();
    expect(r.jog.getSnapshot().active).toBe('crane/hoistJog');
    r.world.focused = false;
    r.controller.checkNow();
    expect(r.jog.getSnapshot().active).toBeNull();
    expect(r.controller.getSnapshot().status).toEqual({ kind: 'latched', reason: 'focus' });
  });

  it('leaves a mouse or keyboard jog alone and lets go of its own on dispose', () => {
    const r = rig();
    r.controller.wake();
    r.runFrames();
    r.jog.hold('crane', 'trolleyJog', 0.3); // a jog button
    r.runFrames();
    r.controller.dispose();
    expect(r.jog.getSnapshot().active).toBe('crane/trolleyJog');
    r.jog.release();
    const s = rig();
    s.controller.wake();
    s.runFrames();
    s.set(0, true);
    s.runFrames();
    s.set(0.9, true);
    s.runFrames();
    s.controller.dispose();
    expect(s.jog.getSnapshot().active).toBeNull();
  });
});
