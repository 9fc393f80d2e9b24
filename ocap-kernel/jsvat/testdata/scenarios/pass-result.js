// Alice passes the result promise of her first message to Bob as the
// argument of her second one; Bob answers the first at once.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { outcome } from './lib/outcome.js';
import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const firstP = E(bob).first();
      const secondP = E(bob).second(firstP);
      const doneP = Promise.all([
        outcome(tlog, 'first result', 'p1', firstP),
        outcome(tlog, 'second result', 'p2', secondP),
      ]);
      await E(bob).loopback();
      return doneP;
    },

    loopback() {
      return undefined;
    },

    first() {
      tlog(`first`);
      return `Bob's first answer`;
    },
    async second(firstP) {
      tlog(`second`);
      const first = await firstP;
      tlog(`parameter to second resolved to ${String(first)}`);
      return `Bob's second answer`;
    },
  });
}
