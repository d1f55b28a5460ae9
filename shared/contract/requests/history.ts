/** History requests: trends as min/max and first/last per pixel bucket, and CSV export of raw values. */
import { z } from 'zod';
import type { RequestTable } from './table';

/** Engine-clock ms within the range a Date can hold (±8.64e15). */
const Time = z.number().min(-8.64e15).max(8.64e15);
const Range = { from: Time, to: Time };
/** A range must run forward. */
const forward = (r: { from: number; to: number }) => r.to > r.from;
const FORWARD = { message: 'to must be after from', path: ['to'] };

/** Most rows in one export page (about 2 MB of CSV). */
export const EXPORT_PAGE_ROWS = 25_000;
/** Where an export page ended: its last row's time and signal (rows come in that order). */
export const ExportCursor = z.strictObject({ t: Time, signalId: z.number().int().min(0) });
export type ExportCursor = z.infer<typeof ExportCursor>;

/** One signal's trend: per bucket its time, min, max, first and last (four points per bucket; a chart asks a bucket per two pixels). */
export const TrendSeries = z.object({
  signalId: z.number().int(),
  t: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
  /**
   * Per bucket its first and last value (a chart ends the bucket on `last`, the value in effect at its end); null
   * for a bucket of intervals rolled up before rollups kept them. Absent from engines of before.
   */
  first: z.array(z.number().nullable()).optional(),
  last: z.array(z.number().nullable()).optional(),
  /** 'raw' or 'rollup' (older than the raw window: per-interval min/max). */
  source: z.enum(['raw', 'rollup']),
  /** Periods without a good value (stale, bad), [start, end): a chart leaves them empty, never bridging an outage. */
  gaps: z.array(z.tuple([z.number(), z.number()])).optional(),
  /**
   * Periods whose value was of uncertain quality (the device doubted it), [start, end), found as gaps are (joined when
   * less than a bucket apart, at most one per pixel; one at `from` when the range starts inside one): a chart draws them
   * as it draws a live uncertain value, never as the good line. Their values still count in the buckets. To the sample
   * in the raw part of a range; older than raw retention, to the rollup interval (a minute: each counts its uncertain
   * values; minutes rolled up by engines of before have no count, and none is marked). Absent from engines of before.
   */
  uncertain: z.array(z.tuple([z.number(), z.number()])).optional(),
  /** The good value in effect at `from` (its last change before the range), so a quiet signal still draws. */
  carry: z.object({ t: z.number(), value: z.number() }).optional(),
});
export type TrendSeries = z.infer<typeof TrendSeries>;

/** The history request table. */
export const historyRequests = {
  'history.query': {
    access: 'read',
    /** `widthPx`: buckets over the range (a chart asks one per two pixels: four values a bucket, two points a pixel). */
    request: z.strictObject({ signalIds: z.array(z.number().int().min(0)).min(1).max(32), ...Range, widthPx: z.number().int().min(1).max(8000) }).refine(forward, FORWARD),
    reply: z.object({ series: z.array(TrendSeries) }),
  },
  /**
   * Raw values of a range as CSV (time ISO, signal, equipment, tag, value, unit, quality, recorded_every_ms), in (time,
   * signal) order, one page of at most `maxRows`: a truncated page gives `next`, which the next request passes as
   * `after` (its CSV has the header line again). Pages are kept small so that encoding one never holds the engine's
   * event loop for long (250,000 rows in one reply held it 54–88 ms; the heartbeat runs every 100 ms).
   */
  'history.export': {
    access: 'read',
    request: z
      .strictObject({ signalIds: z.array(z.number().int().min(0)).min(1).max(256), ...Range, maxRows: z.number().int().min(1).max(EXPORT_PAGE_ROWS).default(EXPORT_PAGE_ROWS), after: ExportCursor.optional() })
      .refine(forward, FORWARD),
    reply: z.object({ csv: z.string(), rows: z.number().int(), truncated: z.boolean(), next: ExportCursor.optional() }),
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
      /** Damaged chunks of raw history (a disk problem) that compaction dropped unread since the engine started. */
      damagedChunksDropped: z.number().int().nonnegative().optional(),
    }),
  },
} satisfies RequestTable;
