/**
 * The contract alone, hot, with no device: CPU per request round trip of the real client and session (JSON codec,
 * envelope and payload validation, dispatch, the client's timeout) over the in-memory carrier, against the least any
 * JSON text protocol does over the same carrier (stringify, parse, match the reply to its request by id). Two
 * requests: a trivial one (session.activity) and a 10-register modbus.read reply, whose handlers answer at once.
 * In modbus-crane the contract's cost shows inside a device exchange, where the machine's noise hides microseconds;
 * here it is measured on its own. Called from modbus-crane.ts (no table of its own in the suite).
 */
import { createInMemoryCarrierPair, type Carrier } from '../../shared/contract/carriers/carrier';
import { ContractClient } from '../../shared/contract/client';
import { createMemoryLogger } from '../../main/engine/log';
import { ClientSession, type SessionContext } from '../../main/engine/session/client-session';
import type { HandlerTable } from '../../shared/contract/handlers';

/** One row: CPU µs per round trip (best of the rounds), the contract's and the bare JSON protocol's. */
export interface ContractRow {
  request: string;
  contractUs: number;
  bareJsonUs: number;
  vsBare: number;
}

const READ_VALUES = Array.from({ length: 10 }, (_, i) => ({ address: `holding:${i}`, value: i * 3 }));
const READ_BODY = { connectionId: 'crane-plc', address: 'holding:10', count: 10 };

/** The real client over a real session whose handlers answer at once. */
function contractPair(): { client: ContractClient; close(): void } {
  const [clientSide, engineSide] = createInMemoryCarrierPair();
  // Only the two requests the bench sends; the session never looks up any other.
  const handlers = { 'session.activity': () => ({}), 'modbus.read': () => ({ values: READ_VALUES }) } as unknown as HandlerTable<SessionContext<object>>;
  new ClientSession({ id: 1, label: 'bench', carrier: engineSide, handlers, services: {}, authorise: () => undefined, log: createMemoryLogger(), maxHz: 10, onClose: () => undefined });
  const client = new ContractClient(clientSide);
  return { client, close: () => client.close() };
}

/** The least a JSON text protocol does: the same envelopes stringified and parsed, replies matched by id. */
function bareJsonPair(): { request(name: string, body: unknown): Promise<unknown>; close(): void } {
  const [clientSide, engineSide]: [Carrier, Carrier] = createInMemoryCarrierPair();
  engineSide.onFrame((frame) => {
    const request = JSON.parse(frame as string) as { id: number; name: string };
    const body = request.name === 'modbus.read' ? { values: READ_VALUES } : {};
    engineSide.send(JSON.stringify({ t: 'res', id: request.id, ok: true, body }));
  });
  const pending = new Map<number, (body: unknown) => void>();
  clientSide.onFrame((frame) => {
    const reply = JSON.parse(frame as string) as { id: number; body: unknown };
    pending.get(reply.id)?.(reply.body);
    pending.delete(reply.id);
  });
  let nextId = 1;
  return {
    request(name, body) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        clientSide.send(JSON.stringify({ t: 'req', id, name, body }));
      });
    },
    close: () => clientSide.close(),
  };
}

/** CPU µs per call of `n` sequential calls. */
async function cpuPerCall(n: number, call: () => Promise<unknown>): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / n;
}

/** Interleaved rounds of each side after a warm-up; the best round of each (the least disturbed by the machine). */
export async function measureContractRoundTrip(n = 20_000, rounds = 5): Promise<ContractRow[]> {
  const ours = contractPair();
  const bare = bareJsonPair();
  const cases = [
    { request: 'session.activity (trivial)', contract: () => ours.client.request('session.activity', {}), bare: () => bare.request('session.activity', {}) },
    { request: 'modbus.read, 10 registers', contract: () => ours.client.request('modbus.read', READ_BODY), bare: () => bare.request('modbus.read', READ_BODY) },
  ];
  try {
    const rows: ContractRow[] = [];
    for (const c of cases) {
      await cpuPerCall(2_000, c.contract);
      await cpuPerCall(2_000, c.bare);
      let contractUs = Number.POSITIVE_INFINITY;
      let bareJsonUs = Number.POSITIVE_INFINITY;
      for (let round = 0; round < rounds; round++) {
        contractUs = Math.min(contractUs, await cpuPerCall(n, c.contract));
        bareJsonUs = Math.min(bareJsonUs, await cpuPerCall(n, c.bare));
      }
      rows.push({ request: c.request, contractUs: round2(contractUs), bareJsonUs: round2(bareJsonUs), vsBare: round2(contractUs / bareJsonUs) });
    }
    return rows;
  } finally {
    ours.close();
    bare.close();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
