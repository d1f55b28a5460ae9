/**
 * The parts of the site file schema: connections, equipment (tags, commands, interlocks, alarms, link thresholds),
 * users, and the whole file's shape. schema.ts adds the cross-reference checks (which read this shape).
 */
import { secretHashProblem } from './secret-hash-format';
import { z } from 'zod';
import { DataType, WordOrder } from './data-types';
import { PRINTABLE } from './printable';

export const ROLES = ['viewer', 'operator', 'maintenance', 'admin'] as const;
export const Role = z.enum(ROLES);

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, "_" or "-" (max 64)');
const Port = z.number().int().min(1).max(65535);
/** A duration in ms: at most a day (a timer longer than 2^31 - 1 ms fires after 1 ms instead, at full speed). */
const Millis = z.number().int().positive().max(86_400_000);

/** Exponential, jittered, capped reconnect backoff. */
export const Backoff = z.strictObject({
  initialMs: Millis.default(500),
  maxMs: Millis.default(15000),
  factor: z.number().min(1).max(10).default(2),
  jitter: z.number().min(0).max(1).default(0.2),
}).refine((b) => b.initialMs <= b.maxMs, { message: 'maxMs must be at least initialMs (the first wait would be ignored)', path: ['maxMs'] });

/** The link monitor's probe: how often (5–10 Hz by default) and when an answer counts as lost. */
export const ProbeSettings = z
  .strictObject({ periodMs: Millis.min(20).max(10_000).default(100), timeoutMs: Millis.min(10).max(60_000).default(400) })
  .refine((p) => p.timeoutMs >= p.periodMs / 4, 'timeoutMs must be at least a quarter of periodMs');

const ModbusCommon = {
  id: Id,
  unitId: z.number().int().min(0).max(255).default(1),
  timeoutMs: Millis.max(60000).default(1000),
  /** Largest gap (in registers or bits) the scan planner bridges to merge two reads. */
  maxGap: z.number().int().min(0).max(100).default(8),
  /** Allow writes to unit 0 (broadcast: every device on the line takes them, none answers). Reads on unit 0 never. */
  allowBroadcast: z.boolean().default(false),
  backoff: Backoff.prefault({}),
  probe: ProbeSettings.optional(),
};

/** Most requests a Modbus TCP link may have in flight at once (`maxInFlight`). */
export const MAX_IN_FLIGHT = 16;

/** A host name or address alone: "127.0.0.1:502" or a URL would only fail at connect. */
const Host = z
  .string()
  .min(1)
  .refine((h) => !h.includes('/') && !/^[^:]+:\d*$/.test(h), 'a host name or address alone (the port goes in port, no scheme)');

export const ModbusTcpConnection = z.strictObject({
  ...ModbusCommon,
  protocol: z.literal('modbus-tcp'),
  host: Host,
  port: Port.default(502),
  /**
   * Requests the link may have in flight at once. 1 (the default) waits for each answer before the next request, which
   * every device accepts. Devices that take several requests at once (Modbus TCP pairs answers by transaction id) let
   * a slow link carry that many more scan reads per round trip: on a 40 ms link, 25 requests/s become up to
   * 25 × maxInFlight. Only scan reads are pipelined; writes still go one at a time. Check the device's manual, and
   * `rec-console ping URL --in-flight N` (exit 0 when every reply pairs with its request): one that drops or refuses
   * extra requests shows timeouts. The cost: requests in flight together share one TCP
   * stream, so a stalled packet delays every one of them (a command too); on a lossy link the round-trip percentiles,
   * and with them the link quality and the jog limit, see more of its stalls than one request at a time does.
   */
  maxInFlight: z.number().int().min(1).max(MAX_IN_FLIGHT).default(1),
});

/**
 * RTU framing's quiet time (ms) after a reply, before it is handed over and before the next request: a second,
 * different answer inside it fails the request instead of pairing a stale reply. It grows by itself (to at most a
 * quarter of the timeout, 50 ms) once the device is seen answering again later than that — but a repeated answer
 * later than the guard, before it has grown, can be taken as the next request's reply. Default: 1 ms over TCP,
 * 3.5 characters (at least 5 ms) on serial. 0 only for gateways known never to repeat an answer.
 */
const RtuGuard = {
  guardMs: z.number().min(0).max(50).optional(),
  /** Named only to say why not: RTU replies carry no transaction id, so one request at a time, always. */
  maxInFlight: z.literal(1, { error: 'RTU framing has no transaction id, so one request is in flight at a time: maxInFlight is 1 (more is for modbus-tcp)' }).optional(),
};

