/** The rig simulator in its own process and a real engine trusted and connected to it, both in a temp folder of their own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeAllPki } from '../../main/engine/drivers/opcua/pki';
import { DEMO_OPCUA_PASSWORD } from '../../main/sim/demo-credentials';
import type { SiteFile } from '../../shared/site/schema';
import { startEngine, trustAndConnect, type EngineHarness } from './opcua-engine';
import { startRigSimProcess, type RigSimProcess } from './rig-sim-process';

/** A running rig and engine; `stop` ends both and removes their folder. */
export interface RigWithEngine {
  sim: RigSimProcess;
  harness: EngineHarness;
  stop(): Promise<void>;
}

/** Starts the rig, then an engine on `site(endpoint)`, trusts the rig's certificate and waits until it is connected. */
export async function startRigWithEngine(prefix: string, site: (endpoint: string) => SiteFile): Promise<RigWithEngine> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.env.REC_TEST_RIG_PASSWORD = DEMO_OPCUA_PASSWORD;
  const sim = await startRigSimProcess({ dataDir: join(dir, 'sim') });
  const harness = startEngine(site(sim.url), join(dir, 'console'));
  const stop = async () => {
    await harness.stop();
    await closeAllPki();
    await sim.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await trustAndConnect(harness);
  } catch (error) {
    await stop();
    throw error;
  }
  return { sim, harness, stop };
}
