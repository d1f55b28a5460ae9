/** The engine's structured logger: stable codes, one line per entry, never a stack trace for expected errors. */
import type { Logger } from './drivers/driver';

/** Log levels. */
export type Level = 'info' | 'warn' | 'error';
const LEVELS: Record<Level | 'silent', number> = { info: 0, warn: 1, error: 2, silent: 3 };

/**
 * Control characters (C0, DEL, C1), the Unicode line separators and the bidirectional controls: anything that could
 * break a line, recolour it, or show its text in another order than it is stored in.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** Longest message written as is; client-supplied text must not fill the log. */
const MAX_MESSAGE_CHARS = 1000;

/** Escapes control characters so text from a client can never start a new (forged) log line or drive a terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_CHARS)}… (${text.length - MAX_MESSAGE_CHARS} more characters)`;
}

/** One log line; every part escaped (JSON already escapes C0 in details, escapeControl adds DEL, C1 and U+2028/9). */
export function formatLogLine(level: Level, code: string, message: string, details?: Record<string, unknown>, now = new Date()): string {
  const extra = details && Object.keys(details).length > 0 ? ` ${clip(escapeControl(JSON.stringify(details)))}` : '';
  return `${now.toISOString()} ${level.padEnd(5)} ${escapeControl(clip(code))} ${escapeControl(clip(message))}${extra}`;
}

/** A logger writing `time level code message {details}` lines to a sink (stderr by default). */
export function createLogger(minLevel: Level | 'silent' = 'info', sink: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const write = (level: Level, code: string, message: string, details?: Record<string, unknown>) => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    sink(formatLogLine(level, code, message, details));
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
