/** The generated load-test site (N copies of the demo crane) is a valid site with distinct ids and connections. */
import { describe, expect, it } from 'vitest';
import { parseSiteText, formatSiteError } from '../../../shared/site/parse';
import { fleetSiteText } from '../../support/fleet-stack';

describe('generated crane fleet site', () => {
  it('validates with 50 cranes, each on its own connection, with the demo crane key tags', () => {
    const endpoints = Array.from({ length: 50 }, (_, i) => `modbus-tcp://127.0.0.1:${20000 + i}?unit=1`);
    const parsed = parseSiteText(fleetSiteText(endpoints), 'fleet.yaml');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatSiteError).join('\n'));
    expect(parsed.site.equipment).toHaveLength(50);
    expect(new Set(parsed.site.equipment.map((e) => e.connection)).size).toBe(50);
    expect(parsed.site.connections[49]).toMatchObject({ id: 'crane-plc-50', port: 20049, unitId: 1 });
    expect(parsed.site.equipment[0]?.keyTags).toEqual(['hoistPosition', 'trolleyPosition', 'loadWeight', 'windSpeed']);
  });
});
