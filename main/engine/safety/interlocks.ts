/**
 * The site file's interlocks and remote-mode conditions, compiled once at load and evaluated on live values for
 * the gate. A condition that reads a stale or missing value is "unknown", and the gate refuses on unknown.
 *
 * Stale is not good, or unconfirmed for longer than the tag's staleAfterMs (shared/site/stale-after.ts): the rule the
 * screen dims values by, so the gate never passes motion on an input the operator sees as stale. A link that still
 * answers can leave a value good and old (a subscription that stalls, a scan starved or stopped); a gate judging by
 * quality alone passed a jog on it. A site whose scan cannot keep its interlock inputs fresh on its link (too many
 * requests for one at a time at that round trip) gets motion refused with the inputs named: scan them in a faster
 * class, or let the device take several requests at once (maxInFlight). Ages are on the steady clock.
 */
import { Quality } from '../../../shared/contract/telemetry';
import { evaluateCondition, expressionTags, formatRef, parseExpression, type Expr, type LiveValue, type TagRef } from '../../../shared/site/expression';
import type { SiteFile, Tag } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import type { EquipmentIndex } from './equipment-index';
import type { InterlockCheck, InterlockVerdict } from './gate';

/** The stored value (SignalStore.get), and how long ago it was last confirmed (SignalStore.confirmAge, steady clock). */
type ValueOf = (signalId: number) => { value: number | string | bigint; quality: Quality } | undefined;
type AgeOf = (signalId: number) => number;

/** Interlocks by equipment and blocked command, and each equipment's remote condition. */
export class SiteConditions {
  private readonly blocking = new Map<string, InterlockCheck[]>();
  private readonly remoteExpr = new Map<string, Expr>();
  /** How long each input may go unconfirmed, by signal id (filled on first use). */
  private readonly staleAfter = new Map<number, number>();

  constructor(
    private readonly site: SiteFile,
    private readonly equipment: EquipmentIndex,
    private readonly value: ValueOf,
    private readonly ageOf: AgeOf,
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
      const resolved = this.equipment.get(ref.equipment ?? equipmentId);
      const binding = resolved?.tags.get(ref.tag);
      const current = binding ? this.value(binding.signalId) : undefined;
      if (!binding || !resolved || !current) return undefined;
      return { value: current.value, stale: current.quality !== Quality.good || this.ageOf(binding.signalId) > this.limitOf(binding.signalId, binding.tag, resolved.connectionId) };
    };
  }

  /** How long the input may go unconfirmed: its tag's staleAfterMs on its own connection. */
  private limitOf(signalId: number, tag: Tag, connectionId: string): number {
    let limit = this.staleAfter.get(signalId);
    if (limit === undefined) {
      const connection = this.site.connections.find((c) => c.id === connectionId);
      limit = connection ? staleAfterMs(tag, connection, this.site.scanClasses) : 0;
      this.staleAfter.set(signalId, limit);
    }
    return limit;
  }
}

/** Parses an expression the site loader already checked. */
function compile(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`site expression not validated at load: ${parsed.problem.message}`);
  return parsed.expr;
}
