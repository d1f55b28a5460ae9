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

export interface DeviceProbe {
  read(url: URL, address: string, options: ProbeOptions): Promise<ProbeValue[]>;
  write(url: URL, address: string, value: string, options: ProbeOptions): Promise<void>;
  /** Sends `count` cheap requests `intervalMs` apart; calls onReply for each; never throws for a lost reply. */
  ping(url: URL, count: number, intervalMs: number, options: ProbeOptions, onReply: (seq: number, reply: PingReply) => void): Promise<PingReply[]>;
}
