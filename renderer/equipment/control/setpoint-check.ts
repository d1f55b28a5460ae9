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

/** The decimals a limit is written with (0.5 → 1, 2.25 → 2, 30 → 0), at most 6: shown as the check reads it. */
export function decimalsOf(n: number): number {
  const text = String(n);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : Math.min(6, text.length - dot - 1);
}
