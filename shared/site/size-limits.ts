/**
 * Stated limits on how many entries a site file may hold, checked on the raw data before the schema runs. They keep
 * the work and the error list of one load bounded (a real site is far below them), and an oversized list is refused
 * with one message instead of one error per entry.
 */

/** Largest number of entries per list or map. */
export const SITE_LIMITS = {
  connections: 1_000,
  equipment: 1_000,
  users: 1_000,
  scanClasses: 100,
  tagsPerEquipment: 10_000,
  tagsInSite: 50_000,
  commandsPerEquipment: 1_000,
  interlocksPerEquipment: 1_000,
  alarmsPerEquipment: 1_000,
} as const;

/** A list or map over its limit. */
export interface SizeProblem {
  path: (string | number)[];
  message: string;
}

type Raw = Record<string, unknown>;
const sizeOf = (value: unknown): number => (Array.isArray(value) ? value.length : value !== null && typeof value === 'object' ? Object.keys(value).length : 0);
const asRecord = (value: unknown): Raw => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {});

/** Every list or map of the raw site data that holds more entries than its limit. */
export function sizeLimitProblems(data: unknown): SizeProblem[] {
  const problems: SizeProblem[] = [];
  const check = (path: (string | number)[], value: unknown, limit: number, what: string): void => {
    const size = sizeOf(value);
    if (size > limit) problems.push({ path, message: `${size} ${what}; the limit is ${limit}` });
  };
  const root = asRecord(data);
  check(['connections'], root.connections, SITE_LIMITS.connections, 'connections');
  check(['equipment'], root.equipment, SITE_LIMITS.equipment, 'equipment');
  check(['users'], root.users, SITE_LIMITS.users, 'users');
  check(['scanClasses'], root.scanClasses, SITE_LIMITS.scanClasses, 'scan classes');
  if (problems.length > 0 || !Array.isArray(root.equipment)) return problems;
  let tags = 0;
  root.equipment.forEach((raw, e) => {
    const equipment = asRecord(raw);
    tags += sizeOf(equipment.tags);
    check(['equipment', e, 'tags'], equipment.tags, SITE_LIMITS.tagsPerEquipment, 'tags in one equipment');
    check(['equipment', e, 'commands'], equipment.commands, SITE_LIMITS.commandsPerEquipment, 'commands in one equipment');
    check(['equipment', e, 'interlocks'], equipment.interlocks, SITE_LIMITS.interlocksPerEquipment, 'interlocks in one equipment');
    check(['equipment', e, 'alarms'], equipment.alarms, SITE_LIMITS.alarmsPerEquipment, 'alarms in one equipment');
  });
  // The site total only when no single equipment is already over: one cause, one message.
  if (problems.length === 0 && tags > SITE_LIMITS.tagsInSite) problems.push({ path: ['equipment'], message: `${tags} tags in the site; the limit is ${SITE_LIMITS.tagsInSite}` });
  return problems;
}
