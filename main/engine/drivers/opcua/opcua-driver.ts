/**
 * The OPC UA driver: one client + session per connection. Loss of the link (socket closed, keepalive failed,
 * subscription died) is reported with ctx.linkLost and the shared supervisor reconnects; node-opcua's own
 * infinite reconnection is never left running. start() creates the subscriptions and resolves only once a
 * notification has arrived, so every (re)connect verifies that values flow again.
 */
import { AttributeIds, MessageSecurityMode, NodeId, StatusCodes, VariableIds, type ClientSession, type DataType, type OPCUAClient, type Variant } from 'node-opcua';
import type { Driver, DriverContext, MotionGroup, Sample, TagBinding, WriteLane, WriteResult } from '../driver';
import { DriverError, type DriverErrorKind } from '../driver-error';
import type { CallResult, OpcUaAccess, RawWriteResult, SiteCommandRef } from './access';
import { builtInTypeOf, inputArguments } from './argument-types';
import { browseAll, parseNodeId, readAttributes } from './browse';
import { checkDeclaredMethods, declarationMismatch } from './method-check';
import { methodDeclarations, type MethodDeclaration } from './method-declaration';
import { openSession } from './open-session';
import type { OpcUaConnection } from './opcua-connection';
import { describeCertificate } from './pki';
import { classifyError, operationError, statusError, statusName } from './status-names';
import { createSubscriptions, type ActiveSubscriptions } from './subscription-groups';
import { operationLimit, readValues, REFRESH_CHUNK } from './value-refresh';
import { planSubscriptions } from './subscription-plan';
import { dataTypeByName, SITE_TO_UA, toSample, toVariant, variantToPlain, type VariantInputOptions } from './values';

/** Used when the server does not state MaxMonitoredItemsPerCall. */
const DEFAULT_MAX_PER_CALL = 1000;
/** Runs of a refresh after the first, when more silent spells end while it runs. */
const MAX_REFRESH_RERUNS = 2;

/** The Driver for `protocol: opcua` connections. */
export class OpcUaDriver implements Driver, OpcUaAccess {
  readonly opcuaAccess = true;
  private client: OPCUAClient | undefined;
  private session: ClientSession | undefined;
  private subscriptions: ActiveSubscriptions | undefined;
  private closing = false;
  private lost = false;
  private refreshing = false;
  private refreshAgain = false;
  /** Values per Read of a refresh: the server's MaxNodesPerRead, at most REFRESH_CHUNK (read once per session). */
  private perRead: number | undefined;
  /** The thumbprint of the certificate the server presented (secure endpoints): an untrust drops this connection. */
  serverThumbprint: string | undefined;
  /** The site's method commands on this connection: checked against the server at connect and at each call. */
  private readonly methods: readonly MethodDeclaration[];

  /** `env` is where the user's password is looked up (the CLI passes a prompted one). */
  constructor(
    private readonly ctx: DriverContext<OpcUaConnection>,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.methods = methodDeclarations(ctx.equipment ?? [], ctx.connection.id);
  }

  async connect(): Promise<void> {
    const opened = await openSession({ connection: this.ctx.connection, dataDir: this.ctx.dataDir, log: this.ctx.log, env: this.env });
    if (this.closing) {
      await opened.client.disconnect().catch(() => undefined);
      throw new DriverError('not-connected', 'closed', 'connection closed while connecting');
    }
    this.client = opened.client;
    this.session = opened.session;
    const certificate = opened.endpoint.securityMode !== MessageSecurityMode.None ? opened.endpoint.serverCertificate : undefined;
    this.serverThumbprint = certificate?.length ? describeCertificate(certificate).thumbprint : undefined;
    // node-opcua meets a request the server refuses as BadSessionIdInvalid by making a new session and sending the
    // request again on it, after the gate last looked at it: a write or call would go out late, on a session the
    // driver does not know. Marked as repairing already, the library fails that request instead (session-invalid),
    // and the driver reports the link lost: the supervisor connects anew, with checked subscriptions.
    (opened.session as unknown as { recursive_repair_detector: number }).recursive_repair_detector = 1;
    const lost = (code: string, message: string) => this.reportLost(new DriverError('link-lost', code, message));
    opened.client.on('connection_lost', () => lost('connection-lost', 'OPC UA connection lost'));
    opened.client.on('close', () => lost('connection-closed', 'OPC UA connection closed'));
    opened.session.on('keepalive_failure', () => lost('keepalive-failed', 'OPC UA session keepalive failed'));
    // Emitted when this client closes the session (not when the server does: see requestFailed): a close the driver did
    // not ask for is the link lost.
    opened.session.on('session_closed', () => lost('session-closed', 'OPC UA session closed'));
    // Once per connect: a site file that no longer fits the server's methods is said at once, not at the first call.
    if (this.methods.length > 0) await checkDeclaredMethods(opened.session, this.methods, this.ctx.log);
  }

