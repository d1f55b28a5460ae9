/** One tag of the "All signals" table: value in engineering units, its age, dimmed and marked when stale. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { useI18n } from '../i18n/i18n';
import { ageText } from './panels/values/age-text';
import { useTag } from './panels/values/use-tag';

/** A table row for one tag. */
export function TagRow({ equipment, name, now }: { equipment: EquipmentSummary; name: string; now: number }) {
  const { t, locale } = useI18n();
  const view = useTag(equipment, name, now);
  return (
    <tr className={view.stale ? 'value-stale' : 'value-good'} data-testid={`tag-${name}`}>
      <th scope="row" title={name}>
        {view.label}
      </th>
      <td className="num">
        {view.text ?? t('equipment.noValue')} {view.tag?.states ? '' : view.unit} {view.stale && view.text !== undefined && <span className="stale-label">{t('equipment.stale')}</span>}
      </td>
      <td className="num">{ageText(view.ageMs, t, locale)}</td>
      <td className="mono">{view.tag?.address}</td>
    </tr>
  );
}
