/**
 * The time the engine was off is a gap in the trend, never a line held across it: an engine on the crane simulator
 * records, stops, stays off, and a new engine on the same data directory records again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Engine } from '../../../main/engine/engine';
import { createMemoryLogger } from '../../../main/engine/log';
import { Quality } from '../../../shared/contract/telemetry';
import { craneSite, startCrane } from '../../support/crane-console';
import { modbusFactories } from '../../support/modbus-engine';

let dir = '';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Resolves once `check` holds (polled). */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (const deadline = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
  }
}

it('shows the time the engine was off as a gap', async () => {
  const crane = await startCrane();
  cleanup.push(() => crane.stop());
  const site = await craneSite(crane.port);
  dir = await mkdtemp(join(tmpdir(), 'rec-engine-off-'));
  const make = () => new Engine({ site, siteFile: 'crane.yaml', dataDir: dir, factories: modbusFactories, log: createMemoryLogger(), maxHz: 60, consoleId: 7 });
  const from = Date.now();
  let engine = make();
  engine.start();
  const id = engine.signals.find((s) => s.tag === 'remoteMode')?.id ?? -1;
  const good = () => engine.store.get(id)?.quality === Quality.good;
  await until(good, 'a good value before the stop');
  const stoppedAt = Date.now();
  await engine.stop();
  const offUntil = Date.now() + 1500; // off for a while: longer than the 1 s history flush and the scan's periods
  await until(() => Date.now() >= offUntil, 'the pause');
  engine = make();
  cleanup.push(() => engine.stop());
  engine.start();
  const restartedAt = Date.now();
  await until(good, 'a good value after the restart');
  await engine.history.flush();
  const trend = await engine.history.store.trend(id, from, Date.now() + 1000, 1000);
  expect(trend.gaps?.some(([start, end]) => start <= stoppedAt + 100 && end >= restartedAt)).toBe(true);
}, 60_000);
