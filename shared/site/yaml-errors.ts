/** YAML-level problems of a site file (syntax, duplicate keys, aliases), located like every other site error. */
import { isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type YAMLError } from 'yaml';

/** A YAML problem at a source offset, with the data path when one is known. */
export interface YamlProblem {
  offset: number;
  path?: PropertyKey[];
  message: string;
  /** A key that is a list, a map or empty: `path` is its map's. */
  oddKey?: true;
}

/**
 * Every repeated key of every map, every key named `__proto__` (it vanishes on the way to data, or replaces the
 * object's prototype: a tag or command of that name would silently not exist) and every list or map used as a key,
 * with its path, in one linear pass. The
 * parser's own `uniqueKeys` check compares each key with every earlier one (quadratic: 8,000 duplicates took seconds,
 * 100,000 never finished), so it is off.
 */
export function keyNameProblems(doc: Document): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const stack: { node: unknown; path: PropertyKey[] }[] = [{ node: doc.contents, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, path } = next;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isMap(pair.key) || isSeq(pair.key)) {
          // A list or map as a key (`? [a]`) would be turned into text: no name the site file can mean.
          problems.push({ offset: pair.key.range?.[0] ?? 0, path, message: 'a name must be plain text, not a list or a map', oddKey: true });
          continue;
        }
        if (pair.key === null || (isScalar(pair.key) && (pair.key.value === null || pair.key.value === ''))) {
          const at = isScalar(pair.key) ? pair.key : isNode(pair.value) ? pair.value : undefined;
          problems.push({ offset: at?.range?.[0] ?? 0, path, message: 'a name is missing here (an empty key, or ~)', oddKey: true });
          continue;
        }
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const keyPath = [...path, key];
        const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
        if (key === '__proto__') problems.push({ offset, path: keyPath, message: 'the name "__proto__" is reserved; choose another name' });
        else if (seen.has(key)) problems.push({ offset, path: keyPath, message: `duplicate name "${key}" (names must be unique)` });
        else seen.add(key);
        stack.push({ node: pair.value, path: keyPath });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
    }
  }
  return problems;
}

const STANDARD_TAG = 'tag:yaml.org,2002:';

/**
 * Describes a parser error by its first line. A tag (`!secret`, or YAML 1.1's `!!omap`, `!!set`, `!!binary`,
 * `!!timestamp`, which parse.ts leaves unresolved) gets words of its own: the parser drops an unknown one and reads its
 * value as plain text, and the 1.1 ones would make a Map, a Set, bytes or a Date that no field of a site file takes.
 */
export function describeYamlError(error: YAMLError): YamlProblem {
  const tag = error.code === 'TAG_RESOLVE_FAILED' ? /^Unresolved tag: (\S+)/.exec(error.message)?.[1] : undefined;
  if (tag) return { offset: error.pos[0], message: `YAML tag ${tag.startsWith(STANDARD_TAG) ? `!!${tag.slice(STANDARD_TAG.length)}` : tag} is not used in site files: write the value without it` };
  if (error.code === 'MULTIPLE_DOCS') return { offset: error.pos[0], message: 'a site file is one YAML document: remove this "---" and what follows it, or merge it into the document above' };
  const first = error.message.split('\n')[0] ?? error.message;
  // The parser's own stack gave out (a value nested hundreds of levels deep): its words would name its internals.
  if (/stack size exceeded|stack overflow/i.test(first)) return { offset: error.pos[0], message: 'nested too deeply for a site file (hundreds of levels of lists or maps): check the brackets here' };
  return { offset: error.pos[0], message: first };
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