export const ModbusRtuTcpConnection = z.strictObject({
  ...ModbusCommon,
  ...RtuGuard,
  protocol: z.literal('modbus-rtu-tcp'),
  host: Host,
  port: Port,
});

export const ModbusRtuConnection = z.strictObject({
  ...ModbusCommon,
  /** Serial lines never go below 3.5 characters at the line speed (the spec's inter-frame silence). */
  ...RtuGuard,
  protocol: z.literal('modbus-rtu'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(19200),
  parity: z.enum(['none', 'even', 'odd']).default('even'),
  dataBits: z.union([z.literal(7), z.literal(8)], { error: 'dataBits is 7 or 8' }).default(8),
  stopBits: z.union([z.literal(1), z.literal(2)], { error: 'stopBits is 1 or 2' }).default(1),
});

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = ['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'Basic128Rsa15', 'Basic256'] as const;

const OpcUaUser = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('anonymous') }),
  z.strictObject({
    kind: z.literal('username'),
    name: z.string().min(1),
    /** The password is never in the site file: it is read from this environment variable, or prompted for. */
    passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name').default('REC_OPCUA_PASSWORD'),
  }),
  z.strictObject({ kind: z.literal('certificate'), certFile: z.string().min(1), keyFile: z.string().min(1) }),
]);

export const OpcUaConnection = z.strictObject({
  id: Id,
  protocol: z.literal('opcua'),
  endpoint: z
    .string()
    .regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/.*)?$/, 'must be an opc.tcp://host:port URL')
    .refine((url) => {
      const port = /^opc\.tcp:\/\/(?:\[[^\]]*\]|[^\s/:]+):(\d+)/.exec(url)?.[1];
      return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    }, 'the port must be 1 to 65535'),
  security: z
    .strictObject({
      mode: z.enum(SECURITY_MODES),
      policy: z.enum(SECURITY_POLICIES),
      /** Obsolete SHA-1 policies (Basic128Rsa15, Basic256) are refused unless explicitly allowed. */
      allowObsolete: z.boolean().default(false),
    })
    .refine((s) => (s.mode === 'None') === (s.policy === 'None'), 'mode None goes with policy None, and only with it')
    .refine((s) => s.allowObsolete || !['Basic128Rsa15', 'Basic256'].includes(s.policy), 'obsolete SHA-1 policy refused (set allowObsolete: true to use it)'),
  user: OpcUaUser.default({ kind: 'anonymous' }),
  timeoutMs: Millis.max(60000).default(5000),
  connectRetries: z.number().int().min(0).max(20).default(3),
  backoff: Backoff.prefault({}),
  probe: ProbeSettings.optional(),
});

export const Connection = z.discriminatedUnion('protocol', [ModbusTcpConnection, ModbusRtuTcpConnection, ModbusRtuConnection, OpcUaConnection]);
export type Connection = z.infer<typeof Connection>;
export type Protocol = Connection['protocol'];

/** A display label in the UI's languages (English required; Simplified Chinese falls back to English). */
export const Label = z.strictObject({ en: z.string().min(1).max(80), 'zh-CN': z.string().min(1).max(80).optional() });

export const Tag = z.strictObject({
  /** Modbus `holding:12` / `input:3.7` / `coil:0`, or an OPC UA NodeId `ns=2;s=Rig.Depth`. */
  address: z.string().min(1),
  type: DataType,
  order: WordOrder.default('ABCD'),
  /** Characters, for `string` tags. */
  length: z.number().int().min(1).max(246).optional(),
  scale: z.number().refine((n) => n !== 0, 'scale must not be 0').default(1),
  offset: z.number().default(0),
  unit: z.string().max(16).optional(),
  range: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, 'range must be [min, max] with min < max').optional(),
  deadband: z.number().min(0).default(0),
  /**
   * What history keeps: every change beyond the deadband (true, the default), nothing (false), or at most one sample
   * per `minIntervalMs` (measured on a 50 ms clock), the latest of each interval (quality changes are always kept, so
   * outages stay visible). See main/engine/history/history-pacing.ts.
   */
  history: z
    .union([z.boolean(), z.strictObject({ minIntervalMs: z.number().int().min(1).max(86_400_000) })], { error: 'history is true (every change), false (none) or { minIntervalMs: whole ms from 1 to 86400000 }' })
    .default(true),
  scanClass: z.string().default('normal'),
  writable: z.boolean().default(false),
  /** OPC UA subscription tuning; ignored by Modbus. */
  samplingMs: z.number().min(0).optional(),
  queueSize: z.number().int().min(1).max(1000).optional(),
  description: z.string().optional(),
  /** Engineering label shown instead of the tag name. */
  label: Label.optional(),
  /** Texts of enum/boolean values, keyed by the raw value (`0`, `1`, … ; booleans 0 and 1). */
  states: z.record(z.string().regex(/^-?\d+$/, 'state keys are integer values'), Label).optional(),
  /** The weakest role allowed to write this tag directly (maintenance writes); commands carry their own. */
  minRole: z.lazy(() => Role).default('maintenance'),
});
export type Tag = z.infer<typeof Tag>;

