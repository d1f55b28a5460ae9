/**
 * The crane simulator behind a steady link-lab delay and a recording tap, with a console logged in on it: what the
 * wire-order tests of the command path share (stop vs queued jogs, first jog vs stop, release vs heartbeats).
 */
import type ModbusRTU from 'modbus-serial';
import { LinkProxy, type LinkProfile } from '../../main/sim/link-lab';
import { Quality } from '../../shared/contract/telemetry';
import { pollUntil } from '../integration/sim/sim-clients';
import { craneSite, pipelined, startConsole, startCrane, waitConnected, type Console } from './crane-console';
import { startModbusTap, type ModbusTap, type TappedRequest } from './modbus-tap';

/** A link with a fixed round trip: no jitter, no loss (timing tests need the order, not the noise). */
export function steadyLink(roundTripMs: number): LinkProfile {
  const half = { delayMs: roundTripMs / 2, jitterMs: 0, bandwidthBps: 0 };
  return { name: `steady-${roundTripMs}ms`, description: `${roundTripMs} ms round trip, no jitter, no loss`, params: { up: half, down: half, lossRate: 0, stallMs: 200, closeDelayMs: 0 } };
}

/** A running tapped crane with its console. */
export interface TappedCrane {
  tap: ModbusTap;
  c: Console;
  /** A raw master straight on the simulator (no link, no tap): the test's back door to the device's registers. */
  device: ModbusRTU;
  close(): Promise<void>;
}

/**
 * Starts crane → link (`roundTripMs`) → tap → console `consoleId` logged in as operator; waits until every signal is
 * good. `patch` changes the site further (after `pipelined`).
 */
export async function startTappedCrane(roundTripMs: number, consoleId: number, label: string, patch?: (site: Record<string, unknown>) => void): Promise<TappedCrane> {
  const crane = await startCrane();
  const proxy = await LinkProxy.start({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: steadyLink(roundTripMs) });
  const tap = await startModbusTap(proxy.port);
  // Eight requests in flight, as a site on a slow link runs this crane: one at a time, its scan would leave the
  // interlock inputs too old for the gate at these round trips. Writes, probes and the heartbeat still go one at a
  // time, in a slot of their own, in the order these tests check.
  const c = await startConsole(await craneSite(tap.port, (site) => {
    pipelined(site);
    patch?.(site);
  }), consoleId, 'operator', label);
  await waitConnected(c);
  // Interlock inputs need a fresh value before any jog is allowed.
  await pollUntil(async () => c.engine.signals.every((s) => c.engine.store.get(s.id)?.quality === Quality.good), (ok) => ok, 10_000);
  return {
    tap,
    c,
    device: crane.master,
    close: async () => {
      await c.stop();
      await tap.close();
      await proxy.close();
      await crane.stop();
    },
  };
}

/** Crane demo map: the stop coil, and the jog block (holding 40..44: console, seq, axis, float32 reference). */
export const CRANE_STOP_COIL = 0;
export const CRANE_JOG_BLOCK = 40;

/** The stop coil written true. */
export const isStop = (r: TappedRequest) => r.fc === 5 && r.address === CRANE_STOP_COIL && r.coil === true;
/** A jog block with a non-zero reference. */
export const isMovingJog = (r: TappedRequest) => r.fc === 16 && r.address === CRANE_JOG_BLOCK && ((r.registers?.[3] ?? 0) !== 0 || (r.registers?.[4] ?? 0) !== 0);
