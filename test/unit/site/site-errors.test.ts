import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, expressionTags, formatRef } from '../../../shared/site/expression';
import { formatSiteError, parseSiteText } from '../../../shared/site/parse';

const dir = 'test/fixtures/sites';
const load = (name: string) => parseSiteText(readFileSync(`${dir}/${name}`, 'utf8'), name);
/** A site of one Modbus equipment whose `tags:` map is `tags` (lines indented six spaces). */
const oneEquipmentSite = (tags: string) => `site: { name: t }
connections:
  - { id: plc, protocol: modbus-tcp, host: 127.0.0.1, port: 1502 }
equipment:
  - id: eq1
    name: Eq 1
    type: generic
    connection: plc
    tags:
${tags}`;
/** The demo site's text, for the tests that break one thing in it. */
const DEMO = readFileSync('main/sim/demo-site.yaml', 'utf8');
/** The formatted error lines of `text` (none when it is a valid site). */
const errorLines = (text: string, file = 'demo.yaml') => {
  const result = parseSiteText(text, file);
  return result.ok ? [] : result.errors.map(formatSiteError);
};

/** file → every error expected, as `line:col path` and a message fragment. */
const MALFORMED: Record<string, [string, string][]> = {
  'bad-yaml.yaml': [
    ['5:15 (yaml)', 'Nested mappings'],
    ['5:15 (yaml)', 'Implicit keys'],
  ],
  'bad-duplicate-and-range.yaml': [
    ['14:7 equipment[0].tags.hoistSpeed', 'duplicate name'],
    ['15:32 equipment[0].tags.trolleySpeed.address', 'register 70000 out of range'],
  ],
  'bad-alias.yaml': [['6:11 (yaml)', 'Unresolved alias']],
  'bad-alias-bomb.yaml': [['3:10 (yaml)', 'Excessive alias count']],
  'bad-types.yaml': [['7:11 connections[0].port', 'expected number, received string']],
  'bad-unknown-connection.yaml': [['12:17 equipment[0].connection', 'unknown connection "plc-9" (known: plc)']],
  'bad-duplicate-tag.yaml': [['14:7 equipment[0].tags.hoistSpeed', 'duplicate name "hoistSpeed"']],
  'bad-address-range.yaml': [['14:30 equipment[0].tags.hoistSpeed.address', 'register 70000 out of range']],
  'bad-order.yaml': [['14:66 equipment[0].tags.hoistSpeed.order', '"ABCD"|"CDAB"|"BADC"|"DCBA"']],
  'bad-missing.yaml': [
    ['4:5 connections[0].host', 'required field missing'],
    ['7:5 equipment[0].name', 'required field missing'],
  ],
  'bad-protocol.yaml': [['5:15 connections[0].protocol', 'unknown protocol "profinet"']],
  'bad-max-in-flight.yaml': [
    ['7:18 connections[0].maxInFlight', 'expected number to be <=16'],
    ['12:18 connections[1].maxInFlight', 'RTU framing has no transaction id'],
  ],
  'bad-unknown-field.yaml': [['7:5 connections[0].prot', 'unknown field "prot"']], // at the key typed wrong, not its value
  'bad-duplicate-connection.yaml': [['7:9 connections[1].id', 'duplicate connection id "plc"']],
  'bad-table-type.yaml': [
    ['13:41 equipment[0].tags.speed.type', 'coil holds bits'],
    ['14:24 equipment[0].tags.flag.address', 'needs a bit index'],
  ],
  // Would vanish on the way to data (or become the object's prototype): a command that silently does not exist.
  'bad-reserved-name.yaml': [['15:7 equipment[0].commands.__proto__', 'the name "__proto__" is reserved']],
  // A list as a key, an empty key, a name that is no identifier: each said as what it is, never printed by Node.
  'bad-key-kinds.yaml': [
    ['13:9 equipment[0].tags', 'a name must be plain text, not a list or a map'],
    ['15:7 equipment[0].tags', 'a name is missing here'],
    ['16:15 equipment[0].tags.9lives', 'tag names are identifiers: "9lives"'],
  ],
  'bad-deadband-type.yaml': [
    ['13:61 equipment[0].tags.brakeOpen.deadband', 'deadband applies to numeric tags; a bool tag sends every change'],
    ['14:74 equipment[0].tags.label.deadband', 'a string tag sends every change'],
    ['16:82 equipment[0].tags.gantry.deadband', 'deadband 1e+300 spans the whole range [0, 400]: no change would ever be sent'],
    ['17:82 equipment[0].tags.trolley.deadband', 'deadband 70 spans the whole range [0, 70]'],
  ],
  'bad-huge-periods.yaml': [
    ['4:21 scanClasses.fast.periodMs', '<=86400000'],
    ['14:39 equipment[0].heartbeat.periodMs', '<=60000'],
    ['16:78 equipment[0].tags.beat.scanClass', 'unknown scan class "toString"'],
  ],
  'bad-jog-curve.yaml': [['12:19 equipment[0].jog.curve', 'the jog speed may only fall as the round trip grows']],
  'bad-user-hash.yaml': [['15:49 users[0].secretHash', 'MiB per login']],
  'bad-opcua.yaml': [
    ['7:15 connections[0].security', 'mode None goes with policy None'],
    ['14:25 equipment[0].tags.depth.address', 'is not an OPC UA NodeId'],
  ],
  'bad-command-tag.yaml': [
    ['15:14 equipment[0].commands.hoist', 'equipment with jogs needs a stop command'],
    ['15:32 equipment[0].commands.hoist.tag', 'unknown tag "hoistSpeed"'],
    ['16:36 equipment[0].commands.gust.tag', 'not writable'],
  ],
  'bad-range.yaml': [
    ['14:90 equipment[0].tags.hoistSpeed.range', 'min < max'],
    ['14:106 equipment[0].tags.hoistSpeed.scale', 'must not be 0'],
    // The stop button beside a jog must do something: none here (a pulse of 0 would fail the broken range).
    ['17:14 equipment[0].commands.hoist', 'equipment with jogs needs a stop command'],
  ],
  'bad-string-and-readonly.yaml': [
    ['13:14 equipment[0].tags.label.length', 'need a length'],
    ['14:60 equipment[0].tags.load.writable', 'read-only'],
  ],
  'bad-policy-scan.yaml': [
    ['7:15 connections[0].security', 'obsolete SHA-1 policy'],
    ['14:71 equipment[0].tags.depth.scanClass', 'unknown scan class "turbo"'],
  ],
  'bad-not-a-map.yaml': [['1:1 (root)', 'expected object']],
  'bad-many.yaml': [
    ['2:9 site.name', '>=1 characters'],
    ['7:11 connections[0].port', '<=65535'],
    ['8:13 connections[0].unitId', '<=255'],
    ['12:11 equipment[0].type', 'expected one of'],
    ['15:21 equipment[0].tags.a.address', 'runs past 65535'],
    ['16:21 equipment[0].tags.b.address', 'bit 16 out of range'],
    ['20:17 equipment[1].connection', 'unknown connection "nowhere"'],
  ],
  'bad-interlock.yaml': [
    ['21:20 equipment[0].interlocks[0].allowWhen', 'unknown tag "windHihg" of crane (did you mean "windHigh"?)'],
    ['25:52 equipment[0].interlocks[1].allowWhen', 'expected a value, tag or "(" but found the end of the expression'],
    ['29:20 equipment[0].interlocks[2].allowWhen', 'a condition must be true or false, but this gives a number'],
  ],
  'bad-alarm-when.yaml': [
    ['16:73 equipment[0].alarms[0].when', 'unknown tag "dpth" of rig (did you mean "depth"?)'],
    ['17:9 equipment[0].alarms[1]', 'either tag with one of above, below or equals, or a when condition'],
    ['25:86 equipment[1].alarms[0].when', 'unknown tag "nothing" of crane (known: windSpeed, hoistSpeed)'],
  ],
  // One pass: the duplicate id is reported although that connection has an error of its own, and the equipment
  // with a bad tag still gets its interlock and references checked.
  'bad-duplicate-connection-and-error.yaml': [
    ['7:9 connections[1].id', 'duplicate connection id "plc" (first at connections[0])'],
    ['10:11 connections[1].port', 'expected number, received string'],
    ['17:59 equipment[0].tags.speed.unit', '<=16 characters'],
    ['21:20 equipment[0].interlocks[0].allowWhen', 'unknown tag "wnd" of crane (did you mean "wind"?)'],
    ['22:18 equipment[0].interlocks[0].blocks[0]', 'unknown command "stop"'],
  ],
  // A value the parser dropped (an unknown YAML tag) or that would only fail at connect.
  'bad-hosts.yaml': [
    ['2:9 (yaml)', 'YAML tag !secret is not used in site files: write the value without it'],
    ['6:11 connections[0].host', 'a host name or address alone'],
    ['9:11 connections[1].host', 'a host name or address alone'],
    ['13:15 connections[2].endpoint', 'the port must be 1 to 65535'],
  ],
  // YAML 1.1's tags would make a Map, bytes or a Set that no field takes: named as written, not "expected array, received
  // Map". A connection without an id is no name to offer for an equipment's unknown connection.
  'bad-yaml-tags.yaml': [
    ['3:14 (yaml)', 'YAML tag !!omap is not used in site files: write the value without it'],
    ['4:5 connections[0].protocol', 'required field missing'],
    ['7:5 equipment[0].type', 'expected one of'],
    ['8:11 (yaml)', 'YAML tag !!binary is not used in site files: write the value without it'],
    ['9:17 equipment[0].connection', 'unknown connection "plc" (no connection has an id)'],
    ['10:11 (yaml)', 'YAML tag !!set is not used in site files: write the value without it'],
    ['11:9 equipment[0].tags.speed', 'expected object, received null'],
  ],
  // A %YAML 1.1 line would bring 1.1's rules back (tags, and 25:02 read as 1502, which then passes): refused alone.
  'bad-yaml-version.yaml': [['2:1 (yaml)', 'site files are YAML 1.2: remove the %YAML 1.1 line']],
  // Commands calling one OPC UA method must declare its input alike (the server's method has one set): the second of
  // each differing pair is named, the one declaring it alike (setSpeedAgain, a range aside) passes.
  'bad-method-inputs.yaml': [
    ['17:103 equipment[0].commands.setSpeedInt.argument', 'declares one int32 input where rig.setSpeed declares one float64 input'],
    ['18:71 equipment[0].commands.setSpeedBare.methodId', 'declares no input where rig.setSpeed declares one float64 input'],
  ],
  // Settings each field accepts, but that together could never work as written (meaning-checks.ts).
  'bad-meaning.yaml': [
    ['8:41 connections[0].backoff.maxMs', 'maxMs must be at least initialMs'],
    ['19:15 equipment[0].tags.true', '"true" is a word of conditions'],
    ['23:33 equipment[0].commands.kick.tag', '"beat" is the heartbeat counter, which only the engine writes'],
    ['25:57 equipment[0].interlocks[0].blocks[0]', '"stop" is the stop: no interlock ever holds it back'],
    ['26:34 equipment[0].interlocks[1].allowWhen', '"1 < 2" names no tag'],
    ['28:55 equipment[0].alarms[0].below', 'below must be under above'],
    // (alarms[2], a bool below 0.5, fires on false: accepted)
    ['29:9 equipment[0].alarms[1]', '"windy" is a bool tag (0 or 1 to a limit): above 1 never fires on it'],
    ['31:9 equipment[0].alarms[3]', '"mode" is a string tag: a limit alarm never fires on it'],
    ['32:23 equipment[0].heartbeat.tag', 'the heartbeat counter must reach the device unscaled: "beat" has scale 10'],
    ['33:49 equipment[0].link.lossUnsafePct', 'lossDegradedPct must be below lossUnsafePct'],
    ['35:13 users[0].name', 'a user name may not start or end with a space'],
    ['37:13 users[2].name', 'user "op" differs from "Op" only in case'],
    ['38:13 users[3].name', 'no control, format or line-separator character'],
    ['39:13 users[4].name', 'at most 64 characters'],
  ],
};

