/**
 * node-opcua prints its warnings and errors with console.log (stdout). The CLI's stdout carries values only
 * (`ADDRESS VALUE`, `--json`), and the engine logs to stderr: route the library's output to stderr, once per process.
 */
import { format } from 'node:util';
import { setErrorLogger, setWarningLogger } from 'node-opcua';

let routed = false;

/** Sends node-opcua's warning and error output to stderr (idempotent). */
export function routeOpcUaLibraryLogsToStderr(): void {
  if (routed) return;
  routed = true;
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  setWarningLogger(toStderr);
  setErrorLogger(toStderr);
}
