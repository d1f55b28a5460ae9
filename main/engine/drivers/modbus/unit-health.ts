/**
 * Per-unit liveness on a shared link. A unit that keeps timing out is marked dead and polled only once per
 * (growing, capped) retry interval, so its timeouts cannot starve the other unit ids on the same queue.
 */

/** When a unit counts as dead and how often a dead unit is probed. */
export interface UnitHealthPolicy {
  /** Consecutive timeouts after which a unit is treated as dead. */
  deadAfter: number;
  /** First and largest interval between probes of a dead unit. */
  retryInitialMs: number;
  retryMaxMs: number;
}

/** Defaults: two timeouts in a row, then probe after 1 s, 2 s, 4 s … at most every 15 s. */
export const DEFAULT_UNIT_HEALTH: UnitHealthPolicy = { deadAfter: 2, retryInitialMs: 1000, retryMaxMs: 15000 };

interface UnitState {
  timeouts: number;
  /** Always present (undefined = alive): the object keeps one shape on the hot path. */
  deadSince: number | undefined;
  /** Timeouts counted so far, whole run: a request notes it when sent (see `timedOut`). */
  silences: number;
  nextProbeAt: number;
  probes: number;
}

/** Liveness bookkeeping for every unit id of one link. `now` is injectable for tests. */
export class UnitHealth {
  private readonly units = new Map<number, UnitState>();
  private dead = 0;

  constructor(
    private readonly policy: UnitHealthPolicy = DEFAULT_UNIT_HEALTH,
    private readonly now: () => number = Date.now,
  ) {}

  private state(unitId: number): UnitState {
    let state = this.units.get(unitId);
    if (!state) this.units.set(unitId, (state = { timeouts: 0, deadSince: undefined, silences: 0, nextProbeAt: 0, probes: 0 }));
    return state;
  }

  /** True when a scan request to this unit may go now (alive, or a dead unit's probe is due). */
  mayPoll(unitId: number): boolean {
    const state = this.units.get(unitId);
    if (!state || state.deadSince === undefined) return true;
    if (this.now() < state.nextProbeAt) return false;
    // One probe per interval: push the next slot out now, so the other requests of this cycle are skipped.
    state.probes++;
    state.nextProbeAt = this.now() + Math.min(this.policy.retryMaxMs, this.policy.retryInitialMs * 2 ** Math.min(16, state.probes));
    return true;
  }

  isDead(unitId: number): boolean {
    return this.units.get(unitId)?.deadSince !== undefined;
  }

  /** Any answer (data or exception) proves the unit is alive. */
  answered(unitId: number): void {
    const state = this.state(unitId);
    state.timeouts = 0;
    state.probes = 0;
    if (state.deadSince !== undefined) this.dead--;
    state.deadSince = undefined;
  }

  /** The unit's count of timeouts so far: a request notes it as it goes out, and hands it to `timedOut`. */
  silencesOf(unitId: number): number {
    return this.units.get(unitId)?.silences ?? 0;
  }

  /**
   * Records a timeout of a request that went out when the unit's count was `silencesAtSend` (default: now); returns
   * true when this timeout made the unit dead. Requests in flight together (Modbus TCP, maxInFlight > 1) that time
   * out together are one silence, not several: a timeout counts only if none has counted since its request went out
   * (always so one request at a time).
   */
  timedOut(unitId: number, silencesAtSend = this.silencesOf(unitId)): boolean {
    const state = this.state(unitId);
    if (silencesAtSend !== state.silences) return false;
    state.silences++;
    state.timeouts++;
    if (state.deadSince !== undefined || state.timeouts < this.policy.deadAfter) return false;
    state.deadSince = this.now();
    this.dead++;
    state.nextProbeAt = this.now() + this.policy.retryInitialMs;
    return true;
  }

  /** True while any unit is dead (O(1): the driver asks after every answer). */
  get anyDead(): boolean {
    return this.dead > 0;
  }

  /** Unit ids currently dead. */
  deadUnits(): number[] {
    return [...this.units.entries()].filter(([, s]) => s.deadSince !== undefined).map(([id]) => id);
  }
}
