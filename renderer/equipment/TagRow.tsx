/** One tag: value in engineering units, its age, dimmed when stale or bad (stale data never looks live). */
import type { TagSummary } from '../../shared/contract/requests/core';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useServices, useSignal } from '../stores/hooks';
import { siteLabel, stateLabel } from './labels';
import type { z } from 'zod';

/** How many decimals a value of this type shows. */
function decimalsFor(type: string): number {
  return type === 'float32' || type === 'float64' ? 2 : 0;
}

/** A table row for one tag. */
export function TagRow({ tag, signalId, now }: { tag: z.infer<typeof TagSummary>; signalId: number | undefined; now: number }) {
  const { t, locale } = useI18n();
  const value = useSignal(signalId);
  const { telemetry } = useServices();
  const good = value !== undefined && value.quality === 0;
  let text = t('equipment.noValue');
  const raw = value?.value;
  if (value?.exact !== undefined) text = value.exact; // 64-bit integers: the exact decimal, never the rounded double
  else if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' && !Number.isNaN(raw)) {
    const named = stateLabel(tag.states, tag.type === 'bool' ? (raw ? 1 : 0) : raw, locale);
    text = named ?? (tag.type === 'bool' ? (raw ? '1' : '0') : formatNumber(raw, decimalsFor(tag.type)));
  }
  // Age means confirmation: unchanged values are not re-sent, but their poll or notification still confirms them.
  const ageMs = signalId === undefined ? undefined : telemetry.ageMs(signalId, now);
  const age = ageMs === undefined ? '' : ageMs < 1000 ? t('age.ms', { n: Math.round(ageMs) }) : t('age.seconds', { n: Math.round(ageMs / 1000) });
  return (
    <tr className={good ? 'value-good' : 'value-stale'} data-testid={`tag-${tag.name}`}>
      <th scope="row" title={tag.name}>
        {siteLabel(tag.label, tag.name, locale)}
      </th>
      <td className="num">
        {text} {tag.unit ?? ''} {value && !good && <span className="stale-label">{t('equipment.stale')}</span>}
      </td>
      <td className="num">{age}</td>
      <td className="mono">{tag.address}</td>
    </tr>
  );
}