/** A method command's one input: checked at the gate like a setpoint's value (type, range), then the call's argument. */
export const MethodArgument = z.strictObject({
  type: DataType,
  range: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo < hi, 'range must be [min, max] with min < max').optional(),
  unit: z.string().max(16).optional(),
});

export const Command = z.strictObject({
  kind: z.enum(['pulse', 'setpoint', 'jog', 'method']),
  tag: z.string().optional(),
  /** For `pulse`: the value written. */
  value: z.union([z.number(), z.boolean(), z.string()]).optional(),
  /** For `method`: the OPC UA object and method NodeIds, and its input if it takes one (none given: it takes no value). */
  objectId: z.string().optional(),
  methodId: z.string().optional(),
  argument: MethodArgument.optional(),
  confirm: z.boolean().default(false),
  /** Label of the command's button. */
  label: Label.optional(),
  minRole: Role.default('operator'),
  motion: z.boolean().default(false),
  /** For `jog` with the equipment's jog block: the device's axis index. */
  axis: z.number().int().min(0).max(255).optional(),
});
export type Command = z.infer<typeof Command>;

export const Interlock = z.strictObject({
  id: Id,
  /** Expression over live tag values, e.g. `spreaderLocked == 1 || loadWeight < 0.5`. */
  allowWhen: z.string().min(1),
  blocks: z.array(z.string()).min(1),
  /** The refusal text; a label gives it in the UI's languages (English is what the audit records). */
  reason: z.union([z.string().min(1), Label], { error: 'reason is a text, or a label { en: …, zh-CN: … }' }),
});

/** An alarm is a threshold on one tag (`tag` with above/below/equals) or a condition (`when: windSpeed > 18 and hoistSpeed != 0`). */
export const Alarm = z.strictObject({
  id: Id,
  tag: z.string().optional(),
  above: z.number().optional(),
  below: z.number().optional(),
  equals: z.union([z.number(), z.boolean()], { error: 'equals is a number or true/false' }).optional(),
  /** Expression over live tag values; the alarm is active while it is true. */
  when: z.string().min(1).optional(),
  priority: z.enum(['low', 'medium', 'high', 'urgent']),
  message: z.string().min(1),
  /** The message in the UI's languages (defaults to `message`). */
  label: Label.optional(),
  /** A limit alarm clears only this far back inside its limit (engineering units), so noise does not chatter. */
  deadband: z.number().min(0).default(0),
  /** The condition must hold this long before the alarm becomes active (filters spikes). */
  onDelayMs: z.number().int().min(0).max(3_600_000).default(0),
  /** The condition must be gone this long before the alarm returns to normal. */
  offDelayMs: z.number().int().min(0).max(3_600_000).default(0),
  /** Suppressed by design while this expression is true (e.g. `serviceMode == 1`): evaluated, recorded, not annunciated. */
  suppressWhen: z.string().min(1).optional(),
  /** Taken out of service in the site file: its condition is still tracked (and recorded), never annunciated. */
  outOfService: z.boolean().default(false),
})
  .refine((a) => {
    const threshold = [a.above, a.below, a.equals].some((v) => v !== undefined);
    return a.when === undefined ? a.tag !== undefined && threshold : a.tag === undefined && !threshold;
  }, 'an alarm needs either tag with one of above, below or equals, or a when condition (not both)')
  // Active above `above` or below `below`: with below at or over above, every value is one or the other.
  .refine((a) => a.above === undefined || a.below === undefined || a.below < a.above, { message: 'below must be under above (outside that band the alarm is active; as written it always would be)', path: ['below'] });

/** Link thresholds. Defaults follow 3GPP remote-control figures and the ~150 ms limit of remote crane work. */
export const LinkThresholds = z.strictObject({
  rttDegradedMs: z.number().positive().default(50),
  rttUnsafeMs: z.number().positive().default(150),
  jitterDegradedMs: z.number().positive().default(20),
  lossDegradedPct: z.number().min(0).max(100).default(1),
  lossUnsafePct: z.number().min(0).max(100).default(5),
  survivalMs: z.number().positive().default(500),
})
  .refine((l) => l.rttDegradedMs < l.rttUnsafeMs, 'rttDegradedMs must be below rttUnsafeMs')
  .refine((l) => l.lossDegradedPct < l.lossUnsafePct, { message: 'lossDegradedPct must be below lossUnsafePct (unsafe is judged first: degraded would never show)', path: ['lossUnsafePct'] });

