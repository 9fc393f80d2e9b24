import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * A counter whose count lives in baggage, so it survives restarts of the
 * vat and of the kernel.
 *
 * @param {object} _vatPowers - Unused.
 * @param {object} _parameters - Unused.
 * @param {object} baggage - The vat's durable store.
 * @returns {object} The root object.
 */
export function buildRootObject(_vatPowers, _parameters, baggage) {
  if (!baggage.has('count')) {
    baggage.init('count', 0);
  }
  return makeDefaultExo('counter', {
    bootstrap() {
      return baggage.get('count');
    },
    inc(by = 1) {
      const count = baggage.get('count') + by;
      baggage.set('count', count);
      return count;
    },
    get() {
      return baggage.get('count');
    },
  });
}
