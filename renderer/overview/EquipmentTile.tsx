/**
 * One equipment on the fleet overview: name and type, connection state and mode, who holds control, link quality
 * with the live round trip, active alarms by priority, and 2–4 key values with sparklines. The whole tile is one
 * link to the equipment panel (click or Enter). Grey unless something is abnormal (ISA-101).
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { ConnectionStatus } from '../../shared/contract/events';
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import type { ControlState } from '../../shared/contract/requests/control';
import { routeHref } from '../app/route';
import { formatNumber, translate, useI18n } from '../i18n/i18n';
import { hasMessage, type MessageKey } from '../i18n/messages';
import { connectionReasonText } from '../link/quality-text';
import { holderText } from '../equipment/control/holder';
import { siteLabel, stateLabel } from '../equipment/labels';
import { useServices, useSignal } from '../stores/hooks';
import { ageText, everyAgeTick } from './age-ticker';
import { useAgedOut } from './aged-out';
import { useSparklineBackfill, useTileAlarms, useTileLink } from './fleet-hooks';
import type { TileAlarms, TileLink } from './fleet-status';
import { KeyValue } from './KeyValue';

const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;

const NONE: TileAlarms = { urgent: 0, high: 0, medium: 0, low: 0, unacked: 0, returned: 0 };

/**
 * How abnormal the tile is: 'alarm' (act now), 'warn' (look), 'unknown' (nothing known wrong, but the alarm counts are
 * not known: never "calm" on a guess), or calm. `alarms` undefined: not known.
 */
export function tileSeverity(state: ConnectionStatus['state'], link: TileLink, alarms: TileAlarms | undefined): 'alarm' | 'warn' | 'unknown' | 'calm' {
  const counts = alarms ?? NONE;
  if (counts.urgent + counts.high > 0 || link.quality === 'lost' || link.quality === 'unsafe' || state === 'failed' || state === 'disconnected') return 'alarm';
  if (counts.medium + counts.low + counts.returned > 0 || link.quality === 'degraded' || state !== 'connected') return 'warn';
  return alarms === undefined ? 'unknown' : 'calm';
}

/**
 * The controller line, as the panel's ownership row reads it: nobody, me, a user of this engine, another console, or a
 * stale claim; unknown without the engine (who holds control is the engine's and the device's to say).
 */
function controlText(control: ControlState | undefined, engineLive: boolean, t: typeof translate): string {
  if (!engineLive) return t('fleet.control.unknown');
  const holder = holderText(control);
  switch (holder.key) {
    case 'control.holderMine':
      return t('fleet.control.mine');
    case 'control.holderOther':
      return t('fleet.control.by', { user: control?.holder?.user ?? '' });
    case 'control.holderDevice':
      return t('fleet.control.device');
    case 'control.holderStale':
      return t('fleet.control.stale');
    default:
      return t('fleet.control.none');
  }
}

/** Remote/local from the equipment's `remoteMode` tag, in the site's words when it names the states. */
function ModeText({ equipment, signalId, engineLive }: { equipment: EquipmentSummary; signalId: number | undefined; engineLive: boolean }) {
  const { t, locale } = useI18n();
  const value = useSignal(signalId);
  const tag = equipment.tags.find((x) => x.name === 'remoteMode');
  const aged = useAgedOut(signalId, tag?.staleAfterMs);
  if (signalId === undefined) return null;
  // Unknown, not the last reading, once it is no longer confirmed (the engine link down, or older than its threshold).
  const good = engineLive && !aged && value !== undefined && value.quality === 0 && typeof value.value === 'number';
  const raw = good ? (value.value ? 1 : 0) : undefined;
  const text = raw === undefined ? t('fleet.mode.unknown') : (stateLabel(tag?.states, raw, locale) ?? t(raw ? 'fleet.mode.remote' : 'fleet.mode.local'));
  return <span className={raw === 1 ? 'tile-mode' : 'tile-mode tile-mode-local'} data-testid="tile-mode">{text}</span>;
}

/** The age of the oldest key value, rewritten in place by the shared age ticker. */
function KeyValuesAge({ signalIds }: { signalIds: readonly number[] }) {
  const { telemetry } = useServices();
  const span = useRef<HTMLSpanElement>(null);
  const { locale } = useI18n();
  useEffect(
    () =>
      everyAgeTick(() => {
        if (!span.current) return;
        const now = Date.now();
        let oldest: number | undefined;
        for (const id of signalIds) {
          const age = telemetry.ageMs(id, now);
          if (age !== undefined) oldest = Math.max(oldest ?? 0, age);
        }
        const seconds = (n: string) => translate('fleet.age.seconds', { n }, locale);
        const minutes = (n: string) => translate('fleet.age.minutes', { n }, locale);
        const text = oldest === undefined ? '' : translate('fleet.value.age', { age: ageText(oldest, seconds, minutes) }, locale);
        if (span.current.textContent !== text) span.current.textContent = text; // an unchanged text costs no layout
      }),
    [signalIds, telemetry, locale],
  );
  return <span ref={span} className="tile-age" data-testid="tile-age" />;
}