  async start(): Promise<void> {
    const session = this.requireSession();
    if (this.ctx.bindings.length === 0) return;
    const maxPerCall = await this.maxMonitoredItemsPerCall(session);
    const plans = planSubscriptions(this.ctx.bindings, this.ctx.scanClasses, maxPerCall);
    try {
      this.subscriptions = await createSubscriptions({
        session,
        plans,
        emit: (samples) => this.ctx.emit(samples),
        confirm: (ids) => this.ctx.confirm?.(ids),
        timeoutMs: this.ctx.connection.timeoutMs,
        onLost: (reason) => this.reportLost(new DriverError('link-lost', 'subscription-lost', reason)),
        log: this.ctx.log,
      });
    } catch (error) {
      throw classifyError(error, 'bad-response');
    }
    this.ctx.confirmedAlone?.(this.subscriptions.slow.map((s) => s.binding.signalId)); // every start: a reconnect may differ
    const refused = this.subscriptions.refused;
    if (refused.length > 0) {
      const first = refused[0]!;
      const message = `${refused.length} of ${this.ctx.bindings.length} monitored items refused by the server (first: ${first.binding.tag.address} ${first.status})`;
      this.ctx.reportDegraded?.(new DriverError('device-exception', 'opcua-items-refused', message, { refused: refused.length }));
    }
    if (refused.length === this.ctx.bindings.length) return this.failIfLostWhileStarting(); // nothing can ever notify; already reported bad
    // The server's own intervals, not only the ones asked for: one that publishes every 6 s sends nothing sooner.
    const revisedMs = this.subscriptions.subscriptions.map((s) => s.publishingInterval);
    const waitMs = Math.max(5000, 4 * Math.max(...plans.map((p) => p.publishingMs), ...revisedMs));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silent = new Promise<'silent'>((resolve) => (timer = setTimeout(() => resolve('silent'), waitMs)));
    const outcome = await Promise.race([this.subscriptions.firstNotification.then(() => 'ok' as const), silent]);
    clearTimeout(timer);
    if (outcome === 'silent') throw new DriverError('timeout', 'subscription-silent', `subscriptions created but no notification within ${waitMs} ms`);
    this.failIfLostWhileStarting();
  }

  /**
   * A loss reported while starting reached a supervisor still connecting, which ignores it; the driver would then
   * ignore every later report (one per driver). Failing the start instead makes the supervisor reconnect.
   */
  private failIfLostWhileStarting(): void {
    if (this.lost && !this.closing) throw new DriverError('link-lost', 'lost-while-starting', 'the OPC UA link was lost while its subscriptions were being set up');
  }

  async close(): Promise<void> {
    this.closing = true;
    const client = this.client;
    const subscriptions = this.subscriptions;
    this.client = undefined;
    this.session = undefined;
    this.subscriptions = undefined;
    subscriptions?.stopTimers();
    if (!client) return;
    const bounded = <T>(work: Promise<T>) => Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    // A dead link makes polite goodbyes hang: bound them, then drop the socket.
    if (!this.lost) await bounded(subscriptions?.terminate() ?? Promise.resolve());
    await bounded(client.disconnect());
  }

