/**
 * Entry of Electron's utility process: runs the engine off the main thread. Each port the main process sends
 * becomes one client session over the MessagePort carrier.
 */
import { createMessagePortCarrier, type PortLike } from '../shared/contract/carriers/message-port';
import { startEngine } from './engine/start-engine';
import { hostConsoleName } from './engine/console-id';
import { linkLabFromEnv } from './engine/link/remote-link-lab';
import { createLogger } from './engine/log';
import { installProcessGuards } from './engine/process-guards';
import { answerWithStartFailure, startFailureText } from './engine/start-failure';
import type { Engine } from './engine/engine';

/** Electron's MessagePortMain, as far as the carrier needs it. */
interface MainPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: MainPort[] }) => void): void;
}

function portLike(port: MainPort): PortLike {
  return {
    // MessagePortMain transfers ports only; binary frames are structured-cloned (one copy per frame).
    postMessage: (message) => port.postMessage(message),
    listen: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
    onClosed: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

async function main(): Promise<void> {
  const parent = (process as unknown as { parentPort?: ParentPort }).parentPort;
  const siteFile = process.env.REC_SITE_FILE;
  if (!parent || !siteFile) throw new Error('engine host must run in an Electron utility process with REC_SITE_FILE set');
  const pending: MainPort[] = [];
  const host: { engine?: Engine; failure?: string } = {};
  parent.on('message', (event) => {
    for (const port of event.ports) {
      if (host.engine) host.engine.attach(createMessagePortCarrier(portLike(port)), hostConsoleName());
      else if (host.failure !== undefined) answerWithStartFailure(createMessagePortCarrier(portLike(port)), host.failure);
      else pending.push(port);
    }
  });
  const log = createLogger();
  installProcessGuards(log); // a stray rejection is logged, not fatal; an uncaught exception exits for a clean restart
  const linkLab = linkLabFromEnv(); // set by `start` when a link lab runs in front of the simulators
  const started = await startEngine({ siteFile, log, ...(process.env.REC_DATA_DIR ? { dataDir: process.env.REC_DATA_DIR } : {}), ...(linkLab ? { linkLab } : {}) });
  if (!started.ok) {
    for (const line of started.errors) process.stderr.write(`${line}\n`);
    // Exiting would only have the shell restart this host into the same failure, with the window none the wiser:
    // stay, and tell every window that asks why (no engine runs; the shell ends this host with its window).
    host.failure = startFailureText(started.errors);
    for (const port of pending.splice(0)) answerWithStartFailure(createMessagePortCarrier(portLike(port)), host.failure);
    setInterval(() => undefined, 2 ** 30); // nothing else keeps this host alive until the shell ends it
    return;
  }
  host.engine = started.engine;
  for (const port of pending.splice(0)) host.engine.attach(createMessagePortCarrier(portLike(port)), hostConsoleName());
}

void main().catch((error: unknown) => {
  process.stderr.write(`engine host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
