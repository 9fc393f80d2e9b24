// buildRootObject leaves a rejected promise unhandled.
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

console.log('build uncaught rejection');

export function buildRootObject() {
  console.log('buildRootObject');
  makePromiseKit().reject('from buildRootObject');
  return makeDefaultExo('root', { bootstrap: () => console.log('bootstrap') });
}
