/** Who holds control of each equipment on this engine: one session per equipment at a time. */

/** A claim of control. */
export interface Claim {
  sessionId: number;
  user: string;
  console: string;
  since: number;
  /** The scanned owner register has shown this console since the take (before that, older readings are ignored). */
  seenOnDevice: boolean;
  /** This console is releasing it: the owner register going to 0 is the release itself, not a loss. */
  releasing?: boolean;
}

/** Claims by equipment id. */
export class OwnershipTable {
  private readonly claims = new Map<string, Claim>();

  holder(equipmentId: string): Claim | undefined {
    return this.claims.get(equipmentId);
  }

  set(equipmentId: string, claim: Claim): void {
    this.claims.set(equipmentId, claim);
  }

  /** Removes a claim; returns it when there was one. */
  drop(equipmentId: string): Claim | undefined {
    const claim = this.claims.get(equipmentId);
    this.claims.delete(equipmentId);
    return claim;
  }

  /** Equipment ids a session holds. */
  heldBy(sessionId: number): string[] {
    return [...this.claims].filter(([, c]) => c.sessionId === sessionId).map(([id]) => id);
  }
}
