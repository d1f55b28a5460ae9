/** Exponential, jittered, capped backoff (the delay before reconnect attempt n). */

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the delay is drawn uniformly from ±jitter around the nominal value, so consoles do not reconnect in lockstep. */
  jitter: number;
}

/** Delay before attempt `attempt` (1-based), never above maxMs. `random` is injectable for tests. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
  const spread = nominal * policy.jitter;
  return Math.max(0, Math.min(policy.maxMs, Math.round(nominal - spread + 2 * spread * random())));
}
