import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Promise pipelining. One source plays two roles: a maker that hands out
 * counters, and a bootstrap vat that sends to counters before they exist.
 * E(E(maker).makeCounter(start)).inc() reaches the kernel before the maker
 * has answered; the kernel delivers it once the promise resolves.
 *
 * @param {object} _vatPowers - Unused.
 * @param {object} parameters - `peer` names the maker vat (default "bob").
 * @returns {object} The root object.
 */
export function buildRootObject(_vatPowers, parameters) {
  const peer = parameters?.peer ?? 'bob';
  let maker;
  const makeCounter = (start = 0) => {
    let count = start;
    return makeDefaultExo('counter', {
      inc() {
        count += 1;
        return count;
      },
    });
  };
  // held is settled by release(): sends to it wait in the kernel.
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  return makeDefaultExo('pipeliner', {
    bootstrap(vats) {
      maker = vats[peer];
    },
    makeCounter,
    hold() {
      return held;
    },
    release(start) {
      release(makeCounter(start));
      return true;
    },
    // run pipelines two sends to a counter that does not exist yet.
    async run(start = 10) {
      const counter = E(maker).makeCounter(start);
      const first = E(counter).inc();
      const second = E(counter).inc();
      return [await first, await second];
    },
    // runHeld sends to a promise that the maker resolves only later.
    async runHeld(start = 5) {
      const counter = E(maker).hold();
      const result = E(counter).inc();
      await E(maker).release(start);
      return result;
    },
  });
}
