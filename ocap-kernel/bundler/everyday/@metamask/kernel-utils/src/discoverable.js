// Discoverable exos: an exo that also answers `__getDescription__()` with a
// schema of its methods (see described.js for building one together with
// the matching interface guard).
//
// InterfaceGuard in the JSDoc below is the @endo/patterns type; MethodSchema
// is the typedef in described.js.

import { makeExo } from '@endo/exo';

import { makeDefaultInterface } from './exo.js';
import { mergeDisjointRecords } from './merge-disjoint-records.js';

/**
 * The name of the method a discoverable exo answers with its schema.
 */
export const GET_DESCRIPTION = '__getDescription__';

const reservedNameMessage = `The \`${GET_DESCRIPTION}\` method name is reserved for discoverable exos.`;

// What mergeDisjointRecords says when `methods` already has the method.
const collisionMarker = `Duplicate keys in records: ${GET_DESCRIPTION}`;

/**
 * Make an exo with default (passable) guards that, besides `methods`, has a
 * `__getDescription__()` method returning `schema`. By convention the
 * schema has one entry per method.
 *
 * @template {Record<PropertyKey, CallableFunction>} T
 * @param {string} name - The exo's name.
 * @param {T} methods - The methods of the exo. Must not include
 * `__getDescription__`.
 * @param {Record<string, MethodSchema>} schema -
 * The method schemas, keyed by method name.
 * @param {InterfaceGuard} [interfaceGuard] - The
 * guard to use instead of the default (passable) one.
 * @returns {T & { __getDescription__: () => typeof schema }} The exo.
 * @throws {Error} When `methods` has a `__getDescription__` method.
 */
export const makeDiscoverableExo = (
  name,
  methods,
  schema,
  interfaceGuard = makeDefaultInterface(name),
) => {
  const describe = () => schema;
  try {
    const allMethods = mergeDisjointRecords(methods, {
      [GET_DESCRIPTION]: describe,
    });
    return makeExo(name, interfaceGuard, allMethods);
  } catch (error) {
    if (error instanceof Error && error.message.includes(collisionMarker)) {
      throw new Error(reservedNameMessage);
    }
    throw error;
  }
};
