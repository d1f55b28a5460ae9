/**
 * Memory: a Modbus-only site never loads node-opcua (~110 MB resident): the engine, its handlers and the PKI's
 * error type import nothing of it until an OPC UA connection or a certificate request needs it.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const PROGRAM = `
import { registerHooks } from 'node:module';
const loaded = new Set();
registerHooks({ resolve(specifier, context, next) { if (specifier.startsWith('node-opcua')) loaded.add(specifier); return next(specifier, context); } });
const { Engine } = await import('./main/engine/engine.ts');
const { driverFactories } = await import('./main/engine/drivers/factories.ts');
const { SiteFile } = await import('./shared/site/schema.ts');
const { createLogger } = await import('./main/engine/log.ts');
const site = SiteFile.parse({
  site: { name: 'modbus only' },
  connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port: 1, timeoutMs: 200 }],
  equipment: [{ id: 'eq', name: 'Eq', type: 'generic', connection: 'plc', tags: { t: { address: 'holding:0', type: 'uint16' } } }],
});
const engine = new Engine({ site, siteFile: 'x.yaml', dataDir: '', factories: driverFactories, log: createLogger('silent') });
engine.start();
await new Promise((r) => setTimeout(r, 300));
const before = loaded.size > 0;
await engine.stop();
await import('./main/engine/drivers/opcua/pki.ts');
const after = loaded.size > 0;
console.log(JSON.stringify({ before, after }));
`;

describe('node-opcua is loaded on first use only', () => {
  it('a running Modbus-only engine has not loaded it; the PKI module does load it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROGRAM], { encoding: 'utf8', timeout: 60_000 });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(line, run.stderr).toMatch(/^\{/);
    // "after" proves the check can see node-opcua when it is there.
    expect(JSON.parse(line)).toEqual({ before: false, after: true });
  });
});
