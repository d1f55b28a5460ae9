/** Alarm history times typed as text: 24-hour, this machine's zone, and every slip refused rather than guessed. */
import { describe, expect, it } from 'vitest';
import { formatLocalMinute, parseLocalMinute } from '../../../renderer/alarms/local-time-text';

describe('local minute text', () => {
  it('formats a time 24-hour in this zone, and reads it back', () => {
    const afternoon = new Date(2026, 10, 28, 14, 5).getTime();
    expect(formatLocalMinute(afternoon)).toBe('2026-11-28 14:05');
    expect(parseLocalMinute('2026-11-28 14:05')).toBe(afternoon);
    expect(formatLocalMinute(new Date(2026, 0, 2, 0, 7).getTime())).toBe('2026-01-02 00:07');
  });

  it('takes seconds, a T, single digits and spaces around', () => {
    expect(parseLocalMinute(' 2026-1-2T3:04:05 ')).toBe(new Date(2026, 0, 2, 3, 4, 5).getTime());
    expect(parseLocalMinute('2026-11-28   23:59')).toBe(new Date(2026, 10, 28, 23, 59).getTime());
  });

  it('refuses what is not a time rather than guess', () => {
    for (const text of ['', '2026-11-28', '14:05', '2026-11-28 2:05 PM', '2026-13-01 00:00', '2026-04-31 10:00', '2027-02-29 10:00', '2026-11-28 24:00', '2026-11-28 12:60', '28/11/2026 14:05', 'yesterday']) {
      expect(parseLocalMinute(text), text).toBeUndefined();
    }
    expect(parseLocalMinute('2028-02-29 10:00')).toBe(new Date(2028, 1, 29, 10).getTime());
  });
});

describe('local minute text across a clock change', () => {
  it('refuses a time the clocks skip rather than move it an hour', async () => {
    // Run in a zone with summer time: 2026-03-08 02:30 does not exist in New York (02:00 → 03:00).
    const { execFileSync } = await import('node:child_process');
    const script = "import { parseLocalMinute } from './renderer/alarms/local-time-text.ts'; console.log(JSON.stringify([parseLocalMinute('2026-03-08 02:30'), parseLocalMinute('2026-03-08 03:30') !== undefined]));";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([null, true]);
  });
});
