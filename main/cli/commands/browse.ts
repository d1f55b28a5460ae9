/** `rec-console browse opc.tcp://HOST:PORT [NODEID] [--depth N]`: walks the address space, one reference per line. */
import type { CliCommand } from '../command';
import { CliError } from '../cli-error';
import { nodeIdProblem } from '../../../shared/site/node-id';
import type { BrowsedReference } from '../../engine/drivers/opcua/browse';
import { addConnectionOptions, positiveInt, resolveDevice, toProbeOptions, type DeviceCliOptions } from './device-options';

/** Most nodes one browse command prints (a depth-unbounded walk of a big server must still end). */
const MAX_NODES = 20_000;

interface BrowseCliOptions extends DeviceCliOptions {
  depth?: string;
}

/** One walked node with its depth (1 = child of the start node). */
export interface WalkedNode extends BrowsedReference {
  depth: number;
}

/** Depth-first walk from `start`, `depth` levels deep, each node once. */
export async function walk(browse: (nodeId: string) => Promise<{ references: BrowsedReference[] }>, start: string, depth: number): Promise<{ nodes: WalkedNode[]; truncated: boolean }> {
  const nodes: WalkedNode[] = [];
  const seen = new Set<string>([start]);
  const visit = async (nodeId: string, level: number): Promise<boolean> => {
    const { references } = await browse(nodeId);
    for (const ref of references) {
      if (seen.has(ref.nodeId)) continue;
      seen.add(ref.nodeId);
      if (nodes.length >= MAX_NODES) return false;
      nodes.push({ ...ref, depth: level });
      if (level < depth && ref.nodeClass !== 'Variable' && ref.nodeClass !== 'Method' && !(await visit(ref.nodeId, level + 1))) return false;
    }
    return true;
  };
  const complete = await visit(start, 1);
  return { nodes, truncated: !complete };
}

/** The `browse` command. */
export const browseCommand: CliCommand = {
  register(program, io) {
    addConnectionOptions(
      program
        .command('browse')
        .description('browse an OPC UA address space (default from Objects, i=85)')
        .argument('<url>', 'opc.tcp://HOST:PORT')
        .argument('[nodeId]', 'start node', 'i=85')
        .option('--depth <n>', 'levels to descend', '1')
        .option('--json', 'print one JSON document'),
    ).action(async (urlText: string, nodeId: string, options: BrowseCliOptions) => {
      const { url } = await resolveDevice(urlText);
      if (url.protocol !== 'opc.tcp:') throw new CliError('browse works on OPC UA servers only (opc.tcp://HOST:PORT)', 2);
      const problem = nodeIdProblem(nodeId);
      if (problem) throw new CliError(problem, 2);
      const depth = positiveInt(options.depth, '--depth', 1, 32);
      const { withOpcUa } = await import('../probes/opcua-session'); // node-opcua loads only when browsing
      const result = await withOpcUa(url, toProbeOptions(options), (driver) => walk((id) => driver.browse(id), nodeId, depth));
      if (options.json) return io.out(JSON.stringify({ url: urlText, nodeId, ...result }));
      for (const node of result.nodes) io.out(`${'  '.repeat(node.depth - 1)}${node.nodeId} ${node.nodeClass} ${node.browseName}`);
      if (result.truncated) io.err(`(stopped after ${MAX_NODES} nodes)`);
    });
  },
};
