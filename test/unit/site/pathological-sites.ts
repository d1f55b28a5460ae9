/** Generators of hostile site files, shared by the limit tests and the loader benchmark. */

const HEAD = `site:
  name: Fixture site
connections:
  - id: plc
    protocol: modbus-tcp
    host: 127.0.0.1
    port: 1502
equipment:
  - id: crane
    name: Crane
    type: container-crane
    connection: plc
    tags:
`;

/** A valid site whose tag map repeats one key `count` extra times (each repetition is an error). */
export function duplicateKeysSite(count: number): string {
  return `${HEAD}      hoistSpeed: { address: "holding:10", type: float32 }\n${'      hoistSpeed: 1\n'.repeat(count)}`;
}

/** A site with `count` tags that are each wrong (a number where a tag object belongs), `perEquipment` to an equipment. */
export function manyErrorsSite(count: number, perEquipment = count): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % perEquipment === 0) lines.push(`  - id: crane${i}`, '    name: Crane', '    type: generic', '    connection: plc', '    tags:');
    lines.push(`      t${i}: 1`);
  }
  return `${HEAD}${lines.join('\n')}\n`;
}
