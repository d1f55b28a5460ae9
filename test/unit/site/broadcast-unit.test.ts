/** Unit 0 (Modbus broadcast) in a site file: tags on it are refused at load; writes need allowBroadcast (default off). */
import { describe, expect, it } from 'vitest';
import { formatSiteError, parseSiteText } from '../../../shared/site/parse';

const site = (connection: string, equipmentUnit = '') => `site: { name: t }
connections:
  - { id: plc, protocol: modbus-tcp, host: 127.0.0.1, port: 1502${connection} }
equipment:
  - id: eq1
    name: Eq 1
    type: generic
    connection: plc${equipmentUnit}
    tags:
      level: { address: "holding:0", type: uint16 }
`;

describe('unit 0 in a site file', () => {
  it('refuses tags on unit 0, set on the equipment or inherited from the connection, with the line of the equipment', () => {
    const own = parseSiteText(site('', '\n    unitId: 0'), 'site.yaml');
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.errors.map(formatSiteError)).toEqual([expect.stringMatching(/^site\.yaml:\d+:\d+ equipment\[0\]\.unitId: unit 0 is the Modbus broadcast address: no device answers reads/)]);
    const inherited = parseSiteText(site(', unitId: 0, allowBroadcast: true'), 'site.yaml');
    expect(inherited.ok).toBe(false);
    if (!inherited.ok) expect(inherited.errors[0]?.message).toContain('unit 0 (inherited from connection "plc") is the Modbus broadcast address');
  });

  it('defaults allowBroadcast to false and accepts it on Modbus connections', () => {
    const plain = parseSiteText(site(''), 'site.yaml');
    const allowed = parseSiteText(site(', allowBroadcast: true'), 'site.yaml');
    expect(plain.ok && plain.site.connections[0]).toMatchObject({ allowBroadcast: false });
    expect(allowed.ok && allowed.site.connections[0]).toMatchObject({ allowBroadcast: true });
  });
});
