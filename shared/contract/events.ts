/** Events the engine pushes to every client. */
import { z } from 'zod';
import { ContractErrorShape } from './errors';
import { ControlState, Principal } from './requests/control';
import { AlarmTransition } from './requests/alarms';
import { JogLimitEvent, LinkQualityEvent } from './requests/link';

export const CONNECTION_STATES = ['disconnected', 'connecting', 'connected', 'degraded', 'backoff', 'failed'] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

/**
 * One scan class's polling figures: cycles run, cycles skipped because the previous one was still running, and reads
 * the device answered (a dead unit's reads, skipped within a cycle, and reads that timed out are not among them).
 */
export const ScanFigures = z.object({ periodMs: z.number(), requestsPerCycle: z.number().int(), cycles: z.number().int(), skippedCycles: z.number().int(), answered: z.number().int() });
export type ScanFigures = z.infer<typeof ScanFigures>;

/** Where a connection stands, and why. */
export const ConnectionStatus = z.object({
  connectionId: z.string(),
  protocol: z.string(),
  state: ConnectionState,
  since: z.number(),
  attempt: z.number().int(),
  /** Why it is in this state: a driver error kind as `code` (e.g. untrusted-certificate), with details. */
  reason: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
  nextRetryAt: z.number().optional(),
  /** Polling per scan class (polled protocols), since the engine started: cycles run, and cycles skipped because the previous one was still running. */
  scan: z.record(z.string(), ScanFigures).optional(),
  /** With `scan`, on a link with one request in flight: requests that shared it without being scan reads (heartbeat, jogs, commands, probes, maintenance) since the engine started. */
  requestsBesideScan: z.number().int().optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const events = {
  'connection.state': ConnectionStatus,
  'engine.notice': z.object({ level: z.enum(['info', 'warn', 'error']), code: z.string(), message: z.string(), at: z.number() }),
  /** A message from this client was refused; sent when it had no request id to reply to. */
  'contract.error': ContractErrorShape,
  /** Control of an equipment changed hands (taken, released, taken over, lost with the link). Sent to every client. */
  'control.changed': ControlState,
  /** This client's login changed: logged in, logged out, or locked after inactivity. */
  'session.changed': z.object({ principal: Principal.nullable(), reason: z.enum(['login', 'logout', 'locked']) }),
  /** An alarm changed state (ISA-18.2), with the user who caused it when one did. Sent to every client. */
  'alarm.changed': AlarmTransition,
  /** A jog of this client was stopped by the engine (hold stream ended, focus lost, link lost, control lost). */
  'jog.stopped': z.object({ equipmentId: z.string(), command: z.string(), code: z.string(), text: z.string() }),
  /** An equipment's link quality changed (good / degraded / unsafe / lost, after hysteresis). */
  'link.quality': LinkQualityEvent,
  /** An equipment's allowed jog speed changed (latency-adaptive limit), for the panels beside the jog controls. */
  'jog.limit': JogLimitEvent,
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<N extends EventName> = z.output<Events[N]>;

/** True when `name` is an event of the contract. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
