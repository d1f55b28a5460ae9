/**
 * `Objects/EdgeValues`: one writable variable per built-in scalar type, initialised to an edge of its range, so
 * value fidelity (64-bit integers, Float max, DateTime ms, ByteString, …) can be proven against this simulator.
 */
import { DataType, StatusCodes, Variant, VariantArrayType, type Namespace, type UAObject } from 'node-opcua';

/** Two's-complement [high, low] halves, the form node-opcua holds Int64/UInt64 in. */
function pair(value: bigint): [number, number] {
  const bits = BigInt.asUintN(64, value);
  return [Number(bits >> 32n), Number(bits & 0xffff_ffffn)];
}

/** Each edge node: type name (also its NodeId suffix) and initial value. Documented in ADDRESS-SPACE.md. */
export const EDGE_VALUES: readonly { type: keyof typeof DataType; value: unknown; writable: boolean }[] = [
  { type: 'Boolean', value: true, writable: true },
  { type: 'SByte', value: -128, writable: true },
  { type: 'Byte', value: 255, writable: true },
  { type: 'Int16', value: -32768, writable: true },
  { type: 'UInt16', value: 65535, writable: true },
  { type: 'Int32', value: -2147483648, writable: true },
  { type: 'UInt32', value: 4294967295, writable: true },
  { type: 'Int64', value: pair(-(2n ** 63n)), writable: true },
  { type: 'UInt64', value: pair(2n ** 64n - 1n), writable: true },
  { type: 'Float', value: 3.4028234663852886e38, writable: true },
  { type: 'Double', value: -Number.MAX_VALUE, writable: true },
  { type: 'String', value: 'Grüße ✓ 日本', writable: true },
  { type: 'DateTime', value: new Date('2024-02-29T23:59:59.999Z'), writable: true },
  { type: 'Guid', value: '72962B91-FA75-4AE6-8D28-B404DC7DAF63', writable: true },
  { type: 'ByteString', value: Buffer.from('00ff10807f', 'hex'), writable: true },
  { type: 'LocalizedText', value: { text: 'Bohrgerät', locale: 'de' }, writable: false },
  { type: 'QualifiedName', value: { name: 'EdgeName', namespaceIndex: 1 }, writable: false },
];

/** Adds `EdgeValues` (ns=1;s=Edge) with `Edge.<Type>` variables; writes are kept as written (the server checks the type). */
export function addEdgeValuesFolder(namespace: Namespace, objectsFolder: UAObject): void {
  const folder = namespace.addFolder(objectsFolder, { browseName: 'EdgeValues', nodeId: 's=Edge' });
  for (const edge of EDGE_VALUES) {
    const access = edge.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead';
    namespace.addVariable({
      componentOf: folder,
      browseName: edge.type,
      nodeId: `s=Edge.${edge.type}`,
      dataType: edge.type,
      accessLevel: access,
      userAccessLevel: access,
      minimumSamplingInterval: 0,
      value: new Variant({ dataType: DataType[edge.type], arrayType: VariantArrayType.Scalar, value: edge.value }),
    });
  }
  addClampedValue(namespace, folder);
}

/** The range `Edge.Clamped` keeps a write within. */
export const CLAMPED_RANGE = [0, 10] as const;

/**
 * `Edge.Clamped` (Double): a write outside 0..10 is kept at the nearest end and answered `GoodClamped`, as a device
 * limiting a setpoint does: done, but not at the value asked for.
 */
function addClampedValue(namespace: Namespace, folder: UAObject): void {
  let value = 0;
  namespace.addVariable({
    componentOf: folder,
    browseName: 'Clamped',
    nodeId: 's=Edge.Clamped',
    dataType: 'Double',
    accessLevel: 'CurrentRead | CurrentWrite',
    userAccessLevel: 'CurrentRead | CurrentWrite',
    minimumSamplingInterval: 100, // a getter needs one (node-opcua warns on stdout at 0, and `rec-console sim` prints only its URLs there)
    value: {
      get: () => new Variant({ dataType: DataType.Double, value }),
      set: (variant: Variant) => {
        const asked = Number(variant.value);
        value = Math.min(CLAMPED_RANGE[1], Math.max(CLAMPED_RANGE[0], asked));
        return value === asked ? StatusCodes.Good : StatusCodes.GoodClamped;
      },
    },
  });
}
