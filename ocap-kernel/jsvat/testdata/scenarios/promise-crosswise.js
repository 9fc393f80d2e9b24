// Bob and Carol each make a promise; Alice then has each resolve theirs to
// an array holding the other's. Both come back to Alice as promises.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { isPromise, makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  let mine;

  return makeDefaultExo('root', {
    async bootstrap({ bob, carol }) {
      tlog(`running test ${test}`);
      const fromBobP = E(bob).genPromise();
      const fromCarolP = E(carol).genPromise();
      await E(bob).resolve(harden([fromCarolP]));
      await E(carol).resolve(harden([fromBobP]));
      const [insideBob] = await fromBobP;
      const [insideCarol] = await fromCarolP;
      tlog(`isPromise(resolutionX[0]): ${isPromise(insideBob)}`);
      tlog(`isPromise(resolutionY[0]): ${isPromise(insideCarol)}`);
      await E(bob).loopback();
      return 'done';
    },

    loopback() {
      return undefined;
    },

    genPromise() {
      tlog(`genPromise`);
      mine = makePromiseKit();
      return mine.promise;
    },
    resolve(value) {
      tlog(`resolve`);
      mine.resolve(value);
    },
  });
}
