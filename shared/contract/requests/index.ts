/** Every request of the contract, merged from the per-domain tables. */
import { coreRequests } from './core';
import { modbusRequests } from './modbus';
import { opcuaRequests } from './opcua';
import { controlRequests } from './control';
import { alarmRequests } from './alarms';
import { historyRequests } from './history';
import { linkRequests } from './link';
import { auditRequests } from './audit';
import type { z } from 'zod';

export const requests = { ...coreRequests, ...modbusRequests, ...opcuaRequests, ...controlRequests, ...alarmRequests, ...historyRequests, ...linkRequests, ...auditRequests };

export type Requests = typeof requests;
export type RequestName = keyof Requests;
/** What a caller sends for request N. */
export type RequestOf<N extends RequestName> = z.input<Requests[N]['request']>;
/** What the engine answers to request N. */
export type ReplyOf<N extends RequestName> = z.output<Requests[N]['reply']>;

/** The names, as a set: a lookup in the merged table (a large object in dictionary mode) cost a microsecond. */
const REQUEST_NAMES: ReadonlySet<string> = new Set(Object.keys(requests));

/** True when `name` is a request of the contract (an own key, never a prototype property). */
export function isRequestName(name: string): name is RequestName {
  return REQUEST_NAMES.has(name);
}
