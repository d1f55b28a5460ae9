/**
 * Level 2: the generic equipment panel — control (ownership, jogs, commands, setpoints) beside every tag with live
 * value and age. Tags the site labels (the key ones) come first. Type-specific panels come later.
 */
import { useNow } from '../app/use-now';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { ControlSection } from './control/ControlSection';
import { siteLabel } from './labels';
import { TagRow } from './TagRow';

/** The panel of equipment `id`. */
export function EquipmentPanel({ id }: { id?: string }) {
  const session = useSession();
  const { t, locale } = useI18n();
  const now = useNow();
  if (!id) return <p>{t('equipment.choose')}</p>;
  const equipment = session.equipment.find((e) => e.id === id);
  if (!equipment) return session.engine === 'connected' ? <p>{t('equipment.unknown', { id })}</p> : null;
  const tags = [...equipment.tags.filter((tag) => tag.label), ...equipment.tags.filter((tag) => !tag.label)];
  return (
    <section aria-labelledby="equipment-heading" className="equipment-panel">
      <h2 id="equipment-heading">{siteLabel(equipment.label, equipment.name, locale)}</h2>
      <div className="panel-columns">
        <ControlSection equipment={equipment} />
        <div className="values">
          <h3>{t('equipment.values')}</h3>
          <table className="tags">
            <thead>
              <tr>
                <th scope="col">{t('equipment.tag')}</th>
                <th scope="col">{t('equipment.value')}</th>
                <th scope="col">{t('equipment.age')}</th>
                <th scope="col">{t('equipment.address')}</th>
              </tr>
            </thead>
            <tbody>
              {tags.map((tag) => (
                <TagRow key={tag.name} tag={tag} signalId={session.signalIds.get(`${equipment.id}/${tag.name}`)} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