/** The link line: quality in words, then the round trip and any loss. */
function LinkLine({ link }: { link: TileLink }) {
  const { t, locale } = useI18n();
  // Tenths below 10 ms: a loopback or LAN round trip of 0.4 ms must not read "0 ms".
  const rtt = link.rttMs === undefined ? t('fleet.link.rttNone') : t('fleet.link.rtt', { ms: formatNumber(link.rttMs, link.rttMs < 10 ? 1 : 0, locale) });
  const why = link.reason && hasMessage(`fleet.linkWhy.${link.reason}`) ? t(`fleet.linkWhy.${link.reason}` as MessageKey) : undefined;
  return (
    <span className={`tile-link link-${link.quality}`} data-testid="tile-link">
      <span className="tile-link-quality">{t(`fleet.link.${link.quality}` as MessageKey)}</span>
      <span className="tile-rtt">{rtt}</span>
      {why && <span className="tile-link-why">{why}</span>}
      {link.lossPct > 0 && <span className="tile-loss">{t('fleet.link.loss', { pct: formatNumber(link.lossPct, 1, locale) })}</span>}
    </span>
  );
}

/** Alarm counts by priority, most urgent first; "No active alarms" when there are none; unknown (no number) when not known. */
function AlarmLine({ alarms, engineLive }: { alarms: TileAlarms | undefined; engineLive: boolean }) {
  const { t } = useI18n();
  if (!engineLive || alarms === undefined) {
    // Counts last heard may be wrong by now (alarms raised or cleared meanwhile): none shown, the tile says so.
    return (
      <span className="tile-alarms" aria-label={t('fleet.alarms.area')} data-testid="tile-alarms">
        <span className="tile-alarms-unknown" data-testid="tile-alarms-unknown">
          {engineLive ? t('fleet.alarms.notRead') : t('fleet.alarms.noEngine')}
        </span>
      </span>
    );
  }
  const shown = PRIORITIES.filter((p) => alarms[p] > 0);
  return (
    <span className="tile-alarms" aria-label={t('fleet.alarms.area')} data-testid="tile-alarms">
      {shown.length === 0 && <span className="muted">{t('fleet.alarms.none')}</span>}
      {shown.map((p) => (
        <span key={p} className={`alarm-count priority-${p}`}>
          {t(`fleet.alarms.${p}`, { count: alarms[p] })}
        </span>
      ))}
      {alarms.unacked > 0 && <span className="alarm-unacked">{t('fleet.alarms.unacked', { count: alarms.unacked })}</span>}
      {alarms.returned > 0 && <span className="alarm-returned">{t('fleet.alarms.returned', { count: alarms.returned })}</span>}
    </span>
  );
}

/** Props of one tile: everything it shows that is not a live value. */
export interface EquipmentTileProps {
  equipment: EquipmentSummary;
  status: ConnectionStatus | undefined;
  control: ControlState | undefined;
  /** Signal ids by tag name for this equipment. */
  signalIds: ReadonlyMap<string, number>;
  /** The engine link is up: without it no value is confirmed, whatever quality it last had. */
  engineLive: boolean;
}

/** The tile. */
export const EquipmentTile = memo(function EquipmentTile({ equipment, status, control, signalIds, engineLive }: EquipmentTileProps) {
  const { t, locale } = useI18n();
  const link = useTileLink(equipment.id);
  const alarms = useTileAlarms(equipment.id);
  const state = status?.state ?? 'disconnected';
  // With the engine link down, the connection state, link figures and alarm counts last heard are not known to hold any
  // more: the tile asks to be looked at (warn), never calm.
  const name = siteLabel(equipment.label, equipment.name, locale);
  const keyTags = useMemo(() => (equipment.keyTags ?? []).flatMap((tagName) => equipment.tags.filter((tag) => tag.name === tagName)), [equipment]);
  const keyIds = useMemo(() => keyTags.flatMap((tag) => (signalIds.has(tag.name) ? [signalIds.get(tag.name) as number] : [])), [keyTags, signalIds]);
  useSparklineBackfill(keyIds);
  const severity = engineLive ? tileSeverity(state, link, alarms) : 'warn';
  const typeKey = `type.${equipment.type}`;
  return (
    <li className={`tile fleet-tile tile-${severity}`} data-testid={`tile-${equipment.id}`}>
      <a href={routeHref({ page: 'equipment', id: equipment.id })}>
        <span className="tile-head">
          <span className="tile-name">{name}</span>
          <span className="tile-type">{hasMessage(typeKey) ? t(typeKey) : equipment.type}</span>
        </span>
        <span className="tile-status">
          {engineLive ? (
            <span className={`badge state-${state}`}>{t(`state.${state}` as MessageKey)}</span>
          ) : (
            <span className="badge state-unknown" data-testid="tile-state-unknown">
              {t('fleet.state.noEngine')}
            </span>
          )}
          <ModeText equipment={equipment} signalId={signalIds.get('remoteMode')} engineLive={engineLive} />
          <span className={control?.holder?.mine ? 'tile-holder tile-holder-mine' : 'tile-holder'} data-testid="tile-holder">
            {controlText(control, engineLive, t)}
          </span>
        </span>
        {engineLive && state !== 'connected' && status?.reason && (
          <span className="tile-reason">{connectionReasonText(t, status.reason)}</span>
        )}
        {engineLive && <LinkLine link={link} />}
        <AlarmLine alarms={alarms} engineLive={engineLive} />
        <div className="tile-values" role="group" aria-label={t('fleet.values.area')}>
          {keyTags.map((tag) => (
            <KeyValue key={tag.name} tag={tag} signalId={signalIds.get(tag.name)} engineLive={engineLive} />
          ))}
        </div>
        <KeyValuesAge signalIds={keyIds} />
      </a>
    </li>
  );
});
