/**
 * Link probes that ride on traffic already going. "Does the link answer now?" is answered as well by an exchange the
 * driver has queued and not yet seen answered as by a read sent for the purpose: a write or read on the stop or
 * control lane (heartbeat, jog, setpoint, read-back), or a scan read of the unit the probe would read. The link
 * monitor's own probe (10 per second) otherwise took 40 % of a link at a 40 ms round trip with one request in flight,
 * ahead of the scan; with a heartbeat running, half the control lane.
 *
 * Only on a link with one request in flight: there a probe's own read would wait behind that same exchange, so
 * riding on it changes nothing of what the monitor sees. With several in flight, the probe's own read goes beside a
 * slow exchange (a write the device confirms late, a dead unit behind a gateway) and is answered; riding on it would
 * count that exchange's slowness as link loss.
 *
 * A probe that rides waits for that exchange. Answered resolves it, a device's own exception answer too; no answer,
 * a broken link or garbage on the wire fails it, as the probe's own read would have failed. Anything else says nothing
 * certain about the link, and the driver then sends its own probe: an answer the driver refuses (a write echoed with
 * another value), an exchange withdrawn or refused before it went out (a jog cancelled by a stop), and a gateway's 10
 * or 11 (the device behind it is not answering, which the probe's own read, failing on it, reports).
 */
import { DriverError, type DriverErrorKind } from '../driver-error';
import { isDeviceAnswer } from './errors';
import type { Lane } from './link-queue';

/**
 * Failures on the wire that fail a riding probe, as they would fail the probe's own read: no answer, a broken link,
 * or garbage. A well-formed answer the driver refuses (a write echoed with another value) is still an answer.
 */
const LINK_FAILURES: ReadonlySet<DriverErrorKind> = new Set(['timeout', 'link-lost']);
const GARBLED: ReadonlySet<string> = new Set(['modbus-bad-response', 'modbus-reply-mismatch']);

function failsTheLink(error: unknown): boolean {
  return error instanceof DriverError && (LINK_FAILURES.has(error.kind) || (error.kind === 'bad-response' && GARBLED.has(error.code)));
}

/** One queued exchange a probe may ride on. */
export class CarriedExchange {
  private onWireAt: number | undefined;
  /** Answered or failed already. */
  settled = false;
  private waiting: ((agoMs: number) => void)[] = [];
  private result: Promise<unknown> = Promise.resolve();

  /** The link queue started it: it is on the wire now. */
  wentOut(): void {
    this.onWireAt = performance.now();
    for (const told of this.waiting.splice(0)) told(0);
  }

  /** Its outcome (the promise the caller of the exchange gets; handled here, so riding never leaves it unhandled). */
  settleWith(result: Promise<unknown>): void {
    this.result = result;
    result.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
  }

  /**
   * Rides a probe on this exchange: `onWire(agoMs)` once it is on the wire (how long ago it went out). Resolves true
   * once answered; false when its outcome says nothing certain about the link; rejects as it failed on the wire.
   */
  async carry(onWire?: (agoMs: number) => void): Promise<boolean> {
    if (onWire) {
      if (this.onWireAt !== undefined) onWire(performance.now() - this.onWireAt);
      else this.waiting.push(onWire);
    }
    try {
      await this.result;
      return true;
    } catch (error) {
      if (isDeviceAnswer(error)) return true; // an exception is an answer: the link answers
      if (this.onWireAt !== undefined && failsTheLink(error)) throw error;
      return false;
    }
  }
}

/** The latest exchange a probe may ride on, and the probe counts (sent, carried) for diagnostics. */
export class ProbeCarriers {
  private latest: CarriedExchange | undefined;
  readonly counters = { probesSent: 0, probesCarried: 0 };

  /**
   * @param probeUnit the unit the probe itself reads: only that unit's scan reads carry a probe.
   * @param oneAtATime the link has one request in flight (else nothing carries a probe: see above).
   */
  constructor(
    private readonly probeUnit: number,
    private readonly oneAtATime: boolean,
  ) {}

  /** A carrier for an exchange about to be queued on `lane` to `unitId`, or undefined if it cannot carry a probe. */
  track(lane: Lane, unitId: number, expectsReply: boolean): CarriedExchange | undefined {
    if (!this.oneAtATime || !expectsReply || lane === 'maintenance' || (lane === 'scan' && unitId !== this.probeUnit)) return undefined;
    this.latest = new CarriedExchange();
    return this.latest;
  }

  /**
   * For a probe due now: the latest exchange queued, if it is still waiting for its answer. One answered already says
   * the link answered then, not now: riding on it would let a link that has just gone silent go unnoticed for one more
   * probe period (measured: a silent device called lost ~150 ms later). On a fast link most exchanges are answered
   * before the next probe, so the probe mostly goes itself; it rides where the link is busy and slow, where its own
   * request cost most.
   */
  takeForProbe(): CarriedExchange | undefined {
    const latest = this.latest;
    return latest && !latest.settled ? latest : undefined;
  }
}
