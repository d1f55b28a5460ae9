/**
 * The built-in type a value must be sent as, for a DataType NodeId (a method argument's, a variable's). Only ns=0 ids
 * 1..25 are built-in types: ns=1;i=6 is some server's own type, not Int32. Other types (Duration, UtcTime, a
 * server's subtype of Double) are followed up their HasSubtype chain to the built-in type they derive from;
 * enumerations are sent as Int32. Nothing is guessed: a type that leads to no built-in one is undefined.
 */
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  DataTypeIds,
  NodeIdType,
  ReferenceTypeIds,
  ResultMask,
  StatusCodes,
  type BrowseResult,
  type ClientSession,
  type NodeId,
} from 'node-opcua';
import { DriverError } from '../driver-error';
import { statusName } from './status-names';

/** Supertypes followed at most (standard types are a few levels deep). */
const MAX_DEPTH = 16;

/** Built-in types have ns=0 ids 1 (Boolean) to 25 (DiagnosticInfo). */
function builtInId(id: NodeId): DataType | undefined {
  if (id.namespace !== 0 || id.identifierType !== NodeIdType.NUMERIC) return undefined;
  const value = id.value as number;
  return value >= DataType.Boolean && value <= DataType.DiagnosticInfo ? (value as DataType) : undefined;
}

/** `dataTypeId`'s built-in type, or undefined when it has none the console can send (abstract Number, no supertype…). */
export async function builtInTypeOf(session: ClientSession, dataTypeId: NodeId): Promise<DataType | undefined> {
  let id: NodeId | undefined = dataTypeId;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    const builtIn = builtInId(id);
    if (builtIn !== undefined) return builtIn;
    // Enumerations travel as Int32 (OPC 10000-3 8.14); Number, Integer and UInteger are abstract: no type to pick.
    if (id.namespace === 0 && id.value === DataTypeIds.Enumeration) return DataType.Int32;
    if (id.namespace === 0 && (id.value === DataTypeIds.Number || id.value === DataTypeIds.Integer || id.value === DataTypeIds.UInteger)) return undefined;
    const up: BrowseResult = await session.browse({ nodeId: id, browseDirection: BrowseDirection.Inverse, referenceTypeId: `i=${ReferenceTypeIds.HasSubtype}`, includeSubtypes: false, nodeClassMask: 0, resultMask: ResultMask.ReferenceType });
    if (up.statusCode.isBad()) throw new DriverError('invalid-request', 'argument-type-unknown', `cannot find the base type of data type ${id.toString()} (${statusName(up.statusCode)})`);
    id = up.references?.[0]?.nodeId;
  }
  return undefined;
}

/** One declared input argument (the Argument structure's fields the console uses). */
export interface DeclaredArgument {
  name?: string;
  dataType: NodeId;
  /** -1 scalar, -2 any, -3 scalar or one dimension, 0 and up arrays. */
  valueRank?: number;
}

/**
 * The declared input arguments of a method, or the status naming a node the server does not know. Rejects with a
 * DriverError when they cannot be read: a call's inputs are never sent as a guessed type.
 */
export async function inputArguments(session: ClientSession, methodId: NodeId): Promise<DeclaredArgument[] | { unknown: string }> {
  const what = `the input arguments of ${methodId.toString()}`;
  const browsed = await session.browse({ nodeId: methodId, browseDirection: BrowseDirection.Forward, referenceTypeId: `i=${ReferenceTypeIds.HasProperty}`, includeSubtypes: true, nodeClassMask: 0, resultMask: ResultMask.BrowseName });
  if (browsed.statusCode.equals(StatusCodes.BadNodeIdUnknown) || browsed.statusCode.equals(StatusCodes.BadNodeIdInvalid)) return { unknown: statusName(browsed.statusCode) };
  if (browsed.statusCode.isBad()) throw unreadable(what, statusName(browsed.statusCode));
  const property = browsed.references?.find((r) => r.browseName.namespaceIndex === 0 && r.browseName.name === 'InputArguments');
  if (!property) return []; // the property is optional: a method without it takes no inputs
  const dataValue = await session.read({ nodeId: property.nodeId, attributeId: AttributeIds.Value });
  if (dataValue.statusCode.isBad()) throw unreadable(what, statusName(dataValue.statusCode));
  const value: unknown = dataValue.value?.value;
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  if (!Array.isArray(value) || !list.every((a) => typeof a === 'object' && a !== null && 'dataType' in a && typeof (a as { dataType: unknown }).dataType === 'object')) {
    throw unreadable(what, 'the server sent no list of Argument structures');
  }
  return list as DeclaredArgument[];
}

function unreadable(what: string, why: string): DriverError {
  return new DriverError('invalid-request', 'argument-types-unknown', `cannot read ${what} (${why}): the call was not sent, since its inputs' types are unknown`);
}
