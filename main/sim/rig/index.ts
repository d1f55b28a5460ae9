/** The drill-rig simulator as `rec-console sim` starts it (name `rig`, port offset 2, `opc.tcp://HOST:PORT`). */
import type { SimulatorSpec } from '../simulator';
import { startRigServer } from './rig-server';

/** The rig simulator spec registered in main/sim/registry.ts. */
export const rigSimulator: SimulatorSpec = {
  name: 'rig',
  description: 'rotary/percussive drill rig (OPC UA, SignAndEncrypt Basic256Sha256, user operator)',
  portOffset: 2,
  async start({ host, port, dataDir }) {
    const server = await startRigServer({ host, port, dataDir });
    return { name: 'rig', url: server.url, close: () => server.close() };
  },
};
