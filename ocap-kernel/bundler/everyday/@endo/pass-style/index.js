export { mapIterable, filterIterable } from './src/iter-helpers.js';
export {
  PASS_STYLE,
  isObject,
  isPrimitive,
  assertChecker,
  getTag,
  hasOwnPropertyOf,
} from './src/passStyle-helpers.js';

export { getErrorConstructor, isErrorLike } from './src/error.js';

export { getInterfaceOf, getRemotableMethodNames } from './src/remotable.js';

export {
  assertPassableSymbol,
  isPassableSymbol,
  nameForPassableSymbol,
  passableSymbolForName,
  unpassableSymbolForName,
} from './src/symbol.js';

export {
  isWellFormedString,
  assertWellFormedString,
  assertPassableString,
} from './src/string.js';

export {
  passStyleOf,
  isPassable,
  assertPassable,
  toPassableError,
  toThrowable,
} from './src/passStyleOf.js';

export { makeTagged } from './src/makeTagged.js';
export {
  Remotable,
  Far,
  ToFarFunction,
  GET_METHOD_NAMES,
} from './src/make-far.js';

export {
  assertRecord,
  assertCopyArray,
  assertRemotable,
  isRemotable,
  isRecord,
  isCopyArray,
  isAtom,
  assertAtom,
} from './src/typeGuards.js';

export * from './src/deeplyFulfilled.js';

// eslint-disable-next-line import/export -- ESLint not aware of type exports in types.d.ts
export * from './src/types.js';
