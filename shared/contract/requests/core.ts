/** Core requests: hello, site summary, signal catalog, connection states, telemetry subscription. */
import { z } from 'zod';
import type { RequestTable } from './table';
import { ConnectionStatus } from '../events';
import { PRINTABLE } from '../../site/printable';

const Empty = z.strictObject({});

/** A site label in the UI's languages. */
export const LabelSummary = z.object({ en: z.string(), 'zh-CN': z.string().optional() });
export type LabelSummary = z.infer<typeof LabelSummary>;

export const TagSummary = z.object({
  name: z.string(),
  address: z.string(),
  type: z.string(),
  unit: z.string().optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  writable: z.boolean(),
  description: z.string().optional(),
  label: LabelSummary.optional(),
  /** Texts of enum/boolean values by raw value. */
  states: z.record(z.string(), LabelSummary).optional(),
  /** Raw-to-engineering scale when not 1 (an int16 with scale 0.1 shows one decimal). */
  scale: z.number().optional(),
  /** A value not confirmed for this long is stale (from its scan class and protocol). */
  staleAfterMs: z.number().optional(),
  /** What history keeps when not every change (the site file's `history`): nothing, or one sample per interval. */
  history: z.union([z.literal(false), z.object({ minIntervalMs: z.number() })]).optional(),
});

export const EquipmentSummary = z.object({
  id: z.string(),
  name: z.string(),
  label: LabelSummary.optional(),
  type: z.string(),
  connectionId: z.string(),
  protocol: z.string(),
  tags: z.array(TagSummary),
  /** The 2–4 tags the fleet overview shows (the site's `keyTags`, else defaults per type). */
  keyTags: z.array(z.string()).default([]),
  commands: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      motion: z.boolean(),
      confirm: z.boolean(),
      /** The tag a setpoint or jog writes (its range and unit apply). */
      tag: z.string().optional(),
      /** A method's input, if it takes one (its range and unit apply, as a setpoint's tag's do). */
      argument: z.object({ type: z.string(), range: z.tuple([z.number(), z.number()]).optional(), unit: z.string().optional() }).optional(),
      label: LabelSummary.optional(),
      /** The weakest role the site allows to run it. */
      minRole: z.string().optional(),
    }),
  ),
  /** Interlocks by id with their reason, so a refusal `interlock:<id>` can be shown in the viewer's language. */
  interlocks: z.array(z.object({ id: z.string(), reason: LabelSummary })).optional(),
});
export type EquipmentSummary = z.infer<typeof EquipmentSummary>;

/** One telemetry signal: the id used in frames, and what it is. */
export const SignalInfo = z.object({ id: z.number().int(), equipmentId: z.string(), tag: z.string(), type: z.string(), unit: z.string().optional() });
export type SignalInfo = z.infer<typeof SignalInfo>;

/**
 * The name a client gives its console (shown in take-over prompts and the audit): printable text, 1–40 characters
 * after trimming — no control, format or line-separator characters that could forge a line in a prompt or log.
 */
export const ConsoleName = z.string().trim().min(1).max(40).regex(PRINTABLE, 'printable characters only');

export const coreRequests = {
  /** `consoleName` names this client's console from now on (default: the carrier's, e.g. the host's name in Electron). */
  'engine.hello': {
    access: 'read',
    /** `consoleKey`: the key this engine gave this console before (kept across reconnects; a login throttle key). */
    request: z.strictObject({ client: z.string().max(64), consoleName: ConsoleName.optional(), consoleKey: z.string().max(64).optional() }),
    reply: z.object({
      /** The name this console now carries. */
      consoleName: z.string(),
      /** The key to present at the next hello (the one given, when this engine issued it; else a fresh one). */
      consoleKey: z.string().optional(),
      engineVersion: z.string(),
      contractVersion: z.number().int(),
      site: z.object({ name: z.string(), label: LabelSummary.optional(), locale: z.string(), file: z.string() }),
      startedAt: z.number(),
    }),
  },
  'site.summary': {
    access: 'read',
    request: Empty,
    reply: z.object({
      connections: z.array(z.object({ id: z.string(), protocol: z.string(), endpoint: z.string() })),
      equipment: z.array(EquipmentSummary),
    }),
  },
  'signals.catalog': { access: 'read',
    request: Empty, reply: z.object({ signals: z.array(SignalInfo) }) },
  'connections.list': { access: 'read',
    request: Empty, reply: z.object({ connections: z.array(ConnectionStatus) }) },
  /**
   * Reconnects now (a logged-in user; at most once per the connection's initial backoff delay, capped at a second).
   * `retried: false` says why nothing was done: the connection is connected or already connecting (`not-needed`), or
   * a retry was made moments ago (`too-soon`).
   */
  'connections.retry': { access: 'reconnect',
    request: z.strictObject({ connectionId: z.string().max(64) }),
    reply: z.union([z.strictObject({ retried: z.literal(true) }), z.strictObject({ retried: z.literal(false), notRetried: z.enum(['not-needed', 'too-soon']) })]) },
  /** Starts binary telemetry frames to this client; the first frame carries every known value. */
  'telemetry.subscribe': { access: 'read',
    request: Empty, reply: z.object({ maxHz: z.number() }) },
} satisfies RequestTable;
