/** Builds a ModbusDriver with a recording context, for integration tests that drive it directly. */
import type { Connection, Tag } from '../../shared/site/schema';
import { Tag as TagSchema, Connection as ConnectionSchema } from '../../shared/site/schema';
import type { DriverError } from '../../main/engine/drivers/driver-error';
import type { Sample, TagBinding } from '../../main/engine/drivers/driver';
import type { ModbusConnection } from '../../main/engine/drivers/modbus/connection';
import { ModbusDriver, type ModbusDriverOptions } from '../../main/engine/drivers/modbus/modbus-driver';
import { createMemoryLogger } from '../../main/engine/log';

/** A connection parsed through the site schema (defaults applied). */
export function modbusConnection(fields: Record<string, unknown>): ModbusConnection {
  return ConnectionSchema.parse({ id: 'test', ...fields }) as Extract<Connection, ModbusConnection>;
}

/** Bindings from `name → tag fields` (schema defaults applied). */
export function bindings(tags: Record<string, Partial<Tag> & { address: string; type: Tag['type'] }>, unitId = 1): TagBinding[] {
  return Object.entries(tags).map(([name, fields], signalId) => ({ signalId, equipmentId: 'eq', unitId, name, tag: TagSchema.parse(fields) }));
}

/** A driver plus everything its context received. */
export function harness(connection: ModbusConnection, tagBindings: TagBinding[] = [], scanClasses: Record<string, number> = { fast: 100, normal: 250, slow: 1000 }, options: ModbusDriverOptions = {}) {
  const samples: Sample[] = [];
  const lost: DriverError[] = [];
  const rtts: number[] = [];
  const degraded: (DriverError | undefined)[] = [];
  const log = createMemoryLogger();
  const driver = new ModbusDriver(
    { connection, bindings: tagBindings, scanClasses, emit: (s) => samples.push(...s), linkLost: (e) => lost.push(e), recordRtt: (ms) => rtts.push(ms), reportDegraded: (r) => degraded.push(r), dataDir: '', log },
    options,
  );
  /** Latest sample of each signal. */
  const latest = () => new Map(samples.map((s) => [s.signalId, s]));
  return { driver, samples, lost, rtts, degraded, log, latest };
}

/** Polls `check` until it returns true (or throws after `ms`). */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
