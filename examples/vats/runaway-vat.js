import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Never returns from spin(): the kernel interrupts the delivery at its
 * deadline and terminates the vat.
 *
 * @returns {object} The root object.
 */
export function buildRootObject() {
  return makeDefaultExo('runaway', {
    bootstrap() {
      return undefined;
    },
    ping() {
      return 'pong';
    },
    spin() {
      // eslint-disable-next-line no-constant-condition
      while (true) {
        // burn
      }
    },
  });
}
