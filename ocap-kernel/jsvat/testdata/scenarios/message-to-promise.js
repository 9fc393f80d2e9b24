// Alice sends a message to the result of Bob's setup() before Bob has
// decided it; Bob later resolves it to an object of his, which gets the
// queued message.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  const thing = makeDefaultExo('thing', {
    doSomething() {
      tlog(`thing.doSomething`);
      return `deferred something`;
    },
  });
  let deferred;

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const thingP = E(bob).setup();
      const doneP = E(thingP)
        .doSomething()
        .then(
          (value) => {
            tlog(`second result resolved to '${String(value)}'`);
            return 'p2succ';
          },
          (reason) => {
            tlog(`second result rejected with '${String(reason)}'`);
            return 'p2fail';
          },
        );
      await E(bob).doResolve();
      tlog(`invoking loopback`);
      await E(bob).loopback();
      tlog(`loopback done`);
      return doneP;
    },

    loopback() {
      tlog(`loopback`);
      return undefined;
    },

    setup() {
      tlog(`setup`);
      deferred = makePromiseKit();
      return deferred.promise;
    },
    doResolve() {
      tlog(`doResolve`);
      deferred.resolve(thing);
    },
  });
}
