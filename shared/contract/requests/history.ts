/** History requests: trends as min/max per pixel bucket, and CSV export of raw values. */
import { z } from 'zod';
import type { RequestTable } from './table';

const Range = { from: z.number(), to: z.number() };

/** One signal's trend: per bucket its time, min and max (so a chart gets at most two points per pixel). */
export const TrendSeries = z.object({
  signalId: z.number().int(),
  t: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
  /** 'raw' or 'rollup' (older than the raw window: per-interval min/max). */
  source: z.enum(['raw', 'rollup']),
  /** Periods without a good value (stale, bad), [start, end): a chart leaves them empty, never bridging an outage. */
  gaps: z.array(z.tuple([z.number(), z.number()])).optional(),
  /** The good value in effect at `from` (its last change before the range), so a quiet signal still draws. */
  carry: z.object({ t: z.number(), value: z.number() }).optional(),
});
export type TrendSeries = z.infer<typeof TrendSeries>;

/** The history request table. */
export const historyRequests = {
  'history.query': {
    access: 'read',
    request: z.strictObject({ signalIds: z.array(z.number().int().min(0)).min(1).max(32), ...Range, widthPx: z.number().int().min(1).max(8000) }),
    reply: z.object({ series: z.array(TrendSeries) }),
  },
  /** Raw values of a range as CSV (time ISO, signal, equipment, tag, value, quality), capped at `maxRows` (page by time for more). */
  'history.export': {
    access: 'read',
    request: z.strictObject({ signalIds: z.array(z.number().int().min(0)).min(1).max(256), ...Range, maxRows: z.number().int().min(1).max(250_000).default(100_000) }),
    reply: z.object({ csv: z.string(), rows: z.number().int(), truncated: z.boolean() }),
  },
  /** Whether history keeps up: samples written and dropped (the store fell behind) since the engine started, waiting now, bytes on disk. */
  'history.status': {
    access: 'read',
    request: z.strictObject({}),
    reply: z.object({
      written: z.number().int(),
      dropped: z.number().int(),
      buffered: z.number().int(),
      bytes: z.number(),
      /** The last write failure's text, while writes keep failing; absent once a write succeeds. */
      failing: z.string().optional(),
      /** Stored samples waiting for the store's repack into chunks (readable already); absent if the store has none. */
      pending: z.number().int().optional(),
      /** The last repack failure's text, while repacks keep failing (the values stay stored and readable). */
      repackFailing: z.string().optional(),
    }),
  },
} satisfies RequestTable;
