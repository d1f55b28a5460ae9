/**
 * Last-resort handlers for an engine process (Electron's engine host, `serve`, `start`): a promise rejection nobody
 * handled is a bug to log, not a reason to drop every operator's connection, so it is logged and the engine runs
 * on. An uncaught exception is different: it unwound a stack half-way through some update, so the engine's state
 * (ownership, jog timers, the gate's queues) may be inconsistent. Carrying on could keep a half-updated command path
 * serving motion requests, so it is logged and the process exits non-zero: the supervisor (Electron's host restart,
 * or the operator) starts a clean engine, and the devices' own watchdogs stop motion when the heartbeat ends.
 */
import type { Logger } from './drivers/driver';

/** Exit code after an uncaught exception (EX_SOFTWARE: an internal error). */
export const UNCAUGHT_EXIT_CODE = 70;

/** First line of what was thrown: the log names the failure; it is not a stack-trace dump. */
function describe(reason: unknown): { message: string; where?: string } {
  if (reason instanceof Error) {
    const where = reason.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
    return { message: `${reason.name}: ${reason.message.split('\n')[0] ?? ''}`, ...(where ? { where } : {}) };
  }
  return { message: String(reason).split('\n')[0] ?? '' };
}

/** Installs the handlers on `process`; returns a function that removes them. */
export function installProcessGuards(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const onRejection = (reason: unknown) => {
    const { message, where } = describe(reason);
    log.error('engine.unhandled-rejection', `a failure nobody handled (the engine keeps running): ${message}`, where ? { where } : undefined);
  };
  const onException = (error: unknown) => {
    const { message, where } = describe(error);
    log.error('engine.uncaught-exception', `an internal error left the engine in an unknown state; it stops now: ${message}`, where ? { where } : undefined);
    exit(UNCAUGHT_EXIT_CODE);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
