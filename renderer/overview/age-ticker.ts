/**
 * Ages on the overview are text that changes with time, not with data: one shared timer rewrites them in place
 * (textContent) four times a second, so 50 tiles cost no React renders for their ages.
 */

const PERIOD_MS = 250;
const updaters = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Runs `update` now and every 250 ms until the returned function is called. */
export function everyAgeTick(update: () => void): () => void {
  updaters.add(update);
  update();
  timer ??= setInterval(() => {
    for (const run of updaters) run();
  }, PERIOD_MS);
  return () => {
    updaters.delete(update);
    if (updaters.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** An age as short text: tenths below 10 s so it never jumps in whole seconds, whole seconds above, then minutes. */
export function ageText(ms: number, seconds: (n: string) => string, minutes: (n: string) => string): string {
  if (ms < 10_000) return seconds((Math.floor(ms / 100) / 10).toFixed(1));
  if (ms < 120_000) return seconds(String(Math.floor(ms / 1000)));
  return minutes(String(Math.floor(ms / 60_000)));
}
