/** One tag of the "All signals" table: value in engineering units, its age; when not live, dimmed and named for what it is. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { useI18n } from '../i18n/i18n';
import { ageText } from './panels/values/age-text';
import { StatusMark, statusClasses } from './panels/values/StatusMark';
import { useTag } from './panels/values/use-tag';

/** A table row for one tag. */
export function TagRow({ equipment, name, now }: { equipment: EquipmentSummary; name: string; now: number }) {
  const { t, locale } = useI18n();
  const view = useTag(equipment, name, now);
  return (
    <tr className={statusClasses(view.status)} data-testid={`tag-${name}`}>
      <th scope="row" title={name}>
        {view.label}
      </th>
      <td className="num">
        {view.text ?? t('equipment.noValue')} {view.tag?.states ? '' : view.unit} <StatusMark status={view.status} />
      </td>
      <td className="num">{ageText(view.ageMs, t, locale)}</td>
      <td className="mono">{view.tag?.address}</td>
    </tr>
  );
}
