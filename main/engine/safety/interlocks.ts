/**
 * The site file's interlocks and remote-mode conditions, compiled once at load and evaluated on live values for
 * the gate. A condition that reads a stale or missing value is "unknown", and the gate refuses on unknown.
 *
 * Stale is not good, or unconfirmed for too long: a link that still answers can leave a value good and old (a
 * subscription that stalls, a scan that stops), and a gate judging by quality alone would pass a jog on it. Too
 * long is the tag's staleAfterMs (shared/site/stale-after.ts, what the screen dims by), or, for a polled tag on a
 * link slower than its scan plan needs, what this link takes now: two of its class's recent cycles and the timeout.
 * Values as fresh as the link can make them stay usable (a crane scanned one request at a time over a 40 ms link
 * reads its 250 ms class about every 1.5 s); a scan that no longer completes cycles lets its values age out.
 */
import { Quality } from '../../../shared/contract/telemetry';
import { evaluateCondition, expressionTags, formatRef, parseExpression, type Expr, type LiveValue, type TagRef } from '../../../shared/site/expression';
import type { SiteFile, Tag } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import type { EquipmentIndex } from './equipment-index';
import type { InterlockCheck, InterlockVerdict } from './gate';

/** How long a scan class's recent cycles took on a connection (Driver.recentCycleMs); undefined where not polled. */
type CycleOf = (connectionId: string, scanClass: string) => number | undefined;

/** The stored value with the engine-clock time it was last confirmed (SignalStore.get). */
type ValueOf = (signalId: number) => (LiveInput & { confirmTime: number }) | undefined;
type LiveInput = { value: number | string | bigint; quality: Quality };

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
    private readonly cycleOf: CycleOf = () => undefined,
    private readonly now: () => number = Date.now,
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
      // Either way past the limit: a confirmation time ahead of the clock (it stepped back) proves nothing either.
      const age = this.now() - current.confirmTime;
      return { value: current.value, stale: current.quality !== Quality.good || Math.abs(age) > this.limitOf(binding.signalId, binding.tag, resolved.connectionId) };
    };
  }

  /** How long the input may go unconfirmed (see the file's comment). */
  private limitOf(signalId: number, tag: Tag, connectionId: string): number {
    const connection = this.site.connections.find((c) => c.id === connectionId);
    if (!connection) return 0;
    let limit = this.staleAfter.get(signalId);
    if (limit === undefined) this.staleAfter.set(signalId, (limit = staleAfterMs(tag, connection, this.site.scanClasses)));
    const cycle = connection.protocol === 'opcua' ? undefined : this.cycleOf(connectionId, tag.scanClass);
    return cycle === undefined ? limit : Math.max(limit, 2 * cycle + connection.timeoutMs);
  }
}

/** Parses an expression the site loader already checked. */
function compile(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`site expression not validated at load: ${parsed.problem.message}`);
  return parsed.expr;
}
