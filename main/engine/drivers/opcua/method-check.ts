/**
 * The site file's method commands against the server's InputArguments. The gate checks a command's input for the
 * type the site declares (range, whole number, fits the type), but the call encodes it as the server's type: with the
 * two apart, 5 for an int32 would reach a String method as "5", 0.1 a Float one as 0.100000001, 1 a Boolean one as
 * true, and an input short of the server's count would be refused only by the server (BadArgumentsMissing). So a
 * declaration must match the server's in count, and in built-in base type (a subtype such as Duration is its base
 * Double): a mismatch is warned of at connect and every call of it refused unsent.
 */
import { DataType, NodeIdType, type ClientSession } from 'node-opcua';
import type { Logger } from '../driver';
import { builtInTypeOf, inputArguments, type DeclaredArgument } from './argument-types';
import { parseNodeId } from './browse';
import { declarationName, type MethodDeclaration } from './method-declaration';
import { SITE_TO_UA } from './values';

/** How a declaration differs from the server's arguments, in words and fields for the log. */
export interface Mismatch {
  text: string;
  details: { argument?: string; declared: string; actual: string };
}

/** The type's name, with the declared DataType where it is not a built-in one (a subtype, a server's own type). */
function actualName(argument: DeclaredArgument, builtIn: DataType | undefined): string {
  const id = argument.dataType;
  const isBuiltIn = id.namespace === 0 && id.identifierType === NodeIdType.NUMERIC && id.value === builtIn;
  if (builtIn === undefined) return `${id.toString()} (no built-in base type)`;
  return isBuiltIn ? DataType[builtIn] : `${DataType[builtIn]} (data type ${id.toString()})`;
}

/** Scalars go to an argument of ValueRank Scalar (-1), Any (-2) or ScalarOrOneDimension (-3), not to an array. */
const takesScalar = (argument: DeclaredArgument) => argument.valueRank === undefined || argument.valueRank < 0;

/** Undefined when `declaration` fits the server's `declared` inputs, else how it does not. */
export async function declarationMismatch(session: ClientSession, declaration: MethodDeclaration, declared: readonly DeclaredArgument[]): Promise<Mismatch | undefined> {
  const siteCount = declaration.argumentType ? 1 : 0;
  if (declared.length !== siteCount) {
    const names = declared.map((a, i) => a.name || `input ${i + 1}`).join(', ');
    const site = declaration.argumentType ? `1 input (${declaration.argumentType})` : 'no input';
    return {
      text: `the site file declares ${site}, but the server's method takes ${declared.length}${names ? ` (${names})` : ''}`,
      details: { declared: `${siteCount} input(s)`, actual: `${declared.length} input(s)` },
    };
  }
  if (!declaration.argumentType) return undefined;
  const argument = declared[0] as DeclaredArgument;
  const label = `input 1${argument.name ? ` (${argument.name})` : ''}`;
  const builtIn = await builtInTypeOf(session, argument.dataType);
  const wanted = SITE_TO_UA[declaration.argumentType];
  const actual = takesScalar(argument) ? actualName(argument, builtIn) : `an array of ${actualName(argument, builtIn)} (ValueRank ${argument.valueRank})`;
  if (builtIn === wanted && takesScalar(argument)) return undefined;
  return {
    text: `${label} is declared ${declaration.argumentType} (${DataType[wanted]}) in the site file, but the server's method takes ${actual}`,
    details: { argument: argument.name || 'input 1', declared: declaration.argumentType, actual },
  };
}

/**
 * Checks every declaration against the server once (at connect) and logs what does not fit; never throws. Calls are
 * checked again as they go out (the server may change): this only tells the site's maintainer early.
 */
export async function checkDeclaredMethods(session: ClientSession, declarations: readonly MethodDeclaration[], log: Logger): Promise<void> {
  await Promise.all(
    declarations.map(async (d) => {
      const fields = { equipmentId: d.equipmentId, command: d.command, methodId: d.methodId };
      try {
        const declared = await inputArguments(session, parseNodeId(d.methodId));
        if ('unknown' in declared) return log.warn('opcua-method-unknown', `${declarationName(d)}: the server knows no such method (${declared.unknown})`, fields);
        const mismatch = await declarationMismatch(session, d, declared);
        // A call with an input is refused by the console; one without goes out as it is (a stop-like call reads nothing
        // first), and the server refuses what it lacks.
        const refusedBy = d.argumentType ? 'the console refuses its calls' : 'the server will refuse its calls';
        if (mismatch) log.warn('opcua-method-mismatch', `${declarationName(d)}: ${mismatch.text}: ${refusedBy} until the site file or the server is corrected`, { ...fields, ...mismatch.details });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn('opcua-method-unchecked', `${declarationName(d)}: its arguments could not be checked at connect (${message}); each call checks them`, fields);
      }
    }),
  );
}
