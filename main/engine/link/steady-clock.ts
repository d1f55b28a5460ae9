/**
 * Milliseconds on the epoch scale that never go back: the process's start time plus a monotonic count. Link timing
 * (answer ages, probe timeouts, silence, the sliding windows) on `Date.now` went wrong when the wall clock was stepped
 * back (NTP): every answer looked recent, so a dead link stayed "good" for as long as the step.
 */
export const steadyNow = (): number => performance.timeOrigin + performance.now();
