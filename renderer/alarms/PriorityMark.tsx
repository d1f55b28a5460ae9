/** The priority of an alarm as shape, number and colour (never colour alone): 1 urgent ◆, 2 high ▲, 3 medium ■, 4 low ●. */
import { useI18n } from '../i18n/i18n';
import type { AlarmPriorityName } from './alarm-rules';

const SHAPES: Record<AlarmPriorityName, { n: number; shape: string }> = {
  urgent: { n: 1, shape: 'M10 1 L19 10 L10 19 L1 10 Z' },
  high: { n: 2, shape: 'M10 1 L19 18 L1 18 Z' },
  medium: { n: 3, shape: 'M2 2 H18 V18 H2 Z' },
  low: { n: 4, shape: 'M10 1 A9 9 0 1 0 10.01 1 Z' },
};

/** A small shape with the priority number; `withText` adds the priority's name. */
export function PriorityMark({ priority, withText = false }: { priority: AlarmPriorityName; withText?: boolean }) {
  const { t } = useI18n();
  const { n, shape } = SHAPES[priority];
  const name = t(`alarms.priority.${priority}`);
  return (
    <span className={`prio prio-${priority}`} title={name}>
      <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
        <path d={shape} />
        <text x="10" y={priority === 'high' ? 15.5 : 14} textAnchor="middle">
          {n}
        </text>
      </svg>
      {withText ? <span className="prio-name">{name}</span> : <span className="visually-hidden">{name}</span>}
    </span>
  );
}
