// Bob's second promise is resolved to the result promise of his first
// method, which answered 'hello': Alice sees 'hello' through the two
// levels of indirection.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  let later;

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const helloP = E(bob).genPromise1();
      const laterP = E(bob).genPromise2();
      await E(bob).resolve(harden([helloP]));
      tlog(`resolution == ${await laterP}`);
      await E(bob).loopback();
      return 'done';
    },

    loopback() {
      return undefined;
    },

    genPromise1() {
      tlog(`genPromise1`);
      return 'hello';
    },
    genPromise2() {
      tlog(`genPromise2`);
      later = makePromiseKit();
      return later.promise;
    },
    resolve([target]) {
      tlog(`resolve`);
      later.resolve(target);
    },
  });
}
