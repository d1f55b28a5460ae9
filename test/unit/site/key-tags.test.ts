/** Key tags of the fleet overview: the site's choice checked against the tags, defaults per type, generic fallback. */
import { describe, expect, it } from 'vitest';
import { formatSiteError, parseSiteText } from '../../../shared/site/parse';
import { resolveKeyTags } from '../../../shared/site/key-tags';

const site = (keyTags: string) => `site: { name: t }
connections:
  - { id: plc, protocol: modbus-tcp, host: 127.0.0.1, port: 1502 }
equipment:
  - id: eq1
    name: Eq 1
    type: generic
    connection: plc
    ${keyTags}
    tags:
      level: { address: "input:0", type: uint16, unit: m }
      flow: { address: "input:1", type: float32, unit: m3/h }
`;

describe('key tags', () => {
  it('accepts key tags that exist and refuses an unknown one with its path', () => {
    expect(parseSiteText(site('keyTags: [flow, level]'), 's.yaml').ok).toBe(true);
    const parsed = parseSiteText(site('keyTags: [flow, nope]'), 's.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(formatSiteError).join('\n')).toContain('equipment[0].keyTags[1]: unknown tag "nope"');
  });

  it('refuses more than four', () => {
    const parsed = parseSiteText(site('keyTags: [flow, level, flow, level, flow]'), 's.yaml');
    expect(parsed.ok).toBe(false);
  });

  it('uses the configured tags, else the type defaults present, else measured numeric tags with a unit', () => {
    const tags = {
      hoistPosition: { type: 'float32', unit: 'm', writable: false },
      windSpeed: { type: 'float32', unit: 'm/s', writable: false },
      hoistSpeedRef: { type: 'float32', unit: 'm/s', writable: true },
      remoteMode: { type: 'bool', writable: false },
      count: { type: 'uint32', writable: false },
    };
    expect(resolveKeyTags('container-crane', tags, ['windSpeed'])).toEqual(['windSpeed']);
    expect(resolveKeyTags('container-crane', tags)).toEqual(['hoistPosition', 'windSpeed']);
    // Generic: no commands (writable), no booleans, no unit-less counters.
    expect(resolveKeyTags('generic', tags)).toEqual(['hoistPosition', 'windSpeed']);
  });
});
