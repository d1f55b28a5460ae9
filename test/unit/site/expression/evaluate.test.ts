import { describe, expect, it } from 'vitest';
import {
  checkCondition, evaluateCondition, expressionTags, formatRef, parseExpression,
  type Expr, type LiveValue, type ResolveTag, type TagRef,
} from '../../../../shared/site/expression';

function parse(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.expr;
}

const live = (values: Record<string, LiveValue['value'] | LiveValue>) => (ref: TagRef): LiveValue | undefined => {
  const v = values[formatRef(ref)];
  return v === undefined ? undefined : typeof v === 'object' && v !== null && 'value' in v ? v : { value: v as LiveValue['value'] };
};

const evaluate = (source: string, values: Record<string, LiveValue['value'] | LiveValue>) => evaluateCondition(parse(source), live(values));

describe('expression evaluator', () => {
  it.each([
    ['remoteMode == 1', { remoteMode: true }, true],
    ['remoteMode == 1', { remoteMode: false }, false],
    ['twistlocksUnlocked == 0 || loadWeight < 0.5', { twistlocksUnlocked: true, loadWeight: 0.2 }, true],
    ['twistlocksUnlocked == 0 || loadWeight < 0.5', { twistlocksUnlocked: true, loadWeight: 12 }, false],
    ['abs(speed - ref) <= 0.1', { speed: 1.05, ref: 1 }, true],
    ['max(a, b) > 3 and min(a, b) >= 1', { a: 1, b: 4 }, true],
    ['-a + 2 * 3 == 4', { a: 2 }, true],
    ['(a + b) / 2 == 3', { a: 2, b: 4 }, true],
    ['mode == "remote" and not fault', { mode: 'remote', fault: false }, true],
    ['mode != "remote"', { mode: 'remote' }, false],
    ['counter > 9007199254740990', { counter: 2n ** 60n }, true],
    ['ready', { ready: true }, true],
    ['other.ready and ready', { 'other.ready': true, ready: true }, true],
  ])('%s with %o is %s', (source, values, expected) => {
    expect(evaluate(source, values)).toEqual({ known: true, value: expected });
  });

  it('is unknown when an input is missing or stale, naming the inputs', () => {
    expect(evaluate('windHigh == 0', {})).toEqual({ known: false, reason: 'missing', inputs: ['windHigh'] });
    expect(evaluate('windHigh == 0', { windHigh: { value: false, stale: true } })).toEqual({ known: false, reason: 'stale', inputs: ['windHigh'] });
    expect(evaluate('a + b > 1', { a: { value: 1, stale: true } })).toEqual({ known: false, reason: 'stale', inputs: ['a', 'b'] });
  });

  it('is unknown when an input is NaN (reported good): not (x > 20) must not pass on it', () => {
    expect(evaluate('not (windSpeed > 20)', { windSpeed: NaN })).toEqual({ known: false, reason: 'invalid', inputs: ['windSpeed'] });
    expect(evaluate('windSpeed != 5', { windSpeed: NaN })).toMatchObject({ known: false });
    expect(evaluate('windSpeed > 20 or ready', { windSpeed: NaN, ready: true })).toEqual({ known: true, value: true });
  });

  it('uses three-valued logic: an unknown input matters only when it could change the answer', () => {
    expect(evaluate('a == 0 || b < 0.5', { a: false })).toEqual({ known: true, value: true });
    expect(evaluate('b < 0.5 || a == 0', { a: false })).toEqual({ known: true, value: true });
    expect(evaluate('a == 0 && b < 0.5', { a: true })).toEqual({ known: true, value: false });
    expect(evaluate('a == 0 && b < 0.5', { a: false })).toEqual({ known: false, reason: 'missing', inputs: ['b'] });
    expect(evaluate('not b', {})).toMatchObject({ known: false });
  });

  it('makes a division by zero unknown instead of Infinity', () => {
    expect(evaluate('a / b > 1', { a: 1, b: 0 })).toEqual({ known: false, reason: 'invalid', inputs: ['a', 'b'] });
  });
});

describe('expression checks and tags', () => {
  const kinds: Record<string, 'bool' | 'number' | 'string'> = { windHigh: 'bool', loadWeight: 'number', mode: 'string', 'rig.depth': 'number' };
  const resolve: ResolveTag = (ref) => {
    const kind = kinds[formatRef(ref)];
    return kind ? { kind } : { unknown: `unknown tag "${formatRef(ref)}"` };
  };
  const check = (source: string) => checkCondition(parse(source), resolve);

  it('lists every tag an expression reads, once each, in order', () => {
    expect(expressionTags(parse('a > 1 and (b or a == 2) and rig.depth < max(c, a)')).map(formatRef)).toEqual(['a', 'b', 'rig.depth', 'c']);
    expect(expressionTags(parse('1 < 2'))).toEqual([]);
  });

  it('accepts well-typed conditions, bools counting as 1/0', () => {
    expect(check('windHigh == 0 and loadWeight < 0.5 and mode == "remote" and rig.depth > 1')).toEqual([]);
    expect(check('windHigh')).toEqual([]);
  });

  it('reports unknown tags with their column, all of them', () => {
    expect(check('windHihg == 0 or loadWieght > 1')).toEqual([
      { column: 0, message: 'unknown tag "windHihg"' },
      { column: 17, message: 'unknown tag "loadWieght"' },
    ]);
  });

  it('reports kind errors and a non-boolean result', () => {
    expect(check('mode > "a"')[0]?.message).toContain('strings compare only with == and !=');
    expect(check('mode == 1')[0]?.message).toContain('compares a string with a number');
    expect(check('mode + 1 > 0')[0]).toEqual({ column: 0, message: '"+" needs a number or bool, not a string' });
    expect(check("(loadWeight * 2)")[0]).toMatchObject({ column: 1, message: expect.stringContaining("a condition must be true or false") });
  });
});
