/** A node-opcua session without security straight on a simulator's URL, as tests that talk to the server open one. */
import { MessageSecurityMode, OPCUAClient, SecurityPolicy, type ClientSession } from 'node-opcua';

/** Connects (no retries) and opens a session; `close` ends both. */
export async function openPlainSession(url: string): Promise<{ session: ClientSession; close(): Promise<void> }> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(url);
  const session = await client.createSession();
  return {
    session,
    async close() {
      await session.close();
      await client.disconnect();
    },
  };
}
