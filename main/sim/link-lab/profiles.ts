/** The link lab's named impairment profiles (one table) and the parameter types they are made of. See PROFILES.md. */

/** Impairment of one direction of a link. */
export interface DirectionParams {
  /** Mean one-way delay added to every chunk (ms). */
  delayMs: number;
  /** Each chunk's delay is uniform in [delayMs - jitterMs, delayMs + jitterMs] (clamped at 0; order is kept). */
  jitterMs: number;
  /** Bandwidth cap in bytes/s (0 = unlimited), as a token bucket. */
  bandwidthBps: number;
}

/** Everything that shapes the bytes of a link at one moment. `up` is client → server, `down` server → client. */
export interface LinkParams {
  up: DirectionParams;
  down: DirectionParams;
  /** Probability per chunk (each direction) of a retransmission stall. */
  lossRate: number;
  /** How long a stalled chunk and everything behind it is held (ms), like a TCP retransmission timeout. */
  stallMs: number;
  /** How long a close (FIN) is held after the data before it, before it reaches the other side (ms). */
  closeDelayMs: number;
}

/** Outages on a schedule: the first starts `firstAtMs` after the profile is applied, then one every `everyMs`. */
export interface OutageSchedule {
  durationMs: number;
  firstAtMs: number;
  /** Omitted = a single outage. */
  everyMs?: number;
}

/** A named or custom profile. */
export interface LinkProfile {
  name: string;
  description: string;
  params: LinkParams;
  /** Ramp linearly from `params` to `rampTo.params` over `rampTo.overMs`, then stay there. */
  rampTo?: { params: LinkParams; overMs: number };
  outage?: OutageSchedule;
  /** Bytes vanish in both directions, closes are held, sockets stay open. */
  halfOpen?: boolean;
}

const RTO_MS = 200; // Linux's minimum TCP retransmission timeout: a lost segment costs at least this much.

/** One-way parameters symmetric in both directions: `rttMs` is split evenly. */
function symmetric(rttMs: number, jitterMs: number, lossRate: number, bandwidthBps = 0): LinkParams {
  const dir = { delayMs: rttMs / 2, jitterMs, bandwidthBps };
  return { up: { ...dir }, down: { ...dir }, lossRate, stallMs: RTO_MS, closeDelayMs: 0 };
}

/** A link with a fixed round trip and nothing else (no jitter, loss or bandwidth limit): tests and benches. */
export function fixedRttProfile(rttMs: number): LinkProfile {
  return { name: `rtt-${rttMs}`, description: `fixed ${rttMs} ms`, params: symmetric(rttMs, 0, 0) };
}

const NONE = symmetric(0, 0, 0);
const GOOD = symmetric(10, 1, 0, 12_500_000); // 100 Mbit/s uplink is modest for 5G SA
const CONGESTED = symmetric(40, 5, 0.005, 1_250_000); // 10 Mbit/s
const LTE = symmetric(80, 15, 0.002, 625_000); // 5 Mbit/s
const UNSAFE = symmetric(250, 40, 0.03, 250_000); // beyond the ~150-200 ms where remote crane operation fails

/** Every named profile, by name. */
export const LINK_PROFILES: Readonly<Record<string, LinkProfile>> = Object.fromEntries(
  [
    { name: 'lan', description: 'no impairment', params: NONE },
    { name: '5g-good', description: '5G SA, uncongested cell: 10 ms RTT, ±1 ms jitter', params: GOOD },
    { name: '5g-congested', description: 'busy 5G cell: 40 ms RTT, ±5 ms jitter, 0.5% stalls', params: CONGESTED },
    { name: '4g', description: 'LTE: 80 ms RTT, ±15 ms jitter, 0.2% stalls, 5 Mbit/s', params: LTE },
    { name: 'degrading', description: 'ramps from 5g-good to unsafe (250 ms RTT, 3% stalls) over 60 s', params: GOOD, rampTo: { params: UNSAFE, overMs: 60_000 } },
    { name: 'outage-1s', description: '5g-good with a 1 s outage every 10 s (first at once)', params: GOOD, outage: { durationMs: 1000, firstAtMs: 0, everyMs: 10_000 } },
    { name: 'outage-30s', description: '5g-good with a 30 s outage every 90 s (first at once)', params: GOOD, outage: { durationMs: 30_000, firstAtMs: 0, everyMs: 90_000 } },
    { name: 'half-open', description: 'bytes vanish both ways, sockets stay open, no close', params: GOOD, halfOpen: true },
    { name: 'slow-close', description: '5g-good, but a close reaches the other side 5 s late', params: { ...GOOD, closeDelayMs: 5000 } },
  ].map((p) => [p.name, p]),
);

