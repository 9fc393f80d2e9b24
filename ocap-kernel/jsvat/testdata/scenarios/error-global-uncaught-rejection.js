// A promise is rejected, and nobody handles it, at the bundle's top level.
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

console.log('global uncaught rejection');

makePromiseKit().reject('from global scope');

export function buildRootObject() {
  return makeDefaultExo('root', { bootstrap: () => console.log('bootstrap') });
}
