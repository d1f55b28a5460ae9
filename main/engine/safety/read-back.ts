/** Whether a write's read-back shows what was written. */
import type { Tag } from '../../../shared/site/schema';

type Scalar = number | string | boolean | null;

/**
 * Read-back equality: exact for unscaled integers, bools and text; within half a step for scaled integers, and
 * within the type's precision for reals (a float32 register cannot hold 0.1 exactly).
 */
export function sameValue(expected: Scalar, actual: Scalar, tag: Pick<Tag, 'type' | 'scale'>): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const relative = tag.type === 'float32' ? 1e-6 : tag.type === 'float64' ? 1e-12 : 0;
    const step = relative === 0 ? Math.abs(tag.scale) / 2 : 0;
    return Math.abs(expected - actual) <= Math.max(step, Math.abs(expected) * relative, relative * 1e-3);
  }
  if (typeof expected === 'boolean' || typeof actual === 'boolean') return Boolean(expected) === Boolean(actual);
  return String(expected) === String(actual);
}