  async read(binding: TagBinding): Promise<Sample> {
    const session = this.requireSession();
    const started = performance.now();
    const dataValue = await session.read({ nodeId: parseNodeId(binding.tag.address), attributeId: AttributeIds.Value }).catch((e: unknown) => {
      throw this.requestFailed(e);
    });
    this.ctx.recordRtt(performance.now() - started);
    if (dataValue.statusCode.isBad()) throw statusError(dataValue.statusCode, `read ${binding.tag.address}`);
    return toSample(binding, dataValue);
  }

  async UNSAFE_write(binding: TagBinding, value: number | string | boolean | bigint, _lane?: WriteLane, _motion?: MotionGroup, wanted?: () => boolean): Promise<WriteResult> {
    const { scale, offset, type } = binding.tag;
    const scaled = scale !== 1 || offset !== 0;
    const integer = type !== 'float32' && type !== 'float64' && type !== 'string' && type !== 'bool';
    // Scaled values are engineering units: back to raw, rounded to a step for integer types. Unscaled ones go as given
    // (exact). The gate hands 64-bit values over as decimal text: scaled, that text is an engineering value too.
    const engineering = scaled && typeof value === 'string' && (type === 'int64' || type === 'uint64') ? Number(value) : value;
    if (typeof engineering === 'number' && !Number.isFinite(engineering)) return { ok: false, error: new DriverError('invalid-request', 'BadTypeMismatch', `${binding.name}: ${String(value)} is not a number`) };
    const raw = scaled && (typeof engineering === 'number' || typeof engineering === 'bigint') ? (Number(engineering) - offset) / scale : engineering;
    const variant = toVariant(scaled && integer && typeof raw === 'number' ? Math.round(raw) : raw, SITE_TO_UA[type]);
    if ('error' in variant) return { ok: false, error: new DriverError('invalid-request', 'BadTypeMismatch', `${binding.name}: ${variant.error}`) };
    if (wanted && !wanted()) return { ok: false, error: new DriverError('cancelled', 'withdrawn-before-sending', `${binding.name}: no longer wanted when it was to go out: not sent`) };
    const error = operationError(await this.writeVariant(binding.tag.address, variant), `write ${binding.tag.address}`);
    return error ? { ok: false, error } : { ok: true };
  }

