/** YAML-level problems of a site file (syntax, duplicate keys, aliases), located like every other site error. */
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type YAMLError } from 'yaml';

/** A YAML problem at a source offset, with the data path when one is known. */
export interface YamlProblem {
  offset: number;
  path?: PropertyKey[];
  message: string;
}

/** The path of the map key that starts at `offset` (for duplicate-key errors), if any. */
function pathOfKeyAt(node: unknown, offset: number, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key : undefined;
      const keyPath = [...path, String(key?.value)];
      if (key?.range?.[0] === offset) return keyPath;
      const found = pathOfKeyAt(pair.value, offset, keyPath);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const found = pathOfKeyAt(item, offset, [...path, index]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Describes a parser error; duplicate keys name the path of the duplicated name. */
export function describeYamlError(doc: Document, error: YAMLError): YamlProblem {
  const offset = error.pos[0];
  const path = error.code === 'DUPLICATE_KEY' ? pathOfKeyAt(doc.contents, offset) : undefined;
  if (path) return { offset, path, message: `duplicate name "${String(path.at(-1))}" (names must be unique)` };
  return { offset, message: error.message.split('\n')[0] ?? error.message };
}

/** Errors after which the document cannot be trusted as data (everything but duplicate keys). */
export function isFatalYamlError(error: YAMLError): boolean {
  return error.code !== 'DUPLICATE_KEY';
}

/** Converts the document to data; an unresolved alias or an alias bomb becomes a located problem instead of a throw. */
export function documentData(doc: Document): { data: unknown } | { problem: YamlProblem } {
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    let offset = 0;
    visit(doc, {
      Alias(_key, node) {
        if (isAlias(node) && (node.resolve(doc) === undefined || offset === 0)) offset = node.range?.[0] ?? offset;
        return node.resolve(doc) === undefined ? visit.BREAK : undefined;
      },
    });
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    return { problem: { offset, message: `${message} (check the file's YAML aliases)` } };
  }
}
