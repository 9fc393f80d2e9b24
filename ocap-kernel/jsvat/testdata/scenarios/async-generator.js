// The consumer iterates, with for await, an async generator that lives in
// the producer vat.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { iterateRemote, makeRemoteGenerator } from './lib/iterables.js';
import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, { name }) {
  const tlog = makeTestLog(vatPowers, name);
  tlog(`${name} buildRootObject`);

  async function* count(stop) {
    for (let i = 0; i < stop; i += 1) {
      tlog(`${name} generating ${i}`);
      yield i;
    }
  }

  return makeDefaultExo('root', {
    async bootstrap({ consumer, producer }) {
      tlog(`${name} is bootstrap`);
      await E(consumer).iterate(producer);
    },
    generate(stop) {
      return makeRemoteGenerator(count(stop));
    },
    async iterate(producer) {
      const remote = await E(producer).generate(5);
      for await (const value of iterateRemote(remote)) {
        tlog(`${name} iterating ${value}`);
      }
    },
  });
}
