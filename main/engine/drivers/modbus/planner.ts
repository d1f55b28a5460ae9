/**
 * The scan planner (pure): merges tags into the fewest read requests per scan class. Neighbours merge, gaps up
 * to `maxGap` are bridged, a request never exceeds the spec limit, never covers a known-unreadable address and
 * never takes in an isolated tag. Tags are sorted by address and merged greedily; because any contiguous run of
 * a mergeable run is itself mergeable, greedy extension yields the minimum number of requests.
 */
import type { ModbusTable } from '../../../../shared/site/data-types';
import { readLimit } from './limits';

/** One tag to acquire: where it lives and how many registers (or bits) it spans. */
export interface PlanItem {
  /** Caller's index of the tag (returned in `items`). */
  id: number;
  unitId: number;
  table: ModbusTable;
  start: number;
  width: number;
  scanClass: string;
}

/** One read request of a scan cycle and the tags it serves. */
export interface PlannedRead {
  unitId: number;
  table: ModbusTable;
  start: number;
  count: number;
  scanClass: string;
  items: number[];
}

/** Planner tuning and what it has learned about the device. */
export interface PlanOptions {
  /** Largest gap (registers or bits) bridged between two tags. */
  maxGap: number;
  /** Known-unreadable addresses (learned holes); never covered by a merged request. */
  isBlocked?: (unitId: number, table: ModbusTable, address: number) => boolean;
  /** Tags that must be read alone. */
  isolated?: ReadonlySet<number>;
  /** Override the spec read limits (tests, devices with smaller buffers). */
  limit?: (table: ModbusTable) => number;
}

function groupKey(item: PlanItem): string {
  return `${item.scanClass}\u0000${item.unitId}\u0000${item.table}`;
}

/** Plans the reads for `items`; requests come out ordered by scan class, unit, table and address. */
export function planReads(items: readonly PlanItem[], options: PlanOptions): PlannedRead[] {
  const groups = new Map<string, PlanItem[]>();
  for (const item of items) {
    const list = groups.get(groupKey(item)) ?? [];
    list.push(item);
    groups.set(groupKey(item), list);
  }
  const plan: PlannedRead[] = [];
  for (const key of [...groups.keys()].sort()) {
    const sorted = [...(groups.get(key) ?? [])].sort((a, b) => a.start - b.start || b.width - a.width || a.id - b.id);
    plan.push(...mergeGroup(sorted, options));
  }
  return plan;
}

function gapIsBlocked(options: PlanOptions, first: PlanItem, from: number, to: number): boolean {
  if (!options.isBlocked) return false;
  for (let address = from; address <= to; address++) if (options.isBlocked(first.unitId, first.table, address)) return true;
  return false;
}

function mergeGroup(sorted: readonly PlanItem[], options: PlanOptions): PlannedRead[] {
  const out: PlannedRead[] = [];
  let current: (PlannedRead & { end: number; alone: boolean }) | undefined;
  for (const item of sorted) {
    const end = item.start + item.width - 1;
    const alone = options.isolated?.has(item.id) ?? false;
    const limit = options.limit?.(item.table) ?? readLimit(item.table);
    if (current && !alone && !current.alone) {
      const newEnd = Math.max(current.end, end);
      const gap = item.start - current.end - 1;
      if (gap <= options.maxGap && newEnd - current.start + 1 <= limit && !gapIsBlocked(options, item, current.end + 1, item.start - 1)) {
        current.end = newEnd;
        current.count = newEnd - current.start + 1;
        current.items.push(item.id);
        continue;
      }
    }
    if (current) out.push(strip(current));
    current = { unitId: item.unitId, table: item.table, start: item.start, count: item.width, end, scanClass: item.scanClass, items: [item.id], alone };
  }
  if (current) out.push(strip(current));
  return out;
}

function strip(read: PlannedRead & { end: number; alone: boolean }): PlannedRead {
  return { unitId: read.unitId, table: read.table, start: read.start, count: read.count, scanClass: read.scanClass, items: read.items };
}
