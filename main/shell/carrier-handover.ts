/**
 * Carrier file (Electron main): hands the renderer its MessagePort to the engine host. The only ipcMain use in
 * the project; the sender of every request is checked before a port is given.
 */
import { ipcMain, MessageChannelMain, type UtilityProcess, type WebContents } from 'electron';
import { ENGINE_PORT_DELIVERY, ENGINE_PORT_REQUEST } from './channels';
import { portRequestHandler } from './port-request';

/** Answers port requests from `contents` (our window only) with a fresh channel to the current engine host. */
export function handOverEnginePorts(engine: () => UtilityProcess, contents: WebContents, appUrl: string, log: (line: string) => void): void {
  const deliver = () => {
    const { port1, port2 } = new MessageChannelMain();
    engine().postMessage({ type: 'carrier' }, [port1]);
    contents.postMessage(ENGINE_PORT_DELIVERY, null, [port2]);
  };
  ipcMain.on(ENGINE_PORT_REQUEST, portRequestHandler({ contents, appUrl, log, deliver }));
}
