/** IPC channel names between Electron main and the preload: only the engine-port hand-over uses IPC. */
export const ENGINE_PORT_REQUEST = 'rec:engine-port-request';
export const ENGINE_PORT_DELIVERY = 'rec:engine-port';
