/** A TCP listener that tracks its sockets so close() really frees the port (used by both framings). */
import { createServer, type AddressInfo, type Socket } from 'node:net';

/** A listening TCP server. */
export interface TcpListener {
  host: string;
  port: number;
  /** Destroys every open connection and stops listening; never rejects. */
  close(): Promise<void>;
}

/** Listens on host:port (0 = ephemeral) and calls `onConnection` for every accepted socket. */
export function listenTcp(host: string, port: number, onConnection: (socket: Socket) => void): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a peer reset is normal for a device; never an unhandled error
    onConnection(socket);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      const address = server.address() as AddressInfo;
      resolve({
        host,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
