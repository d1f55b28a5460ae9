/**
 * What only commands may write: every tag a command, jog, heartbeat or owner register drives, the jog block, and
 * every method a command calls. A maintenance write (`tag.write`, `modbus.write`, `opcua.write`, `opcua.call`) to one
 * of them is refused with the command to use instead, so hold-to-run, ownership, interlocks and the latency limit
 * cannot be bypassed through the maintenance tools.
 */
import { parseModbusAddress, registersFor, textLengthOf, type DataType } from '../../../shared/site/data-types';
import { canonicalNodeId } from '../drivers/opcua';
import type { EquipmentIndex, ResolvedEquipment } from './equipment-index';

interface Range {
  connectionId: string;
  unitId: number;
  /** Coils and holding registers are the writable tables; a discrete input or input register shares no address with them. */
  table: string;
  from: number;
  to: number;
  why: string;
}

/** The command targets could not be checked (why): a raw write is then refused, never let through unchecked. */
export interface Unchecked {
  unchecked: string;
}

/** An OPC UA node a command drives, as the site file spells it. */
interface GuardedNode {
  connectionId: string;
  nodeId: string;
  why: string;
}

/** The protected targets of a site. */
export class ControlledTargets {
  private readonly tags = new Map<string, string>();
  private readonly ranges: Range[] = [];
  private readonly nodes: GuardedNode[] = [];
  private readonly methods: GuardedNode[] = [];
  /** `connection|canonical NodeId` → why, made on the first OPC UA check (node-opcua is loaded only for OPC UA). */
  private canonical: Promise<{ nodes: Map<string, string>; methods: Map<string, string> }> | undefined;

  constructor(equipment: EquipmentIndex) {
    for (const eq of equipment.all()) this.collect(eq);
  }

  /** Why `tag` of `equipmentId` is command-only, or undefined. */
  tag(equipmentId: string, tag: string): string | undefined {
    return this.tags.get(`${equipmentId}/${tag}`);
  }

  /**
   * Why a raw Modbus write overlaps a command-only register or coil, or undefined. A text without a length is as
   * wide as the driver will write it: `value`'s UTF-8 bytes.
   */
  modbus(connectionId: string, unitId: number, address: string, type: DataType | undefined, length: number | undefined, value: unknown): string | undefined {
    const parsed = parseModbusAddress(address);
    if ('error' in parsed) return undefined; // the driver refuses it with its own reason
    const bits = parsed.table === 'coil' || parsed.table === 'discrete';
    const width = bits || parsed.bit !== undefined ? 1 : registersFor(type ?? 'uint16', length ?? (type === 'string' ? textLengthOf(value) : 0));
    // Unit 0 is broadcast: every device on the link acts on it, so it overlaps every unit's protected registers.
    // Same table only: "discrete:0" is not the stop's "coil:0" (a write there is refused by the driver, for its own reason).
    const hit = this.ranges.find((r) => r.connectionId === connectionId && (r.unitId === unitId || unitId === 0) && r.table === parsed.table && parsed.offset <= r.to && parsed.offset + width - 1 >= r.from);
    return hit?.why;
  }

  /** Why a raw OPC UA write to `nodeId` (however spelled) is command-only, or that it could not be checked; else undefined. */
  async opcuaNode(connectionId: string, nodeId: string): Promise<string | Unchecked | undefined> {
    return this.guarded('nodes', connectionId, nodeId);
  }

  /** Why a raw OPC UA call of `methodId` (however spelled) is command-only, or that it could not be checked; else undefined. */
  async opcuaMethod(connectionId: string, methodId: string): Promise<string | Unchecked | undefined> {
    return this.guarded('methods', connectionId, methodId);
  }

  private async guarded(kind: 'nodes' | 'methods', connectionId: string, nodeId: string): Promise<string | Unchecked | undefined> {
    if (this[kind].length === 0) return undefined; // no OPC UA command targets: node-opcua need not load
    try {
      const key = await canonicalNodeId(nodeId);
      if (key === undefined) return undefined; // names no node: the driver refuses it with its own reason
      this.canonical ??= this.canonicalMaps();
      return (await this.canonical)[kind].get(`${connectionId}|${key}`);
    } catch (error) {
      // Unchecked is refused (and audited as such), never let through; the next write tries again.
      this.canonical = undefined;
      return { unchecked: error instanceof Error ? error.message : String(error) };
    }
  }

  private async canonicalMaps(): Promise<{ nodes: Map<string, string>; methods: Map<string, string> }> {
    const map = async (list: GuardedNode[]) => new Map(await Promise.all(list.map(async (n) => [`${n.connectionId}|${(await canonicalNodeId(n.nodeId)) ?? n.nodeId.trim()}`, n.why] as const)));
    return { nodes: await map(this.nodes), methods: await map(this.methods) };
  }

  private collect(eq: ResolvedEquipment): void {
    const e = eq.equipment;
    const protect = (tag: string | undefined, why: string) => {
      const binding = tag ? eq.tags.get(tag) : undefined;
      if (!binding) return;
      this.tags.set(`${e.id}/${binding.name}`, why);
      if (eq.protocol === 'opcua') this.nodes.push({ connectionId: eq.connectionId, nodeId: binding.tag.address, why });
      else this.protectRegisters(eq.connectionId, binding.unitId, binding.tag.address, binding.tag.type, binding.tag.length, why);
    };
    for (const [name, command] of Object.entries(e.commands)) {
      protect(command.tag, `the command "${name}" of ${e.name}`);
      if (command.methodId) this.methods.push({ connectionId: eq.connectionId, nodeId: command.methodId, why: `the command "${name}" of ${e.name}` });
    }
    protect(e.heartbeat?.tag, `${e.name}'s heartbeat (written by the console while it holds control)`);
    protect(e.controlOwner?.tag, `control ownership of ${e.name} (take / release control)`);
    protect(e.controlOwner?.takeOverTag, `control ownership of ${e.name} (take over control)`);
    const unitId = [...eq.tags.values()][0]?.unitId ?? 1;
    if (e.jog.block) this.protectRegisters(eq.connectionId, unitId, e.jog.block.address, 'uint16', undefined, `${e.name}'s jog block (hold-to-run jogs)`, 5);
  }

  private protectRegisters(connectionId: string, unitId: number, address: string, type: DataType, length: number | undefined, why: string, words?: number): void {
    const parsed = parseModbusAddress(address);
    if ('error' in parsed) return;
    const bits = parsed.table === 'coil' || parsed.table === 'discrete';
    const width = words ?? (bits || parsed.bit !== undefined ? 1 : registersFor(type, length ?? 0));
    this.ranges.push({ connectionId, unitId, table: parsed.table, from: parsed.offset, to: parsed.offset + width - 1, why });
  }
}
