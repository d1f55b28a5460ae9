/**
 * What the site file says about a connection's OPC UA method commands (from DriverContext.equipment): the driver
 * checks it against the server's InputArguments at connect and before each call.
 */
import type { DataType as SiteDataType } from '../../../../shared/site/data-types';
import type { Equipment } from '../../../../shared/site/schema';

/** One method command as the site file declares it. */
export interface MethodDeclaration {
  equipmentId: string;
  command: string;
  objectId: string;
  methodId: string;
  /** The type the site file gives the command's one input; none: the command sends no input. */
  argumentType?: SiteDataType;
}

/** The method commands of the equipment on `connectionId` (what the engine hands the connection's driver). */
export function methodDeclarations(equipment: readonly Equipment[], connectionId: string): MethodDeclaration[] {
  const declarations: MethodDeclaration[] = [];
  for (const eq of equipment) {
    if (eq.connection !== connectionId) continue;
    for (const [command, def] of Object.entries(eq.commands)) {
      if (def.kind !== 'method' || !def.objectId || !def.methodId) continue;
      declarations.push({ equipmentId: eq.id, command, objectId: def.objectId, methodId: def.methodId, ...(def.argument ? { argumentType: def.argument.type } : {}) });
    }
  }
  return declarations;
}

/** How a declaration is named in warnings and refusals. */
export function declarationName(d: MethodDeclaration): string {
  return `${d.equipmentId} command "${d.command}" (method ${d.methodId})`;
}
