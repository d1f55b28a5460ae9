/** The expressions of a site file (interlock `allowWhen`, alarm `when`): checked at load, compiled once for the engine. */
import type { z } from 'zod';
import type { DataType } from './data-types';
import { checkCondition, parseExpression, type Expr, type ResolveTag, type ValueKind } from './expression';
import type { SiteShape } from './site-parts';

type EquipmentLike = Pick<SiteShape['equipment'][number], 'id' | 'tags' | 'interlocks' | 'alarms' | 'remoteWhen'> & {
  /** Tags written in the file that failed their own schema: they exist, but their kind is unknown. */
  rawTagNames?: ReadonlySet<string>;
};

const kindOf = (type: DataType): ValueKind => (type === 'bool' ? 'bool' : type === 'string' ? 'string' : 'number');

/** Edit distance, stopping early above 2: only near misses are worth suggesting. */
function nearMiss(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > 2) return false;
    previous = row;
  }
  return previous[b.length]! <= 2;
}

/** `unknown tag "windHihg" of sts-crane-1 (did you mean "windHigh"?)`; suggestions only among a bounded number of names. */
function unknownTag(tag: string, equipment: EquipmentLike): string {
  const names = Object.keys(equipment.tags);
  const guess = names.slice(0, 2000).find((name) => nearMiss(tag, name));
  const hint = guess ? ` (did you mean "${guess}"?)` : names.length <= 12 ? ` (known: ${names.join(', ')})` : '';
  return `unknown tag "${tag}" of ${equipment.id}${hint}`;
}

/** Resolves tags of `equipment` itself, or `other.tag` of another equipment of the site. */
function resolverFor(equipment: EquipmentLike, all: ReadonlyMap<string, EquipmentLike>): ResolveTag {
  return (ref) => {
    const owner = ref.equipment === undefined ? equipment : all.get(ref.equipment);
    if (!owner) return { unknown: `unknown equipment "${ref.equipment}" (written as equipment.tag)` };
    const tag = Object.hasOwn(owner.tags, ref.tag) ? owner.tags[ref.tag] : undefined;
    if (tag) return { kind: kindOf(tag.type) };
    if (owner.rawTagNames?.has(ref.tag)) return { kind: undefined };
    return { unknown: unknownTag(ref.tag, owner) };
  };
}

/** Every expression of one equipment with its data path, source and role. */
function expressionsOf(equipment: EquipmentLike): { path: (string | number)[]; source: string }[] {
  return [
    // flatMap, not map: a salvaged list is sparse, and spreading a mapped sparse list would yield undefined items.
    ...equipment.interlocks.flatMap((interlock, i) => [{ path: ['interlocks', i, 'allowWhen'], source: interlock.allowWhen }]),
    ...equipment.alarms.flatMap((alarm, a) => (alarm.when === undefined ? [] : [{ path: ['alarms', a, 'when'], source: alarm.when }])),
    ...equipment.alarms.flatMap((alarm, a) => (alarm.suppressWhen === undefined ? [] : [{ path: ['alarms', a, 'suppressWhen'], source: alarm.suppressWhen }])),
    ...(equipment.remoteWhen === undefined ? [] : [{ path: ['remoteWhen'], source: equipment.remoteWhen }]),
  ];
}

/** Parses and checks every expression; each problem is an issue at the expression's path with its column inside it. */
export function checkSiteExpressions(equipment: readonly (EquipmentLike | undefined)[], ctx: z.RefinementCtx): void {
  const all = new Map(equipment.flatMap((e) => (e ? [[e.id, e] as const] : [])));
  equipment.forEach((item, e) => {
    if (!item) return;
    const resolve = resolverFor(item, all);
    for (const { path, source } of expressionsOf(item)) {
      const fullPath = ['equipment', e, ...path];
      const parsed = parseExpression(source);
      const problems = parsed.ok ? checkCondition(parsed.expr, resolve) : [parsed.problem];
      for (const problem of problems) ctx.addIssue({ code: 'custom', path: fullPath, message: problem.message, params: { column: problem.column } });
    }
  });
}

/** Parsed conditions of a valid site, by equipment id: interlocks by id, alarms (those with `when`) by id. */
export interface SiteExpressions {
  interlocks: ReadonlyMap<string, ReadonlyMap<string, Expr>>;
  alarms: ReadonlyMap<string, ReadonlyMap<string, Expr>>;
}

/** Compiles every expression of a site that passed validation (so every parse succeeds). */
export function compileSiteExpressions(site: SiteShape): SiteExpressions {
  const compile = (source: string): Expr => {
    const parsed = parseExpression(source);
    if (!parsed.ok) throw new Error(`expression not validated: ${parsed.problem.message}`);
    return parsed.expr;
  };
  const interlocks = new Map<string, Map<string, Expr>>();
  const alarms = new Map<string, Map<string, Expr>>();
  for (const equipment of site.equipment) {
    interlocks.set(equipment.id, new Map(equipment.interlocks.map((i) => [i.id, compile(i.allowWhen)])));
    alarms.set(equipment.id, new Map(equipment.alarms.flatMap((a) => (a.when === undefined ? [] : [[a.id, compile(a.when)] as const]))));
  }
  return { interlocks, alarms };
}
