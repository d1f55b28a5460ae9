/** A site file as far as its parts passed their own schemas: what the cross-checks run on when other parts failed. */
import type { SiteShape } from './site-parts';

/** A site whose list entries may be missing (entries that failed their own schema are left out, indices kept). */
export type PartialSite = Pick<SiteShape, 'scanClasses'> & {
  connections: readonly (SiteShape['connections'][number] | undefined)[];
  equipment: readonly (PartialEquipment | undefined)[];
  users: readonly (SiteShape['users'][number] | undefined)[];
  /** Connections that exist in the file but failed their own schema: id → protocol as written. */
  invalidConnections?: ReadonlyMap<string, unknown>;
  /** Ids as written, also of entries that failed their schema, so a duplicate id is reported alongside other errors. */
  connectionIds?: readonly (string | undefined)[];
  equipmentIds?: readonly (string | undefined)[];
};

/** An equipment entry, possibly reduced to its valid parts; `raw*Names` list every name written in the file. */
export type PartialEquipment = SiteShape['equipment'][number] & { rawTagNames?: ReadonlySet<string>; rawCommandNames?: ReadonlySet<string> };
