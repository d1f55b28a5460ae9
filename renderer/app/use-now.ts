/** The current time, refreshed every `periodMs`: re-renders a view whose text depends on time (ages, counters). */
import { useEffect, useState } from 'react';

/** `clock()`, re-read every `periodMs` (`clock` must keep its identity). */
function useClock(clock: () => number, periodMs: number): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    setNow(clock()); // the period changed (e.g. a countdown starts): start from now, not from the last tick
    const timer = setInterval(() => setNow(clock()), periodMs);
    return () => clearInterval(timer);
  }, [clock, periodMs]);
  return now;
}

const wallClock = () => Date.now();
const monotonicClock = () => performance.now();

/** `Date.now()`, re-read every `periodMs`. */
export function useNow(periodMs = 1000): number {
  return useClock(wallClock, periodMs);
}

/** `performance.now()` (no clock step moves it: for durations), re-read every `periodMs`. */
export function useMonotonicNow(periodMs = 1000): number {
  return useClock(monotonicClock, periodMs);
}
