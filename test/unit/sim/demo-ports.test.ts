/** Pointing the demo site at moved simulator ports: loopback endpoints on moved ports only, comments kept. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSiteText } from '../../../shared/site/parse';
import { portMoves, retargetSiteText } from '../../../main/cli/demo-ports';
import { DEMO_SITE_PATH } from '../../../main/engine/config/load-site';

describe('retargetSiteText', () => {
  const moves = portMoves(
    [
      { name: 'crane', portOffset: 0 },
      { name: 'ladle', portOffset: 1 },
      { name: 'rig', portOffset: 2 },
    ],
    15020,
    new Map([
      ['crane', 'modbus-tcp://127.0.0.1:40001?unit=1'],
      ['ladle', 'modbus-rtu-tcp://127.0.0.1:40002?unit=1'],
      ['rig', 'opc.tcp://127.0.0.1:40003'],
    ]),
  );

  it('moves every demo connection and keeps the file valid, with its comments', () => {
    const text = retargetSiteText(readFileSync(DEMO_SITE_PATH, 'utf8'), moves);
    const parsed = parseSiteText(text, 'demo-site.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    expect(parsed.site.connections.map((c) => ('endpoint' in c ? c.endpoint : 'host' in c ? `${c.host}:${c.port}` : c.path))).toEqual(['127.0.0.1:40001', '127.0.0.1:40002', 'opc.tcp://127.0.0.1:40003']);
    expect(text).toContain('# Demo site: the built-in simulators');
  });

  it('leaves connections to other hosts and other ports alone', () => {
    const text = 'connections:\n  - { id: a, host: 10.0.0.5, port: 15020 }\n  - { id: b, host: 127.0.0.1, port: 502 }\n  - { id: c, endpoint: "opc.tcp://plc.example:15022" }\n';
    expect(retargetSiteText(text, moves)).toBe(text);
  });
});
