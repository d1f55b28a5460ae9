/** Pure formatting of a tag's value for panels: state texts from the site file, decimals from the tag's range. */
import type { LabelSummary } from '../../../../shared/contract/requests/core';
import { formatNumberIn } from '../../../i18n/number-format';
import type { Locale } from '../../../i18n/messages';
import { decimalsOf } from '../../control/setpoint-check';
import { stateLabel } from '../../labels';

/** The parts of a tag summary formatting needs. */
export interface FormattableTag {
  type: string;
  range?: readonly [number, number] | undefined;
  states?: Record<string, LabelSummary> | undefined;
  scale?: number | undefined;
}

/** Most decimals a scaled integer shows (a scale written with more, or 1/3, is rounded to this). */
const MAX_SCALE_DECIMALS = 4;

/**
 * Decimals that resolve the tag's range to about 1 part in 10,000 at most (2 for a 0..45 m hoist, 1 for a
 * 1000..1800 °C temperature); integers show every decimal their scale has (0.1 → 1, 0.25 → 2, 2.5 → 1), else none.
 */
export function decimalsFor(tag: FormattableTag): number {
  if (tag.type !== 'float32' && tag.type !== 'float64') return tag.scale ? scaleDecimals(tag.scale) : 0;
  if (!tag.range) return 2;
  const span = tag.range[1] - tag.range[0];
  return span >= 1000 ? 0 : span >= 100 ? 1 : 2;
}

/**
 * The decimals a scale is written with, so every step of it shows exactly (0.25 → 2: 12.25 is no "12.3"); a scale in
 * exponent form (1e-7) by its magnitude. Capped at MAX_SCALE_DECIMALS.
 */
export function scaleDecimals(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) return 0;
  const magnitude = scale < 1 ? Math.ceil(-Math.log10(scale) - 1e-9) : 0;
  return Math.min(MAX_SCALE_DECIMALS, Math.max(decimalsOf(scale), magnitude));
}

/** The text of a raw value: the site's state text, else the number with the tag's decimals (no grouping). */
export function formatTagValue(tag: FormattableTag, raw: number | string | undefined, locale: Locale, exact?: string): string | undefined {
  if (exact !== undefined) return exact; // 64-bit integers: the exact decimal, never the rounded double
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return raw;
  if (Number.isNaN(raw)) return undefined;
  const key = tag.type === 'bool' ? (raw ? 1 : 0) : raw;
  const named = stateLabel(tag.states, key, locale);
  if (named !== undefined) return named;
  if (tag.type === 'bool') return raw ? '1' : '0';
  return formatNumberIn(locale, raw, decimalsFor(tag));
}
