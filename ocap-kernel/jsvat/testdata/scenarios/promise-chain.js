// Bob serves a chain of promises: each link resolves to [count, nextLink]
// when Bob is asked to generate the next one. Alice walks the chain until
// the count reaches the limit.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const limit = Number(parameters.limit ?? 3);
  const tlog = makeTestLog(vatPowers, name);

  // Alice's side: follow the links one by one.
  const walk = async (bob, firstLinkP) => {
    let linkP = firstLinkP;
    for (;;) {
      tlog(`waitFor start`);
      const [count, nextLinkP] = await linkP;
      if (count >= limit) {
        tlog(`finishing chain`);
        return 'end of chain';
      }
      tlog(`count ${count} < ${limit}, recurring...`);
      await E(bob).bobGen();
      linkP = nextLinkP;
    }
  };

  // Bob's side: the resolver of the link not yet decided, and the count.
  let pendingLink;
  let generated = 0;

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const firstLinkP = E(bob).bobInit();
      await E(bob).bobGen();
      const doneP = walk(bob, firstLinkP);
      await E(bob).loopback();
      return doneP;
    },

    loopback() {
      return undefined;
    },

    bobInit() {
      pendingLink = makePromiseKit();
      return pendingLink.promise;
    },

    bobGen() {
      const next = makePromiseKit();
      const link = harden([generated, next.promise]);
      generated += 1;
      tlog(`bobGen set value to ${generated}`);
      pendingLink.resolve(link);
      pendingLink = next;
    },
  });
}
