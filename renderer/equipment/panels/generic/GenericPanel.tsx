/** Level-2 panel for any other equipment type: its labelled read-only values first, as readouts (all signals below). */
import type { EquipmentSummary } from '../../../../shared/contract/requests/core';
import type { PanelProps } from '../panel-props';
import { Readout } from '../values/Readout';
import { useTag } from '../values/use-tag';
import { keyTags } from './key-tags';

/** One key value (its own component: one signal subscription each). */
function KeyValue({ equipment, name, now }: { equipment: EquipmentSummary; name: string; now: number }) {
  return <Readout name={name} view={useTag(equipment, name, now)} />;
}

/** The generic panel body. */
export function GenericPanel({ equipment, now }: PanelProps) {
  return (
    <div className="type-panel generic-panel">
      <div className="readouts">
        {keyTags(equipment).map((name) => (
          <KeyValue key={name} equipment={equipment} name={name} now={now} />
        ))}
      </div>
    </div>
  );
}
