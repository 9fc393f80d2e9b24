// Hands out promises it settles only when told to. Its resolvers live in
// memory only: a new incarnation cannot settle them any more.
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject() {
  const kits = new Map();
  const kitFor = (label) => {
    if (!kits.has(label)) {
      kits.set(label, makePromiseKit());
    }
    return kits.get(label);
  };
  return makeDefaultExo('decider', {
    promiseFor(label) {
      return kitFor(label).promise;
    },
    fulfil(label, value) {
      kitFor(label).resolve(value);
      return true;
    },
    reject(label, why) {
      kitFor(label).reject(Error(why));
      return true;
    },
  });
}
