/**
 * Resolves on the first SIGINT or SIGTERM (long-running commands then close what they opened); a second signal
 * exits at once. The listeners stay installed while closing: a library that hooks signals (signal-exit, under the
 * lock-file library node-opcua's PKI uses) re-raises a signal that nobody else listens to, which would kill the
 * process before it stopped its simulators and servers.
 */
export function waitForShutdown(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) process.exit(signal === 'SIGINT' ? 130 : 143);
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
