/**
 * Maintenance writes from the CLI (`rec-console write`): the same command path as the engine's — gate (role, link,
 * rate), audit before and after (the hash-chained log under the data directory), execute, outcome — for a driver
 * the CLI opened itself. The writer is the operating-system user, with the maintenance role.
 */
import { hostname, userInfo } from 'node:os';
import type { RoleName } from '../../../shared/contract/access';
import type { CommandOutcome } from '../../../shared/contract/outcome';
import type { Driver, Logger } from '../drivers/driver';
import type { RawWriteOptions } from '../drivers/modbus';
import type { CommandSession } from './command-context';
import { CommandService } from './command-service';
import { DeviceAccess } from './device-access';
import { EquipmentIndex } from './equipment-index';
import { lazyAuditSink } from './lazy-audit';

/** What the CLI asks to write. */
export type OsUserWrite =
  | { protocol: 'modbus'; options: RawWriteOptions }
  | { protocol: 'opcua'; nodeId: string; value: string; type: string | undefined; allowNonFinite: boolean };

/** Runs one audited maintenance write through `driver` as the OS user; resolves with the outcome (and OPC UA status). */
export async function writeAsOsUser(driver: Driver, write: OsUserWrite, dataDir: string, log: Logger): Promise<{ outcome: CommandOutcome; status?: string; message?: string }> {
  const audit = lazyAuditSink(dataDir, log);
  const device = new DeviceAccess({ activeDriver: () => driver });
  const session = osUserSession('maintenance');
  const service = new CommandService(
    {
      equipment: new EquipmentIndex({ connections: [], equipment: [] }, new Map()),
      device,
      audit,
      log,
      value: () => undefined,
      link: () => ({ quality: 'good' }), // the CLI's driver just connected: the write itself proves the link
      interlocks: () => [],
      remote: () => undefined,
      broadcast: () => undefined,
      consoleId: 0,
      now: Date.now,
    },
    { sessions: { emitTo: () => undefined }, dataDir, trustChanged: () => undefined },
  );
  try {
    if (write.protocol === 'modbus') return { outcome: await service.modbusWrite(session, 'cli', write.options) };
    return await service.opcuaWrite(session, 'cli', write.nodeId, write.value, write.type, write.allowNonFinite);
  } finally {
    service.close();
    await audit.close?.();
  }
}

/**
 * The CLI's session: the operating-system user, with `role`. Whoever runs the CLI on the data folder could edit it by
 * hand anyway; what the session adds is their name on every audit record.
 */
export function osUserSession(role: RoleName): CommandSession {
  const user = safeUserName();
  const label = `cli@${hostname()}`;
  return { id: 0, label, principal: () => ({ user, role, console: label, since: Date.now(), lockAfterMs: 0 }), emit: () => undefined };
}

function safeUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
