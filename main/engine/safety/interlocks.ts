/**
 * The site file's interlocks and remote-mode conditions, compiled once at load and evaluated on live values for
 * the gate. A condition that reads a stale or missing value is "unknown", and the gate refuses on unknown.
 */
import { Quality } from '../../../shared/contract/telemetry';
import { evaluateCondition, expressionTags, formatRef, parseExpression, type Expr, type LiveValue, type TagRef } from '../../../shared/site/expression';
import type { SiteFile } from '../../../shared/site/schema';
import type { TelemetryValue } from '../../../shared/contract/telemetry';
import type { EquipmentIndex } from './equipment-index';
import type { InterlockCheck, InterlockVerdict } from './gate';

type ValueOf = (signalId: number) => TelemetryValue | undefined;

/** Interlocks by equipment and blocked command, and each equipment's remote condition. */
export class SiteConditions {
  private readonly blocking = new Map<string, InterlockCheck[]>();
  private readonly remoteExpr = new Map<string, Expr>();

  constructor(
    site: SiteFile,
    private readonly equipment: EquipmentIndex,
    private readonly value: ValueOf,
  ) {
    for (const eq of site.equipment) {
      for (const interlock of eq.interlocks) {
        const expr = compile(interlock.allowWhen);
        const check: InterlockCheck = { id: interlock.id, reason: typeof interlock.reason === 'string' ? interlock.reason : interlock.reason.en, verdict: () => this.verdict(eq.id, expr) };
        for (const command of interlock.blocks) {
          const key = `${eq.id}/${command}`;
          this.blocking.set(key, [...(this.blocking.get(key) ?? []), check]);
        }
      }
      if (eq.remoteWhen) this.remoteExpr.set(eq.id, compile(eq.remoteWhen));
    }
  }

  /** Interlocks that block `command` on `equipmentId`. */
  interlocks(equipmentId: string, command: string): readonly InterlockCheck[] {
    return this.blocking.get(`${equipmentId}/${command}`) ?? [];
  }

  /** true/false from the remote condition, 'unknown' without fresh inputs, undefined when the site defines none. */
  remote(equipmentId: string): boolean | 'unknown' | undefined {
    const expr = this.remoteExpr.get(equipmentId);
    if (!expr) return undefined;
    const result = evaluateCondition(expr, this.lookup(equipmentId));
    return result.known ? result.value : 'unknown';
  }

  private verdict(equipmentId: string, expr: Expr): InterlockVerdict {
    const lookup = this.lookup(equipmentId);
    const result = evaluateCondition(expr, lookup);
    if (!result.known) return { state: 'unknown', inputs: result.inputs };
    if (result.value) return { state: 'allow' };
    const values: Record<string, number | string | boolean | null> = {};
    for (const ref of expressionTags(expr)) {
      const live = lookup(ref);
      values[formatRef(ref)] = live === undefined ? null : typeof live.value === 'bigint' ? live.value.toString() : live.value;
    }
    return { state: 'block', values };
  }

  private lookup(equipmentId: string): (ref: TagRef) => LiveValue | undefined {
    return (ref) => {
      const binding = this.equipment.get(ref.equipment ?? equipmentId)?.tags.get(ref.tag);
      const current = binding ? this.value(binding.signalId) : undefined;
      if (!current) return undefined;
      return { value: current.value, stale: current.quality !== Quality.good };
    };
  }
}

/** Parses an expression the site loader already checked. */
function compile(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`site expression not validated at load: ${parsed.problem.message}`);
  return parsed.expr;
}
