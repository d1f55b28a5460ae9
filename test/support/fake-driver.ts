/**
 * A scripted Driver for engine unit tests (the design's template/fake driver). It stands in for a protocol
 * driver at the Driver interface — protocol libraries themselves are never mocked; their drivers are tested
 * against real servers in test/integration.
 */
import type { Driver, DriverContext, DriverFactory, Sample } from '../../main/engine/drivers/driver';
import { DriverError } from '../../main/engine/drivers/driver-error';
import type { DriverFactoryTable } from '../../main/engine/drivers/registry';
import { Quality } from '../../shared/contract/telemetry';

/** Controls shared by every fake driver a factory created. */
export class FakeDriverControl {
  /** Errors the next connect() calls throw, in order; empty = connect succeeds. */
  connectFailures: DriverError[] = [];
  connects = 0;
  /** Drivers closed (their close() settled), and how long a close takes. */
  closes = 0;
  closeDelayMs = 0;
  /** Whether the device answers a probe (false: connects, but nothing answers behind the open socket). */
  answers = true;
  /** Called as a probe goes out (a test's way to have something happen while it is on its way). */
  duringProbe: (() => void) | undefined;
  current: DriverContext | undefined;
  writes: { name: string; value: unknown }[] = [];

  /** Emits one value per binding from the current driver. */
  emit(value: (index: number) => number, quality: number = Quality.good): void {
    const ctx = this.current;
    if (!ctx) throw new Error('no driver connected');
    const now = Date.now();
    const samples: Sample[] = ctx.bindings.map((b, i) => ({ signalId: b.signalId, value: value(i), quality: quality as Sample['quality'], sourceTime: now }));
    ctx.emit(samples);
  }

  /** Simulates the link dying under the driver. */
  loseLink(): void {
    this.current?.linkLost(new DriverError('link-lost', 'test-link-lost', 'link lost (test)'));
  }

  factory: DriverFactory = (ctx) => {
    const driver: Driver = {
      connect: async () => {
        this.connects++;
        const failure = this.connectFailures.shift();
        if (failure) throw failure;
        this.current = ctx;
      },
      start: async () => undefined,
      close: async () => {
        if (this.closeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.closeDelayMs));
        if (this.current === ctx) this.current = undefined;
        this.closes++;
      },
      read: async (binding) => ({ signalId: binding.signalId, value: 0, quality: Quality.good, sourceTime: Date.now() }),
      UNSAFE_write: async (binding, value) => {
        this.writes.push({ name: binding.name, value });
        return { ok: true };
      },
      probe: async () => {
        this.duringProbe?.();
        if (!this.answers) throw new DriverError('timeout', 'test-no-answer', 'the device does not answer (test)');
        return 1;
      },
    };
    return driver;
  };

  /** A factory table using this fake for every protocol. */
  table(): DriverFactoryTable {
    return { 'modbus-tcp': this.factory, 'modbus-rtu-tcp': this.factory, 'modbus-rtu': this.factory, opcua: this.factory };
  }
}
