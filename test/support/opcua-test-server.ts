/**
 * A bare node-opcua server on 127.0.0.1 (ephemeral port, security None, anonymous may read, write and call) whose
 * address space a test builds itself: for statuses, argument types and sampling limits the rig simulator does not
 * have. `closeSessions` ends every session as a server whose session timeout ran out does; `deleteSubscriptions`
 * and `expireSubscriptions` end subscriptions on the server side (an administrator, a restarted runtime, a lifetime
 * that ran out), `stallSubscriptions` wedges them, and a second anonymous client may take subscriptions over
 * (TransferSubscriptions) on this unsecured server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, RegisterServerMethod, SecurityPolicy, nodesets, type Namespace, type NodeId, type UAObject } from 'node-opcua';

/** A running test server. */
export interface TestOpcUaServer {
  url: string;
  namespace: Namespace;
  closeSessions(): void;
  /** Every subscription the sessions hold now. */
  subscriptions(): { id: number; publishingIntervalMs: number }[];
  /** Deletes the subscriptions (default all) as DeleteSubscriptions would: no StatusChangeNotification. */
  deleteSubscriptions(ids?: readonly number[]): void;
  /** Runs out every subscription's lifetime: each ends at its next publishing cycle with a BadTimeout status change. */
  expireSubscriptions(): void;
  /** Stops every subscription's publishing cycle: they exist and their services answer, but they publish nothing. */
  stallSubscriptions(): void;
  close(): Promise<void>;
}

/** Starts a server; `build` adds the test's nodes under Objects before it listens. */
export async function startTestOpcUaServer(build: (namespace: Namespace, objects: UAObject) => void): Promise<TestOpcUaServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-test-ua-'));
  const certificateManager = new OPCUACertificateManager({ rootFolder: join(dir, 'pki'), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true });
  await certificateManager.initialize();
  const server = new OPCUAServer({
    port: 0,
    host: '127.0.0.1',
    hostname: '127.0.0.1',
    alternateHostname: ['127.0.0.1'],
    nodeset_filename: [nodesets.standard],
    serverCertificateManager: certificateManager,
    registerServerMethod: RegisterServerMethod.HIDDEN,
    securityModes: [MessageSecurityMode.None],
    securityPolicies: [SecurityPolicy.None],
    allowAnonymous: true,
    // Every change of a value with MinimumSamplingInterval 0 is queued (none folded into a sampling window).
    serverCapabilities: { minSupportedSampleRate: 0 },
    allowAnonymousSubscriptionTransferOnUnsecuredChannel: true,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('test server: address space not created');
  const namespace = addressSpace.getOwnNamespace();
  build(namespace, addressSpace.rootFolder.objects);
  await server.start();
  const serverSubscriptions = () => server.engine.getSessions().flatMap((session) => session.publishEngine.subscriptions.map((subscription) => ({ session, subscription })));
  const port = server.endpoints[0]?.port ?? 0;
  return {
    url: `opc.tcp://127.0.0.1:${port}`,
    namespace,
    closeSessions() {
      const sessions = Object.values((server.engine as unknown as { _sessions: Record<string, { authenticationToken: NodeId }> })._sessions);
      for (const session of sessions) server.engine.closeSession(session.authenticationToken, true, 'Timeout');
    },
    subscriptions() {
      return serverSubscriptions().map(({ subscription }) => ({ id: subscription.id, publishingIntervalMs: subscription.publishingInterval }));
    },
    deleteSubscriptions(ids) {
      for (const { session, subscription } of serverSubscriptions()) if (!ids || ids.includes(subscription.id)) session.deleteSubscription(subscription.id);
    },
    expireSubscriptions() {
      for (const { subscription } of serverSubscriptions()) (subscription as unknown as { _life_time_counter: number })._life_time_counter = subscription.lifeTimeCount;
    },
    stallSubscriptions() {
      for (const { subscription } of serverSubscriptions()) (subscription as unknown as { _stop_timer(): void })._stop_timer();
    },
    async close() {
      await server.shutdown(0).catch(() => undefined);
      await certificateManager.dispose().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
