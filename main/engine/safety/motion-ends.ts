/**
 * Where an equipment's motion ends: a stop, its control or link lost, its link unsafe, the audit failing. Each end
 * moves the equipment's motion generation on (a motion command on its way checks it right before it goes out, see
 * CommandService.sendGuard) and withdraws its motion writes still waiting in the link queue.
 */
import type { CommandDeps } from './command-context';
import type { ResolvedEquipment } from './equipment-index';

export class MotionEnds {
  private readonly epochs = new Map<string, number>();
  /** Motion writes (jog references, motion commands) withdrawn from a link queue by stops (diagnostics, tests). */
  stopWithdrawn = 0;
  /** The same, withdrawn because control or the link was lost, the link turned unsafe or the audit failed. */
  otherwiseWithdrawn = 0;

  constructor(private readonly deps: Pick<CommandDeps, 'device' | 'equipment' | 'log'>) {}

  /** The equipment's motion generation now. */
  epoch(equipmentId: string): number {
    return this.epochs.get(equipmentId) ?? 0;
  }

  /** The equipment's motion ends: its generation moves on. */
  end(equipmentId: string): void {
    this.epochs.set(equipmentId, this.epoch(equipmentId) + 1);
  }

  /** Refuses the equipment's motion writes still waiting in its link queue, for a stop or for `why`. */
  withdraw(eq: ResolvedEquipment, why: 'stop' | string): void {
    const byStop = why === 'stop';
    const withdrawn = this.deps.device.cancelMotion(eq, `${byStop ? 'Stop pressed' : why}: this motion write was withdrawn before it was sent`, byStop);
    if (byStop) this.stopWithdrawn += withdrawn;
    else this.otherwiseWithdrawn += withdrawn;
    if (withdrawn > 0) this.deps.log.info(byStop ? 'jog.withdrawn-by-stop' : 'motion.withdrawn', `${eq.equipment.id}: ${withdrawn} waiting motion write(s) (jog references, motion commands) withdrawn (${byStop ? 'a stop' : why})`);
  }
}
