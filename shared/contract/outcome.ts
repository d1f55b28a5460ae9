/**
 * The one outcome of every command that touches equipment (write, call, jog, stop, take control), whatever the
 * protocol. A refusal names the stage of the command path that refused it, so the UI can show it verbatim.
 */
import { z } from 'zod';

/** Where on the command path a command was refused. */
export const REFUSAL_STAGES = ['authorise', 'session', 'role', 'ownership', 'mode', 'link', 'interlock', 'target', 'value', 'rate', 'audit', 'state'] as const;
export const RefusalStage = z.enum(REFUSAL_STAGES);
export type RefusalStage = z.infer<typeof RefusalStage>;

const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/**
 * Set on the outcome of a command the device acted on when the audit log could not make its records durable (a disk
 * that failed meanwhile): the operator must know it went unrecorded; new commands are refused until the log works.
 */
const unaudited = z.literal(true).optional();

/** The outcome of one command. */
export const CommandOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), latencyMs: z.number(), value: Scalar.optional(), unaudited }),
  z.object({
    status: z.literal('refused'),
    stage: RefusalStage,
    /** Stable code, e.g. `not-owner`, `interlock:trolley-wind`, `out-of-range`. */
    code: z.string(),
    /** Text for the operator, shown as is. */
    text: z.string(),
    /** Values involved (the tag values an interlock saw, the range, the RTT …). */
    values: z.record(z.string(), Scalar).optional(),
  }),
  z.object({ status: z.literal('device-rejected'), code: z.string(), text: z.string(), latencyMs: z.number(), unaudited }),
  z.object({ status: z.literal('verify-mismatch'), expected: Scalar, actual: Scalar, text: z.string(), latencyMs: z.number(), unaudited }),
  z.object({ status: z.literal('timeout'), text: z.string(), latencyMs: z.number(), unaudited }),
]);
export type CommandOutcome = z.infer<typeof CommandOutcome>;

/** A refusal outcome. */
export type Refusal = Extract<CommandOutcome, { status: 'refused' }>;

/** Builds a refusal. */
export function refused(stage: RefusalStage, code: string, text: string, values?: Record<string, number | string | boolean | null>): Refusal {
  return values ? { status: 'refused', stage, code, text, values } : { status: 'refused', stage, code, text };
}
