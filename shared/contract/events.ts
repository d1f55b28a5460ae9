/** Events the engine pushes to every client. */
import { z } from 'zod';
import { ContractErrorShape } from './errors';

export const CONNECTION_STATES = ['disconnected', 'connecting', 'connected', 'degraded', 'backoff', 'failed'] as const;
export const ConnectionState = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof ConnectionState>;

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
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const events = {
  'connection.state': ConnectionStatus,
  'engine.notice': z.object({ level: z.enum(['info', 'warn', 'error']), code: z.string(), message: z.string(), at: z.number() }),
  /** A message from this client was refused; sent when it had no request id to reply to. */
  'contract.error': ContractErrorShape,
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<N extends EventName> = z.output<Events[N]>;

/** True when `name` is an event of the contract. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
