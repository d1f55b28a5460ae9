/** What every built-in simulator provides to `rec-console sim`, `npm start` and tests. */

/** A started simulator. */
export interface RunningSimulator {
  /** Name as printed by `rec-console sim` (crane, ladle, rig). */
  name: string;
  /** Console URL of its endpoint, e.g. `modbus-tcp://127.0.0.1:15020?unit=1`. */
  url: string;
  /** Stops it and frees its port; never rejects. */
  close(): Promise<void>;
}

export interface SimulatorStartOptions {
  host: string;
  /** 0 = an ephemeral port. */
  port: number;
  /** Per-user data directory (e.g. the OPC UA server's PKI). */
  dataDir: string;
}

/** One kind of simulator. */
export interface SimulatorSpec {
  name: string;
  description: string;
  /** Offset added to `--base-port` (fixed, so the demo site's ports are predictable). */
  portOffset: number;
  start(options: SimulatorStartOptions): Promise<RunningSimulator>;
}
