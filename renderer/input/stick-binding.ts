/** Which jog of an equipment the stick drives: the operator's choice per equipment, else the type's usual axis. */

/** The jog a type's stick drives by default (the axis operators move most), when the site has it. */
const USUAL_STICK_JOG: Readonly<Record<string, string>> = {
  'container-crane': 'hoistJog',
  'ladle-crane': 'hoistJog',
};

const STORAGE_KEY = 'rec-gamepad-drives';

/** The jog command the stick drives on this equipment: the saved choice if it still exists, else the usual, else the first. */
export function stickJog(type: string, jogs: readonly string[], saved: string | undefined): string | undefined {
  if (saved && jogs.includes(saved)) return saved;
  const usual = USUAL_STICK_JOG[type];
  return usual && jogs.includes(usual) ? usual : jogs[0];
}

/** The saved choices by equipment id (empty when storage is off or holds junk). */
export function loadStickChoices(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Remembers the stick's jog for one equipment (silently per page only when storage is off). */
export function saveStickChoice(equipmentId: string, command: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ ...loadStickChoices(storage), [equipmentId]: command }));
  } catch {
    // storage disabled: the choice lasts while the panel is open
  }
}
