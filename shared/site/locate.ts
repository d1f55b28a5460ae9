/** Finds where a data path sits in the YAML source, in time linear in the document however many errors point into it. */
import { isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** Locates data paths in one parsed document; each map is indexed once, on first use. */
export class PathLocator {
  private readonly indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(private readonly doc: Document, private readonly source: string) {}

  /** Offset of the deepest YAML node along `path` (a missing key points at its parent). */
  offsetOf(path: readonly PropertyKey[]): number {
    return this.walk(path).offset;
  }

  /** Offset of the key that ends `path` (a map's key, where an unknown field is named), else as offsetOf. */
  keyOffsetOf(path: readonly PropertyKey[]): number {
    const { node } = this.walk(path.slice(0, -1));
    const pair = isMap(node) ? this.pairFor(node, String(path.at(-1))) : undefined;
    const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
    return keyRange?.[0] ?? this.offsetOf(path);
  }

  /**
   * Offset of character `column` (0-based) inside the string value at `path`, for errors inside an expression.
   * Exact for plain and single-line quoted scalars without escapes; otherwise the value's start.
   */
  offsetInside(path: readonly PropertyKey[], column: number): number {
    const { node, offset } = this.walk(path);
    if (!isScalar(node) || !node.range) return offset;
    const [start, end] = node.range;
    const raw = this.source.slice(start, end);
    if (raw.includes('\n')) return start;
    if (node.type === Scalar.PLAIN) return start + column;
    if (node.type === Scalar.QUOTE_SINGLE && !raw.slice(1, -1).includes("''")) return start + 1 + column;
    if (node.type === Scalar.QUOTE_DOUBLE && !raw.includes('\\')) return start + 1 + column;
    return start;
  }

  private pairFor(map: YAMLMap, key: string): Pair | undefined {
    let index = this.indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key)) {
          const name = String(item.key.value);
          if (!index.has(name)) index.set(name, item);
        }
      }
      this.indexes.set(map, index);
    }
    return index.get(key);
  }

  private walk(path: readonly PropertyKey[]): { node: unknown; offset: number } {
    let node: unknown = this.doc.contents;
    let offset = 0;
    for (const key of path) {
      const range = (node as Node | null)?.range;
      if (range) offset = range[0];
      if (isMap(node)) {
        const pair = this.pairFor(node, String(key));
        if (!pair) return { node: undefined, offset };
        const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
        if (pair.value === null || pair.value === undefined) return { node: undefined, offset: keyRange?.[0] ?? offset };
        node = pair.value;
        if (!(node as Node).range && keyRange) return { node, offset: keyRange[0] };
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (item === undefined) return { node: undefined, offset };
        node = item;
      } else {
        return { node: undefined, offset };
      }
    }
    return { node, offset: (node as Node | null)?.range?.[0] ?? offset };
  }
}