  /**
   * Reads every bound value afresh and emits it (onlyIfStale). A subscription does not re-send an unchanged value, and
   * a session that outlived a silent spell carries on with nothing to send: the values the spell flagged stale would
   * stay stale until they next change. A refresh asked for while one runs runs again after it (a second spell may
   * have flagged values the first had already read), twice at most: a link that keeps falling silent meanwhile, or a
   * read that fails, is reported lost, and a new session's subscriptions send every value again.
   */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      let runs = 0;
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain && ++runs <= MAX_REFRESH_RERUNS);
      if (this.refreshAgain) this.reportLost(new DriverError('link-lost', 'refresh-interrupted', 'the link kept falling silent while its values were read afresh'));
    } finally {
      this.refreshing = false;
    }
  }

  private async refreshOnce(): Promise<void> {
    const session = this.session;
    if (!session || this.ctx.bindings.length === 0) return;
    const current = () => this.session === session; // closed or reconnected meanwhile: the new session's values count
    try {
      // Small reads, so a probe never waits long behind one (their answers are not round trips of the link).
      this.perRead ??= Math.min(REFRESH_CHUNK, await operationLimit(session, VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, REFRESH_CHUNK));
      // Not the items the server refused: a one-off read would show them good, and nothing would ever update them. Nor
      // the items sampled too slowly: only their own notifications confirm them (slow-sampling.ts).
      const subscriptions = this.subscriptions;
      const skipped = new Set([...(subscriptions?.refused ?? []), ...(subscriptions?.slow ?? [])].map((r) => r.binding.signalId));
      const watched = skipped.size === 0 ? this.ctx.bindings : this.ctx.bindings.filter((b) => !skipped.has(b.signalId));
      await readValues(session, watched, this.perRead, (samples) => {
        if (current()) this.ctx.emit(samples);
        return current();
      });
    } catch (error) {
      if (!current()) return;
      const message = error instanceof Error ? error.message : String(error);
      this.reportLost(new DriverError('link-lost', 'refresh-failed', `reading values afresh after a silent spell failed: ${message}`));
    }
  }

  async probe(onWire?: (agoMs: number) => void): Promise<number> {
    const session = this.requireSession();
    const started = performance.now();
    onWire?.(0);
    const dataValue = await session.read({ nodeId: `i=${VariableIds.Server_ServerStatus_CurrentTime}`, attributeId: AttributeIds.Value }).catch((e: unknown) => {
      throw this.requestFailed(e, 'timeout');
    });
    const rtt = performance.now() - started;
    if (dataValue.statusCode.isBad()) throw statusError(dataValue.statusCode, 'probe');
    this.ctx.recordRtt(rtt);
    return rtt;
  }

  browse(nodeId: string, limit?: number) {
    return browseAll(this.requireSession(), nodeId, limit).catch((e: unknown) => {
      throw this.requestFailed(e);
    });
  }

  readAttributes(nodeId: string, attribute?: string) {
    return readAttributes(this.requireSession(), nodeId, attribute).catch((e: unknown) => {
      throw this.requestFailed(e);
    });
  }

  async UNSAFE_writeRaw(nodeId: string, value: unknown, type?: string, options: VariantInputOptions = {}): Promise<RawWriteResult> {
    const session = this.requireSession();
    const node = parseNodeId(nodeId);
    let dataType: DataType | undefined;
    if (type !== undefined) {
      dataType = dataTypeByName(type);
      if (dataType === undefined) throw new DriverError('invalid-request', 'bad-type', `unknown data type "${type}"`);
    } else {
      const dv = await session.read({ nodeId: node, attributeId: AttributeIds.DataType }).catch((e: unknown) => {
        throw this.requestFailed(e);
      });
      if (dv.statusCode.isBad()) return { status: statusName(dv.statusCode), message: `cannot read the data type of ${nodeId}` };
      // A subtype (Duration, UtcTime, a server's own) is written as its built-in base type.
      const id: unknown = dv.value.value;
      dataType =
        id instanceof NodeId
          ? await builtInTypeOf(session, id).catch((e: unknown) => {
              throw this.requestFailed(e);
            })
          : undefined;
      if (dataType === undefined) throw new DriverError('invalid-request', 'bad-type', `${nodeId} has a structured, abstract or unknown data type: give --type`);
    }
    const variant = toVariant(value, dataType, options);
    if ('error' in variant) return { status: 'BadTypeMismatch', message: variant.error };
    const status = await this.writeVariant(nodeId, variant);
    // Never an empty message: a status without a description is explained by its name.
    return { status: statusName(status), ...(status.isGood() ? {} : { message: status.description || `the server answered ${statusName(status)}` }) };
  }

  async UNSAFE_call(objectId: string, methodId: string, inputs: unknown[], stillWanted?: () => boolean, command?: SiteCommandRef): Promise<CallResult> {
    const session = this.requireSession();
    const objectNode = parseNodeId(objectId);
    const methodNode = parseNodeId(methodId);
    const inputArguments: Variant[] = [];
    // A site command's call must fit the server's method as the site declares it (the gate checked the value for that).
    const declaration = command && this.methods.find((d) => d.equipmentId === command.equipmentId && d.command === command.command);
    // No inputs, no types to read, nor anything to encode wrongly: such a call goes straight out, as a stop should (a
    // method that wants inputs refuses it itself; the check at connect has warned of it). An unknown method is then
    // named by the call's own status.
    const types = inputs.length === 0 ? [] : await this.inputTypes(session, methodNode, methodId, inputs.length, declaration);
    if ('unknown' in types) return { status: types.unknown, message: `${methodId}: the server knows no such node: the call was not sent`, outputs: [] };
    for (const [i, input] of inputs.entries()) {
      const variant = toVariant(input, types[i] as DataType);
      if ('error' in variant) return { status: 'BadTypeMismatch', message: `input ${i + 1}: ${variant.error}`, outputs: [] };
      inputArguments.push(variant);
    }
    if (stillWanted && !stillWanted()) throw new DriverError('cancelled', 'call-withdrawn', 'A stop, or the loss of control or of the link, came while this call was on its way; it was not sent');
    const result = await session.call({ objectId: objectNode, methodId: methodNode, inputArguments }).catch((e: unknown) => {
      throw this.requestFailed(e);
    });
    return { status: statusName(result.statusCode), outputs: (result.outputArguments ?? []).map((v) => variantToPlain(v)) };
  }

  /**
   * The built-in type of each of `count` inputs, from the method's declared arguments, or the status of a method node
   * the server does not know. Refused (invalid-request, nothing sent) when they cannot be read, when more inputs are
   * given than declared, when a type leads to no built-in one, or when the site's `declaration` of the command being
   * carried out does not fit the server's (method-check.ts): never a guessed or converted type.
   */
  private async inputTypes(session: ClientSession, methodNode: NodeId, methodId: string, count: number, declaration: MethodDeclaration | undefined): Promise<DataType[] | { unknown: string }> {
    const refuse = (code: string, text: string) => new DriverError('invalid-request', code, `${methodId}: ${text}: the call was not sent`);
    try {
      const declared = await inputArguments(session, methodNode);
      if ('unknown' in declared) return declared;
      const mismatch = declaration && (await declarationMismatch(session, declaration, declared));
      if (mismatch) throw new DriverError('invalid-request', 'argument-mismatch', `"${declaration.command}" does not fit the equipment's method ${methodId}: ${mismatch.text}. The call was not sent: correct the site file or the server`, mismatch.details);
      if (count > declared.length) throw refuse('BadTooManyArguments', `it takes ${declared.length} input(s), ${count} given`);
      const types: DataType[] = [];
      for (const [i, argument] of declared.slice(0, count).entries()) {
        const type = await builtInTypeOf(session, argument.dataType);
        if (type === undefined) throw refuse('argument-type-unknown', `input ${i + 1}${argument.name ? ` (${argument.name})` : ''} has data type ${argument.dataType.toString()}, which is abstract or has no built-in base type`);
        types.push(type);
      }
      return types;
    } catch (error) {
      throw this.requestFailed(error);
    }
  }

  private async writeVariant(nodeId: string, variant: Variant) {
    const session = this.requireSession();
    const started = performance.now();
    const status = await session.write({ nodeId: parseNodeId(nodeId), attributeId: AttributeIds.Value, value: { value: variant } }).catch((e: unknown) => {
      throw this.requestFailed(e);
    });
    this.ctx.recordRtt(performance.now() - started);
    return status ?? StatusCodes.BadUnexpectedError;
  }

  private maxMonitoredItemsPerCall(session: ClientSession): Promise<number> {
    return operationLimit(session, VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall, DEFAULT_MAX_PER_CALL);
  }

  private requireSession(): ClientSession {
    if (!this.session || this.closing) throw new DriverError('not-connected', 'not-connected', `${this.ctx.connection.id} is not connected`);
    return this.session;
  }

  /**
   * A request's failure as a DriverError. A session the server no longer knows (it closed or timed it out) is the link
   * lost, reported at once: node-opcua emits session_closed only when the console closes it, and it counts the
   * server's fault answers as contact, so nothing else would notice before the values went silent.
   */
  private requestFailed(e: unknown, fallback: DriverErrorKind = 'bad-response'): DriverError {
    const error = classifyError(e, fallback);
    if (error.code === 'session-invalid') this.reportLost(new DriverError('link-lost', error.code, error.message));
    return error;
  }

  private reportLost(error: DriverError): void {
    if (this.closing || this.lost) return;
    this.lost = true;
    this.ctx.linkLost(error);
  }
}
