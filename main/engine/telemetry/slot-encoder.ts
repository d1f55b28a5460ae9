/** Encodes a telemetry frame straight from the store's slots: no value object per entry. */
import { allocateTelemetry, encodeTexts, type TelemetryText } from '../../../shared/contract/telemetry';
import type { SignalStore } from './signal-store';
import { SlotKind } from './signal-slots';

/** The frame's header fields and what it carries: `ids[0..count)` and `groups[0..groupCount)`. */
export interface SlotFrame {
  seq: number;
  engineTime: number;
  dropped: number;
  ids: Uint32Array;
  count: number;
  groups: Uint32Array;
  groupCount: number;
}

/**
 * One frame's buffer. Every field is read before the first loop: V8 may compile this function while that loop runs
 * in its first call (on-stack replacement), before anything after the loop has ever run, and a property read there
 * with no type feedback then bailed out of the compiled code on every later call (Node 24's V8 kept that code), so
 * the second loop ran unoptimised for every frame.
 */
export function encodeSlots(store: SignalStore, frame: SlotFrame): ArrayBuffer {
  const s = store.slots;
  const { ids, count, seq, engineTime, dropped, groups, groupCount } = frame;
  const groupConfirm = store.groupConfirm;
  let texts: TelemetryText[] | undefined;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    const kind = s.kind[id];
    if (kind === SlotKind.string) (texts ??= []).push([id, s.exact.get(id) as string]);
    else if (kind === SlotKind.bigint) (texts ??= []).push([id, String(s.exact.get(id)), 'int64']);
  }
  const { buffer, columns } = allocateTelemetry(seq, engineTime, dropped, count, groupCount, encodeTexts(texts ?? []));
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    columns.ids[i] = id;
    columns.values[i] = s.value[id] as number;
    columns.sourceTimes[i] = s.sourceTime[id] as number;
    columns.quality[i] = s.quality[id] as number;
    columns.groups[i] = s.group[id] as number;
  }
  for (let i = 0; i < groupCount; i++) {
    const group = groups[i] as number;
    columns.groupIds[i] = group;
    columns.groupConfirmTimes[i] = groupConfirm[group] as number;
  }
  return buffer;
}
