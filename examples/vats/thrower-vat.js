import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Fails on purpose: buildRootObject throws when parameters.failBuild is
 * set, throwError() throws and rejectError() rejects.
 *
 * @param {object} _vatPowers - Unused.
 * @param {object} parameters - `failBuild` makes the vat fail to start.
 * @returns {object} The root object.
 */
export function buildRootObject(_vatPowers, parameters) {
  if (parameters?.failBuild) {
    throw Error(`buildRootObject failed on purpose: ${parameters.failBuild}`);
  }
  return makeDefaultExo('thrower', {
    bootstrap() {
      return 'ready';
    },
    throwError(message) {
      throw TypeError(message);
    },
    async rejectError(message) {
      await null;
      throw RangeError(message);
    },
  });
}
