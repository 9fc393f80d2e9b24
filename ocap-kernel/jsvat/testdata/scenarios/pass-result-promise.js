// As pass-result, but Bob answers his first message with a promise of his
// own, which he resolves only while handling the second message, whose
// argument is the first message's result.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { outcome } from './lib/outcome.js';
import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  let firstAnswer;

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
      firstAnswer = makePromiseKit();
      return firstAnswer.promise;
    },
    async second(firstP) {
      tlog(`second`);
      firstAnswer.resolve(`Bob answers first in second`);
      const first = await firstP;
      tlog(`parameter to second resolved to ${String(first)}`);
      return `Bob's second answer`;
    },
  });
}
