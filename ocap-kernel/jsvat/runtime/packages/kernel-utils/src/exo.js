// Exo shorthands: a remotable made with `@endo/exo` whose interface guard
// lets every method through as long as its arguments and result are
// passable ("defaultGuards: 'passable'"), so a vat author does not have to
// write a method guard per method.
//
// InterfaceGuard in the JSDoc below is the @endo/patterns type.

import { makeExo } from '@endo/exo';
import { M } from '@endo/patterns';

/**
 * Make a named `@endo/patterns` InterfaceGuard that lists no methods and
 * lets any method through with passable arguments and a passable result.
 *
 * @param {string} name - The interface name.
 * @returns {InterfaceGuard} The interface guard.
 */
export const makeDefaultInterface = (name) =>
  M.interface(name, {}, { defaultGuards: 'passable' });

/**
 * Make an `@endo/exo` remotable whose methods are guarded only for
 * passability.
 *
 * @template {Record<PropertyKey, CallableFunction>} T
 * @param {string} name - The exo's name (its interface name, shown as
 * `Alleged: <name>`).
 * @param {T} methods - The methods of the exo.
 * @param {InterfaceGuard} [interfaceGuard] - The
 * guard to use instead of {@link makeDefaultInterface}(name).
 * @returns {T} The exo.
 */
export const makeDefaultExo = (
  name,
  methods,
  interfaceGuard = makeDefaultInterface(name),
) => makeExo(name, interfaceGuard, methods);
