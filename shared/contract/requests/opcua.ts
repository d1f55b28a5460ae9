/** OPC UA requests: certificate trust (works with no connection up), browse, attribute read, raw write, method call. */
import { z } from 'zod';
import { nodeIdProblem } from '../../site/node-id';
import type { RequestTable } from './table';

const NodeId = z
  .string()
  .max(4096)
  .superRefine((text, ctx) => {
    const problem = nodeIdProblem(text.trim());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const ConnectionId = z.string().min(1).max(64);
/** SHA-1 thumbprint in hex; colons and spaces allowed as users paste them. */
const Thumbprint = z
  .string()
  .max(128)
  .refine((t) => /^[0-9a-f]{40}$/i.test(t.replace(/[\s:]/g, '')), 'must be a SHA-1 thumbprint (40 hex digits)');
/**
 * A value as JSON carries it exactly: Int64/UInt64 as decimal text (a number only when it is a safe integer),
 * DateTime as ISO 8601 text with a zone, ByteString as hex, Guid as text; never a rounded double.
 */
const Value = z.union([z.number(), z.string().max(65536), z.boolean()]);

/** One certificate of the console's PKI. */
export const CertificateInfo = z.object({
  thumbprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  expired: z.boolean(),
  applicationUri: z.string().optional(),
});
/** One certificate of the console's PKI. */
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** One browsed reference. */
export const BrowseReference = z.object({
  nodeId: z.string(),
  browseName: z.string(),
  displayName: z.string(),
  nodeClass: z.string(),
  referenceType: z.string(),
  typeDefinition: z.string().optional(),
});

/** The OPC UA request table. */
export const opcuaRequests = {
  'certs.list': { access: 'read', request: z.strictObject({}), reply: z.object({ trusted: z.array(CertificateInfo), rejected: z.array(CertificateInfo) }) },
  /** Moves a rejected certificate to trusted; connections that failed on it reconnect at once. */
  'certs.trust': { access: 'admin', request: z.strictObject({ thumbprint: Thumbprint }), reply: z.object({ certificate: CertificateInfo }) },
  /** Moves a trusted certificate back to rejected. */
  'certs.untrust': { access: 'admin', request: z.strictObject({ thumbprint: Thumbprint }), reply: z.object({ certificate: CertificateInfo }) },
  /** Forward hierarchical references of a node (default Objects, i=85); continuation points are followed inside. */
  'opcua.browse': {
    access: 'read',
    request: z.strictObject({ connectionId: ConnectionId, nodeId: NodeId.optional(), limit: z.number().int().min(1).max(100_000).optional() }),
    reply: z.object({ nodeId: z.string(), references: z.array(BrowseReference), truncated: z.boolean() }),
  },
  /**
   * Reads one attribute (by name, e.g. Value, DataType) or the usual set. Values are exact: Int64/UInt64 as decimal
   * text, DateTime as ISO 8601 with ms (UTC 'Z'), ByteString as hex, NaN/±Infinity as text; `type` names the Value's built-in type.
   */
  'opcua.read': {
    access: 'read',
    request: z.strictObject({ connectionId: ConnectionId, nodeId: NodeId, attribute: z.string().max(64).optional() }),
    reply: z.object({
      nodeId: z.string(),
      attributes: z.array(
        z.object({ attribute: z.string(), value: z.union([z.number(), z.string(), z.boolean(), z.null()]), status: z.string(), type: z.string().optional(), sourceTime: z.number().optional() }),
      ),
    }),
  },
  /**
   * Writes the Value attribute; the server's status comes back by name (Good, BadNotWritable, BadTypeMismatch, …).
   * Input the console refuses (out of range, not the type) answers BadTypeMismatch with a message, before any write.
   * NaN/±Infinity reach a Float/Double only with `allowNonFinite`.
   */
  'opcua.write': {
    access: 'maintain',
    request: z.strictObject({ connectionId: ConnectionId, nodeId: NodeId, value: Value, type: z.string().max(32).optional(), allowNonFinite: z.boolean().optional() }),
    reply: z.object({ status: z.string(), message: z.string().optional(), unaudited: z.literal(true).optional() }),
  },
  'opcua.call': {
    access: 'maintain',
    request: z.strictObject({ connectionId: ConnectionId, objectId: NodeId, methodId: NodeId, inputs: z.array(Value).max(64).default([]) }),
    reply: z.object({ status: z.string(), message: z.string().optional(), outputs: z.array(z.union([z.number(), z.string(), z.boolean(), z.null()])), unaudited: z.literal(true).optional() }),
  },
} satisfies RequestTable;
