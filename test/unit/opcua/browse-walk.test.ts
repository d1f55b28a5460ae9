import { describe, expect, it } from 'vitest';
import { walk } from '../../../main/cli/commands/browse';
import type { BrowsedReference } from '../../../main/engine/drivers/opcua/browse';

const ref = (nodeId: string, nodeClass = 'Object'): BrowsedReference => ({ nodeId, browseName: nodeId, displayName: nodeId, nodeClass, referenceType: 'i=35' });

/** A small address space with a cycle (B → A) and a variable that must not be browsed into. */
const space: Record<string, BrowsedReference[]> = {
  root: [ref('A'), ref('V', 'Variable')],
  A: [ref('B'), ref('M', 'Method')],
  B: [ref('A'), ref('C')],
  C: [ref('D')],
  V: [ref('never')],
};

describe('browse walk', () => {
  it('walks depth-first to the given depth, each node once, never into variables or methods', async () => {
    const browsed: string[] = [];
    const browse = async (id: string) => {
      browsed.push(id);
      return { references: space[id] ?? [] };
    };
    const { nodes, truncated } = await walk(browse, 'root', 3);
    expect(nodes.map((n) => `${n.depth}:${n.nodeId}`)).toEqual(['1:A', '2:B', '3:C', '2:M', '1:V']);
    expect(browsed).toEqual(['root', 'A', 'B']);
    expect(truncated).toBe(false);
  });

  it('depth 1 lists only the children', async () => {
    const { nodes } = await walk(async (id) => ({ references: space[id] ?? [] }), 'root', 1);
    expect(nodes.map((n) => n.nodeId)).toEqual(['A', 'V']);
  });
});
