/** The site's alarms compiled once: which signals each reads, and how its raw condition is computed. */
import { Quality, type TelemetryValue } from '../../../shared/contract/telemetry';
import { evaluateCondition, expressionTags, parseExpression, type Expr, type LiveValue, type TagRef } from '../../../shared/site/expression';
import type { SiteFile } from '../../../shared/site/schema';
import { staleAfterMs } from '../../../shared/site/stale-after';
import type { EquipmentIndex } from '../safety/equipment-index';
import { limitActive } from './alarm-condition';

type Priority = 'low' | 'medium' | 'high' | 'urgent';

/** One alarm of the engine: a site-file alarm, or the link alarm of an equipment. */
export interface AlarmDef {
  key: string;
  equipmentId: string;
  alarmId: string;
  priority: Priority;
  message: string;
  /** The message in the UI's languages, from the site file. */
  label?: { en: string; 'zh-CN'?: string };
  onDelayMs: number;
  offDelayMs: number;
  outOfService: boolean;
  /** Signals whose change re-evaluates this alarm. */
  signals: number[];
  /** The raw condition now: true/false, or undefined when its inputs are missing or stale (the alarm keeps its state). */
  condition?(wasActive: boolean): boolean | undefined;
  /** Whether the alarm is suppressed by design now; undefined while its inputs are missing or stale (it stays as it was). */
  suppressed?(): boolean | undefined;
  /** The connection a link alarm watches, and which of its states raise it. */
  connectionId?: string;
  linkWatch?: 'lost' | 'degraded';
}

type ValueOf = (signalId: number) => TelemetryValue | undefined;
/** How long ago a signal was last confirmed (SignalStore.confirmAge, steady clock). */
type AgeOf = (signalId: number) => number;

/** Link lost is an alarm of every equipment, not only a badge. */
export const LINK_ALARM_ID = 'link-lost';
/** A degraded link (reads failing, still connected) is a low-priority alarm. */
export const LINK_DEGRADED_ALARM_ID = 'link-degraded';
/**
 * How long a link stays degraded before that is annunciated: a link slow or silent for a moment (a start-up burst, a
 * busy machine) is not worth an operator's attention, one that stays so is. A lost link is annunciated at once.
 */
export const LINK_DEGRADED_ON_DELAY_MS = 5000;

/**
 * Compiles every alarm of the site (expressions were checked at load). An input unconfirmed for longer than its tag's
 * staleAfterMs counts as stale, whatever its quality says: the rule the screen dims values by and the gate refuses on.
 */
