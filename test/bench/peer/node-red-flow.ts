/**
 * The Node-RED side of the comparison: a user directory with a settings file (editor and admin API off, loopback
 * only, quiet logs) and a flow of one modbus-client and 20 modbus-read nodes (FC3, 100 registers each, every 100 ms),
 * as a Node-RED user would build it for the same device.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOCKS, BLOCK_SIZE, BLOCK_STRIDE, PERIOD_MS } from './peer-layout';

/** Writes settings.js and flows.json into `userDir` for a device on `devicePort`; Node-RED's own port is `uiPort`. */
export function writeNodeRedUserDir(userDir: string, devicePort: number, uiPort: number): string {
  const settings = join(userDir, 'settings.js');
  writeFileSync(
    settings,
    `module.exports = { uiHost: '127.0.0.1', uiPort: ${uiPort}, httpAdminRoot: false, httpNodeRoot: false, flowFile: 'flows.json', credentialSecret: false, logging: { console: { level: 'warn', metrics: false, audit: false } }, telemetry: { enabled: false }, diagnostics: { enabled: false } };\n`,
  );
  const client = { id: 'client1', type: 'modbus-client', name: 'device', clienttype: 'tcp', bufferCommands: true, stateLogEnabled: false, queueLogEnabled: false, failureLogEnabled: false, tcpHost: '127.0.0.1', tcpPort: String(devicePort), tcpType: 'DEFAULT', unit_id: 1, commandDelay: 1, clientTimeout: 1000, reconnectOnTimeout: true, reconnectTimeout: 2000, parallelUnitIdsAllowed: true, showErrors: false, showWarnings: false, showLogs: false };
  const tab = { id: 'tab1', type: 'tab', label: 'peer' };
  const reads = Array.from({ length: BLOCKS }, (_, b) => ({
    id: `read${b}`,
    type: 'modbus-read',
    z: 'tab1',
    name: `block ${b}`,
    topic: '',
    showStatusActivities: false,
    logIOActivities: false,
    showErrors: false,
    showWarnings: false,
    unitid: '',
    dataType: 'HoldingRegister',
    adr: String(b * BLOCK_STRIDE),
    quantity: String(BLOCK_SIZE),
    rate: String(PERIOD_MS),
    rateUnit: 'ms',
    delayOnStart: false,
    startDelayTime: '',
    server: 'client1',
    useIOFile: false,
    ioFile: '',
    useIOForPayload: false,
    emptyMsgOnFail: false,
    x: 100,
    y: 40 * (b + 1),
    wires: [[], []],
  }));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify([tab, client, ...reads], null, 2));
  return settings;
}
