/** One key value on a tile: label, number with unit (dimmed and named when not live), and its last-minute sparkline. */
import { memo, useEffect, useRef } from 'react';
import type { TagSummary } from '../../shared/contract/requests/core';
import type { z } from 'zod';
import { formatNumber, useI18n } from '../i18n/i18n';
import { siteLabel, stateLabel } from '../equipment/labels';
import { StatusMark, statusClasses } from '../equipment/panels/values/StatusMark';
import { statusOf } from '../equipment/panels/values/value-status';
import { decimalsForTag } from './tile-decimals';
import { useAgedOut } from './aged-out';
import { useCalmSignal } from './calm-signal';
import { useFleet } from './fleet-hooks';

type Tag = z.infer<typeof TagSummary>;

/** A key value; `signalId` undefined when the engine has no signal for it. */
export const KeyValue = memo(function KeyValue({ tag, signalId, engineLive }: { tag: Tag; signalId: number | undefined; engineLive: boolean }) {
  const { t, locale } = useI18n();
  const value = useCalmSignal(signalId);
  const { recent, painter } = useFleet();
  const canvas = useRef<HTMLCanvasElement>(null);
  const minSpan = tag.range ? (tag.range[1] - tag.range[0]) * 0.02 : 0;
  useEffect(() => {
    if (signalId === undefined || !canvas.current) return undefined;
    return painter.add(canvas.current, recent.track(signalId), minSpan);
  }, [signalId, painter, recent, minSpan]);
  const aged = useAgedOut(signalId, tag.staleAfterMs);
  // With the engine link down no frame comes, so a value keeps its last quality: it is stale all the same; and a value
  // older than its tag's threshold is stale whatever its quality says (a bad one stays bad).
  const status = statusOf(value?.quality, engineLive && !aged);
  const raw = value?.value;
  let text = t('equipment.noValue');
  const hasNumber = value?.exact !== undefined || (typeof raw === 'number' && !Number.isNaN(raw)) || typeof raw === 'string';
  if (value?.exact !== undefined) text = value.exact; // a 64-bit integer, exactly (its double is rounded)
  else if (typeof raw === 'number' && !Number.isNaN(raw)) {
    // Readings are never grouped: "1580 °C", not "1,580 °C".
    text = stateLabel(tag.states, raw, locale) ?? formatNumber(raw, decimalsForTag(tag), locale, false);
  } else if (typeof raw === 'string') text = raw;
  const label = siteLabel(tag.label, tag.name, locale);
  return (
    <div className={`kv ${statusClasses(status)}`} data-testid={`kv-${tag.name}`}>
      <span className="kv-label">{label}</span>{' '}
      <span className="kv-value">
        <span className={status === 'bad' && hasNumber ? 'kv-number struck' : 'kv-number'}>{text}</span> {tag.unit && <span className="kv-unit">{tag.unit}</span>}{' '}
        <StatusMark status={status} />
      </span>
      <canvas ref={canvas} className="kv-spark" role="img" aria-label={t('fleet.sparkline', { name: label })} />
    </div>
  );
});
