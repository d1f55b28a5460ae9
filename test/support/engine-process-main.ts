/**
 * Runs a real engine in serve mode in its own process, so tests can measure the engine alone (RSS, heap, event-loop
 * delay, scan periods, log lines) while a hostile client in the test process floods it. Prints `engine WS_URL`.
 * Answers `{ type: 'stats' }` on its IPC channel with EngineProcessStats; `{ type: 'reset' }` restarts the windows.
 * Usage: node --import tsx test/support/engine-process-main.ts --site FILE --data-dir DIR
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Quality } from '../../shared/contract/telemetry';
import { createLogger } from '../../main/engine/log';
import { startEngine } from '../../main/engine/start-engine';
import { startServeServer } from '../../main/serve/serve-server';

const { values } = parseArgs({ options: { site: { type: 'string' }, 'data-dir': { type: 'string' } } });
if (!values.site || !values['data-dir']) throw new Error('--site and --data-dir are required');
const started = await startEngine({ siteFile: values.site, dataDir: values['data-dir'], log: createLogger('info') });
if (!started.ok) throw new Error(started.errors.join('\n'));
const engine = started.engine;
// Inside the data folder, which the caller removes: nothing of a run is left behind.
const rendererDir = mkdtempSync(join(values['data-dir'], 'renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
const server = await startServeServer({ engine, rendererDir });

// Scan period = time between consecutive confirmations of signal 0 (each good scan confirms it, changed or not;
// unchanged values are not published, so the confirmation time is sampled well below the scan period).
let periods: number[] = [];
let lastScan: number | undefined;
const scanWatch = setInterval(() => {
  const value = engine.store.get(0);
  if (!value || value.quality !== Quality.good || value.confirmTime === lastScan) return;
  if (lastScan !== undefined) periods.push(value.confirmTime - lastScan);
  lastScan = value.confirmTime;
}, 5);
scanWatch.unref();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    periods = [];
    loop.reset();
    return;
  }
  const memory = process.memoryUsage();
  const driver = [...engine.supervisors.values()][0]?.activeDriver as { stats?: () => unknown } | undefined;
  process.send?.({
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    loopMaxMs: loop.max / 1e6,
    periods,
    state: [...engine.supervisors.values()][0]?.status.state,
    link: driver?.stats?.(),
  });
});
process.stdout.write(`engine ws://127.0.0.1:${server.port}/engine?token=${server.token}\n`);
const stop = () => void server.close().then(() => engine.stop()).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('disconnect', stop);
