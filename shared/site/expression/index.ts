/** The site-file expression language: parse once at load, check against the tags, evaluate against live values. */
export { formatRef, type Expr, type ExpressionProblem, type TagRef } from './ast';
export { checkCondition, expressionTags, type ResolveTag, type ValueKind } from './check';
export { evaluateCondition, type ConditionResult, type LiveValue, type ValueLookup } from './evaluate';
export { KEYWORDS, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression } from './parser';
