/** Scan planner: known-optimal request counts, limit splits, gap bridging, learned holes and isolation. */
import { describe, expect, it } from 'vitest';
import type { ModbusTable } from '../../../shared/site/data-types';
import { planReads, type PlanItem, type PlanOptions } from '../../../main/engine/drivers/modbus/planner';
import { HoleLearner } from '../../../main/engine/drivers/modbus/hole-learner';
import type { TagLayout } from '../../../main/engine/drivers/modbus/tag-layout';

let nextId = 0;
function item(start: number, width = 1, extra: Partial<PlanItem> = {}): PlanItem {
  return { id: nextId++, unitId: 1, table: 'holding', start, width, scanClass: 'fast', ...extra };
}

describe('planReads', () => {
  it('yields the known optimal count for a mixed tag map (7 requests)', () => {
    const items = [
      item(0), item(1, 2), item(3, 4), item(10), // 0..10, gaps ≤ 8 bridged
      item(30, 2), item(35), // 30..35
      item(200, 120), item(320, 2), // 200..321 = 122 registers
      item(324, 2), // would make 126 > 125: new request
      item(0, 1, { unitId: 2 }), // another unit
      item(0, 1, { table: 'input' }), // another table
      item(5, 1, { scanClass: 'slow' }), // another scan class
    ];
    const plan = planReads(items, { maxGap: 8 });
    expect(plan).toHaveLength(7);
    const holding1Fast = plan.filter((r) => r.unitId === 1 && r.table === 'holding' && r.scanClass === 'fast').map((r) => [r.start, r.count]);
    expect(holding1Fast).toEqual([[0, 11], [30, 6], [200, 122], [324, 2]]);
    expect(plan.flatMap((r) => r.items).sort((a, b) => a - b)).toEqual(items.map((i) => i.id).sort((a, b) => a - b));
  });

  it('bridges a gap only up to maxGap', () => {
    expect(planReads([item(0), item(2)], { maxGap: 0 })).toHaveLength(2);
    expect(planReads([item(0), item(2)], { maxGap: 1 })).toHaveLength(1);
  });

  it('never exceeds the spec limits: 125 registers, 2000 bits', () => {
    const registers = Array.from({ length: 300 }, (_, i) => item(i));
    const plan = planReads(registers, { maxGap: 0 });
    expect(plan.map((r) => r.count)).toEqual([125, 125, 50]);
    const coils = Array.from({ length: 2001 }, (_, i) => item(i, 1, { table: 'coil' }));
    expect(planReads(coils, { maxGap: 0 }).map((r) => r.count)).toEqual([2000, 1]);
    const wide = [item(0, 4), item(122, 4)]; // 0..125 would be 126 registers
    expect(planReads(wide, { maxGap: 125 })).toHaveLength(2);
  });

  it('merges overlapping tags (two bit tags in one register, a float and its halves)', () => {
    const plan = planReads([item(4), item(4), item(5, 2), item(5), item(6)], { maxGap: 0 });
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ start: 4, count: 3 });
  });

  it('never bridges a blocked address and never merges an isolated tag', () => {
    const a = item(0, 5);
    const b = item(6);
    const c = item(7);
    const blocked: PlanOptions['isBlocked'] = (_u, _t, address) => address === 5;
    expect(planReads([a, b, c], { maxGap: 8, isBlocked: blocked }).map((r) => r.items)).toEqual([[a.id], [b.id, c.id]]);
    expect(planReads([a, b, c], { maxGap: 8, isolated: new Set([b.id]) }).map((r) => r.items)).toEqual([[a.id], [b.id], [c.id]]);
  });

  it('matches an exhaustive optimum on random maps', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const maxGap = Math.floor(random() * 10);
      const items = Array.from({ length: 2 + Math.floor(random() * 30) }, () => item(Math.floor(random() * 400), 1 + Math.floor(random() * 4)));
      expect(planReads(items, { maxGap })).toHaveLength(optimum(items, maxGap, 125));
    }
  });
});

/** Minimum number of contiguous runs (in address order) that each fit one request: O(n²) dynamic programme. */
function optimum(items: PlanItem[], maxGap: number, limit: number): number {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.width - a.width);
  const best = [0];
  for (let j = 1; j <= sorted.length; j++) {
    best[j] = Number.POSITIVE_INFINITY;
    for (let i = j - 1; i >= 0; i--) {
      const run = sorted.slice(i, j);
      let end = -1;
      let ok = true;
      for (const [k, it] of run.entries()) {
        if (k > 0 && it.start - end - 1 > maxGap) ok = false;
        end = Math.max(end, it.start + it.width - 1);
      }
      if (ok && end - (run[0] as PlanItem).start + 1 <= limit) best[j] = Math.min(best[j] as number, (best[i] as number) + 1);
    }
  }
  return best[sorted.length] as number;
}

describe('HoleLearner', () => {
  const layout = (offset: number, width = 1, table: ModbusTable = 'holding'): TagLayout => ({
    binding: { signalId: offset, equipmentId: 'eq', unitId: 1, name: `t${offset}`, tag: { address: `${table}:${offset}` } as TagLayout['binding']['tag'] },
    unitId: 1,
    table,
    offset,
    width,
    spec: { type: 'uint16', order: 'ABCD' },
  });

  it('splits a failed block, reports the hole, blocks the unread gap, then re-plans around it', () => {
    const layouts = [layout(0, 2), layout(3), layout(6)];
    const learner = new HoleLearner(layouts);
    const items = layouts.map((l, id) => ({ id, unitId: 1, table: l.table, start: l.offset, width: l.width, scanClass: 'fast' }));
    const [block] = planReads(items, { maxGap: 8 });
    expect(block?.items).toEqual([0, 1, 2]);
    expect(learner.splitBlock(block!)).toEqual([0, 1, 2]);
    learner.recordAlone(0, true);
    const hole = learner.recordAlone(1, false);
    learner.recordAlone(2, true);
    expect(hole).toMatchObject({ tag: 't3', address: 'holding:3' });
    learner.blockGaps(block!, [0, 2]);
    const replanned = planReads(items, { maxGap: 8, isBlocked: learner.isBlocked, isolated: learner.isolated });
    expect(replanned.map((r) => r.items)).toEqual([[0], [1], [2]]);
  });

  it('isolates tags that read alone but fail together', () => {
    const learner = new HoleLearner([layout(0), layout(1)]);
    const read = { unitId: 1, table: 'holding' as const, start: 0, count: 2, scanClass: 'fast', items: [0, 1] };
    learner.splitBlock(read);
    learner.recordAlone(0, true);
    learner.recordAlone(1, true);
    expect(learner.splitBlock(read)).toEqual([]);
    expect([...learner.isolated]).toEqual([0, 1]);
  });
});
