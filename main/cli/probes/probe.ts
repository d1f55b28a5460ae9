/**
 * A device probe serves the CLI's read / write / ping (and browse) for one URL scheme. The commands in
 * main/cli/commands/ parse arguments and print; probes talk to the device through the engine's drivers.
 */

/** Options the CLI passes through; each probe uses the ones that apply to its protocol. */
export interface ProbeOptions {
  /** Modbus: number of values (default 1). */
  count?: number;
  /** Data type name (see shared/site/data-types.ts), or an OPC UA built-in type for writes. */
  type?: string;
  /** Modbus word order ABCD | CDAB | BADC | DCBA. */
  order?: string;
  /** OPC UA: None | Sign | SignAndEncrypt, policy name, user name (password from REC_OPCUA_PASSWORD or a prompt). */
  security?: string;
  policy?: string;
  user?: string;
  /** Request timeout in ms. */
  timeoutMs?: number;
  /** Per-user data directory (OPC UA PKI). */
  dataDir?: string;
  /** OPC UA: let NaN/±Infinity through to a Float/Double (refused otherwise). */
  allowNonFinite?: boolean;
}

/** One value read, as printed: `ADDRESS VALUE`. */
export interface ProbeValue {
  address: string;
  value: number | string | boolean | bigint | null;
}

/** One ping exchange: its round-trip time in ms, or null when it timed out or failed. */
export type PingReply = number | null;

/** Whether a device took several requests in flight (`ping --in-flight`; Modbus TCP only). */
export interface PipeliningReport {
  inFlight: number;
  rounds: number;
  /** Requests lost one at a time (before any were sent together): a lossy link, and then no verdict. */
  singleFailed: number;
  /** Requests sent in flight together, answered with their own reply, answered with another request's. */
  sent: number;
  answered: number;
  mispaired: number;
  /** Failed requests by error code (modbus-timeout, modbus-link-lost …). */
  failures: Record<string, number>;
  /** One request on its own, and a round of `inFlight` together (p50, ms). */
  oneAtATimeP50Ms: number | null;
  roundP50Ms: number | null;
  /** Nothing lost one at a time, every request in flight answered with its own reply, the link never lost. */
  takesPipelining: boolean;
}

export interface DeviceProbe {
  read(url: URL, address: string, options: ProbeOptions): Promise<ProbeValue[]>;
  write(url: URL, address: string, value: string, options: ProbeOptions): Promise<void>;
  /** Sends `count` cheap requests `intervalMs` apart; calls onReply for each; never throws for a lost reply. */
  ping(url: URL, count: number, intervalMs: number, options: ProbeOptions, onReply: (seq: number, reply: PingReply) => void): Promise<PingReply[]>;
  /** Sends `inFlight` register reads at once from `address`, `rounds` times (protocols that can pipeline only). */
  pipelining?(url: URL, address: string, inFlight: number, rounds: number, options: ProbeOptions): Promise<PipeliningReport>;
}
