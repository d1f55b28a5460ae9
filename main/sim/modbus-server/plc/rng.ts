/** A seedable PRNG (mulberry32) whose state lives in the model, so a model step stays a pure function. */

/** The next uniform value in [0, 1) and the next state. */
export function nextRandom(state: number): [value: number, next: number] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** Noise in [-amplitude, +amplitude] and the next state. */
export function noise(state: number, amplitude: number): [value: number, next: number] {
  const [u, next] = nextRandom(state);
  return [(u * 2 - 1) * amplitude, next];
}
