/**
 * Runs the gamepad jog: polls the first connected pad once per animation frame (only while one is connected), steps
 * the pure decision, and carries out its action on the window's JogStore. Focus loss and a hidden page step at once,
 * without waiting for a frame (a hidden page gets none; `gamepad-window.ts` wires the events). Observable for the
 * status line and the calibration screen. No DOM here: the browser is reached through a GamepadEnvironment.
 */
import type { JogStore } from '../stores/jog-store';
import { initialGamepadState, jogKey, stepGamepad, type GamepadStatus, type JogTarget } from './gamepad-decision';
import { readFirstPad, type GamepadLike, type PadSnapshot } from './gamepad-reading';
import { loadGamepadSettings, saveGamepadSettings, type GamepadSettings } from './gamepad-settings';

/** What the controller shows; changes only when one of these does (not every frame). */
export interface GamepadSnapshot {
  /** The pad in use (`Gamepad.id`), undefined when none is connected. */
  padName: string | undefined;
  status: GamepadStatus;
  settings: GamepadSettings;
  /** The jog the stick drives now, if any. */
  target: Omit<JogTarget, 'limit'> | undefined;
}

/** The browser surface the controller uses (a test or a scripted page supplies its own). */
export interface GamepadEnvironment {
  getGamepads(): ReadonlyArray<GamepadLike | null>;
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** A monotonic clock (ms). */
  now(): number;
  /** Window focused and page visible. */
  focused(): boolean;
}

/** The gamepad jog of one window. */
export class GamepadController {
  private state = initialGamepadState();
  private snapshot: GamepadSnapshot;
  private readonly listeners = new Set<() => void>();
  private reading: PadSnapshot | undefined;
  private readonly readingListeners = new Set<() => void>();
  private frame: number | undefined;
  private target: Omit<JogTarget, 'limit'> | undefined;

  constructor(
    private readonly jog: JogStore,
    private readonly env: GamepadEnvironment,
    settings: GamepadSettings = loadGamepadSettings(),
  ) {
    this.snapshot = { padName: undefined, status: { kind: 'no-gamepad' }, settings, target: undefined };
  }

  getSnapshot = (): GamepadSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The latest raw reading, every frame (the calibration screen). */
  getReading = (): PadSnapshot | undefined => this.reading;

  subscribeReading = (listener: () => void): (() => void) => {
    this.readingListeners.add(listener);
    return () => this.readingListeners.delete(listener);
  };

  /** A pad appeared (or may be there already): poll while one is connected. */
  wake = (): void => {
    if (this.frame === undefined) this.frame = this.env.requestFrame(this.tick);
  };

  /** Focus, visibility or a disconnect changed: decide now, not at the next frame. */
  checkNow = (): void => {
    this.step();
    this.wake();
  };

  /** The jog the stick should drive (undefined: none on this screen, or this user may not jog it). */
  setTarget(target: Omit<JogTarget, 'limit'> | undefined): void {
    const same = target === this.target || (target && this.target && jogKey(target.equipmentId, target.command) === jogKey(this.target.equipmentId, this.target.command) && target.fullSpeed === this.target.fullSpeed && target.profile === this.target.profile);
    if (same) return;
    this.target = target;
    this.update({ target });
    this.step();
  }

  /** New calibration: applied at once and remembered on this workstation. */
  setSettings(settings: GamepadSettings): void {
    saveGamepadSettings(settings);
    this.update({ settings });
    this.step();
  }

  /** Stops polling and lets go of a jog this controller holds. */
  dispose(): void {
    if (this.frame !== undefined) this.env.cancelFrame(this.frame);
    this.frame = undefined;
    if (this.state.holding && this.jog.getSnapshot().active === this.state.holding) this.jog.release();
  }

  private tick = (): void => {
    this.frame = undefined;
    const pad = this.step();
    if (pad) this.frame = this.env.requestFrame(this.tick); // nothing connected: sleep until `gamepadconnected`
  };

  private step(): PadSnapshot | undefined {
    const pad = readFirstPad(this.env.getGamepads());
    const target = this.target && { ...this.target, limit: this.jog.getSnapshot().limits.get(jogKey(this.target.equipmentId, this.target.command))?.limit };
    const input = { now: this.env.now(), pad, focused: this.env.focused(), settings: this.snapshot.settings, target, activeJog: this.jog.getSnapshot().active };
    const { state, action, status } = stepGamepad(this.state, input);
    this.state = state;
    if (action.kind === 'hold') this.jog.hold(action.equipmentId, action.command, action.speed);
    if (action.kind === 'release') this.jog.release();
    this.reading = pad;
    for (const listener of this.readingListeners) listener();
    const was = this.snapshot;
    if (was.padName !== pad?.id || !sameStatus(was.status, status)) this.update({ padName: pad?.id, status });
    return pad;
  }

  private update(patch: Partial<GamepadSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function sameStatus(a: GamepadStatus, b: GamepadStatus): boolean {
  return a.kind === b.kind && (a.kind !== 'latched' || a.reason === (b as typeof a).reason) && (a.kind !== 'jogging' || (a.speed === (b as typeof a).speed && a.stillStopInS === (b as typeof a).stillStopInS));
}
