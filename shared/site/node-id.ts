/** A light syntax check of OPC UA NodeId strings, usable in the renderer without node-opcua. */

const NODE_ID = /^(?:ns=(\d+);)?(?:i=(\d+)|s=(.+)|g=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|b=([A-Za-z0-9+/=]+))$/;

/** Returns why `text` is not a NodeId (`ns=2;s=Rig.Depth`, `i=85`, `ns=1;g=…`, `ns=1;b=…`), or undefined when it is. */
export function nodeIdProblem(text: string): string | undefined {
  const match = NODE_ID.exec(text);
  if (!match) return `"${text}" is not an OPC UA NodeId (expected e.g. ns=2;s=Rig.Depth or i=85)`;
  if (match[1] !== undefined && Number(match[1]) > 65535) return `namespace index ${match[1]} out of range (0..65535)`;
  if (match[2] !== undefined && Number(match[2]) > 4294967295) return `numeric identifier ${match[2]} out of range`;
  return undefined;
}
