/** The engine's structured logger: stable codes, one line per entry, never a stack trace for expected errors. */
import type { Logger } from './drivers/driver';

type Level = 'info' | 'warn' | 'error';
const LEVELS: Record<Level | 'silent', number> = { info: 0, warn: 1, error: 2, silent: 3 };

/** A logger writing `time level code message {details}` lines to a sink (stderr by default). */
export function createLogger(minLevel: Level | 'silent' = 'info', sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const write = (level: Level, code: string, message: string, details?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    const extra = details && Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
    sink(`${new Date().toISOString()} ${level.padEnd(5)} ${code} ${message}${extra}`);
  };
  return {
    info: (code, message, details) => write('info', code, message, details),
    warn: (code, message, details) => write('warn', code, message, details),
    error: (code, message, details) => write('error', code, message, details),
  };
}

/** Collects entries in memory (tests assert on codes instead of scraping stderr). */
export function createMemoryLogger(): Logger & { entries: { level: Level; code: string; message: string }[] } {
  const entries: { level: Level; code: string; message: string }[] = [];
  return {
    entries,
    info: (code, message) => void entries.push({ level: 'info', code, message }),
    warn: (code, message) => void entries.push({ level: 'warn', code, message }),
    error: (code, message) => void entries.push({ level: 'error', code, message }),
  };
}
