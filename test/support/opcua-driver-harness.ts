/**
 * The OPC UA driver on its own against a server on loopback (security None, anonymous), with everything it reports:
 * samples, confirmations, losses and log entries. `close` ends the driver; the caller ends the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Driver, Sample, TagBinding } from '../../main/engine/drivers/driver';
import type { DriverError } from '../../main/engine/drivers/driver-error';
import { createOpcUaDriver } from '../../main/engine/drivers/opcua';
import type { OpcUaAccess } from '../../main/engine/drivers/opcua/access';
import { createMemoryLogger } from '../../main/engine/log';
import { Connection, Tag } from '../../shared/site/schema';

/** A binding of `address` as signal `signalId` (float64 in scan class `fast` unless `tag` says otherwise). */
export const uaBinding = (signalId: number, address: string, tag: Record<string, unknown> = {}): TagBinding => ({
  signalId,
  equipmentId: 'eq',
  unitId: 0,
  name: `t${signalId}`,
  tag: Tag.parse({ address, type: 'float64', scanClass: 'fast', ...tag }),
});

/** How to set up the driver. */
export interface UaDriverOptions {
  bindings?: TagBinding[];
  scanClasses?: Record<string, number>;
  timeoutMs?: number;
  /** Call start() too (default true). */
  start?: boolean;
  /** Hear each emit and confirm as it happens too (e.g. to feed a SignalStore). */
  onEmit?(samples: Sample[]): void;
  onConfirm?(ids: readonly number[]): void;
  /** Hear which values only their own samples confirm (DriverContext.confirmedAlone). */
  onConfirmedAlone?(ids: readonly number[]): void;
}

/** A connected driver and what it reported. */
export interface UaDriverHarness {
  driver: Driver & OpcUaAccess;
  samples: Sample[];
  /** Each confirm call's ids, with when it came (performance.now()). */
  confirmed: { at: number; ids: number[] }[];
  lost: DriverError[];
  log: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/** Connects (and starts) the driver on `url`. */
export async function startUaDriver(url: string, options: UaDriverOptions = {}): Promise<UaDriverHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-ua-driver-'));
  const samples: Sample[] = [];
  const confirmed: UaDriverHarness['confirmed'] = [];
  const lost: DriverError[] = [];
  const log = createMemoryLogger();
  const connection = Connection.parse({ id: 'ua', protocol: 'opcua', endpoint: url, security: { mode: 'None', policy: 'None' }, timeoutMs: options.timeoutMs ?? 2000 });
  const driver = (await createOpcUaDriver({
    connection: connection as never,
    bindings: options.bindings ?? [],
    scanClasses: options.scanClasses ?? { fast: 100 },
    emit: (batch) => {
      samples.push(...batch);
      options.onEmit?.(batch);
    },
    confirm: (ids) => {
      confirmed.push({ at: performance.now(), ids: [...ids] });
      options.onConfirm?.(ids);
    },
    confirmedAlone: (ids) => options.onConfirmedAlone?.(ids),
    linkLost: (error) => lost.push(error),
    reportDegraded: () => undefined,
    recordRtt: () => undefined,
    dataDir,
    log,
  })) as Driver & OpcUaAccess;
  const close = async () => {
    await driver.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await driver.connect();
    if (options.start !== false) await driver.start();
  } catch (error) {
    await close();
    throw error;
  }
  return { driver, samples, confirmed, lost, log, close };
}
