/** The `opc.tcp:` device probe: read / write / ping through the engine's OPC UA driver. */
import { defaultDataDir } from '../../engine/data-dir';
import { writeAsOsUser } from '../../engine/safety/os-user-writes';
import { cliLogger } from '../cli-logger';
import { nodeIdProblem } from '../../../shared/site/node-id';
import { CliError } from '../cli-error';
import type { DeviceProbe, PingReply } from './probe';
import { withOpcUa } from './opcua-session';
import { checkWriteOutcome } from './write-outcome';

function checkNodeId(nodeId: string): void {
  const problem = nodeIdProblem(nodeId);
  if (problem) throw new CliError(problem, 2);
}

/** Reads/writes NodeIds; `ADDRESS VALUE` output is done by the generic commands. */
export const opcuaProbe: DeviceProbe = {
  async read(url, address, options) {
    checkNodeId(address);
    return withOpcUa(url, options, async (driver) => {
      const [value] = await driver.readAttributes(address, 'Value');
      if (!value) throw new CliError(`read ${address}: no value`);
      if (value.status !== 'Good' && !value.status.startsWith('Uncertain')) throw new CliError(`read ${address}: ${value.status}`);
      // 64-bit integers arrive as decimal text: print them as the numbers they are (exact), not as quoted text.
      const is64 = value.type === 'Int64' || value.type === 'UInt64';
      return [{ address, value: is64 && typeof value.value === 'string' ? BigInt(value.value) : value.value }];
    });
  },
  async write(url, address, value, options) {
    checkNodeId(address);
    // Through the command path (gate, audit) as the OS user, like every write of the console.
    await withOpcUa(url, options, async (driver) => {
      const write = { protocol: 'opcua' as const, nodeId: address, value, type: options.type, allowNonFinite: options.allowNonFinite === true };
      const { outcome, status, message } = await writeAsOsUser(driver, write, options.dataDir ?? defaultDataDir(), cliLogger());
      if (status && status !== 'Good') throw new CliError(`write ${address}: ${status}${message ? ` (${message})` : ''}`);
      checkWriteOutcome(address, outcome);
    });
  },
  async ping(url, count, intervalMs, options, onReply) {
    return withOpcUa(url, options, async (driver) => {
      const replies: PingReply[] = [];
      for (let seq = 1; seq <= count; seq++) {
        const reply = await driver.probe().catch(() => null);
        replies.push(reply);
        onReply(seq, reply);
        if (seq < count) await new Promise((r) => setTimeout(r, intervalMs));
      }
      return replies;
    });
  },
};
