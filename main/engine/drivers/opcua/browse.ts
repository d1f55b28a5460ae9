/** Browse with continuation points handled inside, and attribute reads of one node. */
import {
  AttributeIds,
  BrowseDirection,
  NodeClass,
  NodeClassMask,
  ResultMask,
  StatusCodes,
  coerceNodeId,
  type ClientSession,
  type ReferenceDescription,
} from 'node-opcua';
import { DriverError } from '../driver-error';
import { statusError, statusName } from './status-names';
import { variantToPlain, variantTypeName } from './values';

/** One reference as the UI and CLI show it. */
export interface BrowsedReference {
  nodeId: string;
  browseName: string;
  displayName: string;
  nodeClass: string;
  referenceType: string;
  typeDefinition?: string;
}

/** Parses a NodeId string; malformed input is an invalid-request DriverError, never a throw from node-opcua. */
export function parseNodeId(text: string): ReturnType<typeof coerceNodeId> {
  try {
    return coerceNodeId(text.trim());
  } catch {
    throw new DriverError('invalid-request', 'bad-node-id', `"${text}" is not an OPC UA NodeId (expected e.g. ns=1;s=Rig.Depth or i=85)`, { nodeId: text });
  }
}

function describe(ref: ReferenceDescription): BrowsedReference {
  const typeDefinition = ref.typeDefinition?.toString();
  return {
    nodeId: ref.nodeId.toString(),
    browseName: ref.browseName.toString(),
    displayName: ref.displayName?.text ?? ref.browseName.name ?? '',
    nodeClass: NodeClass[ref.nodeClass] ?? String(ref.nodeClass),
    referenceType: ref.referenceTypeId.toString(),
    ...(typeDefinition && typeDefinition !== 'ns=0;i=0' ? { typeDefinition } : {}),
  };
}

/** References asked for per Browse/BrowseNext page; the server may page sooner. */
export const BROWSE_PAGE_SIZE = 500;

/** Forward hierarchical references of `nodeId`, following continuation points until complete or `limit` reached. */
export async function browseAll(session: ClientSession, nodeId: string, limit = 10_000, pageSize = BROWSE_PAGE_SIZE): Promise<{ references: BrowsedReference[]; truncated: boolean }> {
  const node = parseNodeId(nodeId);
  session.requestedMaxReferencesPerNode = pageSize;
  let result = await session.browse({
    nodeId: node,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: 'HierarchicalReferences',
    includeSubtypes: true,
    nodeClassMask: NodeClassMask.Object | NodeClassMask.Variable | NodeClassMask.Method | NodeClassMask.View,
    resultMask: ResultMask.BrowseName | ResultMask.DisplayName | ResultMask.NodeClass | ResultMask.ReferenceType | ResultMask.TypeDefinition,
  });
  if (result.statusCode.isBad()) throw statusError(result.statusCode, `browse ${nodeId}`);
  const references = (result.references ?? []).map(describe);
  while (result.continuationPoint && result.continuationPoint.length > 0) {
    const release = references.length >= limit;
    result = await session.browseNext(result.continuationPoint, release);
    if (release) return { references: references.slice(0, limit), truncated: true };
    if (result.statusCode.isBad()) throw statusError(result.statusCode, `browse ${nodeId} (continuation)`);
    references.push(...(result.references ?? []).map(describe));
  }
  return references.length > limit ? { references: references.slice(0, limit), truncated: true } : { references, truncated: false };
}

/** Attributes shown for a node; `Value` only for variables. */
const ATTRIBUTES = ['NodeId', 'NodeClass', 'BrowseName', 'DisplayName', 'Description', 'Value', 'DataType', 'AccessLevel', 'UserAccessLevel', 'MinimumSamplingInterval'] as const;

/** One attribute read. */
export interface AttributeValue {
  attribute: string;
  value: number | string | boolean | null;
  status: string;
  /** Built-in type of a Value (Int64, DateTime, …): tells decimal text of a 64-bit integer from a String. */
  type?: string;
  sourceTime?: number;
}

/** Reads `attribute` (or the usual set) of a node; a node that does not exist is a DriverError. */
export async function readAttributes(session: ClientSession, nodeId: string, attribute?: string): Promise<AttributeValue[]> {
  const node = parseNodeId(nodeId);
  const names = attribute ? [attribute] : [...ATTRIBUTES];
  const ids = names.map((name) => {
    const id = AttributeIds[name as keyof typeof AttributeIds];
    if (typeof id !== 'number') throw new DriverError('invalid-request', 'bad-attribute', `unknown attribute "${name}" (e.g. ${ATTRIBUTES.join(', ')})`);
    return id;
  });
  const values = await session.read(ids.map((attributeId) => ({ nodeId: node, attributeId })));
  const first = values[0]?.statusCode;
  if (first && (first.equals(StatusCodes.BadNodeIdUnknown) || first.equals(StatusCodes.BadNodeIdInvalid))) throw statusError(first, `read ${nodeId}`);
  const out: AttributeValue[] = [];
  values.forEach((dv, i) => {
    const status = dv.statusCode ?? StatusCodes.Good;
    if (!attribute && status.equals(StatusCodes.BadAttributeIdInvalid)) return; // not applicable to this node class
    const value = variantToPlain(dv.value);
    const name = names[i] ?? String(ids[i]);
    const type = name === 'Value' && value !== null ? variantTypeName(dv.value) : undefined;
    const shown = name === 'NodeClass' && typeof value === 'number' ? (NodeClass[value] ?? value) : value;
    out.push({ attribute: name, value: shown, status: statusName(status), ...(type ? { type } : {}), ...(dv.sourceTimestamp ? { sourceTime: dv.sourceTimestamp.getTime() } : {}) });
  });
  return out;
}
