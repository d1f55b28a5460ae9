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
}

/** Armed commands by id. */
export class ArmedCommands {
  private readonly armed = new Map<string, Armed>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Arms a command; returns its id and expiry. */
  arm(sessionId: number, equipmentId: string, command: string, value: unknown): { armId: string; expiresAt: number } {
    this.prune();
    const armId = randomBytes(16).toString('hex');
    const expiresAt = this.now() + ARM_TTL_MS;
    this.armed.set(armId, { sessionId, equipmentId, command, value: JSON.stringify(value ?? null), expiresAt });
    return { armId, expiresAt };
  }

  /** Consumes an arm id: 'ok', or why it does not match. An id is usable once. */
  consume(armId: string, sessionId: number, equipmentId: string, command: string, value: unknown): 'ok' | 'unknown' | 'expired' | 'mismatch' {
    const armed = this.armed.get(armId);
    this.armed.delete(armId);
    if (!armed || armed.sessionId !== sessionId) return 'unknown';
    if (armed.expiresAt < this.now()) return 'expired';
    if (armed.equipmentId !== equipmentId || armed.command !== command || armed.value !== JSON.stringify(value ?? null)) return 'mismatch';
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
