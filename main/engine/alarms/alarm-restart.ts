/** Alarm state across engine restarts: restores what was saved under the data directory and keeps it saved. */
import { join } from 'node:path';
import type { Logger } from '../drivers/driver';
import { AlarmStateFile } from './alarm-persistence';
import type { AlarmService } from './alarm-service';
import type { Shelve } from './alarm-state';

/**
 * Restores `alarms` from `<dataDir>/alarms` and saves every change there; undefined without a data directory. A
 * saved shelve past the longest allowed is dropped and told to `shelveDropped` (the engine audits it).
 */
export function keepAlarmState(alarms: AlarmService, dataDir: string, log: Logger, shelveDropped?: (key: string, shelved: Shelve) => void): AlarmStateFile | undefined {
  if (!dataDir) return undefined;
  let file: AlarmStateFile;
  try {
    file = new AlarmStateFile(join(dataDir, 'alarms'), () => alarms.snapshot(), log);
  } catch (error) {
    // Alarms still work; only their acks and shelves will not outlive this run.
    log.error('alarms.state-unavailable', `alarm state cannot be kept under ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const restored = alarms.restore(file.load(), (key, shelved) => {
    log.warn('alarms.shelve-not-restored', `${key}: saved shelve until ${shelved.until} (ms since epoch) exceeds the 24 h maximum; the alarm is not shelved`);
    shelveDropped?.(key, shelved);
  });
  if (restored > 0) log.info('alarms.restored', `${restored} alarm state(s) restored (acknowledgements and shelves)`);
  alarms.hooks.changed = () => file.changed();
  return file;
}
