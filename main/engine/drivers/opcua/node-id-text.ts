/**
 * One spelling per NodeId, as node-opcua reads it: `ns=02;i=05` and `ns=2;i=5` are the same node, as are a GUID in
 * either case. The command-only check compares these, so no other spelling of a protected node gets past it.
 */
import { coerceNodeId } from 'node-opcua';

/** The canonical text of the NodeId `text` names, or undefined when it names none (the driver refuses it then). */
export function canonicalNodeIdText(text: string): string | undefined {
  try {
    return coerceNodeId(text.trim()).toString();
  } catch {
    return undefined;
  }
}