/** The names of every profile, in table order. */
export const LINK_PROFILE_NAMES = Object.keys(LINK_PROFILES);

/** A named profile, or a clear error listing the names. */
export function profileByName(name: string): LinkProfile {
  const profile = LINK_PROFILES[name];
  if (!profile) throw new Error(`unknown link profile "${name}" (available: ${LINK_PROFILE_NAMES.join(', ')})`);
  return profile;
}

/** Round trip the parameters add (ms): both one-way delays. */
export function configuredRttMs(params: LinkParams): number {
  return params.up.delayMs + params.down.delayMs;
}

const lerp = (a: number, b: number, f: number) => a + (b - a) * f;
const lerpDirection = (a: DirectionParams, b: DirectionParams, f: number): DirectionParams => ({
  delayMs: lerp(a.delayMs, b.delayMs, f),
  jitterMs: lerp(a.jitterMs, b.jitterMs, f),
  // 0 means unlimited: a ramp from unlimited starts at the target cap rather than at infinity.
  bandwidthBps: a.bandwidthBps === 0 || b.bandwidthBps === 0 ? b.bandwidthBps : lerp(a.bandwidthBps, b.bandwidthBps, f),
});

/** The parameters a profile applies `elapsedMs` after it was set. */
export function paramsAt(profile: LinkProfile, elapsedMs: number): LinkParams {
  const ramp = profile.rampTo;
  if (!ramp) return profile.params;
  const f = ramp.overMs <= 0 ? 1 : Math.min(1, Math.max(0, elapsedMs / ramp.overMs));
  const [a, b] = [profile.params, ramp.params];
  return {
    up: lerpDirection(a.up, b.up, f),
    down: lerpDirection(a.down, b.down, f),
    lossRate: lerp(a.lossRate, b.lossRate, f),
    stallMs: lerp(a.stallMs, b.stallMs, f),
    closeDelayMs: lerp(a.closeDelayMs, b.closeDelayMs, f),
  };
}

/** Refuses parameters that make no sense (negative, NaN, loss outside 0..1), with what is wrong. */
export function validateProfile(profile: LinkProfile): void {
  const check = (params: LinkParams, where: string) => {
    for (const [dir, d] of [['up', params.up], ['down', params.down]] as const) {
      for (const key of ['delayMs', 'jitterMs', 'bandwidthBps'] as const) {
        if (!Number.isFinite(d[key]) || d[key] < 0) throw new Error(`link profile "${profile.name}": ${where}${dir}.${key} must be a finite number ≥ 0`);
      }
    }
    if (!(params.lossRate >= 0 && params.lossRate <= 1)) throw new Error(`link profile "${profile.name}": ${where}lossRate must be 0..1`);
    for (const key of ['stallMs', 'closeDelayMs'] as const) {
      if (!Number.isFinite(params[key]) || params[key] < 0) throw new Error(`link profile "${profile.name}": ${where}${key} must be a finite number ≥ 0`);
    }
  };
  check(profile.params, '');
  if (profile.rampTo) check(profile.rampTo.params, 'rampTo.');
  const o = profile.outage;
  if (o && !(o.durationMs > 0 && o.firstAtMs >= 0 && (o.everyMs === undefined || o.everyMs > o.durationMs))) {
    throw new Error(`link profile "${profile.name}": outage needs durationMs > 0, firstAtMs ≥ 0 and everyMs > durationMs`);
  }
}
