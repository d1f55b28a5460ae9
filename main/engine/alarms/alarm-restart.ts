/** Alarm state across engine restarts: restores what was saved under the data directory and keeps it saved. */
import { join } from 'node:path';
import type { Logger } from '../drivers/driver';
import { AlarmStateFile } from './alarm-persistence';
import type { AlarmService } from './alarm-service';

/** Restores `alarms` from `<dataDir>/alarms` and saves every change there; undefined without a data directory. */
export function keepAlarmState(alarms: AlarmService, dataDir: string, log: Logger): AlarmStateFile | undefined {
  if (!dataDir) return undefined;
  const file = new AlarmStateFile(join(dataDir, 'alarms'), () => alarms.snapshot(), log);
  const restored = alarms.restore(file.load());
  if (restored > 0) log.info('alarms.restored', `${restored} alarm state(s) restored (acknowledgements and shelves)`);
  alarms.hooks.changed = () => file.changed();
  return file;
}
