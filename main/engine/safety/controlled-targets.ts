/**
 * What only commands may write: every tag a command, jog, heartbeat or owner register drives, the jog block, and
 * every method a command calls. A maintenance write (`tag.write`, `modbus.write`, `opcua.write`, `opcua.call`) to one
 * of them is refused with the command to use instead, so hold-to-run, ownership, interlocks and the latency limit
 * cannot be bypassed through the maintenance tools.
 */
import { parseModbusAddress, registersFor, type DataType } from '../../../shared/site/data-types';
import type { EquipmentIndex, ResolvedEquipment } from './equipment-index';

interface Range {
  connectionId: string;
  unitId: number;
  bits: boolean;
  from: number;
  to: number;
  why: string;
}

/** The protected targets of a site. */
export class ControlledTargets {
  private readonly tags = new Map<string, string>();
  private readonly ranges: Range[] = [];
  private readonly nodes = new Map<string, string>();
  private readonly methods = new Map<string, string>();

  constructor(equipment: EquipmentIndex) {
    for (const eq of equipment.all()) this.collect(eq);
  }

  /** Why `tag` of `equipmentId` is command-only, or undefined. */
  tag(equipmentId: string, tag: string): string | undefined {
    return this.tags.get(`${equipmentId}/${tag}`);
  }

  /** Why a raw Modbus write overlaps a command-only register or coil, or undefined. */
  modbus(connectionId: string, unitId: number, address: string, type: DataType | undefined, length: number | undefined): string | undefined {
    const parsed = parseModbusAddress(address);
    if ('error' in parsed) return undefined; // the driver refuses it with its own reason
    const bits = parsed.table === 'coil' || parsed.table === 'discrete';
    const width = bits || parsed.bit !== undefined ? 1 : registersFor(type ?? 'uint16', length ?? 2);
    // Unit 0 is broadcast: every device on the link acts on it, so it overlaps every unit's protected registers.
    const hit = this.ranges.find((r) => r.connectionId === connectionId && (r.unitId === unitId || unitId === 0) && r.bits === bits && parsed.offset <= r.to && parsed.offset + width - 1 >= r.from);
    return hit?.why;
  }

  /** Why a raw OPC UA write to `nodeId` is command-only, or undefined. */
  opcuaNode(connectionId: string, nodeId: string): string | undefined {
    return this.nodes.get(`${connectionId}|${nodeId.trim()}`);
  }

  /** Why a raw OPC UA call of `methodId` is command-only, or undefined. */
  opcuaMethod(connectionId: string, methodId: string): string | undefined {
    return this.methods.get(`${connectionId}|${methodId.trim()}`);
  }

  private collect(eq: ResolvedEquipment): void {
    const e = eq.equipment;
    const protect = (tag: string | undefined, why: string) => {
      const binding = tag ? eq.tags.get(tag) : undefined;
      if (!binding) return;
      this.tags.set(`${e.id}/${binding.name}`, why);
      if (eq.protocol === 'opcua') this.nodes.set(`${eq.connectionId}|${binding.tag.address.trim()}`, why);
      else this.protectRegisters(eq.connectionId, binding.unitId, binding.tag.address, binding.tag.type, binding.tag.length, why);
    };
    for (const [name, command] of Object.entries(e.commands)) {
      protect(command.tag, `the command "${name}" of ${e.name}`);
      if (command.methodId) this.methods.set(`${eq.connectionId}|${command.methodId.trim()}`, `the command "${name}" of ${e.name}`);
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
    this.ranges.push({ connectionId, unitId, bits, from: parsed.offset, to: parsed.offset + width - 1, why });
  }
}
