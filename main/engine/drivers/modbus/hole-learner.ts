/**
 * Learns holes: when a merged read answers exception 2 (illegal data address), its tags are read one by one.
 * A tag that fails alone is a hole — reported and read alone from then on; the other tags keep working. The
 * unread gap registers of the failed block become blocked, so the planner never bridges them again. If a block
 * built only from tags that each read fine alone still fails, those tags are isolated for good (some devices
 * refuse reads across internal boundaries).
 */
import type { ModbusTable } from '../../../../shared/site/data-types';
import type { PlannedRead } from './planner';
import type { TagLayout } from './tag-layout';

/** A tag the device refuses to read. */
export interface Hole {
  tag: string;
  equipmentId: string;
  address: string;
  unitId: number;
}

/** What the planner must respect, learned from exception 2 answers. */
export class HoleLearner {
  private readonly blocked = new Set<string>();
  readonly isolated = new Set<number>();
  private readonly readAlone = new Set<number>();
  readonly holes = new Map<number, Hole>();

  constructor(private readonly layouts: readonly TagLayout[]) {}

  /** For PlanOptions.isBlocked. */
  isBlocked = (unitId: number, table: ModbusTable, address: number): boolean => this.blocked.has(`${unitId}:${table}:${address}`);

  /** Called when a multi-tag read failed with exception 2: returns the tags to read one by one (maybe none). */
  splitBlock(read: PlannedRead): number[] {
    if (read.items.every((id) => this.readAlone.has(id))) {
      for (const id of read.items) this.isolated.add(id);
      return [];
    }
    return read.items;
  }

  /** Records the outcome of reading tag `id` alone (`ok` false means exception 2 again). Returns a new hole. */
  recordAlone(id: number, ok: boolean): Hole | undefined {
    this.readAlone.add(id);
    if (ok || this.holes.has(id)) return undefined;
    const layout = this.layouts[id];
    if (!layout) return undefined;
    this.isolated.add(id);
    for (let a = layout.offset; a < layout.offset + layout.width; a++) this.blocked.add(`${layout.unitId}:${layout.table}:${a}`);
    const hole = { tag: layout.binding.name, equipmentId: layout.binding.equipmentId, address: layout.binding.tag.address, unitId: layout.unitId };
    this.holes.set(id, hole);
    return hole;
  }

  /** After a split: addresses of the failed block that no readable tag covers are blocked for bridging. */
  blockGaps(read: PlannedRead, readable: readonly number[]): void {
    const covered = new Set<number>();
    for (const id of readable) {
      const layout = this.layouts[id];
      if (layout) for (let a = layout.offset; a < layout.offset + layout.width; a++) covered.add(a);
    }
    for (let a = read.start; a < read.start + read.count; a++) if (!covered.has(a)) this.blocked.add(`${read.unitId}:${read.table}:${a}`);
  }
}
