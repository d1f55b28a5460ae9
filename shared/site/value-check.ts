/**
 * The one engineering-unit value check for every protocol, run by the gate before a driver sees the value:
 * type, NaN/Infinity, the tag's range, and the raw type's limits after scale/offset. Pure.
 */
import type { Command, Tag } from './site-parts';

/** What the check reads of a tag (a method's argument declares these too). */
type ValueTarget = Pick<Tag, 'type' | 'range' | 'unit' | 'scale' | 'offset' | 'length'>;

/** What the gate reports when a value is refused. */
export interface ValueProblem {
  code: string;
  text: string;
  values?: Record<string, number | string | boolean | null>;
}

/** A value as the caller sent it. */
export type InputValue = number | string | boolean;

const INT_LIMITS: Record<string, [number, number]> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
const BIG_LIMITS: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Checks `value` for `tag`; returns the value normalised for the driver, or the problem. `exact` (setpoints and
 * maintenance writes): a value the device's integer register cannot hold exactly after scale/offset is refused, with
 * its two neighbours, instead of rounded (12.34 on a 0.1-step register would be written as 12.3 and read back "done").
 */
export function checkValue(tag: ValueTarget, value: InputValue, options: { exact?: boolean } = {}): { ok: true; value: InputValue } | { ok: false; problem: ValueProblem } {
  const fail = (code: string, text: string, values?: ValueProblem['values']) => ({ ok: false as const, problem: values ? { code, text, values } : { code, text } });
  switch (tag.type) {
    case 'bool':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 0 || value === 1) return { ok: true, value: value === 1 };
      return fail('wrong-type', 'Needs on/off (true or false)');
    case 'string':
      if (typeof value !== 'string') return fail('wrong-type', 'Needs text');
      if (tag.length !== undefined && value.length > tag.length) return fail('too-long', `At most ${tag.length} characters`, { length: value.length, max: tag.length });
      return { ok: true, value };
    case 'int64':
    case 'uint64':
      return checkBig(tag, value, fail);
    default:
      return checkNumber(tag, value, fail, options.exact === true);
  }
}

type Fail = (code: string, text: string, values?: ValueProblem['values']) => { ok: false; problem: ValueProblem };

/** A number as text: decimal only. Number() would also read "0x10", "0b11" and "0o7" (and "" as 0). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function checkNumber(tag: ValueTarget, value: InputValue, fail: Fail, exact: boolean) {
  if (typeof value === 'string' && !DECIMAL.test(value.trim())) {
    if (/^[+-]?nan$/i.test(value.trim())) return fail('not-a-number', 'NaN is never written');
    if (/^[+-]?inf(inity)?$/i.test(value.trim())) return fail('not-finite', 'Infinity is never written');
    return fail('wrong-type', 'Needs a number, written in decimal');
  }
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number') return fail('wrong-type', 'Needs a number');
  if (Number.isNaN(n)) return fail('not-a-number', 'NaN is never written');
  if (!Number.isFinite(n)) return fail('not-finite', 'Infinity is never written');
  if (tag.range && (n < tag.range[0] || n > tag.range[1])) {
    return fail('out-of-range', `Must be between ${tag.range[0]} and ${tag.range[1]}${tag.unit ? ` ${tag.unit}` : ''}`, { value: n, min: tag.range[0], max: tag.range[1] });
  }
  const raw = (n - tag.offset) / tag.scale;
  const limits = INT_LIMITS[tag.type];
  if (limits) {
    const rounded = Math.round(raw);
    if (tag.scale === 1 && tag.offset === 0 && rounded !== raw) return fail('not-integer', `Needs a whole number (${tag.type})`, { value: n });
    if (rounded < limits[0] || rounded > limits[1]) return fail('out-of-type-range', `Does not fit the device's ${tag.type}`, { value: n });
    // Scaled: the raw count must come out whole (within float noise: 12.3 / 0.1 is 122.99999999999999; with a large
    // offset the noise is that of offset / scale, not of the count).
    const noise = 1e-9 * Math.max(1, Math.abs(raw)) + (16 * Number.EPSILON * Math.max(Math.abs(n), Math.abs(tag.offset))) / Math.abs(tag.scale);
    if (exact && Math.abs(raw - rounded) > noise) {
      const [below, above] = [Math.floor(raw), Math.ceil(raw)].map((r) => Number((r * tag.scale + tag.offset).toPrecision(12))).sort((a, b) => (a ?? 0) - (b ?? 0));
      return fail('not-on-step', `The device holds steps of ${tag.scale}${tag.unit ? ` ${tag.unit}` : ''}: ${below} or ${above}`, { value: n, below: below ?? null, above: above ?? null, step: tag.scale });
    }
  } else if (tag.type === 'float32' && Math.abs(raw) > FLOAT32_MAX) {
    return fail('out-of-type-range', "Does not fit the device's float32", { value: n });
  } else if (tag.type === 'float32' && raw !== 0 && Math.fround(raw) === 0) {
    // Below float32's smallest value it would go out as 0 and read back as "done".
    return fail('out-of-type-range', "Too small for the device's float32: it would be written as 0", { value: n });
  }
  return { ok: true as const, value: n };
}

function checkBig(tag: ValueTarget, value: InputValue, fail: Fail) {
  // 64-bit integers travel as decimal text so they stay exact; a JS number is accepted only while it is exact.
  let big: bigint;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) big = BigInt(value.trim());
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else return fail('wrong-type', `Needs a whole number as decimal text (${tag.type})`);
  const [lo, hi] = BIG_LIMITS[tag.type] ?? [0n, 0n];
  if (big < lo || big > hi) return fail('out-of-type-range', `Does not fit the device's ${tag.type}`, { value: big.toString() });
  if (tag.range && (big < BigInt(Math.ceil(tag.range[0])) || big > BigInt(Math.floor(tag.range[1])))) {
    return fail('out-of-range', `Must be between ${tag.range[0]} and ${tag.range[1]}`, { value: big.toString(), min: tag.range[0], max: tag.range[1] });
  }
  return { ok: true as const, value: big.toString() };
}

/**
 * A command's value, checked as its target takes it: a setpoint's by its tag, a method's by its declared argument
 * (a method that declares none takes no value). Undefined: nothing to check (a pulse, a jog, a setpoint without tag).
 */
export function checkCommandValue(command: Pick<Command, 'kind' | 'argument'>, tag: ValueTarget | undefined, value: InputValue | undefined): ReturnType<typeof checkValue> | undefined {
  const missing = { ok: false as const, problem: { code: 'no-value', text: 'This command needs a value' } };
  if (command.kind === 'setpoint') return tag ? (value === undefined ? missing : checkValue(tag, value, { exact: true })) : undefined;
  if (command.kind !== 'method') return undefined;
  if (command.argument) return value === undefined ? missing : checkValue({ scale: 1, offset: 0, ...command.argument }, value, { exact: true });
  return value === undefined ? undefined : { ok: false, problem: { code: 'no-argument', text: 'This command takes no value' } };
}
