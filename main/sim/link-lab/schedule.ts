/**
 * The pure timing of one direction of one proxied connection: when each chunk may be released. No timers, no
 * sockets, so the order, bandwidth and stall rules are unit-tested with explicit clocks.
 */
import { nextRandom } from '../modbus-server/plc/rng';
import type { DirectionParams } from './profiles';

/** When a chunk goes out and why. */
export interface ChunkTiming {
  /** Absolute release time (ms, same clock as the arrival). */
  releaseAt: number;
  /** The one-way delay drawn for it (ms, before ordering and stalls). */
  delayMs: number;
  /** When the bandwidth cap let it depart (ms). */
  departAt: number;
  /** True when a retransmission stall was injected at this chunk. */
  stalled: boolean;
}

/** Burst of the token bucket: 50 ms worth of the rate, at least 16 KiB (one large TCP read passes unsplit). */
export function bucketBurstBytes(bandwidthBps: number): number {
  return Math.max(16 * 1024, bandwidthBps * 0.05);
}

/** A token bucket in virtual time: `depart(t, n)` says when n bytes arriving at t may leave, keeping FIFO order. */
export class TokenBucket {
  private tokens = Number.POSITIVE_INFINITY;
  private at = Number.NEGATIVE_INFINITY;

  /** Departure time (ms) of `bytes` arriving at `arrivalMs` under `bandwidthBps` (0 = unlimited). */
  depart(arrivalMs: number, bytes: number, bandwidthBps: number): number {
    if (bandwidthBps <= 0) {
      this.tokens = Number.POSITIVE_INFINITY;
      this.at = Math.max(this.at, arrivalMs);
      return this.at;
    }
    const burst = bucketBurstBytes(bandwidthBps);
    const start = Math.max(arrivalMs, this.at);
    const refill = Number.isFinite(this.at) ? ((start - this.at) * bandwidthBps) / 1000 : burst;
    this.tokens = Math.min(burst, this.tokens + refill);
    // A chunk larger than what is in the bucket waits for the missing tokens, then leaves the bucket empty.
    const wait = this.tokens >= bytes ? 0 : ((bytes - this.tokens) * 1000) / bandwidthBps;
    this.tokens = Math.max(0, this.tokens - bytes);
    this.at = start + wait;
    return this.at;
  }
}

/** 32-bit state for stream `stream` of a seed (each connection direction draws from its own stream). */
export function streamSeed(seed: number, stream: number): number {
  let state = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  [, state] = nextRandom(state); // one step mixes neighbouring streams apart
  return state;
}

/** The schedule of one direction: jittered delay, kept in order, shaped by a token bucket, with seeded stalls. */
export class DirectionSchedule {
  private lastReleaseAt = Number.NEGATIVE_INFINITY;
  private readonly bucket = new TokenBucket();

  constructor(private rngState: number) {}

  /** Draws the next uniform value in [0, 1). */
  private random(): number {
    const [value, next] = nextRandom(this.rngState);
    this.rngState = next;
    return value;
  }

  /**
   * Times a chunk of `bytes` arriving at `arrivalMs`. Always draws exactly two random numbers (jitter, then loss) so
   * the sequence of stalls depends only on the seed and the number of chunks, not on the parameters.
   */
  schedule(arrivalMs: number, bytes: number, params: DirectionParams, lossRate: number, stallMs: number): ChunkTiming {
    const jitterDraw = this.random();
    const lossDraw = this.random();
    const delayMs = Math.max(0, params.delayMs + (jitterDraw * 2 - 1) * params.jitterMs);
    const departAt = this.bucket.depart(arrivalMs, bytes, params.bandwidthBps);
    const stalled = lossDraw < lossRate;
    // TCP delivers in order: a chunk never overtakes the one before it, so a stall also holds everything behind it.
    const releaseAt = Math.max(departAt + delayMs, this.lastReleaseAt) + (stalled ? stallMs : 0);
    this.lastReleaseAt = releaseAt;
    return { releaseAt, delayMs, departAt, stalled };
  }

  /** Release time of a close that follows the data already scheduled (ms). */
  scheduleClose(nowMs: number, closeDelayMs: number): number {
    const at = Math.max(nowMs, this.lastReleaseAt) + closeDelayMs;
    this.lastReleaseAt = at;
    return at;
  }
}
