/**
 * Maps the rig model onto OPC UA nodes (ns=1, string NodeIds `Rig.*`): process values, control block, setpoints,
 * commands, methods, and the simulator-only `Sim` switches (sim-controls.ts).
 */
import { DataType, StatusCodes, Variant, type BindVariableOptions, type DataValue, type Namespace, type StatusCode, type UAObject } from 'node-opcua';
import { Refusal, type Refused } from '../modbus-server/plc/codes';
import type { RigModel, RigProcess, SetpointKey } from './rig-model';
import { addSimControls, measuredValue } from './sim-controls';

type Kind = 'Double' | 'String' | 'Boolean' | 'UInt16' | 'Int32';

/** Read-only process values, in browse order. */
const MEASUREMENTS: { name: string; key: keyof RigProcess; type: Kind; unit?: string }[] = [
  { name: 'RotationSpeed', key: 'rotationSpeed', type: 'Double', unit: 'rpm' },
  { name: 'FeedForce', key: 'feedForce', type: 'Double', unit: 'kN' },
  { name: 'PenetrationRate', key: 'penetrationRate', type: 'Double', unit: 'm/h' },
  { name: 'Depth', key: 'depth', type: 'Double', unit: 'm' },
  { name: 'HammerPressure', key: 'hammerPressure', type: 'Double', unit: 'bar' },
  { name: 'FlushingPressure', key: 'flushingPressure', type: 'Double', unit: 'bar' },
  { name: 'MastAngle', key: 'mastAngle', type: 'Double', unit: 'deg' },
  { name: 'EngineState', key: 'engineState', type: 'Int32' },
  { name: 'Drilling', key: 'drilling', type: 'Boolean' },
];

const SETPOINTS: { name: string; key: SetpointKey; unit: string }[] = [
  { name: 'RotationSpeed', key: 'rotationSetpoint', unit: 'rpm' },
  { name: 'FeedForce', key: 'feedSetpoint', unit: 'kN' },
  { name: 'MastAngle', key: 'mastAngleSetpoint', unit: 'deg' },
];

/** The status code a refusal answers with, so writes and method calls explain themselves. */
export function statusOfRefusal(refused: Refused | undefined): StatusCode {
  if (!refused) return StatusCodes.Good;
  if (refused.refused === Refusal.outOfRange) return StatusCodes.BadOutOfRange;
  if (refused.refused === Refusal.notOwner || refused.refused === Refusal.ownedByOther) return StatusCodes.BadUserAccessDenied;
  return StatusCodes.BadInvalidState;
}

