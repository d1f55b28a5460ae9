/** Link health: per-connection latency statistics, per-equipment quality and jog limits, and the link lab's profile. */
import { z } from 'zod';
import type { RequestTable } from './table';

/** The quality levels of an equipment's link (worst last). */
export const LINK_QUALITIES = ['good', 'degraded', 'unsafe', 'lost'] as const;
/** One quality level. */
export const LinkQualityName = z.enum(LINK_QUALITIES);

/** Why an equipment's link is below good. */
export const LinkReason = z.object({ code: z.string(), text: z.string() });

/** Sent when an equipment's link quality changes (after hysteresis). */
export const LinkQualityEvent = z.object({
  equipmentId: z.string(),
  connectionId: z.string(),
  quality: LinkQualityName,
  since: z.number(),
  reason: LinkReason.optional(),
  /** RTT p95 over the quality window, ms. */
  rttP95Ms: z.number().optional(),
  lossPct: z.number(),
});

/** Sent when an equipment's allowed jog speed changes: the fraction of full speed the curve allows now. */
export const JogLimitEvent = z.object({
  equipmentId: z.string(),
  /** The RTT the limit is computed from (p95 over the gate's short window), ms. */
  rttMs: z.number().optional(),
  /** 0..1 of full speed. */
  fraction: z.number(),
  /** Motion refused outright (RTT above the unsafe threshold, link unsafe or lost). */
  refused: z.boolean(),
  reason: LinkReason.optional(),
});

const WindowStats = z.object({
  windowMs: z.number(),
  samples: z.number(),
  min: z.number().optional(),
  p50: z.number().optional(),
  p95: z.number().optional(),
  p99: z.number().optional(),
  max: z.number().optional(),
  jitter: z.number().optional(),
  probesSent: z.number(),
  probesLost: z.number(),
  lossPct: z.number(),
  histogram: z.array(z.number()),
});

/** One connection's figures. */
export const LinkStats = z.object({
  connectionId: z.string(),
  probe: z.object({ periodMs: z.number(), timeoutMs: z.number() }),
  silent: z.boolean(),
  answerAgeMs: z.number().optional(),
  counters: z.object({ probes: z.number(), answered: z.number(), lost: z.number(), silences: z.number(), reconnects: z.number() }),
  /** Upper edges (ms) of the histogram buckets; the last bucket is everything above. */
  histogramEdgesMs: z.array(z.number()),
  /** 10 s, 1 min, 10 min. */
  windows: z.array(WindowStats),
  /** One point per second, oldest first (at most `historySeconds`). */
  history: z.array(z.object({ at: z.number(), p50: z.number().nullable(), p95: z.number().nullable(), max: z.number().nullable(), lossPct: z.number() })),
  equipment: z.array(
    z.object({
      quality: LinkQualityEvent,
      jog: JogLimitEvent,
      /** The engine's last quality changes of this equipment, newest first (full replies only): a reload keeps them. */
      transitions: z.array(LinkQualityEvent.pick({ quality: true, since: true, reason: true, rttP95Ms: true, lossPct: true })).optional(),
    }),
  ),
});
/** One connection's figures (the `link.stats` reply element). */
export type LinkStats = z.infer<typeof LinkStats>;

/** The link-health request table. */
export const linkRequests = {
  /** Latency statistics, quality and jog limits; `connectionId` narrows to one connection. */
  'link.stats': {
    access: 'read',
    request: z.strictObject({
      connectionId: z.string().max(64).optional(),
      historySeconds: z.number().int().min(0).max(600).default(60),
      /** Only the 10 s window: the figures a header polls every second (smaller reply). */
      brief: z.boolean().default(false),
    }),
    reply: z.object({
      links: z.array(LinkStats),
      /** Present when a link lab runs in front of the simulators (demo/lab runs): the profile now and the named ones. */
      lab: z.object({ profile: z.string().optional(), profiles: z.array(z.string()) }).optional(),
    }),
  },
  /** The engine's clock now (ms since epoch), for the renderer's clock-offset estimate (console-side latency). */
  'link.clock': {
    access: 'read',
    request: z.strictObject({}),
    reply: z.object({ engineTime: z.number() }),
  },
  /** The link lab's impairment profile in front of the simulators (demo/lab runs only; refused otherwise). */
  'link.profile': {
    access: 'admin',
    request: z.strictObject({ profile: z.string().min(1).max(32) }),
    reply: z.object({ profile: z.string(), proxies: z.number().int() }),
  },
} satisfies RequestTable;
