/**
 * Hold-to-run from this window: while the operator holds a jog button (pointer or key), one `jog.hold` every 50 ms
 * with an increasing sequence number; on release, pointer leave, key up, window blur or a hidden page, the holds stop
 * and a `jog.release` goes out. The engine ends the jog by itself when holds stop arriving (its lease), so a frozen
 * window cannot keep a machine moving. Only one jog at a time per window.
 */
import type { CommandOutcome } from '../../shared/contract/outcome';
import { errorOutcome } from '../equipment/control/error-outcome';

/** What this store sends; the app binds it to the contract client, tests to a real engine. */
export interface JogTransport {
  hold(equipmentId: string, command: string, speed: number, seq: number): Promise<{ outcome: CommandOutcome; limit: number; applied: number }>;
  release(equipmentId: string, command: string): Promise<unknown>;
}

/**
 * Why a jog ended: a hold's outcome that was not ok (kept whole: a timeout or verify-mismatch may have reached the
 * device and is no refusal; a refusal's values fill its translated text), or the engine stopping it while running.
 */
export type JogEnd = { kind: 'outcome'; outcome: CommandOutcome } | { kind: 'stopped'; code: string; text: string };

/** One jog, as the panel shows it. */
export interface JogSnapshot {
  /** `equipmentId/command` being held, or null. */
  active: string | null;
  /** Requested speed (signed) while held. */
  speed: number;
  /** Latest limit and applied speed from the engine, by `equipmentId/command`. */
  limits: ReadonlyMap<string, { limit: number; applied: number }>;
  /** Why the last jog of a command ended or was refused (outcome text or jog.stopped text), by `equipmentId/command`. */
  ended: ReadonlyMap<string, JogEnd>;
}

/** The hold period: well inside the engine's lease (150 ms by default) and the contract's ≤ 100 ms. */
export const HOLD_PERIOD_MS = 50;

/** Hold-to-run driver and its observable state. */
export class JogStore {
  private snapshot: JogSnapshot = { active: null, speed: 0, limits: new Map(), ended: new Map() };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private seq = 0;
  private transport: JogTransport | undefined;
  private target: { equipmentId: string; command: string; speed: number } | undefined;

  getSnapshot = (): JogSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Binds to the engine (undefined while disconnected: any jog stops locally). */
  attach(transport: JogTransport | undefined): void {
    if (!transport) this.release();
    this.transport = transport;
  }

  /**
   * Starts holding (a second start of the same jog is ignored: key repeat, pointer re-entry). A new speed in the same
   * direction changes the running jog in place (a gamepad stick); a direction change releases first.
   */
  hold(equipmentId: string, command: string, speed: number): void {
    const key = `${equipmentId}/${command}`;
    if (this.snapshot.active === key && this.target?.speed === speed) return;
    if (this.snapshot.active === key && this.target && speed !== 0 && Math.sign(this.target.speed) === Math.sign(speed)) {
      this.target.speed = speed; // same press (replies still match it); the next renewal carries the speed
      this.update({ speed });
      return;
    }
    this.release();
    if (!this.transport) return;
    this.target = { equipmentId, command, speed };
    const ended = new Map(this.snapshot.ended);
    ended.delete(key);
    const limits = new Map(this.snapshot.limits);
    limits.delete(key); // the limit shown is the one the engine states for this press
    this.update({ active: key, speed, ended, limits });
    this.sendHold();
    this.timer = setInterval(() => this.sendHold(), HOLD_PERIOD_MS);
  }

  /** Stops holding and tells the engine at once (it would also stop on its own within the lease). */
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const target = this.target;
    this.target = undefined;
    if (!target) return;
    this.update({ active: null, speed: 0 });
    void this.transport?.release(target.equipmentId, target.command).catch(() => undefined);
  }

  /** The engine stopped a jog (hold stream ended, link or control lost): stop holding and say why. */
  stoppedByEngine(equipmentId: string, command: string, code: string, text: string): void {
    const key = `${equipmentId}/${command}`;
    // Only a jog ended while the operator still holds needs explaining; after a release the stop is expected.
    if (this.snapshot.active !== key) return;
    this.release();
    this.setEnded(key, { kind: 'stopped', code, text });
  }

  private sendHold(): void {
    const target = this.target;
    if (!target || !this.transport) return;
    const key = `${target.equipmentId}/${target.command}`;
    this.seq = (this.seq + 1) % 2 ** 31;
    this.transport.hold(target.equipmentId, target.command, target.speed, this.seq).then(
      ({ outcome, limit, applied }) => {
        if (this.target !== target) return; // a reply to a hold of an earlier press
        const limits = new Map(this.snapshot.limits);
        limits.set(key, { limit, applied });
        this.update({ limits });
        if (outcome.status !== 'ok') {
          this.release();
          this.setEnded(key, { kind: 'outcome', outcome });
        }
      },
      (error: unknown) => {
        if (this.target !== target) return;
        this.release();
        // A hold sent and never answered may have moved the axis: "no answer", as for any command, never "refused".
        this.setEnded(key, { kind: 'outcome', outcome: errorOutcome(error) });
      },
    );
  }

  private setEnded(key: string, reason: JogEnd): void {
    const ended = new Map(this.snapshot.ended);
    ended.delete(key); // re-added last: the newest end is the map's last entry (the jog pad shows that one)
    ended.set(key, reason);
    this.update({ ended });
  }

  private update(patch: Partial<JogSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
