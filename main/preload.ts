/**
 * Carrier file (preload, sandboxed, bundled): exposes nothing but a frame pipe to the engine. The MessagePort
 * itself stays here; the page sees send/onFrame/onClose and cannot reach ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DomMessagePort } from '../shared/contract/carriers/message-port';
import { ENGINE_PORT_DELIVERY, ENGINE_PORT_REQUEST } from './shell/channels';

type Frame = string | ArrayBuffer;
const MAX_EARLY_FRAMES = 256;

let port: DomMessagePort | undefined;
const early: Frame[] = [];
const frameListeners: ((frame: unknown) => void)[] = [];
const closeListeners: ((reason: string) => void)[] = [];

ipcRenderer.on(ENGINE_PORT_DELIVERY, (event) => {
  const delivered = event.ports[0] as unknown as DomMessagePort | undefined;
  if (!delivered || port) return;
  const current = delivered;
  port = current;
  current.addEventListener('message', (message) => frameListeners.forEach((listener) => listener(message.data)));
  current.addEventListener('close', () => {
    // The engine host went away (main restarts it): tell the page, then ask for a port to the new one.
    if (port !== current) return;
    port = undefined;
    closeListeners.forEach((listener) => listener('engine port closed'));
    ipcRenderer.send(ENGINE_PORT_REQUEST);
  });
  current.start();
  for (const frame of early.splice(0)) current.postMessage(frame, []);
});
ipcRenderer.send(ENGINE_PORT_REQUEST);

contextBridge.exposeInMainWorld('recConsole', {
  carrier: {
    send(frame: Frame) {
      if (typeof frame !== 'string' && !(frame instanceof ArrayBuffer)) return;
      if (port) port.postMessage(frame, []);
      else if (early.length < MAX_EARLY_FRAMES) early.push(frame);
    },
    onFrame(listener: (frame: unknown) => void) {
      frameListeners.push(listener);
    },
    onClose(listener: (reason: string) => void) {
      closeListeners.push(listener);
    },
  },
});
