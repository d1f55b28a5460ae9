/** Level 1: every equipment of the site as a tile, with a one-line fleet summary of what needs attention. */
import { useMemo, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/i18n';
import { useControl } from '../stores/control-hooks';
import { useSession } from '../stores/hooks';
import { EquipmentTile, tileSeverity } from './EquipmentTile';
import { useFleet, useFollowFleet } from './fleet-hooks';
import './overview.css';

/** Signal ids by tag name, per equipment (the session keys them `equipmentId/tag`). */
function signalsByEquipment(signalIds: ReadonlyMap<string, number>): Map<string, Map<string, number>> {
  const byEquipment = new Map<string, Map<string, number>>();
  for (const [key, id] of signalIds) {
    const slash = key.indexOf('/');
    const equipmentId = key.slice(0, slash);
    let tags = byEquipment.get(equipmentId);
    if (!tags) byEquipment.set(equipmentId, (tags = new Map()));
    tags.set(key.slice(slash + 1), id);
  }
  return byEquipment;
}

const NO_SIGNALS: ReadonlyMap<string, number> = new Map();
const NO_ALARMS = { urgent: 0, high: 0, medium: 0, low: 0, unacked: 0, returned: 0 };

/**
 * How many tiles have alarms or link problems (re-read on every status change: counts are cheap). Without the engine
 * link, or before its alarm list is read, it says what is unknown instead of "all good".
 */
export function FleetSummary() {
  const session = useSession();
  const { status } = useFleet();
  const { t } = useI18n();
  useSyncExternalStore(status.subscribe, status.getVersion, status.getVersion);
  if (session.engine !== 'connected') {
    return (
      <p className="fleet-summary" data-testid="fleet-summary">
        <span>{t('fleet.count', { count: session.equipment.length })}</span>
        <span className="fleet-summary-unknown">{t('fleet.summaryUnknown')}</span>
      </p>
    );
  }
  let withAlarms = 0;
  let withLink = 0;
  for (const equipment of session.equipment) {
    const alarms = status.alarmsOf(equipment.id);
    if (alarms && alarms.urgent + alarms.high + alarms.medium + alarms.low > 0) withAlarms++;
    const link = status.link(equipment.id);
    const state = session.connections.get(equipment.connectionId)?.state ?? 'disconnected';
    if (tileSeverity(state, link, NO_ALARMS) !== 'calm') withLink++;
  }
  const alarmsKnown = status.alarmsAreKnown;
  const calm = alarmsKnown && withAlarms === 0 && withLink === 0;
  return (
    <p className="fleet-summary" data-testid="fleet-summary">
      <span>{t('fleet.count', { count: session.equipment.length })}</span>
      {calm && <span className="muted">{t('fleet.summaryCalm')}</span>}
      {!alarmsKnown && <span className="fleet-summary-unknown">{t('fleet.summaryAlarmsUnknown')}</span>}
      {withAlarms > 0 && <span className="fleet-summary-alarm">{t('fleet.summaryAlarms', { count: withAlarms })}</span>}
      {withLink > 0 && <span className="fleet-summary-warn">{t('fleet.summaryLink', { count: withLink })}</span>}
    </p>
  );
}

/** The fleet overview. */
export function Overview() {
  const session = useSession();
  const control = useControl();
  const { t } = useI18n();
  useFollowFleet();
  const signals = useMemo(() => signalsByEquipment(session.signalIds), [session.signalIds]);
  return (
    <section aria-labelledby="overview-heading">
      <div className="fleet-heading">
        <h2 id="overview-heading">{t('overview.heading')}</h2>
        {session.equipment.length > 0 && <FleetSummary />}
      </div>
      {session.equipment.length === 0 && session.engine === 'connected' && <p>{t('overview.empty')}</p>}
      <ul className="tiles fleet-tiles" data-testid="equipment-list">
        {session.equipment.map((equipment) => (
          <EquipmentTile
            key={equipment.id}
            equipment={equipment}
            status={session.connections.get(equipment.connectionId)}
            control={control.states.get(equipment.id)}
            signalIds={signals.get(equipment.id) ?? NO_SIGNALS}
            engineLive={session.engine === 'connected'}
          />
        ))}
      </ul>
    </section>
  );
}
