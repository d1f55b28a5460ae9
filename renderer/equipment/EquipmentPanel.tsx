/** Level 2: the generic equipment panel — every tag with live value and age. Type-specific panels come with the operator UI. */
import { useNow } from '../app/use-now';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { TagRow } from './TagRow';

/** The panel of equipment `id`. */
export function EquipmentPanel({ id }: { id?: string }) {
  const session = useSession();
  const { t } = useI18n();
  const now = useNow();
  if (!id) return <p>{t('equipment.choose')}</p>;
  const equipment = session.equipment.find((e) => e.id === id);
  if (!equipment) return session.engine === 'connected' ? <p>{t('equipment.unknown', { id })}</p> : null;
  return (
    <section aria-labelledby="equipment-heading">
      <h2 id="equipment-heading">{equipment.name}</h2>
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
          {equipment.tags.map((tag) => (
            <TagRow key={tag.name} tag={tag} signalId={session.signalIds.get(`${equipment.id}/${tag.name}`)} now={now} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
