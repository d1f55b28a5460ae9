/**
 * Whether a connection's link carries its scan plan: from two polls of its scan figures some seconds apart, the
 * requests per second the plan asks for, those the link carried, and the share of each class's cycles that ran.
 * A plan made for a LAN (the crane's: 76 requests/s) cannot run one request at a time over a 40 ms link (~25/s);
 * the cumulative "cycles skipped" since start says that only slowly, and not by how much.
 */
import type { ScanFigures } from '../../shared/contract/events';

/** A class falls behind below this share of its cycles run. */
export const KEEPS_UP_SHARE = 0.9;
/** Requests beside the scan are worth naming from this share of what the link carried (a probe now and then is not). */
export const BESIDE_SCAN_SHARE = 0.1;

/** Whether the requests beside the scan took enough of the link to name them next to a scan that falls behind. */
export function besideScanMatters(load: ScanLoad): boolean {
  const beside = load.besideScanPerSec ?? 0;
  return beside >= 1 && beside >= BESIDE_SCAN_SHARE * (beside + load.carriedPerSec);
}

/** One poll of a connection's scan figures. */
export interface ScanSnapshot {
  at: number;
  scan: Record<string, ScanFigures>;
  /** Requests that shared the link without being scan reads, since the engine started (an engine before it: none). */
  besideScan?: number;
}

/** The load over the time between two polls. */
export interface ScanLoad {
  windowMs: number;
  /** Requests per second the plan asks for (every class at its period). */
  demandPerSec: number;
  /** Reads per second the device answered (a dead unit's skipped reads and timed-out ones are not carried). */
  carriedPerSec: number;
  /**
   * Requests per second beside the scan (heartbeat, jogs, commands, probes, maintenance): link time the scan did not
   * get. Undefined when the engine does not count them.
   */
  besideScanPerSec?: number;
  /** Per class: cycles run over cycles due (run + skipped), 0..1; undefined when none was due. */
  shares: Record<string, number | undefined>;
  /** Every class ran at least KEEPS_UP_SHARE of its cycles. */
  keepsUp: boolean;
}

/** The load between `older` and `newer` (undefined when they are the same poll or the counters went back: a restart). */
export function scanLoad(older: ScanSnapshot, newer: ScanSnapshot): ScanLoad | undefined {
  const windowMs = newer.at - older.at;
  if (windowMs <= 0) return undefined;
  let demandPerSec = 0;
  let carried = 0;
  const shares: Record<string, number | undefined> = {};
  for (const [name, now] of Object.entries(newer.scan)) {
    const before = older.scan[name];
    if (!before) continue;
    const ran = now.cycles - before.cycles;
    const skipped = now.skippedCycles - before.skippedCycles;
    const answered = now.answered - before.answered;
    if (ran < 0 || skipped < 0 || answered < 0) return undefined;
    demandPerSec += (now.requestsPerCycle * 1000) / now.periodMs;
    carried += answered;
    shares[name] = ran + skipped > 0 ? ran / (ran + skipped) : undefined;
  }
  const keepsUp = Object.values(shares).every((share) => share === undefined || share >= KEEPS_UP_SHARE);
  const load: ScanLoad = { windowMs, demandPerSec, carriedPerSec: (carried * 1000) / windowMs, shares, keepsUp };
  if (older.besideScan !== undefined && newer.besideScan !== undefined) {
    if (newer.besideScan < older.besideScan) return undefined;
    load.besideScanPerSec = ((newer.besideScan - older.besideScan) * 1000) / windowMs;
  }
  return load;
}

/**
 * Polls kept per connection for a window of about `windowMs`: the oldest poll still inside the window (or the one
 * just before it) and every newer one. `push` returns the snapshots to compare: the oldest kept and the newest.
 * After a gap in the readings (the engine away), polls older than two windows are dropped, not compared.
 */
export class ScanHistory {
  private readonly polls = new Map<string, ScanSnapshot[]>();

  constructor(private readonly windowMs = 10_000) {}

  push(connectionId: string, snapshot: ScanSnapshot): [ScanSnapshot, ScanSnapshot] | undefined {
    const list = this.polls.get(connectionId) ?? [];
    list.push(snapshot);
    while (list.length > 2 && snapshot.at - (list[1] as ScanSnapshot).at >= this.windowMs) list.shift();
    while (list.length > 1 && snapshot.at - (list[0] as ScanSnapshot).at > 2 * this.windowMs) list.shift();
    this.polls.set(connectionId, list);
    return list.length >= 2 ? [list[0] as ScanSnapshot, snapshot] : undefined;
  }
}
