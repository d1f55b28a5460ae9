/** The key values of an equipment on the fleet overview: the site's `keyTags`, else sensible defaults per type. */

/** Default key tags per equipment type, in display order (those the equipment lacks are skipped). */
export const DEFAULT_KEY_TAGS: Readonly<Record<string, readonly string[]>> = {
  'container-crane': ['hoistPosition', 'trolleyPosition', 'loadWeight', 'windSpeed'],
  'ladle-crane': ['hoistPosition', 'hookLoad', 'tiltAngle', 'steelTemperature'],
  'drill-rig': ['depth', 'penetrationRate', 'rotationSpeed', 'feedForce'],
};

const MAX_KEY_TAGS = 4;
const NUMERIC = new Set(['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'int64', 'uint64']);

/** What the choice needs to know about a tag. */
export interface KeyTagCandidate {
  type: string;
  unit?: string | undefined;
  writable: boolean;
}

/**
 * The key tags of one equipment: `configured` when the site names them; else the type's defaults it has; else
 * (generic equipment) its first numeric, read-only tags that carry a unit — measured values, not commands.
 */
export function resolveKeyTags(type: string, tags: Readonly<Record<string, KeyTagCandidate>>, configured?: readonly string[]): string[] {
  if (configured && configured.length > 0) return configured.filter((name) => name in tags).slice(0, MAX_KEY_TAGS);
  const defaults = (DEFAULT_KEY_TAGS[type] ?? []).filter((name) => name in tags);
  if (defaults.length > 0) return defaults.slice(0, MAX_KEY_TAGS);
  return Object.entries(tags)
    .filter(([, tag]) => NUMERIC.has(tag.type) && tag.unit !== undefined && !tag.writable)
    .map(([name]) => name)
    .slice(0, 3);
}
