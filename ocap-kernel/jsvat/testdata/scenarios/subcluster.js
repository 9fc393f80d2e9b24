// A vat that only says which subcluster bootstrapped it.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject(_vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const subcluster = parameters.subcluster ?? 'default';
  return makeDefaultExo('root', {
    bootstrap() {
      console.log(`${name}: bootstrap() in ${subcluster}`);
      return 'bootstrap complete';
    },
  });
}