/** Builds the `DrillRig` object under Objects, bound to `model`; `clock` gives the current time. */
export function buildRigAddressSpace(namespace: Namespace, objectsFolder: UAObject, model: RigModel, clock: () => number): void {
  const rig = namespace.addObject({ organizedBy: objectsFolder, browseName: 'DrillRig', nodeId: 's=Rig' });
  const variable = (parent: UAObject, nodeId: string, browseName: string, type: Kind, value: BindVariableOptions, writable: boolean, unit?: string) =>
    namespace.addVariable({
      componentOf: parent,
      browseName,
      nodeId: `s=${nodeId}`,
      dataType: type,
      accessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      userAccessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
      minimumSamplingInterval: 50,
      ...(unit ? { description: unit } : {}),
      value,
    });
  const add = (parent: UAObject, nodeId: string, browseName: string, type: Kind, get: () => unknown, set?: (v: Variant) => StatusCode, unit?: string) =>
    variable(parent, nodeId, browseName, type, { get: () => new Variant({ dataType: DataType[type], value: get() }), ...(set ? { set: (v: Variant) => set(v) } : {}) }, !!set, unit);
  const num = (v: Variant) => Number(v.value);

  // Measurements answer DataValues: a `Sim` switch may make one Uncertain (browse names in `doubts`).
  const doubts = new Set<string>();
  for (const m of MEASUREMENTS) {
    const value = { timestamped_get: measuredValue(DataType[m.type], () => model.process[m.key], () => doubts.has(m.name)) };
    variable(rig, `Rig.${m.name}`, m.name, m.type, value, false, m.unit);
  }
  add(rig, 'Rig.HoleId', 'HoleId', 'String', () => model.process.holeId, (v) => {
    model.process.holeId = String(v.value ?? '');
    return StatusCodes.Good;
  });
  add(rig, 'Rig.Faults', 'Faults', 'UInt16', () => model.control.faultBits);
  add(rig, 'Rig.FaultCode', 'FaultCode', 'UInt16', () => model.control.firstFault);
  add(rig, 'Rig.Heartbeat', 'Heartbeat', 'UInt16', () => model.control.heartbeat, (v) => {
    model.heartbeat(num(v), clock());
    return StatusCodes.Good;
  });
  // A DataValue too: a `Sim` switch may make the owner read Uncertain (a console must still see who owns the rig).
  variable(rig, 'Rig.ControlOwner', 'ControlOwner', 'UInt16', {
    timestamped_get: measuredValue(DataType.UInt16, () => model.control.owner, () => doubts.has('ControlOwner')),
    timestamped_set: async (written: DataValue) => statusOfRefusal(model.setOwner(Number(written.value.value))),
  }, true);

  const control = namespace.addObject({ componentOf: rig, browseName: 'Control', nodeId: 's=Rig.Control' });
  add(control, 'Rig.Control.TakeOver', 'TakeOver', 'UInt16', () => 0, (v) => statusOfRefusal(model.takeOver(num(v))));
  add(control, 'Rig.Control.WatchdogSurvivalMs', 'WatchdogSurvivalMs', 'UInt16', () => model.control.survivalMs, (v) => statusOfRefusal(model.setSurvivalMs(num(v))), 'ms');
  add(control, 'Rig.Control.WatchdogArmed', 'WatchdogArmed', 'Boolean', () => model.control.armed);
  add(control, 'Rig.Control.HeartbeatAgeMs', 'HeartbeatAgeMs', 'UInt16', () => Math.min(65535, model.heartbeatAgeMs(clock())), undefined, 'ms');
  add(control, 'Rig.Control.RefusalReason', 'RefusalReason', 'UInt16', () => model.control.lastRefusal);
  add(control, 'Rig.Control.RefusalCount', 'RefusalCount', 'UInt16', () => model.control.refusalCount);

  const setpoints = namespace.addObject({ componentOf: rig, browseName: 'Setpoints', nodeId: 's=Rig.Setpoints' });
  for (const sp of SETPOINTS) {
    // DataValues too: a `Sim` switch may make a setpoint's read-back Uncertain (`<Name>Setpoint` in `doubts`).
    const value = {
      timestamped_get: measuredValue(DataType.Double, () => model.process[sp.key], () => doubts.has(`${sp.name}Setpoint`)),
      timestamped_set: async (written: DataValue) => statusOfRefusal(model.setSetpoint(sp.key, Number(written.value.value))),
    };
    variable(setpoints, `Rig.Setpoints.${sp.name}`, sp.name, 'Double', value, true, sp.unit);
  }

  // Commands twice: as writable booleans (write true to perform; they read back false) and as methods.
  const commands = namespace.addObject({ componentOf: rig, browseName: 'Commands', nodeId: 's=Rig.Commands' });
  const actions: Record<string, () => Refused | undefined> = {
    StartDrilling: () => model.startDrilling(clock()),
    StopDrilling: () => model.stopDrilling(),
    ResetFault: () => model.resetFault(clock()),
    StartEngine: () => model.setEngine(true, clock()),
    StopEngine: () => model.setEngine(false, clock()),
  };
  for (const [name, action] of Object.entries(actions)) {
    add(commands, `Rig.Commands.${name}`, name, 'Boolean', () => false, (v) => (v.value === true ? statusOfRefusal(action()) : StatusCodes.Good));
    const method = namespace.addMethod(rig, { browseName: name, nodeId: `s=Rig.${name}`, inputArguments: [], outputArguments: [] });
    // node-opcua tells promise methods from callback methods by arity: declare exactly (args, context).
    method.bindMethod(async (_args: Variant[], _context: unknown) => ({ statusCode: statusOfRefusal(action()) }));
  }
  for (const [name, key, unit] of [['SetRotation', 'rotationSetpoint', 'rpm'], ['SetFeed', 'feedSetpoint', 'kN']] as const) {
    const method = namespace.addMethod(rig, {
      browseName: name,
      nodeId: `s=Rig.${name}`,
      inputArguments: [{ name: 'value', description: { text: unit }, dataType: DataType.Double }],
      outputArguments: [],
    });
    method.bindMethod(async (args: Variant[], _context: unknown) => ({ statusCode: statusOfRefusal(model.setSetpoint(key, Number(args[0]?.value))) }));
  }
  addSimControls(namespace, rig, doubts); // last: the simulator-only switches browse after the rig's own nodes
}
