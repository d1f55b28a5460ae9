/** Hold-to-run leases: a jog lives only while its hold messages keep arriving. Pure bookkeeping with a clock. */

/** One running jog. */
export interface JogLease {
  key: string;
  sessionId: number;
  /** Who holds it (and as which role), for the audit record of its end. */
  user: string;
  role?: string;
  console: string;
  equipmentId: string;
  command: string;
  /** The client's last sequence number: older or repeated holds are discarded. */
  seq: number;
  /** The reference last written to the device (engineering units). */
  applied: number;
  lastHoldAt: number;
}

/** Leases by `equipment/command`. */
export class JogLeases {
  private readonly leases = new Map<string, JogLease>();
  /** Holds discarded because their sequence number was not newer. */
  staleHolds = 0;

  static key(equipmentId: string, command: string): string {
    return `${equipmentId}/${command}`;
  }

  get(equipmentId: string, command: string): JogLease | undefined {
    return this.leases.get(JogLeases.key(equipmentId, command));
  }

  set(lease: JogLease): void {
    this.leases.set(lease.key, lease);
  }

  delete(key: string): JogLease | undefined {
    const lease = this.leases.get(key);
    this.leases.delete(key);
    return lease;
  }

  /** Leases whose last hold is older than `leaseMs`. */
  expired(now: number, leaseMs: (lease: JogLease) => number): JogLease[] {
    return [...this.leases.values()].filter((l) => now - l.lastHoldAt > leaseMs(l));
  }

  where(predicate: (lease: JogLease) => boolean): JogLease[] {
    return [...this.leases.values()].filter(predicate);
  }

  get size(): number {
    return this.leases.size;
  }
}
