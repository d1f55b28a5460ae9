/** Setpoint input checking before anything is sent (the engine checks type and range again). */

/** What the input holds: a number in range, or why not. */
export function checkSetpoint(text: string, range: readonly [number, number] | undefined): { value: number } | { problem: 'number' | 'range' } {
  const trimmed = text.trim();
  // "12,5" is a decimal comma; "1,000" could be a thousand or one: refused rather than guessed.
  if (/,\d{3}$/.test(trimmed)) return { problem: 'number' };
  const normalised = trimmed.replace(',', '.');
  if (normalised === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(normalised)) return { problem: 'number' };
  const value = Number(normalised);
  if (!Number.isFinite(value)) return { problem: 'number' };
  if (range && (value < range[0] || value > range[1])) return { problem: 'range' };
  return { value };
}
