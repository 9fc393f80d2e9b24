export { QCLASS } from './src/encodeToCapData.js';
export { makeMarshal } from './src/marshal.js';
export { stringify, parse } from './src/marshal-stringify.js';

export { decodeToJustin, passableAsJustin, qp } from './src/marshal-justin.js';

export {
  makePassableKit,
  makeEncodePassable,
  makeDecodePassable,
  isEncodedRemotable,
  zeroPad,
  recordNames,
  recordValues,
} from './src/encodePassable.js';

export {
  compareNumerics,
  compareByCodePoints,
  assertRankSorted,
  compareRank,
  isRankSorted,
  sortByRank,
  compareAntiRank,
  makeFullOrderComparatorKit,
  getPassStyleCover,
  intersectRankCovers,
  unionRankCovers,
} from './src/rankOrder.js';

// eslint-disable-next-line import/export
export * from './src/types.js';

// For compatibility, but importers of these should instead import these
// directly from `@endo/pass-style` or (if applicable) `@endo/far`.
export * from '@endo/pass-style';

/**
 * @deprecated Import deeplyFulfilled directly from @endo/pass-style.
 * The re-export here is just for compat with old importers
 */
export { deeplyFulfilled } from '@endo/pass-style';