/**
 * Hold-to-run settings. `leaseMs`: a jog ends this long after its last hold message (clients send one per ≤ 100 ms).
 * `curve`: [RTT ms, fraction of full speed] points; the jog limit follows it (linear in between) up to the
 * equipment's unsafe RTT, where motion is refused.
 */
export const JogSettings = z.strictObject({
  leaseMs: Millis.min(50).max(1000).default(150),
  /**
   * The device's sequenced jog block (Modbus holding registers [console id, seq, axis, float32 speed]); jog commands
   * then name their `axis`. `lastSeqTag` reads the device's last accepted sequence number, to continue after it.
   */
  block: z.strictObject({ address: z.string().regex(/^holding:\d+$/, 'must be a holding register, e.g. holding:40'), lastSeqTag: z.string().optional() }).optional(),
  curve: z
    .array(z.tuple([z.number().min(0), z.number().min(0).max(1)]))
    .min(1)
    // The jog speed may only fall as the round trip grows (the design's latency-adaptive limit); points in any order.
    .refine((points) => [...points].sort((a, b) => a[0] - b[0]).every((p, i, sorted) => i === 0 || p[1] <= (sorted[i - 1] as [number, number])[1]), 'the jog speed may only fall as the round trip grows: a point at a longer RTT may not allow more speed')
    .default([
      [20, 1],
      [80, 0.6],
      [150, 0.25],
    ]),
});

export const EQUIPMENT_TYPES = ['container-crane', 'ladle-crane', 'drill-rig', 'generic'] as const;

export const Equipment = z.strictObject({
  id: Id,
  name: z.string().min(1),
  /** The name in the UI's languages (defaults to `name`). */
  label: Label.optional(),
  type: z.enum(EQUIPMENT_TYPES),
  connection: z.string(),
  /** Modbus unit id on a shared link; defaults to the connection's. */
  unitId: z.number().int().min(0).max(255).optional(),
  tags: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'tag names are identifiers'), Tag),
  commands: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'command names are identifiers'), Command).default({}),
  interlocks: z.array(Interlock).default([]),
  alarms: z.array(Alarm).default([]),
  link: LinkThresholds.prefault({}),
  heartbeat: z.strictObject({ tag: z.string(), periodMs: z.number().int().positive().max(60_000).default(100) }).optional(),
  /** The owner register (`tag`) and the take-over register that overrides another console's claim. */
  controlOwner: z.strictObject({ tag: z.string(), takeOverTag: z.string().optional() }).optional(),
  /** Expression that is true while the equipment accepts remote commands, e.g. `remoteMode == 1`. */
  remoteWhen: z.string().min(1).optional(),
  /** The command the supplementary stop sends. */
  stopCommand: z.string().default('stop'),
  /** 2–4 tags the fleet overview shows with a sparkline (defaults per equipment type, see key-tags.ts). */
  keyTags: z.array(z.string()).min(1).max(4).optional(),
  jog: JogSettings.prefault({}),
});
export type Equipment = z.infer<typeof Equipment>;

export const User = z.strictObject({
  // The login form trims what is typed: a name with spaces around it could never log in.
  name: z
    .string()
    .min(1)
    .max(64, 'a user name has at most 64 characters (the longest a login takes)')
    .refine((n) => n === n.trim(), 'a user name may not start or end with a space')
    .refine((n) => PRINTABLE.test(n), 'a user name may hold no control, format or line-separator character (no one could type it to log in)'),
  role: Role,
  /** `scrypt$N$r$p$saltB64$hashB64`; PINs are never stored in clear. */
  secretHash: z.string().superRefine((hash, ctx) => {
    const problem = secretHashProblem(hash);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const SiteShape = z
  .strictObject({
    site: z.strictObject({
      name: z.string().min(1),
      /** The site's name in the UI's languages (the header); `name` when absent. */
      label: Label.optional(),
      locale: z.enum(['en', 'zh-CN']).default('en'),
      /** A logged-in session locks after this many minutes without a request. */
      sessionLockMinutes: z.number().min(1).max(720).default(15),
    }),
    scanClasses: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'scan class names start with a letter'), z.strictObject({ periodMs: Millis })).default({
      fast: { periodMs: 100 },
      normal: { periodMs: 250 },
      slow: { periodMs: 1000 },
    }),
    connections: z.array(Connection).min(1),
    equipment: z.array(Equipment).min(1),
    users: z.array(User).default([]),
  });
/** A site file's shape before its cross-references are checked (what the checks themselves read). */
export type SiteShape = z.infer<typeof SiteShape>;
