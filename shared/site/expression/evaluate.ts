/**
 * Evaluates a parsed expression against live values. A missing or stale input, or one that is NaN, makes the result
 * unknown rather than guessed; `and`/`or` follow three-valued logic (false and unknown = false, true or unknown = true), so an unknown
 * input only matters when it could change the answer. A safety gate treats unknown as "refuse".
 */
import { formatRef, type Expr, type TagRef } from './ast';

/** A live value as the engine holds it; `stale` marks a value too old to trust. */
export type LiveValue = { value: number | boolean | string | bigint; stale?: boolean };
/** Looks up the current value of a tag; undefined when there is none yet. */
export type ValueLookup = (ref: TagRef) => LiveValue | undefined;

/** Outcome of a condition: known true/false, or unknown with the inputs that made it so. */
export type ConditionResult = { known: true; value: boolean } | { known: false; reason: 'missing' | 'stale' | 'invalid'; inputs: string[] };

type Unknown = Extract<ConditionResult, { known: false }>;
type Value = number | boolean | string;
const isUnknown = (v: Value | Unknown): v is Unknown => typeof v === 'object';

function asNumber(v: Value): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
}

function truthy(v: Value): boolean {
  return typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v !== '';
}

function merge(a: Unknown, b: Unknown): Unknown {
  const reason = a.reason === b.reason ? a.reason : a.reason === 'stale' || b.reason === 'stale' ? 'stale' : 'missing';
  return { known: false, reason, inputs: [...new Set([...a.inputs, ...b.inputs])] };
}

function compare(op: string, a: Value, b: Value): boolean {
  if (typeof a === 'string' || typeof b === 'string') return op === '==' ? a === b : op === '!=' ? a !== b : false;
  const x = asNumber(a);
  const y = asNumber(b);
  switch (op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function arithmetic(op: string, x: number, y: number): number {
  return op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
}

function value(expr: Expr, lookup: ValueLookup): Value | Unknown {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'ref': {
      const live = lookup(expr.ref);
      if (live === undefined) return { known: false, reason: 'missing', inputs: [formatRef(expr.ref)] };
      if (live.stale) return { known: false, reason: 'stale', inputs: [formatRef(expr.ref)] };
      // NaN (a value the device could not give, reported good) is no value: compared, it would make `not (x > 20)`
      // true. Unknown, as the limit alarms treat it.
      if (typeof live.value === 'number' && Number.isNaN(live.value)) return { known: false, reason: 'invalid', inputs: [formatRef(expr.ref)] };
      // 64-bit integers compare as doubles: exact up to 2^53, which covers every threshold written in a site file.
      return typeof live.value === 'bigint' ? Number(live.value) : live.value;
    }
    case 'not': {
      const v = value(expr.operand, lookup);
      return isUnknown(v) ? v : !truthy(v);
    }
    case 'logic': {
      const left = value(expr.left, lookup);
      // Short-circuit on a known deciding value; otherwise the right side may still decide.
      if (!isUnknown(left) && truthy(left) === (expr.op === 'or')) return expr.op === 'or';
      const right = value(expr.right, lookup);
      if (!isUnknown(right) && truthy(right) === (expr.op === 'or')) return expr.op === 'or';
      if (isUnknown(left)) return isUnknown(right) ? merge(left, right) : left;
      return isUnknown(right) ? right : expr.op === 'and';
    }
    case 'compare': {
      const left = value(expr.left, lookup);
      const right = value(expr.right, lookup);
      if (isUnknown(left)) return isUnknown(right) ? merge(left, right) : left;
      if (isUnknown(right)) return right;
      return compare(expr.op, left, right);
    }
    default:
      return numeric(expr, lookup);
  }
}

/** Arithmetic, negation and calls; a result that is not a finite number (x / 0) is unknown, never Infinity or NaN. */
function numeric(expr: Extract<Expr, { kind: 'negate' | 'arithmetic' | 'call' }>, lookup: ValueLookup): number | Unknown {
  const operands = expr.kind === 'negate' ? [expr.operand] : expr.kind === 'arithmetic' ? [expr.left, expr.right] : expr.args;
  const values = operands.map((operand) => value(operand, lookup));
  const unknown = values.filter(isUnknown);
  if (unknown.length > 0) return unknown.reduce(merge);
  const numbers = (values as Value[]).map(asNumber);
  let result: number;
  if (expr.kind === 'negate') result = -numbers[0]!;
  else if (expr.kind === 'arithmetic') result = arithmetic(expr.op, numbers[0]!, numbers[1]!);
  else result = expr.name === 'abs' ? Math.abs(numbers[0]!) : expr.name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
  if (!Number.isFinite(result)) return { known: false, reason: 'invalid', inputs: operands.flatMap((o) => (o.kind === 'ref' ? [formatRef(o.ref)] : [])) };
  return result;
}

/** Evaluates a condition: true/false when every input that matters is known and fresh, else unknown with why. */
export function evaluateCondition(expr: Expr, lookup: ValueLookup): ConditionResult {
  const result = value(expr, lookup);
  return isUnknown(result) ? result : { known: true, value: truthy(result) };
}
