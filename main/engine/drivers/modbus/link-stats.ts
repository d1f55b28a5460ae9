/** The Modbus driver's link counters (ModbusDriver.stats), for diagnostics and benchmarks. */
import type { RtuPortStats } from './rtu-port';

export interface ModbusLinkStats {
  requests: number;
  errors: number;
  timeouts: number;
  resyncs: number;
  queueMaxDepth: number;
  /** Requests the site lets the link have in flight at once, and the most it has had. */
  maxInFlight: number;
  maxInFlightSeen: number;
  /** Maintenance requests refused because their lane was full. */
  maintenanceRefused: number;
  /** Link monitor probes sent as a request of their own, and carried by an exchange still waiting for its answer. */
  probesSent: number;
  probesCarried: number;
  deadUnits: number[];
  /** RTU framing only: the pairing port's guard time now (it grows when a device answers late twice) and counters. */
  rtu?: RtuPortStats;
}
