/** A tiny TCP echo server and a client that measures round trips through it (for the link lab tests). */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A listening echo server on 127.0.0.1. */
export interface EchoServer {
  port: number;
  /** Sockets the server currently holds open. */
  openSockets(): number;
  /** Bytes it received in total. */
  bytesReceived(): number;
  close(): Promise<void>;
}

/** Starts an echo server on an ephemeral loopback port. */
export async function startEchoServer(): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  let received = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      received += data.length;
      socket.write(data);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    openSockets: () => sockets.size,
    bytesReceived: () => received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Connects to 127.0.0.1:port; rejects on error (e.g. a reset during an outage). */
export function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Sends `bytes` and resolves the ms until all of them came back. One request in flight at a time. */
export function echoRoundTrip(socket: Socket, bytes = 16): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (data: Buffer) => {
      got += data.length;
      if (got < bytes) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(performance.now() - start);
    };
    const onClose = () => {
      socket.off('data', onData);
      reject(new Error('closed before the echo came back'));
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    const start = performance.now();
    socket.write(Buffer.alloc(bytes, 0x55));
  });
}

/** Median of a sample. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
