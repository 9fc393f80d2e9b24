// Alice sends to the result of her first message (pipelining), passing
// that same result promise as the argument; Bob's first answer is an
// object of his, which then receives the pipelined message.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { outcome } from './lib/outcome.js';
import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  const thing = makeDefaultExo('thing', {
    second() {
      tlog(`thing.second`);
      return `Bob's second answer`;
    },
  });

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const thingP = E(bob).first();
      const secondP = E(thingP).second(thingP);
      const doneP = Promise.all([
        outcome(tlog, 'first result', 'p1', thingP),
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
      return thing;
    },
  });
}
