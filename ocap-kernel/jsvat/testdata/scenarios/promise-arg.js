// Alice hands Bob a promise as an argument and resolves it at one of
// three moments: before the send (promiseArg2), right after it
// (promiseArg1) or only once Bob has answered (promiseArg3). Bob reports
// what the promise became.
import { E } from '@endo/eventual-send';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

const moments = harden({
  promiseArg1: 'after-send',
  promiseArg2: 'before-send',
  promiseArg3: 'after-reply',
});

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const test = parameters.test ?? 'unspecified';
  const tlog = makeTestLog(vatPowers, name);

  return makeDefaultExo('root', {
    async bootstrap({ bob }) {
      tlog(`running test ${test}`);
      const moment = moments[test];
      if (moment === undefined) {
        throw Error(`unknown test ${test}`);
      }
      const gift = makePromiseKit();
      if (moment === 'before-send') {
        tlog(`resolving the promise that will be sent to Bob`);
        gift.resolve(`${name} said hi before send`);
      }
      tlog(`sending the promise to Bob`);
      const answerP = E(bob).hereIsAPromise(gift.promise);
      if (moment === 'after-send') {
        tlog(`resolving the promise that was sent to Bob`);
        gift.resolve(`${name} said hi after send`);
      }
      tlog(`awaiting Bob's response`);
      const outcomeP = answerP.then(
        ([bobOutcomeP, note]) => {
          tlog(`Bob's response to hereIsAPromise: '${note}'`);
          if (moment === 'after-reply') {
            tlog(`resolving the promise that was sent to Bob`);
            gift.resolve(`${name} said hi after Bob's reply`);
          }
          return bobOutcomeP;
        },
        (reason) => {
          tlog(`Bob's response to hereIsAPromise rejected as '${reason}'`);
          return 'bobFail';
        },
      );
      // A round trip to Bob, so that his log is complete when we answer.
      await E(bob).loopback();
      return outcomeP;
    },

    loopback() {
      return undefined;
    },

    hereIsAPromise(giftP) {
      const outcomeP = giftP.then(
        (value) => {
          tlog(`the promise parameter resolved to '${value}'`);
          return 'bobPSucc';
        },
        (reason) => {
          tlog(`the promise parameter rejected as '${reason}'`);
          return 'bobPFail';
        },
      );
      return harden([outcomeP, `${name}.hereIsAPromise done`]);
    },
  });
}
