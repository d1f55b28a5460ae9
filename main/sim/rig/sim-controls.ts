/**
 * `DrillRig/Sim` (ns=1;s=Rig.Sim): simulator-only switches — a real rig has none — for what the simulated process
 * never does by itself. `Rig.Sim.<Measurement>Uncertain` makes that measurement report an Uncertain status (value
 * still delivered) while true, so the console's handling of doubted values can be tested against a real server.
 */
import { DataType, DataValue, StatusCodes, Variant, type Namespace, type UAObject } from 'node-opcua';

/**
 * Values with an `…Uncertain` switch: measurements and the owner register by their browse names under DrillRig,
 * setpoints as `<Name>Setpoint` (a read-back to check a write against). Documented in ADDRESS-SPACE.md.
 */
export const DOUBTABLE = ['Depth', 'FeedForceSetpoint', 'ControlOwner'] as const;

/** What a doubted measurement reports: the sensor still reads, but not to its stated accuracy. */
export const DOUBTED_STATUS = StatusCodes.UncertainSensorNotAccurate;

/** Adds the `Sim` object under `rig`; its switches add to and remove from `doubts` (browse names). */
export function addSimControls(namespace: Namespace, rig: UAObject, doubts: Set<string>): void {
  const sim = namespace.addObject({ componentOf: rig, browseName: 'Sim', nodeId: 's=Rig.Sim', description: 'simulator only' });
  for (const name of DOUBTABLE) {
    namespace.addVariable({
      componentOf: sim,
      browseName: `${name}Uncertain`,
      nodeId: `s=Rig.Sim.${name}Uncertain`,
      dataType: 'Boolean',
      accessLevel: 'CurrentRead | CurrentWrite',
      userAccessLevel: 'CurrentRead | CurrentWrite',
      minimumSamplingInterval: 50,
      value: {
        get: () => new Variant({ dataType: DataType.Boolean, value: doubts.has(name) }),
        set: (variant: Variant) => {
          if (variant.value === true) doubts.add(name);
          else doubts.delete(name);
          return StatusCodes.Good;
        },
      },
    });
  }
}

/**
 * A measurement's `timestamped_get`: its value, with DOUBTED_STATUS while `doubted()`, else Good. A plain `get` can
 * only answer a value (always Good) or a status without a value, hence a DataValue. It is stamped anew only when the
 * value or the status changed, as node-opcua stamps a plain `get`'s value, so a source time says when that happened.
 */
export function measuredValue(dataType: DataType, read: () => unknown, doubted: () => boolean): () => DataValue {
  let last: DataValue | undefined;
  return () => {
    const value = read();
    const statusCode = doubted() ? DOUBTED_STATUS : StatusCodes.Good;
    if (last && last.statusCode.value === statusCode.value && last.value.value === value) return last;
    const now = new Date();
    last = new DataValue({ value: new Variant({ dataType, value }), statusCode, sourceTimestamp: now, serverTimestamp: now });
    return last;
  };
}
