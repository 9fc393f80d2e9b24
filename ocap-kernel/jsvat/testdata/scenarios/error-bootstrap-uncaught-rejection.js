// bootstrap leaves a rejected promise unhandled and returns normally.
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

console.log('bootstrap uncaught rejection');

export function buildRootObject() {
  console.log('buildRootObject');
  return makeDefaultExo('root', {
    bootstrap() {
      console.log('bootstrap');
      makePromiseKit().reject('from bootstrap');
    },
  });
}
