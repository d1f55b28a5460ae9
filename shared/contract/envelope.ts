/**
 * The one codec for every carrier. Requests, replies, events and telemetry acks travel as JSON text frames;
 * telemetry travels as binary frames (see telemetry.ts). Decoding validates the envelope shape and size;
 * payload validation against the request/event schemas happens in the server and client.
 */
import { z } from 'zod';
import { isWellFormedEnvelope } from './envelope-check';
import { ContractErrorShape, describeIssues, type ContractErrorShape as ErrorShape } from './errors';
import { decodeTelemetry, type TelemetryFrame } from './telemetry';

/** Bumped when an envelope or message changes incompatibly. */
export const CONTRACT_VERSION = 5; // 2: session.activity, scan figures' `answered`, the engine-failed error; 3: connections.retry says whether it retried; 4: a connection's requestsBesideScan; 5: engine.hello's console key

/** Frames larger than this are refused unread (a renderer never needs to send more). */
export const MAX_INBOUND_FRAME_BYTES = 256 * 1024;

/** What a carrier moves: a text frame or a binary frame. */
export type WireFrame = string | ArrayBuffer;

const Id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Name = z.string().min(1).max(64);

export const RequestEnvelope = z.strictObject({ t: z.literal('req'), id: Id, name: Name, body: z.unknown() });
const ReplyOk = z.strictObject({ t: z.literal('res'), id: Id, ok: z.literal(true), body: z.unknown() });
const ReplyFailed = z.strictObject({ t: z.literal('res'), id: Id, ok: z.literal(false), error: ContractErrorShape });
export const ReplyEnvelope = z.union([ReplyOk, ReplyFailed]);
export const EventEnvelope = z.strictObject({ t: z.literal('evt'), name: Name, body: z.unknown() });
export const AckEnvelope = z.strictObject({ t: z.literal('ack'), seq: z.number().int().min(0) });

export const Envelope = z.union([RequestEnvelope, ReplyEnvelope, EventEnvelope, AckEnvelope]);
export type Envelope = z.infer<typeof Envelope>;
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;
export type ReplyEnvelope = z.infer<typeof ReplyEnvelope>;

export type Decoded =
  | { kind: 'envelope'; envelope: Envelope }
  | { kind: 'telemetry'; frame: TelemetryFrame }
  | { kind: 'error'; error: ErrorShape; id?: number };

/** Encodes a text envelope. */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

const utf8 = new TextEncoder();

function byteLength(frame: WireFrame): number {
  return typeof frame === 'string' ? utf8.encode(frame).byteLength : frame.byteLength;
}

/** The one schema an envelope of kind `t` can match (the whole union when `t` is unknown, for its error text). */
function schemaFor(json: unknown): z.ZodType<Envelope> {
  const shape = typeof json === 'object' && json !== null ? (json as { t?: unknown; ok?: unknown }) : {};
  switch (shape.t) {
    case 'req':
      return RequestEnvelope;
    case 'res':
      return shape.ok === true ? ReplyOk : shape.ok === false ? ReplyFailed : Envelope;
    case 'evt':
      return EventEnvelope;
    case 'ack':
      return AckEnvelope;
    default:
      return Envelope;
  }
}

/** Decodes any frame; never throws. `maxBytes` caps inbound size (the engine passes MAX_INBOUND_FRAME_BYTES). */
export function decodeFrame(frame: unknown, maxBytes = Number.POSITIVE_INFINITY): Decoded {
  if (typeof frame !== 'string' && !(frame instanceof ArrayBuffer)) {
    return { kind: 'error', error: { code: 'bad-frame', message: 'frame is neither text nor binary' } };
  }
  // A string's UTF-8 size lies between its length and three times it, so cheap length tests settle most frames
  // without encoding them (an encode per frame was a large share of a small request's cost).
  const size = typeof frame !== 'string' ? frame.byteLength : frame.length > maxBytes ? frame.length : frame.length * 3 <= maxBytes ? 0 : byteLength(frame);
  if (size > maxBytes) {
    return { kind: 'error', error: { code: 'too-large', message: `frame of ${size}+ bytes exceeds the ${maxBytes}-byte limit` } };
  }
  if (frame instanceof ArrayBuffer) {
    const decoded = decodeTelemetry(frame);
    return 'error' in decoded ? { kind: 'error', error: { code: 'bad-frame', message: decoded.error } } : { kind: 'telemetry', frame: decoded };
  }
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { kind: 'error', error: { code: 'bad-frame', message: 'frame is not valid JSON' } };
  }
  // Well-formed common envelopes pass a hand-written check; the rest meet the schema of their own kind (the union
  // tried each in turn), which also words the error.
  if (isWellFormedEnvelope(json)) return { kind: 'envelope', envelope: json as Envelope };
  const parsed = schemaFor(json).safeParse(json);
  if (parsed.success) return { kind: 'envelope', envelope: parsed.data };
  const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : undefined;
  const message = `not a contract envelope: ${describeIssues(parsed.error.issues, '(root)', ' ')}`;
  return id === undefined ? { kind: 'error', error: { code: 'bad-envelope', message } } : { kind: 'error', error: { code: 'bad-envelope', message }, id };
}
