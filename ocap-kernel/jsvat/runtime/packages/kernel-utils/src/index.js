// ocap-go's @metamask/kernel-utils: the part of upstream's package of that
// name that a vat can use. Plain
// JavaScript that runs in a SES compartment after lockdown; the only
// dependencies are @endo packages.
//
// Upstream exports left out, and why:
//
// - CapDataStruct, EmptyJsonArray: @metamask/superstruct structs; there is
//   no superstruct here. (isCapData is provided, written by hand.)
// - jsonSchemaToStruct, methodArgsToStruct: they build superstruct structs.
// - fetchValidatedJson: validates with a superstruct struct, and needs
//   fetch.
// - isJsonRpcCall, isJsonRpcMessage: built on @metamask/utils' JSON-RPC
//   structs (superstruct).
// - The ./libp2p, ./nodejs and ./vite-plugins entry points, and
//   ./json-schema-to-struct: libp2p, Node.js, the build tools and
//   superstruct, none of which exist in a vat.
//
// Type-only exports (DiscoverableExo, Described, JsonSchema, MethodSchema,
// VatBundle, RetryBackoffOptions, ...) are JSDoc typedefs in the modules.
//
// Differences that follow from the vat environment (a vat has timers, a
// working Date and Math.random only if its configuration grants them):
// delay, abortableDelay (and so retry) look up setTimeout/clearTimeout on
// the global object when called and reject with a TypeError when they are
// missing; waitUntilQuiescent does the same for setImmediate (which vats
// never have) or, given a delay, setTimeout; installWakeDetector throws a
// TypeError without setInterval, clearInterval or a working Date.now().
// Jittered backoff (retry's default) calls Math.random(), which throws in a
// vat not granted Math, as upstream's does.

export { prettifySmallcaps } from './prettify-smallcaps.js';
export { makeDefaultInterface, makeDefaultExo } from './exo.js';
export { GET_DESCRIPTION, makeDiscoverableExo } from './discoverable.js';
export { S } from './described.js';
export { abortableDelay, delay, ifDefined, makeCounter } from './misc.js';
export { stringify } from './stringify.js';
export { installWakeDetector } from './wake-detector.js';
export {
  isCapData,
  isPrimitive,
  isTypedArray,
  isTypedObject,
} from './types.js';
export { waitUntilQuiescent } from './wait-quiescent.js';
export { fromHex, toHex } from './hex.js';
export { mergeDisjointRecords } from './merge-disjoint-records.js';
export { isVatBundle } from './vat-bundle.js';
export {
  retry,
  retryWithBackoff,
  calculateReconnectionBackoff,
  DEFAULT_MAX_RETRY_ATTEMPTS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
} from './retry.js';
