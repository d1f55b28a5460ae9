/**
 * The rig simulator listens only where it is told, and anonymous sessions may read but not write or call unless the
 * simulator was started with `anonymousWrites` (a real node-opcua client on loopback; sockets read from the kernel).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, StatusCodes, type ClientSession, type UserIdentityInfo } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPCUA_PASSWORD, DEMO_OPCUA_USER } from '../../../main/sim/demo-credentials';
import { startRigServer, type RigServer } from '../../../main/sim/rig/rig-server';
import { listeningAddresses } from '../../support/listening-sockets';

const dir = mkdtempSync(join(tmpdir(), 'rec-rig-exposure-'));
let strict: RigServer;
let open: RigServer;

beforeAll(async () => {
  strict = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'strict') });
  open = await startRigServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'open'), anonymousWrites: true });
});
afterAll(async () => {
  await Promise.all([strict?.close(), open?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` in a session on a None/None channel as `user`. */
async function withSession<T>(url: string, user: UserIdentityInfo | undefined, body: (session: ClientSession) => Promise<T>): Promise<T> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(url);
  try {
    const session = await client.createSession(user);
    try {
      return await body(session);
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
  }
}

// The hole id takes any write (setpoints also need control ownership, which would hide what is tested here).
const HOLE_ID = 'ns=1;s=Rig.HoleId';
const write = (session: ClientSession, value: string) => session.write({ nodeId: HOLE_ID, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.String, value } } });
const operator: UserIdentityInfo = { type: 1, userName: DEMO_OPCUA_USER, password: DEMO_OPCUA_PASSWORD }; // 1 = UserName

describe('rig simulator exposure', () => {
  it('listens on 127.0.0.1 only, not on every interface', () => {
    expect(listeningAddresses(strict.port)).toEqual(['127.0.0.1']);
  });

  it('the port is free on other addresses: a second listener can take it on 127.0.0.2', async () => {
    const other = createServer();
    await new Promise<void>((resolve, reject) => other.once('error', reject).listen(strict.port, '127.0.0.2', resolve));
    await new Promise((resolve) => other.close(resolve));
  });

  it('lets an anonymous session read but refuses its writes and method calls', async () => {
    await withSession(strict.url, undefined, async (session) => {
      const read = await session.read({ nodeId: HOLE_ID, attributeId: AttributeIds.Value });
      expect(read.statusCode).toBe(StatusCodes.Good);
      expect(await write(session, 'H-ANON')).toBe(StatusCodes.BadUserAccessDenied);
      const call = await session.call({ objectId: 'ns=1;s=Rig', methodId: 'ns=1;s=Rig.StopEngine', inputArguments: [] });
      expect(call.statusCode).toBe(StatusCodes.BadUserAccessDenied);
    });
    expect(strict.model.process.holeId).not.toBe('H-ANON');
  });

  it('lets the logged-in operator write', async () => {
    await withSession(strict.url, operator, async (session) => expect(await write(session, 'H-OPERATOR')).toBe(StatusCodes.Good));
    expect(strict.model.process.holeId).toBe('H-OPERATOR');
  });

  it('with anonymousWrites, an anonymous session may write', async () => {
    await withSession(open.url, undefined, async (session) => expect(await write(session, 'H-DEMO')).toBe(StatusCodes.Good));
    expect(open.model.process.holeId).toBe('H-DEMO');
  });
});
