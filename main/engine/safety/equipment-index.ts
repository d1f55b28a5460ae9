/** Looks up an equipment's site definition, its connection and its bound tags by name: what every command starts from. */
import type { Equipment, SiteFile } from '../../../shared/site/schema';
import type { TagBinding } from '../drivers/driver';

/** One equipment, resolved. */
export interface ResolvedEquipment {
  equipment: Equipment;
  connectionId: string;
  protocol: string;
  tags: ReadonlyMap<string, TagBinding>;
}

/** Equipment by id, built once from the site and the engine's bindings. */
export class EquipmentIndex {
  private readonly byId = new Map<string, ResolvedEquipment>();
  private readonly units = new Map<string, number>();

  constructor(site: Pick<SiteFile, 'connections' | 'equipment'>, bindingsByConnection: ReadonlyMap<string, readonly TagBinding[]>) {
    const protocols = new Map(site.connections.map((c) => [c.id, c.protocol]));
    for (const c of site.connections) if ('unitId' in c) this.units.set(c.id, c.unitId);
    for (const equipment of site.equipment) {
      const tags = new Map<string, TagBinding>();
      for (const binding of bindingsByConnection.get(equipment.connection) ?? []) if (binding.equipmentId === equipment.id) tags.set(binding.name, binding);
      this.byId.set(equipment.id, { equipment, connectionId: equipment.connection, protocol: protocols.get(equipment.connection) ?? 'unknown', tags });
    }
  }

  get(id: string): ResolvedEquipment | undefined {
    return this.byId.get(id);
  }

  /** A Modbus connection's own unit id (what a raw request without one goes to). */
  connectionUnit(connectionId: string): number | undefined {
    return this.units.get(connectionId);
  }

  all(): IterableIterator<ResolvedEquipment> {
    return this.byId.values();
  }
}
