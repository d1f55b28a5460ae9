/** The current time, refreshed every `periodMs`: re-renders a view whose text depends on time (ages, counters). */
import { useEffect, useState } from 'react';

/** `Date.now()`, re-read every `periodMs`. */
export function useNow(periodMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