describe('site file errors', () => {
  it('has at least 15 malformed fixtures', () => {
    expect(Object.keys(MALFORMED).length).toBeGreaterThanOrEqual(15);
  });

  it.each(Object.entries(MALFORMED))('%s reports every error with line, column and path', (file, expected) => {
    const result = load(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.errors.map(formatSiteError);
    expect(lines.length, lines.join('\n')).toBe(expected.length);
    expected.forEach(([where, fragment], i) => {
      expect(lines[i]).toContain(`${file}:${where}: `);
      expect(lines[i]).toContain(fragment);
    });
  });

  it('accepts the valid fixture and applies defaults', () => {
    const result = load('valid.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatSiteError).join('\n'));
    const connection = result.site.connections[0]!;
    expect(connection.protocol === 'modbus-tcp' && connection.timeoutMs).toBe(1000);
    expect(result.site.equipment[0]!.tags.hoistSpeed!.scanClass).toBe('normal');
    expect(result.site.equipment[0]!.link.rttUnsafeMs).toBe(150);
  });

  it('parses the expressions of a valid site once, for the engine', () => {
    const result = load('valid-expressions.yaml');
    if (!result.ok) throw new Error(result.errors.map(formatSiteError).join('\n'));
    const interlock = result.expressions.interlocks.get('crane')?.get('remote-only');
    const alarm = result.expressions.alarms.get('crane')?.get('gusty-hoist');
    expect(interlock && expressionTags(interlock).map(formatRef)).toEqual(['remoteMode', 'windSpeed']);
    expect(alarm && evaluateCondition(alarm, (ref) => ({ value: ref.tag === 'windSpeed' ? 19 : -0.5 }))).toEqual({ known: true, value: true });
    expect(result.expressions.alarms.get('crane')?.has('wind')).toBe(false); // a threshold alarm has no expression
  });

  it('accepts the shipped demo site', () => {
    const result = parseSiteText(readFileSync('main/sim/demo-site.yaml', 'utf8'), 'demo-site.yaml');
    expect(result.ok ? 'ok' : result.errors.map(formatSiteError).join('\n')).toBe('ok');
  });
});

describe('jog curve', () => {
  it('may list its points in any order, as long as the speed falls as the round trip grows', async () => {
    const { JogSettings } = await import('../../../shared/site/site-parts');
    expect(JogSettings.safeParse({ curve: [[150, 0.25], [20, 1], [80, 0.6]] }).success).toBe(true);
    expect(JogSettings.safeParse({ curve: [[20, 0.2], [140, 1]] }).success).toBe(false);
    expect(JogSettings.safeParse({ curve: [[140, 1], [20, 0.2]] }).success).toBe(false);
  });
});

describe('error columns', () => {
  // An emoji and a rarer CJK character (both two UTF-16 units) earlier on the line: an editor counts each as one.
  const site = (label: string) => oneEquipmentSite(`      level: { label: { en: "${label}" }, address: "holding:70000", type: uint16 }\n`);
  const columnOf = (label: string) => {
    const result = parseSiteText(site(label), 'site.yaml');
    return result.ok ? undefined : result.errors.find((e) => e.path.endsWith('address'))?.col;
  };

  it('counts characters, not UTF-16 units, before the error on its line', () => {
    const plain = columnOf('ab');
    expect(plain).toBe(`      level: { label: { en: "ab" }, address: `.length + 1);
    expect(columnOf('🚀𠀀')).toBe(plain); // two characters, four UTF-16 units
    expect(columnOf('起重')).toBe(plain);
  });
});

describe('a malformed entry among good ones', () => {
  // The demo's first interlock list, with one entry broken in each way a hand edit breaks one.
  const broken = (entry: string) => DEMO.replace('    interlocks:\n', `    interlocks:\n${entry}`);

  it.each([
    ['an unknown field', '      - { id: extra, allowWhen: remoteMode == 1, blocks: [trolleyJog], reason: { en: r }, priority: 1 }\n', 'unknown field "priority"'],
    ['blocks not a list', '      - { id: extra, allowWhen: remoteMode == 1, blocks: trolleyJog, reason: { en: r } }\n', 'blocks'],
    ['no reason', '      - { id: extra, allowWhen: remoteMode == 1, blocks: [trolleyJog] }\n', 'reason'],
  ])('an interlock with %s is one located error, never a crash of the checks after it', (_what, entry, fragment) => {
    const lines = errorLines(broken(entry));
    expect(lines, lines.join('\n')).toHaveLength(1);
    expect(lines[0]).toMatch(/^demo\.yaml:\d+:\d+ equipment\[0\]\.interlocks\[0\]/);
    expect(lines[0]).toContain(fragment);
  });
});

describe('files that are no site at all', () => {
  const only = (text: string) => errorLines(text, 'x.yaml');

  it('says an empty or comment-only file is empty, not "expected object, received null"', () => {
    for (const text of ['', '\n\n', '# a comment only\n', '---\n']) expect(only(text), JSON.stringify(text)).toEqual(['x.yaml:1:1 (root): the file holds no site: it is empty or only comments (a site file starts with site:, connections: and equipment:)']);
  });

  it('says lines ended by a lone carriage return are not lines to YAML', () => {
    const text = readFileSync(`${dir}/valid.yaml`, 'utf8').replaceAll('\n', '\r');
    expect(only(text)).toEqual(['x.yaml:1:1 (yaml): lines end in a lone carriage return (CR), which YAML does not take as a line end: save the file with LF or CRLF line ends']);
    expect(parseSiteText(readFileSync(`${dir}/valid.yaml`, 'utf8').replaceAll('\n', '\r\n'), 'x.yaml').ok).toBe(true);
  });

  it('words a second document and a runaway nesting in its own terms, not the parser library\'s', () => {
    expect(only('site: { name: a }\n---\nx: 1\n')).toEqual(['x.yaml:2:1 (yaml): a site file is one YAML document: remove this "---" and what follows it, or merge it into the document above']);
    const deep = only(`a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`);
    expect(deep.length).toBeGreaterThan(0);
    for (const line of deep) expect(line).toMatch(/^x\.yaml:1:\d+ \(yaml\): nested too deeply for a site file/);
  });
});

describe('registers shared in part', () => {
  const errors = (text: string) => errorLines(text);
  const demo = DEMO;

  it('refuses a writable register tag inside another of its equipment: a write to it would change the other', () => {
    // The crane's wind limit moved onto the second word of the float32 hoist speed reference (holding 14..15).
    const moved = demo.replace('address: "holding:16", type: uint16, scale: 0.1, unit: m/s, range: [5, 30]', 'address: "holding:15", type: uint16, scale: 0.1, unit: m/s, range: [5, 30]');
    expect(moved).not.toBe(demo);
    expect(errors(moved)).toEqual([expect.stringMatching(/^demo\.yaml:\d+:\d+ equipment\[0\]\.tags\.windLimit\.address: holding:15 overlaps "hoistSpeedRef" \(holding:14\.\.15\) in part: "windLimit" is writable: a write to it would change the other$/)]);
  });

  it('leaves two views of the same registers, read-only views inside a value, bits of a word, and other tables alone', () => {
    const site = oneEquipmentSite;
    const ok = site(`      word: { address: "holding:10", type: uint16 }
      signed: { address: "holding:10", type: int16 }
      bit3: { address: "holding:10.3", type: bool }
      pair: { address: "holding:20", type: float32 }
      sameTwo: { address: "holding:20", type: int32 }
      inputTwin: { address: "input:21", type: uint16 }
      energy: { address: "holding:30", type: uint32 }
      energyHi: { address: "holding:30", type: uint16 }
      energyLo: { address: "holding:31", type: uint16 }
      count: { address: "holding:40", type: int64 }
      countHi: { address: "holding:40", type: uint32 }
      countLo: { address: "holding:42", type: uint32 }
      name: { address: "holding:50", type: string, length: 8 }
      nameHead: { address: "holding:50", type: uint16 }
`);
    expect(errors(ok)).toEqual([]);
    const bad = site(`      a: { address: "input:10", type: float32 }
      b: { address: "input:11", type: float32 }
`);
    expect(errors(bad)).toEqual([expect.stringMatching(/equipment\[0\]\.tags\.b\.address: input:11\.\.12 overlaps "a" \(input:10\.\.11\) in part: neither holds the other/)]);
    // A writable view inside a value is refused, at the inner tag, whichever of the two is writable.
    const written = site(`      ref: { address: "holding:14", type: float32, writable: true }
      low: { address: "holding:15", type: uint16 }
`);
    expect(errors(written)).toEqual([expect.stringMatching(/tags\.low\.address: holding:15 overlaps "ref" \(holding:14\.\.15\) in part: "ref" is writable/)]);
  });
});

describe('one clear line per mistake', () => {
  const errors = (text: string) => errorLines(text);
  const demo = DEMO;

  it('a number past several limits is told the tightest one only', () => {
    const huge = demo.replace('    timeoutMs: 1000\n', '    timeoutMs: 1e300\n');
    expect(huge).not.toBe(demo);
    expect(errors(huge)).toEqual([expect.stringMatching(/^demo\.yaml:\d+:\d+ connections\[0\]\.timeoutMs: Too big: expected number to be <=60000$/)]);
  });

  it('a value of the wrong kind in a choice of kinds says what it may be, not "Invalid input"', () => {
    const word = demo.replace('- { id: wind-high, tag: windHigh, equals: true,', '- { id: wind-high, tag: windHigh, equals: "yes",');
    expect(word).not.toBe(demo);
    expect(errors(word)).toEqual([expect.stringMatching(/alarms\[1\]\.equals: equals is a number or true\/false$/)]);
  });
});