export function compileAlarms(site: SiteFile, index: EquipmentIndex, stored: ValueOf, ageOf: AgeOf): AlarmDef[] {
  const value = judgedByAge(site, index, stored, ageOf);
  const defs: AlarmDef[] = [];
  for (const eq of site.equipment) {
    const lookup = lookupFor(eq.id, index, value);
    const doubtful = lookupFor(eq.id, index, value, true);
    const signalsOf = (expr: Expr) => expressionTags(expr).flatMap((ref) => signalOf(index, eq.id, ref));
    for (const alarm of eq.alarms) {
      const base = { key: `${eq.id}/${alarm.id}`, equipmentId: eq.id, alarmId: alarm.id, priority: alarm.priority, message: alarm.message, onDelayMs: alarm.onDelayMs, offDelayMs: alarm.offDelayMs, outOfService: alarm.outOfService, ...(alarm.label ? { label: alarm.label } : {}) };
      const suppress = alarm.suppressWhen === undefined ? undefined : compile(alarm.suppressWhen);
      const extra = suppress ? signalsOf(suppress) : [];
      const suppressed = suppress ? () => known(evaluateCondition(suppress, lookup)) : undefined;
      if (alarm.when !== undefined) {
        const expr = compile(alarm.when);
        // Uncertain inputs (a sensor past its range, say) may raise the alarm, never clear it.
        const condition = () => known(evaluateCondition(expr, lookup)) ?? (known(evaluateCondition(expr, doubtful)) === true ? true : undefined);
        defs.push({ ...base, signals: [...signalsOf(expr), ...extra], condition, ...(suppressed ? { suppressed } : {}) });
        continue;
      }
      const signal = signalOf(index, eq.id, { tag: alarm.tag ?? '' });
      const spec = { deadband: alarm.deadband, ...(alarm.above !== undefined ? { above: alarm.above } : {}), ...(alarm.below !== undefined ? { below: alarm.below } : {}), ...(alarm.equals !== undefined ? { equals: alarm.equals } : {}) };
      const condition = (wasActive: boolean) => {
        const current = signal.length > 0 ? value(signal[0]!) : undefined;
        if (!current || (current.quality !== Quality.good && current.quality !== Quality.uncertain)) return undefined;
        const v = typeof current.value === 'bigint' ? Number(current.value) : current.value;
        // NaN (a value the device could not give, reported good) is no value: the alarm keeps its state.
        const active = typeof v === 'number' && !Number.isNaN(v) ? limitActive(spec, v, wasActive) : undefined;
        // An uncertain value (a sensor past its range, say) may raise the alarm or keep it up, never clear it.
        return current.quality === Quality.uncertain && active !== true ? undefined : active;
      };
      defs.push({ ...base, signals: [...signal, ...extra], condition, ...(suppressed ? { suppressed } : {}) });
    }
    defs.push({
      key: `${eq.id}/${LINK_ALARM_ID}`, equipmentId: eq.id, alarmId: LINK_ALARM_ID, priority: 'high', message: `Link to ${eq.name} lost`,
      onDelayMs: 0, offDelayMs: 0, outOfService: false, signals: [], connectionId: eq.connection, linkWatch: 'lost',
    });
    defs.push({
      key: `${eq.id}/${LINK_DEGRADED_ALARM_ID}`, equipmentId: eq.id, alarmId: LINK_DEGRADED_ALARM_ID, priority: 'low', message: `Link to ${eq.name} degraded`,
      onDelayMs: LINK_DEGRADED_ON_DELAY_MS, offDelayMs: 0, outOfService: false, signals: [], connectionId: eq.connection, linkWatch: 'degraded',
    });
  }
  return defs;
}

/**
 * Values as alarms may use them: a good or uncertain value that has gone unconfirmed past its tag's limit (a scan
 * starved or stopped, a subscription stalled while the link answers) reads as stale, so an on-delay cannot complete
 * on it and a limit cannot clear on it. Allocates only for such a value.
 */
function judgedByAge(site: SiteFile, index: EquipmentIndex, stored: ValueOf, ageOf: AgeOf): ValueOf {
  // By signal id (dense): read on every evaluation of an alarm, so an array, not a map.
  const bindings = site.equipment.flatMap((eq) => {
    const connection = site.connections.find((c) => c.id === eq.connection);
    return connection ? [...(index.get(eq.id)?.tags.values() ?? [])].map((binding) => ({ id: binding.signalId, limit: staleAfterMs(binding.tag, connection, site.scanClasses) })) : [];
  });
  const limits = new Float64Array(bindings.reduce((size, b) => Math.max(size, b.id + 1), 0)).fill(Number.POSITIVE_INFINITY);
  for (const { id, limit } of bindings) limits[id] = limit;
  return (id) => {
    const current = stored(id);
    if (current === undefined || (current.quality !== Quality.good && current.quality !== Quality.uncertain)) return current;
    return ageOf(id) > (limits[id] ?? Number.POSITIVE_INFINITY) ? { ...current, quality: Quality.stale } : current;
  };
}

function known(result: ReturnType<typeof evaluateCondition>): boolean | undefined {
  return result.known ? result.value : undefined;
}

function signalOf(index: EquipmentIndex, equipmentId: string, ref: TagRef): number[] {
  const binding = index.get(ref.equipment ?? equipmentId)?.tags.get(ref.tag);
  return binding ? [binding.signalId] : [];
}

/** Live values of an equipment's expressions; `doubtful`: uncertain ones count too (only ever to raise an alarm). */
function lookupFor(equipmentId: string, index: EquipmentIndex, value: ValueOf, doubtful = false): (ref: TagRef) => LiveValue | undefined {
  return (ref) => {
    const [id] = signalOf(index, equipmentId, ref);
    const current = id === undefined ? undefined : value(id);
    const usable = current?.quality === Quality.good || (doubtful && current?.quality === Quality.uncertain);
    return current ? { value: current.value, stale: !usable } : undefined;
  };
}

function compile(source: string): Expr {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`alarm expression not validated at load: ${parsed.problem.message}`);
  return parsed.expr;
}
