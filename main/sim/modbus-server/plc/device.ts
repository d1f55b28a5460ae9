/** A running simulated PLC: model state + register image + scan timer, exposed as a ModbusSlave. */
import { RegisterImage } from '../register-image';
import type { ModbusSlave, ProposedWrite } from '../slave';
import type { ExceptionCode } from '../protocol';
import { renderControl } from './control-map';
import { applyWrite, tickMachine } from './machine';
import type { MachineModel, MachineState } from './machine-model';

/** How a device is run. */
export interface DeviceOptions {
  unitId?: number;
  /** PRNG seed of the model's noise. */
  seed?: number;
  /** Model tick (ms); 0 = no timer (tests call tick()). */
  tickMs?: number;
  /** Monotonic clock in ms (tests pass a fake one). */
  clock?: () => number;
}

/** A simulated PLC. */
export class MachineDevice<S extends MachineState> implements ModbusSlave {
  readonly unitId: number;
  readonly image: RegisterImage;
  private current: S;
  private lastTickMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(
    private readonly model: MachineModel<S>,
    options: DeviceOptions = {},
  ) {
    this.unitId = options.unitId ?? 1;
    this.clock = options.clock ?? (() => performance.now());
    this.image = new RegisterImage(model.sizes);
    this.current = model.initial(options.seed ?? 1);
    this.lastTickMs = this.clock();
    this.render();
    const tickMs = options.tickMs ?? 20;
    this.timer = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : undefined;
  }

  /** The model state (read-only view for tests and diagnostics). */
  get state(): S {
    return this.current;
  }

  /** Advances the model to the clock's now and re-renders the image. */
  tick(): void {
    const now = this.clock();
    const dt = Math.max(0, now - this.lastTickMs);
    this.lastTickMs = now;
    if (dt > 0) this.current = tickMachine(this.model, this.current, dt, now);
    this.render();
  }

  /** The slave core's write hook: the model decides, the image is re-rendered from the new state. */
  readonly write = (write: ProposedWrite): ExceptionCode | undefined => {
    const holding = this.image.holding;
    const wordAfter = (address: number) =>
      address >= write.start && address < write.start + write.values.length ? (write.values[address - write.start] ?? 0) : (holding[address] ?? 0);
    const outcome = applyWrite(this.model, this.current, write, wordAfter, this.clock());
    this.current = outcome.state;
    this.render();
    return outcome.refused?.exception;
  };

  /** Stops the scan timer. */
  stop(): void {
    clearInterval(this.timer);
  }

  private render(): void {
    const now = this.clock();
    renderControl(this.model, this.current, this.image, now, this.model.statusBits(this.current));
    this.model.render(this.current, this.image, now);
  }
}
