/**
 * Milliseconds on the epoch scale that never go back: the process's start time plus a monotonic count. Link timing
 * (answer ages, probe timeouts, silence, the sliding windows) on `Date.now` went wrong when the wall clock was stepped
 * back (NTP): every answer looked recent, so a dead link stayed "good" for as long as the step. For ages and timeouts
 * only: a time that leaves the link code (an event's `since`, a sample time, a chart point) is `Date.now()`, the clock
 * every other engine time and the renderer's clock offset are on.
 */
export const steadyNow = (): number => performance.timeOrigin + performance.now();
