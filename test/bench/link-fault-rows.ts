/**
 * The rows of the link fault matrix: how each fault is injected into the link lab (or the simulator) and restored.
 * Used by link-fault-matrix.ts.
 */
import { profileByName, type LinkProfile, type LinkProxy } from '../../main/sim/link-lab';

/** What a fault can act on. */
export interface FaultTarget {
  proxy: LinkProxy;
  /** Stops the crane simulator (its port closes). */
  stopDevice(): Promise<void>;
  /** Starts it again on the same port, fresh state. */
  startDevice(): Promise<void>;
}

/** One row: inject, then restore once the fault has lasted its time (or the engine reacted, for ramps). */
export interface FaultRow {
  name: string;
  /** No answers at all during the fault: values must turn stale. */
  noAnswers: boolean;
  /** How long the fault lasts before `restore` (ms from injection). */
  holdMs: number;
  inject(t: FaultTarget): Promise<void>;
  restore(t: FaultTarget): Promise<void>;
}

const GOOD = profileByName('5g-good');

function custom(name: string, patch: Partial<LinkProfile>): LinkProfile {
  return { ...GOOD, name, description: name, ...patch };
}

function outage(ms: number): FaultRow {
  return {
    name: `outage ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}`,
    noAnswers: true,
    holdMs: ms,
    inject: async (t) => t.proxy.setProfile(custom(`outage-${ms}`, { outage: { durationMs: ms, firstAtMs: 0 } })),
    restore: async (t) => t.proxy.setProfile('5g-good'),
  };
}

const restoreGood = async (t: FaultTarget) => t.proxy.setProfile('5g-good');

/** Every row, in the issue's order; the 30 s outage only with BENCH_LONG=1. */
export function faultRows(long: boolean): FaultRow[] {
  return [
    outage(200),
    outage(1000),
    ...(long ? [outage(30_000)] : []),
    { name: 'half-open', noAnswers: true, holdMs: 3000, inject: async (t) => t.proxy.setProfile('half-open'), restore: restoreGood },
    {
      // Answers arrive, 400 ms late: beyond the unsafe RTT but inside the driver's timeout.
      name: 'slow server (400 ms)',
      noAnswers: false,
      holdMs: 5000,
      inject: async (t) => t.proxy.setProfile(custom('slow', { params: { ...GOOD.params, up: { ...GOOD.params.up, delayMs: 5 }, down: { ...GOOD.params.down, delayMs: 395 } } })),
      restore: restoreGood,
    },
    {
      name: 'server restart',
      noAnswers: true,
      holdMs: 1500,
      inject: (t) => t.stopDevice(),
      restore: (t) => t.startDevice(),
    },
    {
      // Requests reach the device, answers never come back (the socket stays open).
      name: 'silent device',
      noAnswers: true,
      holdMs: 3000,
      inject: async (t) => t.proxy.setProfile(custom('silent', { params: { ...GOOD.params, down: { ...GOOD.params.down, delayMs: 120_000 } } })),
      restore: restoreGood,
    },
    {
      name: 'gradual degradation (15 s ramp)',
      noAnswers: false,
      holdMs: 15_000,
      inject: async (t) => t.proxy.setProfile(custom('ramp', { rampTo: { params: profileByName('degrading').rampTo!.params, overMs: 15_000 } })),
      restore: restoreGood,
    },
  ];
}
