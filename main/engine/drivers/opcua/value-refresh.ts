/**
 * Reading every bound value afresh, in Read requests no larger than the server allows. The driver does this when a
 * silent spell ends (see OpcUaDriver.refresh): a subscription never re-sends a value that did not change.
 */
import { AttributeIds, type ClientSession, type DataValue } from 'node-opcua';
import type { Sample, TagBinding } from '../driver';
import { parseNodeId } from './browse';
import { toSample } from './values';

/** Values per Read request at most (fewer when the server says so): each answer stays small on a slow link. */
export const REFRESH_CHUNK = 100;

/** One of the server's OperationLimits (a VariableIds number), or `fallback` when it states none or cannot say. */
export async function operationLimit(session: ClientSession, variableId: number, fallback: number): Promise<number> {
  try {
    const dv = await session.read({ nodeId: `i=${variableId}`, attributeId: AttributeIds.Value });
    const value = Number(dv.value?.value);
    return dv.statusCode.isGood() && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Reads the Value of every binding, `perRead` at a time, and hands each chunk's samples (marked onlyIfStale) to
 * `onChunk`; stops early when it returns false. Rejects when a Read fails.
 */
export async function readValues(session: ClientSession, bindings: readonly TagBinding[], perRead: number, onChunk: (samples: Sample[]) => boolean): Promise<void> {
  for (let first = 0; first < bindings.length; first += perRead) {
    const chunk = bindings.slice(first, first + perRead);
    const values: DataValue[] = await session.read(chunk.map((b) => ({ nodeId: parseNodeId(b.tag.address), attributeId: AttributeIds.Value })));
    if (!onChunk(chunk.map((b, k): Sample => ({ ...toSample(b, values[k] as DataValue), onlyIfStale: true })))) return;
  }
}
