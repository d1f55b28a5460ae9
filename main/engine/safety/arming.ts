/** Arm-then-execute: an armed command is bound to one session, equipment, command and value, and expires. */
import { randomBytes } from 'node:crypto';

/** How long an armed command waits for its execute (ms). */
export const ARM_TTL_MS = 10_000;

interface Armed {
  sessionId: number;
  equipmentId: string;
  command: string;
  value: string;
  expiresAt: number;
  /** A motion command's equipment motion generation when armed (MotionEnds.epoch). */
  motionEpoch?: number;
}

/** Armed commands by id. */
export class ArmedCommands {
  private readonly armed = new Map<string, Armed>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Arms a command (a motion command with its equipment's motion generation now); returns its id, its expiry on this
   * engine's clock, and the time it has left (what a console counts down on its own clock, whatever its wall clock says).
   */
  arm(sessionId: number, equipmentId: string, command: string, value: unknown, motionEpoch?: number): { armId: string; expiresAt: number; expiresInMs: number } {
    this.prune();
    const armId = randomBytes(16).toString('hex');
    const expiresAt = this.now() + ARM_TTL_MS;
    this.armed.set(armId, { sessionId, equipmentId, command, value: JSON.stringify(value ?? null), expiresAt, ...(motionEpoch === undefined ? {} : { motionEpoch }) });
    return { armId, expiresAt, expiresInMs: ARM_TTL_MS };
  }

  /**
   * Consumes an arm id: 'ok', or why it does not match. An id is usable once. `stopped`: a motion command whose
   * equipment's motion ended (a stop, control or link lost) since it was armed: what was confirmed no longer holds.
   */
  consume(armId: string, sessionId: number, equipmentId: string, command: string, value: unknown, motionEpoch?: number): 'ok' | 'unknown' | 'expired' | 'mismatch' | 'stopped' {
    const armed = this.armed.get(armId);
    this.armed.delete(armId);
    if (!armed || armed.sessionId !== sessionId) return 'unknown';
    if (armed.expiresAt < this.now()) return 'expired';
    if (armed.equipmentId !== equipmentId || armed.command !== command || armed.value !== JSON.stringify(value ?? null)) return 'mismatch';
    if (armed.motionEpoch !== undefined && armed.motionEpoch !== motionEpoch) return 'stopped';
    return 'ok';
  }

  /** Drops a session's armed commands (it closed or logged out). */
  dropSession(sessionId: number): void {
    for (const [id, armed] of this.armed) if (armed.sessionId === sessionId) this.armed.delete(id);
  }

  private prune(): void {
    const t = this.now();
    for (const [id, armed] of this.armed) if (armed.expiresAt < t) this.armed.delete(id);
  }
}
