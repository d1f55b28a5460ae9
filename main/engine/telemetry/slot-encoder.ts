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

/** One frame's buffer. */
export function encodeSlots(store: SignalStore, frame: SlotFrame): ArrayBuffer {
  const s = store.slots;
  const { ids, count } = frame;
  let texts: TelemetryText[] | undefined;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    const kind = s.kind[id];
    if (kind === SlotKind.string) (texts ??= []).push([id, s.exact.get(id) as string]);
    else if (kind === SlotKind.bigint) (texts ??= []).push([id, String(s.exact.get(id)), 'int64']);
  }
  const { buffer, columns } = allocateTelemetry(frame.seq, frame.engineTime, frame.dropped, count, frame.groupCount, encodeTexts(texts ?? []));
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    columns.ids[i] = id;
    columns.values[i] = s.value[id] as number;
    columns.sourceTimes[i] = s.sourceTime[id] as number;
    columns.quality[i] = s.quality[id] as number;
    columns.groups[i] = s.group[id] as number;
  }
  for (let i = 0; i < frame.groupCount; i++) {
    const group = frame.groups[i] as number;
    columns.groupIds[i] = group;
    columns.groupConfirmTimes[i] = store.groupConfirm[group] as number;
  }
  return buffer;
}
