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
  // The library passes where it logged from ({ filename, callerline }) first: said as a short prefix, not an object dump.
  const toStderr = (context: unknown, ...args: unknown[]) => {
    const where = typeof context === 'object' && context !== null && 'filename' in context ? String(context.filename) : undefined;
    const text = where === undefined ? format(context, ...args) : format(...args);
    process.stderr.write(`node-opcua${where === undefined ? '' : ` (${where})`}: ${text}\n`);
  };
  setWarningLogger(toStderr);
  setErrorLogger(toStderr);
}
