/**
 * Times typed as text, "YYYY-MM-DD HH:MM" in this machine's zone, 24-hour whatever the operating system's locale
 * (a browser's own date-time picker follows it: 12-hour with AM/PM on an English system, unlike every time this
 * console shows).
 */

/** What a time field shows and takes, for the placeholder and the error. */
export const LOCAL_MINUTE_FORMAT = 'YYYY-MM-DD HH:MM';

const two = (n: number) => String(n).padStart(2, '0');

/** `ms` as "YYYY-MM-DD HH:MM" in this machine's zone. */
export function formatLocalMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "YYYY-MM-DD HH:MM", seconds optional, a "T" or spaces between: the time in this machine's zone, or undefined. */
export function parseLocalMinute(text: string): number | undefined {
  const match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(year, month - 1, day, hour, minute, second);
  // 31 April or 29 February of a common year roll over into the next month: a typing slip, not a time. A time the
  // clocks skip (02:30 on the night summer time starts) rolls forward an hour: not what was typed either.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return undefined;
  if (date.getHours() !== hour || date.getMinutes() !== minute) return undefined;
  return date.getTime();
}
