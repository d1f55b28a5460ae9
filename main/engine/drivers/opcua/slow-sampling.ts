/**
 * Monitored items the server samples too slowly for keep-alives to vouch for them. A publish response says nothing
 * changed since the server last sampled, and a server that revised the sampling interval upward (a variable's
 * MinimumSamplingInterval of 3,000 ms on a 100 ms scan class) last looked at the device up to that long ago: confirmed
 * by keep-alives, such a value would show good and young (age ≤ the keep-alive period) while being older than its
 * stale limit, and the gate and alarms would trust it.
 *
 * Such an item is therefore confirmed only by notifications of its own, and leaves the store's confirmation group (the
 * connection's scan class, whose time the screen shows as the age of all its values: DriverContext.confirmedAlone), so
 * the screen ages it from its own arrival as the gate does. A timer restarted by each of its notifications marks it
 * stale just before its stale limit passes, so the screen dims it when the gate stops trusting it. It is good again
 * with its next notification (its value changed).
 */
import { Quality } from '../../../../shared/contract/telemetry';
import { staleAfterPeriodMs } from '../../../../shared/site/stale-after';
import type { Sample, TagBinding } from '../driver';

/** The stale mark comes this much before the limit, so a late timer still marks it before the gate judges it stale. */
const MARK_EARLY_MS = 100;

/**
 * True when keep-alives cannot vouch for an item sampled every `samplingMs`. The stale limit (keep-alive period plus
 * the timeout) leaves the timeout for how long before a publish response the server last sampled, and was built for
 * sampling at the scan period (what a tag asks for unless it says otherwise); slower than both is too slow.
 */
export function tooSlowForKeepAlives(samplingMs: number, publishingMs: number, timeoutMs: number): boolean {
  return samplingMs > Math.max(publishingMs, timeoutMs);
}

/** One item sampled too slowly, and why. */
export interface SlowItem {
  binding: TagBinding;
  requestedMs: number;
  /** The sampling interval the server granted. */
  revisedMs: number;
  staleAfterMs: number;
}

/** The one warning of a connection's slow items (their revised intervals, and what to do). */
export function slowItemsWarning(items: readonly SlowItem[]): string {
  const listed = items
    .slice(0, 5)
    .map((s) => `${s.binding.tag.address} every ${s.revisedMs} ms (asked ${s.requestedMs} ms, stale after ${s.staleAfterMs} ms)`)
    .join('; ');
  const more = items.length > 5 ? ` and ${items.length - 5} more` : '';
  return `the server samples ${items.length} monitored item(s) more slowly than their values may age: ${listed}${more}. Keep-alives do not confirm them: they read stale between their changes; give them a scan class whose stale limit covers the interval`;
}

/** The stale timers of one session's slow items. */
export class SlowItemWatch {
  readonly items: SlowItem[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly emit: (samples: Sample[]) => void,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Watches `binding` when its item is too slow, and returns the timer its notifications restart (`refresh()`, no
   * allocation); undefined for an item keep-alives may confirm. Armed from now: the first notification follows.
   */
  watch(binding: TagBinding, publishingMs: number, requestedMs: number, revisedMs: number): NodeJS.Timeout | undefined {
    if (!tooSlowForKeepAlives(revisedMs, publishingMs, this.timeoutMs)) return undefined;
    const staleAfterMs = staleAfterPeriodMs(publishingMs, { protocol: 'opcua', timeoutMs: this.timeoutMs });
    this.items.push({ binding, requestedMs, revisedMs, staleAfterMs });
    const { signalId } = binding;
    const timer = setTimeout(() => this.emit([{ signalId, value: Number.NaN, quality: Quality.stale, sourceTime: Date.now() }]), Math.max(0, staleAfterMs - MARK_EARLY_MS));
    timer.unref();
    this.timers.push(timer);
    return timer;
  }

  /** Ends every timer (the session's subscriptions are gone or going). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
  }
}
