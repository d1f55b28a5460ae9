/** Below the fold: every signal of the equipment in one collapsible table (maintenance view), labelled ones first. */
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { useI18n } from '../i18n/i18n';
import { TagRow } from './TagRow';

/** The "All signals" section; open by default so nothing is hidden from a first look. */
export function AllSignals({ equipment, now }: { equipment: EquipmentSummary; now: number }) {
  const { t } = useI18n();
  const tags = [...equipment.tags.filter((tag) => tag.label), ...equipment.tags.filter((tag) => !tag.label)];
  return (
    <details className="all-signals" open data-testid="all-signals">
      <summary>
        <h3>{t('panel.allSignals', { n: tags.length })}</h3>
      </summary>
      <table className="tags">
        <thead>
          <tr>
            <th scope="col">{t('panel.signal')}</th>
            <th scope="col">{t('equipment.value')}</th>
            <th scope="col">{t('panel.age')}</th>
            <th scope="col">{t('equipment.address')}</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((tag) => (
            <TagRow key={tag.name} equipment={equipment} name={tag.name} now={now} />
          ))}
        </tbody>
      </table>
    </details>
  );
}
