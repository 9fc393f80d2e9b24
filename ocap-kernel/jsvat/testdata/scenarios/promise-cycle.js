// Bob makes two promises and then resolves each to an array holding the
// other's result promise, in one crank (promiseCycle) or in two
// (promiseCycleMultiCrank). Alice checks that what she gets back is still
// a promise on both sides.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { isPromise, makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  const kits = [];

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const xP = E(bob).genPromise1();
      const yP = E(bob).genPromise2();
      switch (test) {
        case 'promiseCycle':
          await E(bob).resolveBoth(harden([xP]), harden([yP]));
          break;
        case 'promiseCycleMultiCrank':
          await E(bob).resolve1(harden([yP]));
          await E(bob).resolve2(harden([xP]));
          break;
        default:
          throw Error(`unknown test ${test}`);
      }
      const [insideX] = await xP;
      const [insideY] = await yP;
      tlog(`isPromise(resolutionX[0]): ${isPromise(insideX)}`);
      tlog(`isPromise(resolutionY[0]): ${isPromise(insideY)}`);
      await E(bob).loopback();
      return 'done';
    },

    loopback() {
      return undefined;
    },

    genPromise1() {
      tlog(`genPromise1`);
      kits[1] = makePromiseKit();
      return kits[1].promise;
    },
    genPromise2() {
      tlog(`genPromise2`);
      kits[2] = makePromiseKit();
      return kits[2].promise;
    },
    resolveBoth(forX, forY) {
      tlog(`resolveBoth`);
      kits[1].resolve(forY);
      kits[2].resolve(forX);
    },
    resolve1(value) {
      tlog(`resolve1`);
      kits[1].resolve(value);
    },
    resolve2(value) {
      tlog(`resolve2`);
      kits[2].resolve(value);
    },
  });
}
